/**
 * INT96 timestamps, Spark 3.5's default physical type for `timestamp`: the writer library does not
 * emit INT96, so its columns are written as FIXED_LEN_BYTE_ARRAY(12) — byte for byte the same
 * PLAIN encoding (8 bytes nanos of the day, 4 bytes Julian day, little-endian) — and the footer's
 * physical type is then turned into INT96 in place: both are one-byte zigzag varints in Thrift's
 * compact protocol (7 → 0x0E, 3 → 0x06), so no offset in the file moves.
 */

const FLBA = 0x0e;
const INT96 = 0x06;
const JULIAN_DAY_OF_EPOCH = 2440588;
const MICROS_PER_DAY = 86_400_000_000;

/** Spark's INT96 of a timestamp in microseconds since the epoch (UTC), written at `at` of `buf`; returns its 12 bytes. */
export function writeInt96(view: DataView, buf: Uint8Array, at: number, us: number): Uint8Array {
  const days = Math.floor(us / MICROS_PER_DAY);
  const nanos = (us - days * MICROS_PER_DAY) * 1000; // < 8.64e13: exact in a double
  view.setUint32(at, nanos % 4294967296, true);
  view.setUint32(at + 4, Math.floor(nanos / 4294967296), true);
  view.setInt32(at + 8, days + JULIAN_DAY_OF_EPOCH, true);
  return buf.subarray(at, at + 12);
}

export function int96FromMicros(us: number): Uint8Array {
  const buf = new Uint8Array(12);
  return writeInt96(new DataView(buf.buffer), buf, 0, us);
}

class Cursor {
  constructor(readonly b: Uint8Array, public at: number) {}
  byte(): number { return this.b[this.at++]; }
  varint(): number {
    let shift = 0, v = 0;
    for (;;) {
      const x = this.byte();
      v += (x & 0x7f) * 2 ** shift;
      if (!(x & 0x80)) return v;
      shift += 7;
    }
  }
}

type Visit = (fieldId: number, type: number, c: Cursor) => boolean;

/** Walks a compact-protocol struct; `visit` handles a field itself by returning true. */
function walkStruct(c: Cursor, visit: Visit): void {
  let last = 0;
  for (;;) {
    const h = c.byte();
    if (h === 0) return;
    const delta = h >> 4, type = h & 0x0f;
    const id = delta ? last + delta : zigzag(c.varint());
    last = id;
    if (!visit(id, type, c)) skip(c, type);
  }
}

const zigzag = (n: number) => (n % 2 ? -(n + 1) / 2 : n / 2);

function skip(c: Cursor, type: number): void {
  switch (type) {
    case 1: case 2: return; // booleans live in the field header
    case 3: c.at++; return;
    case 4: case 5: case 6: c.varint(); return;
    case 7: c.at += 8; return;
    case 8: { const n = c.varint(); c.at += n; return; }
    case 9: case 10: { const { size, elem } = listHead(c); for (let i = 0; i < size; i++) skipElem(c, elem); return; }
    case 11: {
      const size = c.varint();
      if (!size) return;
      const kv = c.byte();
      for (let i = 0; i < size; i++) { skipElem(c, kv >> 4); skipElem(c, kv & 0x0f); }
      return;
    }
    case 12: walkStruct(c, () => false); return;
  }
  throw new Error(`Thrift compact: unknown type ${type}`);
}

function skipElem(c: Cursor, type: number): void {
  if (type === 1 || type === 2) c.at++;
  else skip(c, type);
}

function listHead(c: Cursor): { size: number; elem: number } {
  const h = c.byte();
  const size = h >> 4 === 15 ? c.varint() : h >> 4;
  return { size, elem: h & 0x0f };
}

function patchType(c: Cursor): void {
  if (c.b[c.at] !== FLBA) throw new Error("INT96 column expected as FIXED_LEN_BYTE_ARRAY");
  c.b[c.at++] = INT96;
}

/**
 * Marks the given schema elements (indexes into FileMetaData.schema) and leaf columns (indexes
 * into each row group's columns) as INT96, in a whole Parquet file held in `file`.
 */
export function patchInt96(file: Uint8Array, schemaIndexes: Set<number>, leafIndexes: Set<number>): void {
  if (!schemaIndexes.size) return;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const len = view.getUint32(file.length - 8, true);
  const c = new Cursor(file, file.length - 8 - len);
  walkStruct(c, (id, type, c) => {
    if (id === 2 && type === 9) { // schema: list<SchemaElement>
      const { size } = listHead(c);
      for (let i = 0; i < size; i++)
        walkStruct(c, (fid, ftype, c) => (fid === 1 && ftype === 5 && schemaIndexes.has(i) ? (patchType(c), true) : false));
      return true;
    }
    if (id === 4 && type === 9) { // row_groups: list<RowGroup>
      const { size } = listHead(c);
      for (let g = 0; g < size; g++)
        walkStruct(c, (rid, rtype, c) => {
          if (rid !== 1 || rtype !== 9) return false; // columns: list<ColumnChunk>
          const { size: n } = listHead(c);
          for (let k = 0; k < n; k++)
            walkStruct(c, (cid, ctype, c) => {
              if (cid !== 3 || ctype !== 12) return false; // meta_data: ColumnMetaData
              walkStruct(c, (mid, mtype, c) => (mid === 1 && mtype === 5 && leafIndexes.has(k) ? (patchType(c), true) : false));
              return true;
            });
          return true;
        });
      return true;
    }
    return false;
  });
}
