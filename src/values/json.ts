/**
 * from_json and to_json with Spark's semantics (JacksonParser with Spark's default JSON options):
 * the first JSON value of the text is read (trailing text is ignored), single-quoted strings and
 * NaN/Infinity are accepted; PERMISSIVE gives a struct whose unparseable fields are null (all
 * null for malformed input, null for empty input), FAILFAST throws with the partial row.
 * Matching of keys is exact and case-sensitive; extra keys are ignored; the last duplicate wins.
 */
import { AnalysisException, SparkException } from "../errors";
import { ArrayTypeClass, DataType, MapTypeClass, StructTypeClass } from "../types/data-types";
import { DecimalTypeClass, toDecimal } from "../types/decimal-type";
import { formatDouble, formatFloat, longValue, valueToString } from "./values";
import { parseTimestamp, parseDate, formatTimestamp, formatDate, parseWithPattern } from "./timestamps";

const FAIL = Symbol("fail");
type Conv = (v: unknown) => unknown;

/**
 * A JSON number written with a fraction or an exponent (`1.5`, `1e2`): integral types reject it
 * even when its value is whole. Integer literals are numbers (bigints beyond 2^53).
 */
export class JsonFloat {
  constructor(readonly value: number) {}
}

/** A parsed JSON object: keys in order, the last duplicate winning. */
type JsonObject = Map<string, unknown>;

/** The text Jackson writes for a value it copies into a string field (`{"a":1}`, `5.5`). */
function jacksonText(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof JsonFloat) return formatDouble(v.value);
  if (v instanceof Map) return `{${[...v.entries()].map(([k, x]) => `${JSON.stringify(k)}:${jacksonText(x)}`).join(",")}}`;
  if (Array.isArray(v)) return `[${v.map(jacksonText).join(",")}]`;
  return String(v);
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  byte: [-128n, 127n],
  short: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  long: [-9223372036854775808n, 9223372036854775807n],
};

/** Converts a parsed JSON value to the engine's value for `t`; FAIL when it cannot. */
function converter(t: DataType, options: Record<string, string>): Conv {
  switch (t.typeName) {
    case "string":
      return (v) => (typeof v === "string" ? v : jacksonText(v));
    case "integer": case "long": case "short": case "byte": {
      const [min, max] = INT_RANGES[t.typeName];
      const nMin = Number(min), nMax = Number(max);
      return (v) => {
        if (typeof v === "number") return Number.isSafeInteger(v) ? (v >= nMin && v <= nMax ? (v === 0 ? 0 : v) : FAIL) : FAIL;
        if (typeof v === "bigint") return v >= min && v <= max ? longValue(v) : FAIL;
        return FAIL;
      };
    }
    case "double": case "float":
      return (v) => {
        let d: number | undefined;
        if (typeof v === "number") d = v;
        else if (typeof v === "bigint") d = Number(v);
        else if (v instanceof JsonFloat) d = v.value;
        else if (typeof v === "string") {
          if (v === "NaN") d = NaN;
          else if (/^(\+?Infinity|\+?INF)$/.test(v)) d = Infinity;
          else if (/^(-Infinity|-INF)$/.test(v)) d = -Infinity;
        }
        if (d === undefined) return FAIL;
        return t.typeName === "float" ? Math.fround(d) : d;
      };
    case "boolean":
      return (v) => (typeof v === "boolean" ? v : FAIL);
    case "timestamp": {
      const fmt = options.timestampFormat ?? options.timestampformat;
      return (v) => {
        if (typeof v === "string") { const ts = fmt ? parseWithPattern(v, fmt) : parseTimestamp(v); return ts === null ? FAIL : ts; }
        if (typeof v === "number" && Number.isSafeInteger(v)) return v * 1e6;
        return FAIL;
      };
    }
    case "date":
      return (v) => { if (typeof v === "string") { const d = parseDate(v); return d === null ? FAIL : d; } return FAIL; };
    case "binary":
      return (v) => (typeof v === "string" ? Buffer.from(v, "base64") : FAIL);
  }
  if (t instanceof DecimalTypeClass) {
    // JacksonParser: a JSON number or a numeric string, rounded HALF_UP to the scale; one that does not fit the precision fails.
    return (v) => {
      const n = typeof v === "number" || typeof v === "bigint" ? Number(v) : v instanceof JsonFloat ? v.value : typeof v === "string" && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v) ? Number(v) : undefined;
      if (n === undefined) return FAIL;
      const d = toDecimal(n, t);
      return d === null ? FAIL : d;
    };
  }
  if (t instanceof StructTypeClass) {
    const conv = structConverter(t, options);
    return (v) => (v instanceof Map ? conv(v) : FAIL);
  }
  if (t instanceof ArrayTypeClass) {
    const el = converter(t.elementType, options);
    return (v) => {
      if (!Array.isArray(v)) return FAIL;
      const out = new Array(v.length);
      for (let i = 0; i < v.length; i++) {
        if (v[i] === null) { out[i] = null; continue; }
        const x = el(v[i]);
        out[i] = x === FAIL ? null : x; // partial results inside arrays (3.4+)
      }
      return out;
    };
  }
  if (t instanceof MapTypeClass) {
    const val = converter(t.valueType, options);
    return (v) => {
      if (!(v instanceof Map)) return FAIL;
      const m = new Map<unknown, unknown>();
      // A value that does not convert fails the whole map.
      for (const [k, x] of v) { const c = x === null ? null : val(x); if (c === FAIL) return FAIL; m.set(k, c); }
      return m;
    };
  }
  return () => FAIL;
}

/** Object → struct values; a field that fails to convert becomes null (partial results). */
function structConverter(t: StructTypeClass, options: Record<string, string>): (o: JsonObject) => unknown[] {
  const names = t.fields.map((f) => f.name);
  const convs = t.fields.map((f) => converter(f.dataType, options));
  const n = names.length;
  return (o) => {
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = o.get(names[i]);
      if (v === undefined || v === null) { out[i] = null; continue; }
      const c = convs[i](v);
      out[i] = c === FAIL ? null : c;
    }
    return out;
  };
}

/**
 * Returns the from_json evaluator for `schema` (a struct). PERMISSIVE: malformed → all-null
 * struct, null input → null. FAILFAST: throws SparkException with the partial row.
 *
 * `asExpression` is from_json's reading (empty text → null, a top-level array is malformed);
 * without it, the JSON file sources' (a top-level array of objects gives its first record).
 */
export function jsonParser(
  schema: DataType, options: Record<string, string>, requiredFields?: number[], asExpression = false,
): (text: string | null) => unknown {
  const mode = String(options.mode ?? "PERMISSIVE").toUpperCase();
  if (asExpression && mode !== "PERMISSIVE" && mode !== "FAILFAST")
    throw new AnalysisException(`from_json() doesn't support the ${mode} mode. Acceptable modes are PERMISSIVE and FAILFAST.`);
  const failFast = mode === "FAILFAST";
  const unquoted = String(options.allowUnquotedFieldNames ?? "false").toLowerCase() === "true";
  if (!(schema instanceof StructTypeClass)) {
    const conv = converter(schema, options);
    return (text) => {
      if (text === null) return null;
      const r = readJson(text, unquoted);
      if (!r.ok) return null;
      const c = conv(r.value);
      return c === FAIL ? null : c;
    };
  }
  const n = schema.fields.length;
  const names = schema.fields.map((f) => f.name);
  const types = schema.fields.map((f) => f.dataType);
  const convs = schema.fields.map((f) => converter(f.dataType, options));
  // Fields nobody reads are left null (pruned by the optimizer), saving their conversion.
  const wanted = requiredFields ?? names.map((_, i) => i);
  const allNull = (): unknown[] => new Array(n).fill(null);
  // Spark's message shows the partially parsed row; its cause (BadRecordException) names the
  // record itself, which is what a learner needs to find it — so we keep both.
  const fail = (partial: unknown[], text?: string): never => {
    const row = partial.map((v, i) => (v === null || v === undefined ? "null" : valueToString(v, types[i]))).join(",");
    const record = text === undefined ? "" : `\nCaused by: BadRecordException: the record ${JSON.stringify(text.length > 200 ? text.slice(0, 200) + "..." : text)} does not parse as ${schema.simpleString()}`;
    throw new SparkException(
      `Malformed records are detected in record parsing: [${row}].\nParse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. ${record}`,
      "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
    );
  };
  const fieldIndex = new Map<string, number>();
  const wantedSet = new Set(wanted);
  names.forEach((name, i) => { if (wantedSet.has(i)) fieldIndex.set(name, i); });
  const raw = new Array(n);
  const convertFields = (get: (i: number) => unknown, text: string): unknown[] => {
    const out = new Array(n).fill(null);
    let failed = false;
    for (let w = 0; w < wanted.length; w++) {
      const i = wanted[w];
      const v = get(i);
      if (v === undefined || v === null) continue;
      const c = convs[i](v);
      if (c === FAIL) failed = true;
      else out[i] = c;
    }
    if (failed && failFast) fail(out, text);
    return out;
  };
  return (text) => {
    if (text === null) return null;
    // Fast path: a flat object scanned in place, only wanted fields materialised.
    if (scanFlatObject(text, fieldIndex, raw)) {
      const out = convertFields((i) => raw[i], text);
      for (let w = 0; w < wanted.length; w++) raw[wanted[w]] = undefined;
      return out;
    }
    for (let w = 0; w < wanted.length; w++) raw[wanted[w]] = undefined;
    if (asExpression && text.trim() === "") return null;
    const r = readJson(text, unquoted);
    if (!r.ok) {
      if (failFast) fail(allNull(), text);
      return allNull();
    }
    let o = r.value;
    if (!(o instanceof Map)) {
      // A top-level array of objects is a JSON source's "multiple records" (the first is kept
      // here); for from_json, and for anything else, the record is malformed.
      if (!asExpression && Array.isArray(o) && o.length > 0 && o[0] instanceof Map) o = o[0];
      else {
        if (failFast) fail(allNull(), text);
        return allNull();
      }
    }
    const obj = o as JsonObject;
    return convertFields((i) => obj.get(names[i]), text);
  };
}

// --- a lenient JSON reader ---------------------------------------------------------------------

type ReadResult = { ok: true; value: unknown } | { ok: false };

class Malformed extends Error {}

/**
 * Reads the first JSON value of `text` as Jackson does with Spark's JSON options: single quotes
 * allowed, NaN/Infinity allowed, text after the first value ignored.
 */
export function readJson(text: string, allowUnquotedFieldNames = false): ReadResult {
  const r = new JsonReader(text, allowUnquotedFieldNames);
  try {
    r.ws();
    if (r.i >= text.length) return { ok: false };
    return { ok: true, value: r.value(0) };
  } catch (e) {
    if (e instanceof Malformed) return { ok: false };
    throw e;
  }
}

class JsonReader {
  i = 0;
  constructor(private readonly s: string, private readonly unquotedNames = false) {}

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else break;
    }
  }

  private bad(): never {
    throw new Malformed();
  }

  value(depth: number): unknown {
    if (depth > 1000) this.bad();
    this.ws();
    const s = this.s;
    const c = s[this.i];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"' || c === "'") return this.string(c);
    if (c === undefined) this.bad();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|NaN|[+-]?Infinity|[+-]INF)/.exec(s.slice(this.i, this.i + 400));
    if (!m) this.bad();
    const tok = m[0];
    this.i += tok.length;
    // A token must end at a delimiter.
    const next = s[this.i];
    if (next !== undefined && /[A-Za-z0-9_$]/.test(next)) this.bad();
    switch (tok) {
      case "true": return true;
      case "false": return false;
      case "null": return null;
      case "NaN": return new JsonFloat(NaN);
      case "Infinity": case "+Infinity": case "+INF": return new JsonFloat(Infinity);
      case "-Infinity": case "-INF": return new JsonFloat(-Infinity);
    }
    if (/[.eE]/.test(tok)) return new JsonFloat(Number(tok));
    const n = Number(tok);
    return Number.isSafeInteger(n) ? n : BigInt(tok);
  }

  private object(depth: number): JsonObject {
    const s = this.s;
    this.i++;
    const out: JsonObject = new Map();
    this.ws();
    if (s[this.i] === "}") { this.i++; return out; }
    for (;;) {
      this.ws();
      const q = s[this.i];
      let key: string;
      if (q === '"' || q === "'") key = this.string(q);
      else {
        // allowUnquotedFieldNames: a name of letters, digits, _ and $ (Jackson's rule).
        const m = this.unquotedNames ? /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(s.slice(this.i, this.i + 1000)) : null;
        if (!m) this.bad();
        key = m[0];
        this.i += key.length;
      }
      this.ws();
      if (s[this.i] !== ":") this.bad();
      this.i++;
      const v = this.value(depth + 1);
      out.delete(key);
      out.set(key, v);
      this.ws();
      const c = s[this.i++];
      if (c === ",") continue;
      if (c === "}") return out;
      this.bad();
    }
  }

  private array(depth: number): unknown[] {
    const s = this.s;
    this.i++;
    const out: unknown[] = [];
    this.ws();
    if (s[this.i] === "]") { this.i++; return out; }
    for (;;) {
      out.push(this.value(depth + 1));
      this.ws();
      const c = s[this.i++];
      if (c === ",") continue;
      if (c === "]") return out;
      this.bad();
    }
  }

  private string(quote: string): string {
    const s = this.s;
    this.i++;
    let out = "";
    let start = this.i;
    let surrogate = false;
    for (;;) {
      if (this.i >= s.length) this.bad();
      const c = s.charCodeAt(this.i);
      if (s[this.i] === quote) {
        out += s.slice(start, this.i);
        this.i++;
        // Spark keeps strings as UTF-8, where an unpaired surrogate (escaped as \ud800) becomes "?".
        return surrogate ? out.replace(UNPAIRED_SURROGATE, "?") : out;
      }
      if (c < 32) this.bad(); // unescaped control characters are not allowed
      if (c === 92) {
        out += s.slice(start, this.i);
        const e = s[this.i + 1];
        switch (e) {
          case '"': out += '"'; break;
          case "'": out += "'"; break;
          case "\\": out += "\\"; break;
          case "/": out += "/"; break;
          case "b": out += "\b"; break;
          case "f": out += "\f"; break;
          case "n": out += "\n"; break;
          case "r": out += "\r"; break;
          case "t": out += "\t"; break;
          case "u": {
            const hex = s.slice(this.i + 2, this.i + 6);
            if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.bad();
            const code = parseInt(hex, 16);
            if (code >= 0xd800 && code <= 0xdfff) surrogate = true;
            out += String.fromCharCode(code);
            this.i += 4;
            break;
          }
          default: this.bad();
        }
        this.i += 2;
        start = this.i;
        continue;
      }
      this.i++;
    }
  }
}

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Scans `{"k": "v", "n": 1, ...}` without building an object. Returns false (caller falls back
 * to the full reader) on anything unusual: escapes, nesting, single quotes, bad tokens, trailing
 * text. Values of the keys in `fields` are written to `out[index]` (strings, numbers, booleans,
 * null; numbers with a fraction or exponent as JsonFloat).
 */
function scanFlatObject(s: string, fields: Map<string, number>, out: unknown[]): boolean {
  const n = s.length;
  let i = 0;
  const ws = () => { while (i < n) { const c = s.charCodeAt(i); if (c === 32 || c === 9 || c === 10 || c === 13) i++; else break; } };
  ws();
  if (s.charCodeAt(i) !== 123) return false; // {
  i++;
  ws();
  if (s.charCodeAt(i) === 125) { i++; ws(); return i === n; }
  const seen: number[] = [];
  for (;;) {
    if (s.charCodeAt(i) !== 34) return false; // "
    const ks = ++i;
    while (i < n) { const c = s.charCodeAt(i); if (c === 34) break; if (c === 92 || c < 32) return false; i++; }
    if (i >= n) return false;
    const key = s.slice(ks, i);
    i++;
    ws();
    if (s.charCodeAt(i) !== 58) return false; // :
    i++;
    ws();
    const idx = fields.get(key);
    const c0 = s.charCodeAt(i);
    let v: unknown;
    if (c0 === 34) {
      const vs = ++i;
      while (i < n) { const c = s.charCodeAt(i); if (c === 34) break; if (c === 92 || c < 32) return false; i++; }
      if (i >= n) return false;
      v = s.slice(vs, i);
      i++;
    } else if (c0 === 123 || c0 === 91) {
      return false;
    } else {
      const vs = i;
      while (i < n) { const c = s.charCodeAt(i); if (c === 44 || c === 125 || c === 32 || c === 9 || c === 10 || c === 13) break; i++; }
      const tok = s.slice(vs, i);
      if (tok === "null") v = null;
      else if (tok === "true") v = true;
      else if (tok === "false") v = false;
      else if (/^-?(0|[1-9]\d*)$/.test(tok)) { v = Number(tok); if (!Number.isSafeInteger(v)) return false; }
      else if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(tok)) v = new JsonFloat(Number(tok));
      else return false;
    }
    if (idx !== undefined) { out[idx] = v; seen.push(idx); }
    ws();
    const c = s.charCodeAt(i);
    if (c === 44) { i++; ws(); continue; }
    if (c === 125) {
      i++;
      ws();
      if (i === n) return true;
      for (const k of seen) out[k] = undefined;
      return false;
    }
    for (const k of seen) out[k] = undefined;
    return false;
  }
}

/** to_json: struct/array/map → JSON text; nulls omitted inside structs (ignoreNullFields=true). */
export function jsonWriter(t: DataType): (v: unknown) => string | null {
  const w = writer(t);
  return (v) => (v === null ? null : w(v));
}

function writer(t: DataType): (v: unknown) => string {
  if (t instanceof StructTypeClass) {
    const ws = t.fields.map((f) => writer(f.dataType));
    const keys = t.fields.map((f) => JSON.stringify(f.name));
    return (v) => {
      const parts: string[] = [];
      (v as unknown[]).forEach((x, i) => { if (x !== null && x !== undefined) parts.push(`${keys[i]}:${ws[i](x)}`); });
      return `{${parts.join(",")}}`;
    };
  }
  if (t instanceof ArrayTypeClass) {
    const w = writer(t.elementType);
    return (v) => `[${(v as unknown[]).map((x) => (x === null ? "null" : w(x))).join(",")}]`;
  }
  if (t instanceof MapTypeClass) {
    const w = writer(t.valueType);
    return (v) => `{${[...(v as Map<unknown, unknown>).entries()].map(([k, x]) => `${JSON.stringify(valueToString(k, t.keyType))}:${x === null ? "null" : w(x)}`).join(",")}}`;
  }
  switch (t.typeName) {
    case "string": return (v) => JSON.stringify(v);
    case "double": return (v) => (Number.isFinite(v as number) ? formatDouble(v as number).replace(/E/, "E") : JSON.stringify(formatDouble(v as number)));
    case "float": return (v) => formatFloat(v as number);
    case "timestamp": return (v) => JSON.stringify(isoTimestamp(v as number));
    case "date": return (v) => JSON.stringify(formatDate(v as number));
    case "binary": return (v) => JSON.stringify(Buffer.from(v as Uint8Array).toString("base64"));
    default: return (v) => String(v);
  }
}

/** to_json's default timestampFormat: yyyy-MM-dd'T'HH:mm:ss.SSSXXX */
function isoTimestamp(us: number): string {
  const local = formatTimestamp(us);
  const [date, time] = local.split(" ");
  const [hms, frac = ""] = time.split(".");
  const ms = (frac + "000").slice(0, 3);
  const offMin = Math.round((Date.parse(`${date}T${hms}.${ms}Z`) - Math.floor(us / 1000)) / 60000);
  const sign = offMin >= 0 ? "+" : "-";
  const abs = Math.abs(offMin);
  const zone = offMin === 0 ? "Z" : `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${date}T${hms}.${ms}${zone}`;
}
