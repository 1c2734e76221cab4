/** Seeded bad input for the fuzz tests (test/fuzz-bad-input.test.ts, test/fuzz-sources.test.ts). */

/** A valid record of the workshop's house data. */
export const VALID = '{"house": "Gryffindor", "character": "Harry Potter", "score": "7", "ts": "2022-08-11 16:34:11.633"}';

/** A malformed or odd value of one of several kinds, from a seeded generator (null: a null value). */
export function fuzzValue(r: () => number): Uint8Array | null {
  const n = (k: number) => Math.floor(r() * k);
  switch (n(10)) {
    case 0: return null;
    case 1: return new Uint8Array(0);
    case 2: return Uint8Array.from({ length: 1 + n(64) }, () => n(256)); // binary garbage, mostly invalid UTF-8
    case 3: return Buffer.from(VALID.slice(0, n(VALID.length))); // truncated JSON
    case 4: { const d = 1 + n(3000); return Buffer.from("[".repeat(d) + "1" + "]".repeat(n(2) ? d : 0)); } // deep nesting
    case 5: return Buffer.from(JSON.stringify({ house: [n(9)], character: { x: n(9) }, score: n(2) ? n(100) : null, ts: n(2) ? "bad" : 12 }));
    case 6: { const b = Buffer.from(VALID); b[n(b.length)] = [0xff, 0xc3, 0x80, 0x00][n(4)]; return b; } // one corrupt byte
    case 7: return Buffer.from(String(n(2) ? r() * 1e12 : -n(1000)) + [" ", "", "x", ",1"][n(4)]);
    case 8: return Buffer.from(Array.from({ length: n(6) }, () => ["a", "", "b,c", "\u0000", "ż"][n(5)]).join(","));
    default: return Buffer.from(VALID);
  }
}

/** Python's str() of a value PySpark collected (the fixtures hold those). */
export function pyStr(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) { // str(datetime): microseconds only when not zero
    const iso = v.toISOString().replace("T", " ").replace("Z", "");
    return iso.endsWith(".000") ? iso.slice(0, -4) : iso + "000";
  }
  if (typeof v === "number") return pyFloat(v);
  if (typeof v === "boolean") return v ? "True" : "False";
  return String(v);
}

/** Python's str() of a float. */
function pyFloat(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return v.toFixed(1);
  return String(v);
}
