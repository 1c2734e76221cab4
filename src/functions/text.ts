/**
 * Text functions of Spark 3.5: regexp_extract_all (every match's group `idx`, 1 by default),
 * regexp_substr (the first match, NULL for none), url_encode/url_decode (java.net.URLEncoder and
 * URLDecoder in UTF-8: a space is `+`) and parse_url (java.net.URI's parts; NULL for a string
 * that is not a URI or a part that is not there).
 */
import { Column, ColumnOrName, columnArg, toExpr } from "../expr/column";
import { IllegalArgumentException, SparkRuntimeException } from "../errors";
import { Resolved } from "../plan/resolved";
import { ArrayTypeClass, INTEGER, STRING } from "../types/data-types";
import { javaRegex } from "../values/regex";
import { ScalarFunctionDef, nullStrict } from "./definition";
import { fnSql, implicitCast, requireArgs } from "./typing";

const str = (r: Resolved): Resolved => implicitCast(r, STRING);
const literal = (value: unknown, sql: string): Resolved => ({ kind: "lit", value, dataType: INTEGER, nullable: false, sql });

/** Every match of `re` in `s` (zero-length ones too, each position once). */
function* matches(s: string, re: RegExp): Generator<RegExpExecArray> {
  const g = new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g");
  let m: RegExpExecArray | null;
  while ((m = g.exec(s)) !== null) {
    yield m;
    if (m[0].length === 0) g.lastIndex++;
  }
}

/** java.net.URLEncoder.encode(s, UTF-8). */
function urlEncode(s: string): string {
  let out = "";
  for (const b of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9.\-*_]/.test(c) ? c : c === " " ? "+" : "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** java.net.URLDecoder.decode(s, UTF-8); a malformed escape is Spark's CANNOT_DECODE_URL. */
function urlDecode(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "+") bytes.push(0x20);
    else if (c === "%") {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex))
        throw new IllegalArgumentException(`The provided URL cannot be decoded: ${s}. Please ensure that the URL is properly formatted and try again.`, "CANNOT_DECODE_URL");
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** RFC 3986's parts, as java.net.URI gives them raw; undefined for a string URI refuses. */
function parseUri(url: string): { scheme?: string; authority?: string; path: string; query?: string; fragment?: string } | undefined {
  if (/[\s"<>\\^`{|}]/.test(url)) return undefined;
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s.exec(url);
  if (!m) return undefined;
  return { scheme: m[1], authority: m[2], path: m[3], query: m[4], fragment: m[5] };
}

function urlPart(url: string, part: string, key: string | undefined): string | null {
  const u = parseUri(url);
  if (!u) return null;
  const userInfo = u.authority?.includes("@") ? u.authority.slice(0, u.authority.lastIndexOf("@")) : undefined;
  const hostPort = u.authority === undefined ? undefined : u.authority.slice(u.authority.lastIndexOf("@") + 1);
  const host = hostPort?.replace(/:\d*$/, "");
  const value = ({
    HOST: host || undefined,
    PATH: u.path,
    QUERY: u.query,
    REF: u.fragment,
    PROTOCOL: u.scheme,
    FILE: u.query === undefined ? u.path : `${u.path}?${u.query}`,
    AUTHORITY: u.authority,
    USERINFO: userInfo,
  } as Record<string, string | undefined>)[part];
  if (value === undefined) return null;
  if (key === undefined || part !== "QUERY") return value;
  const m = new RegExp(`(&|^)${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}=([^&]*)`).exec(value);
  return m ? m[2] : null;
}

const stringFunction = <Name extends string>(name: Name, f: (s: string) => string): ScalarFunctionDef<Name> => ({
  name,
  type(args, called) {
    requireArgs(called, args, 1);
    return { kind: "fn", op: name, args: [str(args[0])], dataType: STRING, nullable: true, sql: fnSql(called, args) };
  },
  eval: (_call, args) => nullStrict(args, f),
});

export const TEXT_FUNCTIONS = [
  {
    name: "regexp_extract_all",
    type(args, called) {
      requireArgs(called, args, 2, 3);
      const shown = args.length === 3 ? args : [...args, literal(1, "1")];
      const typed = [str(shown[0]), str(shown[1]), implicitCast(shown[2], INTEGER)];
      return { kind: "fn", op: "regexp_extract_all", args: typed, dataType: new ArrayTypeClass(STRING, true), nullable: typed.some((a) => a.nullable), sql: fnSql(called, shown) };
    },
    eval: (_call, args) => nullStrict(args, (s: string, p: string, idx: number) => {
      const re = javaRegex(p);
      const groups = new RegExp(`${re.source}|`, re.flags).exec("")!.length - 1;
      if (idx < 0 || idx > groups)
        throw new SparkRuntimeException(`The value of parameter(s) \`idx\` in \`regexp_extract_all\` is invalid: Expects group index between 0 and ${groups}, but got ${idx}.`, "INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX");
      return [...matches(s, re)].map((m) => m[idx] ?? "");
    }),
  },
  {
    name: "regexp_substr",
    type(args, called) {
      requireArgs(called, args, 2);
      return { kind: "fn", op: "regexp_substr", args: args.map(str), dataType: STRING, nullable: true, sql: fnSql(called, args) };
    },
    eval: (_call, args) => nullStrict(args, (s: string, p: string) => {
      const m = javaRegex(p).exec(s);
      return m && m[0] !== "" ? m[0] : null;
    }),
  },
  stringFunction("url_encode", urlEncode),
  stringFunction("url_decode", urlDecode),
  {
    name: "parse_url",
    type(args, called) {
      requireArgs(called, args, 2, 3);
      return { kind: "fn", op: "parse_url", args: args.map(str), dataType: STRING, nullable: true, sql: fnSql(called, args) };
    },
    eval: (_call, [url, part, key]) => (row) => {
      const u = url(row), p = part(row), k = key ? key(row) : undefined;
      if (u === null || p === null || k === null) return null;
      return urlPart(u as string, p as string, k as string | undefined);
    },
  },
] as const satisfies readonly ScalarFunctionDef[];

const call = (name: string, ...args: Column["expr"][]): Column => new Column({ kind: "call", name, args });

// The PySpark builders (pyspark.sql.functions).
export const regexp_extract_all = (str: ColumnOrName, regexp: ColumnOrName, idx?: number | Column): Column =>
  idx === undefined ? call("regexp_extract_all", columnArg(str), columnArg(regexp)) : call("regexp_extract_all", columnArg(str), columnArg(regexp), toExpr(idx));
export const regexp_substr = (str: ColumnOrName, regexp: ColumnOrName): Column => call("regexp_substr", columnArg(str), columnArg(regexp));
export const url_encode = (str: ColumnOrName): Column => call("url_encode", columnArg(str));
export const url_decode = (str: ColumnOrName): Column => call("url_decode", columnArg(str));
export const parse_url = (url: ColumnOrName, partToExtract: ColumnOrName, key?: ColumnOrName): Column =>
  key === undefined ? call("parse_url", columnArg(url), columnArg(partToExtract)) : call("parse_url", columnArg(url), columnArg(partToExtract), columnArg(key));
