/** What the built-in sources share: line splitting, partition order, long offsets, the in-memory offset buffer. */
import { IllegalArgumentException, SparkException } from "../errors";

/** Lines as Java's BufferedReader.readLine splits them: "\n", "\r\n" or "\r" end a line; none is kept. */
export function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Orders rows as Spark hands them over when row i goes to partition i % n: partition 0 first. */
export function roundRobinOrder<T>(rows: T[], numPartitions: number): T[] {
  if (numPartitions <= 1 || rows.length <= 1) return rows;
  const out: T[] = [];
  for (let p = 0; p < numPartitions; p++) for (let i = p; i < rows.length; i += numPartitions) out.push(rows[i]);
  return out;
}

/** A LongOffset as JSON gives it back (number or numeric string); null/undefined is -1 (nothing read yet). */
export function toLongOffset(o: unknown, what: string, sourceName: string): number {
  if (o === null || o === undefined) return -1;
  const n = typeof o === "string" ? Number(o) : o;
  if (typeof n !== "number" || !Number.isInteger(n)) throw new IllegalArgumentException(`Invalid ${sourceName} ${what} offset: ${JSON.stringify(o)}`);
  return n;
}

/**
 * Entries numbered 0, 1, 2, … (a LongOffset each, starting after -1), kept in memory until
 * committed — the buffer behind the socket and memory sources. `range(start, end)` gives the
 * entries in (start, end]; `commit(end)` drops everything up to `end`.
 */
export class OffsetBuffer<T> {
  private entries: T[] = [];
  /** The offset of the newest entry (-1 when none was ever added). */
  latest = -1;
  /** Entries up to this offset are committed and gone. */
  committed = -1;

  add(entry: T): number {
    this.entries.push(entry);
    return ++this.latest;
  }

  /** Entries in (start, end], clamped to what is still buffered. */
  range(start: number, end: number): T[] {
    const from = Math.max(0, start - this.committed);
    const to = Math.max(0, end - this.committed);
    return this.entries.slice(from, Math.max(from, to));
  }

  commit(end: number): void {
    const diff = end - this.committed;
    if (diff < 0) throw new SparkException(`Offsets committed out of order: ${this.committed} followed by ${end}`);
    this.entries.splice(0, Math.min(diff, this.entries.length));
    this.committed = end;
  }
}
