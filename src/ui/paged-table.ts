/**
 * Spark UI's PagedTable (core/ui/PagedTable.scala) for one table of a page, named by its tag:
 * the parameters `<tag>.page`, `<tag>.sort`, `<tag>.desc`, `<tag>.pageSize` (100 by default; ≤ 0:
 * everything on one page), the sort column's default (descending when it is the default column,
 * ascending otherwise), the page clamped to [1, pages], the navigation above and below the table
 * (groups of 10 page numbers, «<< < 1 2 … > >>», the "Jump to" form) and the header row whose
 * links sort. Links keep the other tables' parameters, as Spark's do.
 */
import { escapeHtml as h } from "./format";

export interface PagedTableParams {
  sortColumn: string;
  desc: boolean;
  pageSize: number;
  page: number;
}

/** Spark's errors while rendering a table (shown in the page, never thrown at the server). */
export class TableParameterError extends Error {
  constructor(readonly className: string, message: string) {
    super(message);
  }
}

function toInt(text: string): number {
  if (!/^[+-]?\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) throw new TableParameterError("java.lang.NumberFormatException", `For input string: "${text}"`);
  return Number(text);
}

function toBoolean(text: string): boolean {
  if (/^true$/i.test(text)) return true;
  if (/^false$/i.test(text)) return false;
  throw new TableParameterError("java.lang.IllegalArgumentException", `For input string: "${text}"`);
}

/** getTableParameters and the page number, as StreamingQueryPage reads them. */
export function tableParams(query: URLSearchParams, tag: string, defaultSort: string): PagedTableParams {
  const sortColumn = query.get(`${tag}.sort`) ?? defaultSort;
  const descText = query.get(`${tag}.desc`);
  const sizeText = query.get(`${tag}.pageSize`);
  const pageText = query.get(`${tag}.page`);
  return {
    sortColumn,
    desc: descText === null ? sortColumn === defaultSort : toBoolean(descText),
    pageSize: sizeText === null ? 100 : toInt(sizeText),
    page: pageText === null ? 1 : toInt(pageText),
  };
}

/** Java's URLEncoder.encode (spaces as `+`). */
function urlEncode(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, "+").replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface PagedTableSpec<T> {
  tag: string;
  /** Where the links point: the page's path, e.g. `/StreamingQuery/`. */
  path: string;
  /** The request's parameters (the other tables' are kept in every link). */
  query: URLSearchParams;
  params: PagedTableParams;
  /** Header and whether it sorts. */
  headers: Array<[string, boolean]>;
  /** The rows, already sorted. */
  rows: T[];
  row: (t: T) => string;
  tableClass: string;
}

export interface PageSlice<T> {
  totalPages: number;
  page: number;
  pageSize: number;
  rows: T[];
}

/** PagedDataSource.pageData and the page PagedTable shows. */
export function pageSlice<T>(rows: T[], pageSize: number, page: number): PageSlice<T> {
  const size = pageSize <= 0 ? rows.length : pageSize;
  const totalPages = size === 0 ? 0 : Math.ceil(rows.length / size);
  const shown = page <= 0 ? 1 : page > totalPages ? totalPages : page;
  const from = Math.max(0, (shown - 1) * size);
  return { totalPages, page: shown, pageSize: pageSize <= 0 ? Math.min(size, rows.length) : pageSize, rows: rows.slice(from, Math.min(rows.length, shown * size)) };
}

export function pagedTable<T>(spec: PagedTableSpec<T>): string {
  const { tag, params } = spec;
  if (!spec.headers.some(([name, sortable]) => sortable && name === params.sortColumn)) {
    throw new TableParameterError("java.lang.IllegalArgumentException", `Unknown column: ${params.sortColumn}`);
  }
  const other = [...spec.query.entries()].filter(([k]) => !k.startsWith(tag) && k !== "fragment").map(([k, v]) => `${k}=${v}`).join("&");
  const base = `${spec.path}?${other}`;
  const sort = urlEncode(params.sortColumn);
  const slice = pageSlice(spec.rows, params.pageSize, params.page);
  const pageLink = (p: number) => `${base}&${tag}.page=${p}&${tag}.sort=${sort}&${tag}.desc=${params.desc}&${tag}.pageSize=${slice.pageSize}#${tag}`;
  const formPath = `${base}&${tag}.sort=${sort}&${tag}.desc=${params.desc}#${tag}`;
  const head = spec.headers.map(([name, sortable]) => {
    if (name === params.sortColumn) {
      const link = `${base}&${tag}.sort=${urlEncode(name)}&${tag}.desc=${!params.desc}&${tag}.pageSize=${slice.pageSize}#${tag}`;
      return `<th><a href="${h(link)}"><span title="">${h(name)}&nbsp;${params.desc ? "&#x25BE;" : "&#x25B4;"}</span></a></th>`;
    }
    if (sortable) return `<th><a href="${h(`${base}&${tag}.sort=${urlEncode(name)}&${tag}.pageSize=${slice.pageSize}#${tag}`)}"><span title="">${h(name)}</span></a></th>`;
    return `<th><span title="">${h(name)}</span></th>`;
  }).join("");
  const nav = (id: string) => navigation(spec, slice, formPath, pageLink, id);
  return `<div>${nav(`${tag}-table-top`)}
<table class="${spec.tableClass}" id="${tag}-table"><thead><tr>${head}</tr></thead>
<tbody>${slice.rows.map(spec.row).join("\n")}</tbody></table>
${nav(`${tag}-table-bottom`)}</div>`;
}

function navigation<T>(spec: PagedTableSpec<T>, slice: PageSlice<T>, formPath: string, pageLink: (p: number) => string, id: string): string {
  const { page, totalPages } = slice;
  const groupSize = 10;
  const lastGroup = Math.floor((totalPages - 1) / groupSize);
  const currentGroup = Math.floor((page - 1) / groupSize);
  const startPage = currentGroup * groupSize + 1;
  const endPage = Math.min(totalPages, startPage + groupSize - 1);
  const item = (p: number, label: string, aria?: string) =>
    `<li class="page-item"><a href="${h(pageLink(p))}" class="page-link"${aria ? ` aria-label="${aria}"` : ""}>${label}</a></li>`;
  const items: string[] = [];
  if (currentGroup > 0) items.push(item(startPage - groupSize, "&lt;&lt;", "Previous Group"));
  if (page > 1) items.push(item(page - 1, "&lt;", "Previous"));
  for (let p = startPage; p <= endPage; p++) {
    items.push(p === page ? `<li class="page-item disabled"><a href="#" class="page-link">${p}</a></li>` : item(p, String(p)));
  }
  if (page < totalPages) items.push(item(page + 1, "&gt;", "Next"));
  if (currentGroup < lastGroup) items.push(item(startPage + groupSize, "&gt;&gt;", "Next Group"));
  const hidden = formPath.split("?", 2)[1]?.split("#")[0].split("&").filter(Boolean)
    .map((kv) => kv.split("=")).filter(([k]) => k !== `${spec.tag}.pageSize` && k !== `${spec.tag}.page`)
    .map(([k, v]) => `<input type="hidden" name="${h(k)}" value="${h(decodeURIComponent((v ?? "").replace(/\+/g, " ")))}">`).join("") ?? "";
  return `<div class="page-navigation"><form id="form-${id}-page" method="get" action="${h(formPath)}" class="page-form">${hidden}
<label>${totalPages} Pages. Jump to</label> <input type="text" name="${spec.tag}.page" id="form-${id}-page-no" value="${page}" class="page-no">
<label>. Show </label> <input type="text" id="form-${id}-page-size" name="${spec.tag}.pageSize" value="${slice.pageSize}" class="page-size">
<label>items in a page.</label> <button type="submit">Go</button></form>
<div><span class="page-label">Page: </span><ul class="pagination">${items.join("")}</ul></div></div>`;
}

/** What Spark shows in place of a table it cannot render. */
export function tableError(e: TableParameterError): string {
  return `<div class="alert alert-error"><p>Error while rendering execution table:</p><pre>${h(`${e.className}: ${e.message}`)}</pre></div>`;
}
