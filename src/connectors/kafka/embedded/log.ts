/**
 * One partition's log: record batches exactly as produced (base offset patched), in memory or, with
 * a data directory, in append-only segment files `<20-digit base offset>.log` (Kafka's own segment
 * format: batches back to back) whose index is rebuilt by scanning them on start.
 *
 * Reads return whole stored batches from the batch holding the fetch offset; memory batches are
 * handed out by reference, disk batches read with one read per run of neighbouring batches.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { AT, BATCH_HEADER_SIZE, LOG_OVERHEAD, batchCrc, int64At } from "../record-batch";
import { firstRecordAtOrAfter } from "./batch-validation";

export interface StoredBatch {
  base: number;
  /** Offset after the batch's last record. */
  next: number;
  size: number;
  /** Bytes of the log before this batch (for bytesFrom). */
  cum: number;
  maxTimestamp: number;
  /** Memory logs: the batch. */
  buf?: Buffer;
  /** Disk logs: where the batch is. */
  seg?: Segment;
  pos?: number;
}

interface Segment {
  baseOffset: number;
  file: string;
  fd: number;
  size: number;
}

/** Idempotent producer bookkeeping per partition: the last five batches of each producer id. */
interface ProducerBatch {
  firstSeq: number;
  lastSeq: number;
  baseOffset: number;
}
export interface ProducerState {
  epoch: number;
  recent: ProducerBatch[];
}

function segmentFileName(baseOffset: number): string {
  return `${String(baseOffset).padStart(20, "0")}.log`;
}

export class PartitionLog {
  readonly batches: StoredBatch[] = [];
  logStartOffset = 0;
  logEndOffset = 0;
  private bytes = 0;
  private readonly segments: Segment[] = [];
  private readonly waiters = new Set<() => void>();
  readonly producers = new Map<number, ProducerState>();
  private closed = false;

  private constructor(
    readonly topic: string,
    readonly partition: number,
    /** Directory of the segment files, or null for a memory log. */
    readonly dir: string | null,
    private readonly segmentBytes: number,
  ) {}

  static memory(topic: string, partition: number): PartitionLog {
    return new PartitionLog(topic, partition, null, 0);
  }

  /** Opens (creating, or reloading what is there) the log in `dir`. */
  static disk(topic: string, partition: number, dir: string, segmentBytes: number, log: (line: string) => void): PartitionLog {
    fs.mkdirSync(dir, { recursive: true });
    const l = new PartitionLog(topic, partition, dir, segmentBytes);
    const files = fs
      .readdirSync(dir)
      .filter((f) => /^\d{20}\.log$/.test(f))
      .sort();
    for (const f of files) l.loadSegment(path.join(dir, f), Number(f.slice(0, 20)), log);
    if (l.batches.length > 0) l.logStartOffset = l.batches[0].base;
    else if (files.length > 0) l.logStartOffset = l.logEndOffset = Number(files[files.length - 1].slice(0, 20));
    return l;
  }

  private loadSegment(file: string, baseOffset: number, log: (line: string) => void): void {
    const data = fs.readFileSync(file);
    const fd = fs.openSync(file, "r+");
    const seg: Segment = { baseOffset, file, fd, size: 0 };
    if (this.batches.length === 0) this.logEndOffset = baseOffset;
    let pos = 0;
    let problem = "";
    while (pos < data.length) {
      if (data.length - pos < BATCH_HEADER_SIZE) {
        problem = `${data.length - pos} stray bytes`;
        break;
      }
      const end = pos + LOG_OVERHEAD + data.readInt32BE(pos + AT.batchLength);
      if (end > data.length || end - pos < BATCH_HEADER_SIZE) {
        problem = "an incomplete batch";
        break;
      }
      if (data.readInt8(pos + AT.magic) !== 2 || data.readUInt32BE(pos + AT.crc) !== batchCrc(data, pos, end)) {
        problem = "a corrupt batch";
        break;
      }
      const base = int64At(data, pos);
      if (base < this.logEndOffset) {
        problem = `a batch at offset ${base} below the log end ${this.logEndOffset}`;
        break;
      }
      const next = base + data.readInt32BE(pos + 23) + 1;
      this.batches.push({ base, next, size: end - pos, cum: this.bytes, maxTimestamp: int64At(data, pos + AT.maxTimestamp), seg, pos });
      this.bytes += end - pos;
      this.logEndOffset = next;
      pos = end;
    }
    if (problem) {
      log(`${this.topic}-${this.partition}: ${path.basename(file)} ends with ${problem} at byte ${pos}; truncated there`);
      fs.ftruncateSync(fd, pos);
    }
    seg.size = pos;
    this.segments.push(seg);
  }

  /** Appends a prepared batch (base offset already set to logEndOffset). */
  append(buf: Buffer, lastOffsetDelta: number, maxTimestamp: number): void {
    const base = this.logEndOffset;
    const entry: StoredBatch = { base, next: base + lastOffsetDelta + 1, size: buf.length, cum: this.bytes, maxTimestamp };
    if (this.dir === null) entry.buf = buf;
    else {
      let seg = this.segments[this.segments.length - 1];
      if (!seg || (seg.size > 0 && seg.size + buf.length > this.segmentBytes)) seg = this.roll(base);
      fs.writeSync(seg.fd, buf, 0, buf.length, seg.size);
      entry.seg = seg;
      entry.pos = seg.size;
      seg.size += buf.length;
    }
    this.batches.push(entry);
    this.bytes += buf.length;
    this.logEndOffset = entry.next;
    this.wake();
  }

  private roll(baseOffset: number): Segment {
    const file = path.join(this.dir!, segmentFileName(baseOffset));
    const seg: Segment = { baseOffset, file, fd: fs.openSync(file, "w+"), size: 0 };
    this.segments.push(seg);
    return seg;
  }

  /** Index of the batch holding `offset`, or of the first batch after it; batches.length when none. */
  indexOf(offset: number): number {
    const b = this.batches;
    let lo = 0;
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (b[mid].next <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Bytes stored from the batch holding `offset` to the end. */
  bytesFrom(offset: number): number {
    const i = this.indexOf(offset);
    return i >= this.batches.length ? 0 : this.bytes - this.batches[i].cum;
  }

  /**
   * Whole batches from the one holding `offset`, at most `maxBytes` in all, except that the first
   * batch is returned even when it alone is larger (when `atLeastOne`).
   */
  read(offset: number, maxBytes: number, atLeastOne: boolean): { chunks: Buffer[]; bytes: number } {
    const b = this.batches;
    let i = this.indexOf(offset);
    const picked: StoredBatch[] = [];
    let bytes = 0;
    for (; i < b.length; i++) {
      if (bytes + b[i].size > maxBytes && !(atLeastOne && picked.length === 0)) break;
      picked.push(b[i]);
      bytes += b[i].size;
    }
    return { chunks: this.load(picked), bytes };
  }

  private load(picked: StoredBatch[]): Buffer[] {
    if (this.dir === null) return picked.map((p) => p.buf!);
    const out: Buffer[] = [];
    let i = 0;
    while (i < picked.length) {
      const first = picked[i];
      let j = i + 1;
      let len = first.size;
      while (j < picked.length && picked[j].seg === first.seg && picked[j].pos === first.pos! + len) len += picked[j++].size;
      const buf = Buffer.allocUnsafe(len);
      let got = 0;
      while (got < len) {
        const n = fs.readSync(first.seg!.fd, buf, got, len - got, first.pos! + got);
        if (n <= 0) throw new Error(`${this.topic}-${this.partition}: segment ${first.seg!.file} is shorter than its index`);
        got += n;
      }
      out.push(buf);
      i = j;
    }
    return out;
  }

  /** The first record with a timestamp ≥ ts: [offset, timestamp], or null. */
  offsetForTimestamp(ts: number): [number, number] | null {
    for (const b of this.batches) {
      if (b.maxTimestamp < ts) continue;
      const [buf] = this.load([b]);
      const hit = firstRecordAtOrAfter(buf, ts);
      if (hit) return hit;
    }
    return null;
  }

  /** Bytes held, from the log start. */
  get size(): number {
    return this.batches.length === 0 ? 0 : this.bytes - this.batches[0].cum;
  }

  /**
   * Drops the oldest data past `maxBytes` or with batches older than `maxAgeMs` by their max
   * timestamp (-1: no limit), as Kafka's retention: never the last batch (memory) or the segment
   * being written (disk), whole segments on disk, and in memory down to 90% of `maxBytes` at once
   * so that dropping stays cheap. Moves the log start offset; returns the batches dropped.
   */
  applyRetention(maxBytes: number, maxAgeMs: number, now: number): number {
    const b = this.batches;
    if (b.length <= 1 || (maxBytes < 0 && maxAgeMs < 0)) return 0;
    const oldest = maxAgeMs >= 0 ? now - maxAgeMs : -Infinity;
    let size = this.size;
    let k = 0;
    if (this.dir === null) {
      if (maxBytes >= 0 && size > maxBytes) {
        const target = Math.floor(maxBytes * 0.9);
        while (k < b.length - 1 && size > target) size -= b[k++].size;
      }
      while (k < b.length - 1 && b[k].maxTimestamp < oldest) k++;
    } else {
      while (this.segments.length > 1) {
        const seg = this.segments[0];
        let n = 0;
        let maxTs = -Infinity;
        while (k + n < b.length && b[k + n].seg === seg) maxTs = Math.max(maxTs, b[k + n++].maxTimestamp);
        if (!((maxBytes >= 0 && size - seg.size >= maxBytes) || maxTs < oldest)) break;
        this.segments.shift();
        fs.closeSync(seg.fd);
        fs.rmSync(seg.file, { force: true });
        size -= seg.size;
        k += n;
      }
    }
    if (k === 0) return 0;
    b.splice(0, k);
    this.logStartOffset = b.length > 0 ? b[0].base : this.logEndOffset;
    return k;
  }

  /** Calls `fn` once, at the next append (or close). Returns a function that cancels the wait. */
  onAppend(fn: () => void): () => void {
    this.waiters.add(fn);
    return () => this.waiters.delete(fn);
  }

  private wake(): void {
    if (this.waiters.size === 0) return;
    const ws = [...this.waiters];
    this.waiters.clear();
    for (const w of ws) w();
  }

  /** Closes the segment files; waiting readers are woken. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.segments) {
      try {
        fs.closeSync(s.fd);
      } catch {
        /* already closed */
      }
    }
    this.wake();
  }

  /** Closes and removes the log's files (topic deletion). */
  destroy(): void {
    this.close();
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
