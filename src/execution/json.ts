/**
 * from_json and to_json with Spark's semantics (JacksonParser): PERMISSIVE gives a struct whose
 * unparseable fields are null (all null for malformed input), FAILFAST throws naming the record.
 * Matching of keys is exact and case-sensitive; extra keys are ignored; the last duplicate wins.
 */
import { SparkException } from "../errors";
import { ArrayTypeClass, DataType, MapTypeClass, StructTypeClass } from "../types/data-types";
import { formatDouble, formatFloat, valueToString } from "./values";
import { parseTimestamp, parseDate, formatTimestamp, formatDate } from "./timestamps";

const FAIL = Symbol("fail");
type Conv = (v: unknown) => unknown;

/** Converts a parsed JSON value to the engine's value for `t`; FAIL when it cannot. */
function converter(t: DataType): Conv {
  switch (t.typeName) {
    case "string":
      return (v) => (typeof v === "string" ? v : JSON.stringify(v));
    case "integer": case "long": case "short": case "byte": {
      const [min, max] = t.typeName === "integer" ? [-2147483648, 2147483647] : t.typeName === "short" ? [-32768, 32767] : t.typeName === "byte" ? [-128, 127] : [-Number.MAX_VALUE, Number.MAX_VALUE];
      return (v) => (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max ? v : FAIL);
    }
    case "double": case "float":
      return (v) => {
        if (typeof v === "number") return t.typeName === "float" ? Math.fround(v) : v;
        if (typeof v === "string") {
          if (/^(NaN)$/.test(v)) return NaN;
          if (/^(\+?Infinity|\+?INF)$/.test(v)) return Infinity;
          if (/^(-Infinity|-INF)$/.test(v)) return -Infinity;
        }
        return FAIL;
      };
    case "boolean":
      return (v) => (typeof v === "boolean" ? v : FAIL);
    case "timestamp":
      return (v) => {
        if (typeof v === "string") { const ts = parseTimestamp(v); return ts === null ? FAIL : ts; }
        if (typeof v === "number" && Number.isInteger(v)) return v * 1e6;
        return FAIL;
      };
    case "date":
      return (v) => { if (typeof v === "string") { const d = parseDate(v); return d === null ? FAIL : d; } return FAIL; };
    case "binary":
      return (v) => (typeof v === "string" ? Buffer.from(v, "base64") : FAIL);
  }
  if (t instanceof StructTypeClass) {
    const conv = structConverter(t, false);
    return (v) => (v !== null && typeof v === "object" && !Array.isArray(v) ? conv(v as Record<string, unknown>) : FAIL);
  }
  if (t instanceof ArrayTypeClass) {
    const el = converter(t.elementType);
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
    const val = converter(t.valueType);
    return (v) => {
      if (v === null || typeof v !== "object" || Array.isArray(v)) return FAIL;
      const m = new Map<unknown, unknown>();
      for (const [k, x] of Object.entries(v as object)) { const c = x === null ? null : val(x); m.set(k, c === FAIL ? null : c); }
      return m;
    };
  }
  return () => FAIL;
}

/** Object → struct values; a field that fails to convert becomes null (partial results). */
function structConverter(t: StructTypeClass, _root: boolean): (o: Record<string, unknown>) => unknown[] {
  const names = t.fields.map((f) => f.name);
  const convs = t.fields.map((f) => converter(f.dataType));
  const n = names.length;
  return (o) => {
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = o[names[i]];
      if (v === undefined || v === null) { out[i] = null; continue; }
      const c = convs[i](v);
      out[i] = c === FAIL ? null : c;
    }
    return out;
  };
}

/**
 * Returns the from_json evaluator for `schema` (a struct). PERMISSIVE: malformed → all-null
 * struct, null input → null. FAILFAST: throws SparkException naming the record.
 */
export function jsonParser(schema: DataType, options: Record<string, string>, requiredFields?: number[]): (text: string | null) => unknown {
  const failFast = String(options.mode ?? "PERMISSIVE").toUpperCase() === "FAILFAST";
  if (!(schema instanceof StructTypeClass)) {
    const conv = converter(schema);
    return (text) => {
      if (text === null) return null;
      try { const c = conv(JSON.parse(text)); return c === FAIL ? null : c; } catch { return null; }
    };
  }
  const n = schema.fields.length;
  const names = schema.fields.map((f) => f.name);
  const convs = schema.fields.map((f) => converter(f.dataType));
  // Fields nobody reads are left null (pruned by the optimizer), saving their conversion.
  const wanted = requiredFields ?? names.map((_, i) => i);
  const allNull = (): unknown[] => new Array(n).fill(null);
  const fail = (text: string, reason: string): never => {
    throw new SparkException(
      `Malformed records are detected in record parsing: [${text.length > 200 ? text.slice(0, 200) + "..." : text}]. Parse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. Cause: ${reason}`,
      "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
    );
  };
  const fieldIndex = new Map<string, number>();
  const wantedSet = new Set(wanted);
  names.forEach((name, i) => { if (wantedSet.has(i)) fieldIndex.set(name, i); });
  const raw = new Array(n);
  return (text) => {
    if (text === null) return null;
    // Fast path: a flat object scanned in place, only wanted fields materialised.
    if (scanFlatObject(text, fieldIndex, raw)) {
      const out = new Array(n).fill(null);
      for (let w = 0; w < wanted.length; w++) {
        const i = wanted[w];
        const v = raw[i];
        raw[i] = undefined;
        if (v === undefined || v === null) continue;
        const c = convs[i](v);
        if (c === FAIL) {
          if (failFast) fail(text, `field '${names[i]}' cannot be parsed as ${schema.fields[i].dataType.sql()}`);
        } else out[i] = c;
      }
      return out;
    }
    for (let w = 0; w < wanted.length; w++) raw[wanted[w]] = undefined;
    let o: unknown;
    try {
      o = JSON.parse(text);
    } catch (e) {
      if (failFast) fail(text, (e as Error).message);
      return allNull();
    }
    if (o === null || typeof o !== "object" || Array.isArray(o)) {
      // A top-level array of objects is Spark's "multiple records"; from_json takes the first one... and
      // anything else is malformed for a struct schema.
      if (Array.isArray(o) && o.length > 0 && o[0] !== null && typeof o[0] === "object" && !Array.isArray(o[0])) o = o[0];
      else {
        if (failFast) fail(text, "the JSON root is not an object");
        return Array.isArray(o) && o.length === 0 ? null : allNull();
      }
    }
    const obj = o as Record<string, unknown>;
    const out = new Array(n).fill(null);
    for (let w = 0; w < wanted.length; w++) {
      const i = wanted[w];
      const v = obj[names[i]];
      if (v === undefined || v === null) { out[i] = null; continue; }
      const c = convs[i](v);
      if (c === FAIL) {
        if (failFast) fail(text, `field '${names[i]}' cannot be parsed as ${schema.fields[i].dataType.sql()}`);
        out[i] = null;
      } else out[i] = c;
    }
    return out;
  };
}

/**
 * Scans `{"k": "v", "n": 1, ...}` without building an object. Returns false (caller falls back
 * to JSON.parse) on anything unusual: escapes, nesting, bad tokens, trailing text. Values of the
 * keys in `fields` are written to `out[index]` (strings, numbers, booleans or null).
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
    if (c0 === 34) {
      const vs = ++i;
      while (i < n) { const c = s.charCodeAt(i); if (c === 34) break; if (c === 92 || c < 32) return false; i++; }
      if (i >= n) return false;
      if (idx !== undefined) out[idx] = s.slice(vs, i);
      i++;
    } else if (c0 === 123 || c0 === 91) {
      return false;
    } else {
      const vs = i;
      while (i < n) { const c = s.charCodeAt(i); if (c === 44 || c === 125 || c === 32 || c === 9 || c === 10 || c === 13) break; i++; }
      const tok = s.slice(vs, i);
      let v: unknown;
      if (tok === "null") v = null;
      else if (tok === "true") v = true;
      else if (tok === "false") v = false;
      else if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(tok)) v = Number(tok);
      else return false;
      if (idx !== undefined) out[idx] = v;
    }
    ws();
    const c = s.charCodeAt(i);
    if (c === 44) { i++; ws(); continue; }
    if (c === 125) { i++; ws(); return i === n; }
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
