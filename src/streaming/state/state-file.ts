/**
 * State files in Spark's record framing (HDFSBackedStateStoreProvider's delta/snapshot format,
 * without its LZ4 compression), written and read in fixed-size chunks so that no file is ever
 * one string or one buffer in memory, whatever the state's size:
 *
 *     record  = int32 keySize, key bytes, int32 valueSize, value bytes     (a put)
 *             | int32 keySize, key bytes, int32 -1                         (a remove, deltas only)
 *     file    = record* int32 -1                                           (the end marker)
 *
 * Integers are big-endian (Java's DataOutputStream). Keys and values are UTF-8 bytes. A file
 * without its end marker is truncated, and is reported as such.
 */
import * as fs from "node:fs";
import { SparkException } from "../../errors";
import { writeAtomicSync } from "../checkpoint/atomic-file";

/** Bytes buffered before each write to the file. */
export const CHUNK_BYTES = 4 << 20;

/** Appends records to a file through one reusable chunk buffer. */
export class StateFileWriter {
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private pos = 0;
  constructor(private readonly fd: number) {}

  put(key: string, value: string): void {
    this.field(key);
    this.field(value);
  }

  remove(key: string): void {
    this.field(key);
    this.int(-1);
  }

  /** Writes the end marker and flushes. */
  end(): void {
    this.int(-1);
    this.flush();
  }

  private field(s: string): void {
    const max = 4 + s.length * 3; // UTF-8 needs at most 3 bytes per UTF-16 unit
    if (this.pos + max > this.buf.length) {
      this.flush();
      if (max > this.buf.length) this.buf = Buffer.allocUnsafe(max);
    }
    const n = this.buf.write(s, this.pos + 4, "utf8");
    this.buf.writeInt32BE(n, this.pos);
    this.pos += 4 + n;
  }

  private int(v: number): void {
    if (this.pos + 4 > this.buf.length) this.flush();
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
  }

  private flush(): void {
    let off = 0;
    while (off < this.pos) off += fs.writeSync(this.fd, this.buf, off, this.pos - off);
    this.pos = 0;
  }
}

/** Writes a state file atomically (temp file, rename): `body` adds the records. */
export function writeStateFile(file: string, body: (w: StateFileWriter) => void): void {
  writeAtomicSync(file, (fd) => {
    const w = new StateFileWriter(fd);
    body(w);
    w.end();
  });
}

/** A record read back: value undefined means a removal. */
export type StateRecord = [key: string, value: string | undefined];

/**
 * Reads a state file's records in order, a chunk at a time. `describe` names the file in errors
 * (e.g. "delta file /cp/state/0/0/3.delta of HDFSStateStoreProvider[...]").
 */
export function* readStateFile(file: string, describe: string): Generator<StateRecord> {
  const fd = fs.openSync(file, "r");
  let buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let start = 0; // first unread byte in buf
  let end = 0; // end of valid bytes in buf
  let eof = false;
  const fail = (what: string) => new SparkException(`Error reading ${describe}: ${what}`);
  /** Makes at least n unread bytes available; false at the end of the file. */
  const ensure = (n: number): boolean => {
    if (end - start >= n) return true;
    if (n > buf.length) {
      const bigger = Buffer.allocUnsafe(n);
      buf.copy(bigger, 0, start, end);
      buf = bigger;
    } else if (start > 0) buf.copy(buf, 0, start, end);
    end -= start;
    start = 0;
    while (!eof && end < n) {
      const r = fs.readSync(fd, buf, end, buf.length - end, null);
      if (r === 0) eof = true;
      end += r;
    }
    return end - start >= n;
  };
  const int = (): number => {
    if (!ensure(4)) throw fail("the file is truncated");
    const v = buf.readInt32BE(start);
    start += 4;
    return v;
  };
  const str = (n: number): string => {
    if (n < 0) throw fail(`corrupt record size ${n}`);
    if (!ensure(n)) throw fail("the file is truncated");
    const s = buf.toString("utf8", start, start + n);
    start += n;
    return s;
  };
  try {
    for (;;) {
      const keySize = int();
      if (keySize === -1) break;
      const key = str(keySize);
      const valueSize = int();
      yield [key, valueSize === -1 ? undefined : str(valueSize)];
    }
    if (ensure(1)) throw fail("unexpected bytes after the end marker");
  } finally {
    fs.closeSync(fd);
  }
}
