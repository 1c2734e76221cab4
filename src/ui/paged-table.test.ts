import { strict as assert } from "node:assert";
import { test } from "node:test";
import { pageSlice, pagedTable, TableParameterError, tableParams } from "./paged-table";

const q = (s: string) => new URLSearchParams(s);

test("tableParams: Spark's defaults — Start Time descending, other columns ascending, 100 a page", () => {
  assert.deepEqual(tableParams(q(""), "completed", "Start Time"), { sortColumn: "Start Time", desc: true, pageSize: 100, page: 1 });
  assert.deepEqual(tableParams(q("completed.sort=Name"), "completed", "Start Time"), { sortColumn: "Name", desc: false, pageSize: 100, page: 1 });
  assert.deepEqual(tableParams(q("completed.sort=Start+Time&completed.desc=false&completed.pageSize=10&completed.page=3&active.page=2"), "completed", "Start Time"),
    { sortColumn: "Start Time", desc: false, pageSize: 10, page: 3 });
  assert.throws(() => tableParams(q("completed.page=two"), "completed", "Start Time"), (e: TableParameterError) => e.className === "java.lang.NumberFormatException" && e.message === 'For input string: "two"');
  assert.throws(() => tableParams(q("completed.desc=yes"), "completed", "Start Time"), /For input string: "yes"/);
});

test("pageSlice: pages clamp to [1, pages]; a page size ≤ 0 shows everything", () => {
  const rows = Array.from({ length: 25 }, (_, i) => i);
  assert.deepEqual(pageSlice(rows, 10, 1), { totalPages: 3, page: 1, pageSize: 10, rows: rows.slice(0, 10) });
  assert.deepEqual(pageSlice(rows, 10, 3).rows, rows.slice(20));
  assert.equal(pageSlice(rows, 10, 99).page, 3);
  assert.equal(pageSlice(rows, 10, -1).page, 1);
  assert.deepEqual(pageSlice(rows, 0, 1), { totalPages: 1, page: 1, pageSize: 25, rows });
});

test("pagedTable: header links sort and keep the other table's parameters; an unknown column is Spark's error", () => {
  const spec = (query: string) => ({
    tag: "completed", path: "/StreamingQuery/", query: q(query), params: tableParams(q(query), "completed", "Start Time"),
    headers: [["Name", true], ["Start Time", true], ["Error", false]] as Array<[string, boolean]>,
    rows: Array.from({ length: 12 }, (_, i) => i), row: (i: number) => `<tr><td>${i}</td></tr>`, tableClass: "table",
  });
  const html = pagedTable(spec("active.sort=Name&completed.pageSize=5"));
  assert.match(html, /<a href="\/StreamingQuery\/\?active\.sort=Name&amp;completed\.sort=Start\+Time&amp;completed\.desc=false&amp;completed\.pageSize=5#completed"><span title="">Start Time&nbsp;&#x25BE;<\/span><\/a>/);
  assert.match(html, /<a href="\/StreamingQuery\/\?active\.sort=Name&amp;completed\.sort=Name&amp;completed\.pageSize=5#completed">/);
  assert.match(html, /<th><span title="">Error<\/span><\/th>/);
  assert.match(html, /<label>3 Pages\. Jump to<\/label>/);
  assert.match(html, /href="\/StreamingQuery\/\?active\.sort=Name&amp;completed\.page=2&amp;completed\.sort=Start\+Time&amp;completed\.desc=true&amp;completed\.pageSize=5#completed" class="page-link">2</);
  assert.equal((html.match(/<tr><td>/g) ?? []).length, 5);
  assert.throws(() => pagedTable(spec("completed.sort=Error")), /Unknown column: Error/);
});
