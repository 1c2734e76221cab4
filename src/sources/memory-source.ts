/**
 * MemoryStream, Spark's in-memory source for tests: `addData(...rows)` appends one batch of rows
 * and returns the new offset (a plain number: -1 before any data, +1 per addData call).
 * `getBatch(start, end)` returns the rows of the addData calls in (start, end]; `commit(end)`
 * forgets them. Its description is Spark's, `MemoryStream[value#1]` (column names with ids).
 *
 * A row is an InternalRow (array in schema order); for a one-column schema whose type is not an
 * array or struct, a bare value is accepted too: `addData("a", "b")` for `value STRING`.
 *
 * Reachable from `spark.readStream.format("memory")` through the registry: with
 * `option("name", n)` the factory returns the MemoryStream registered under that name (created
 * by `new MemoryStream(schema, { name: n })`), otherwise a new stream of the user schema
 * (default `value INT`, like Spark's `MemoryStream[Int]`).
 */
import { IllegalArgumentException, SparkException } from "../errors";
import type { InternalRow, Offset, Source } from "../connector-api/source";
import { ArrayTypeClass, IntegerType, StructField, StructType, StructTypeClass } from "../types/data-types";
import { OffsetBuffer, toLongOffset as toLongOffsetOf } from "./common";
import type { SourceFactory } from "../connector-api/source";

let nextExprId = 1;
const named = new Map<string, MemoryStream>();

export interface MemoryStreamOptions {
  /** Registers the stream so that `readStream.format("memory").option("name", name)` finds it. */
  name?: string;
}

function toLongOffset(o: Offset, what: string): number {
  return toLongOffsetOf(o, what, "MemoryStream");
}

/** Accepts JS Dates for timestamp/date columns (engine values are microseconds / days). */
function toInternal(v: unknown, typeName: string): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) {
    if (typeName === "timestamp") return v.getTime() * 1000;
    if (typeName === "date") return Math.floor(v.getTime() / 86400000);
  }
  return v;
}

export class MemoryStream implements Source {
  readonly schema: StructTypeClass;
  readonly description: string;
  readonly name?: string;
  /** One entry per addData call, kept until committed. */
  private readonly buffer = new OffsetBuffer<InternalRow[]>();
  private readonly listeners = new Set<() => void>();

  constructor(schema: StructTypeClass = StructType([StructField("value", IntegerType(), true)]), options: MemoryStreamOptions = {}) {
    this.schema = schema;
    this.name = options.name;
    this.description = `MemoryStream[${schema.fields.map((f) => `${f.name}#${nextExprId++}`).join(",")}]`;
    if (options.name !== undefined) named.set(options.name, this);
  }

  /** The stream registered under `name`, if any. */
  static get(name: string): MemoryStream | undefined {
    return named.get(name);
  }

  toString(): string {
    return this.description;
  }

  /** Appends one batch; returns its offset. */
  addData(...rows: unknown[]): number {
    const single = this.schema.fields.length === 1 ? this.schema.fields[0].dataType : undefined;
    const wrapBare = single !== undefined && !(single instanceof ArrayTypeClass) && !(single instanceof StructTypeClass);
    const batch = rows.map((r, i): InternalRow => {
      if (Array.isArray(r)) {
        if (r.length !== this.schema.fields.length)
          throw new IllegalArgumentException(`Row ${i} has ${r.length} values but ${this.description} has ${this.schema.fields.length} columns`);
        return r.map((v, j) => toInternal(v, this.schema.fields[j].dataType.typeName));
      }
      if (wrapBare) return [toInternal(r, single!.typeName)];
      throw new IllegalArgumentException(`Row ${i} must be an array of ${this.schema.fields.length} values for ${this.description}`);
    });
    const offset = this.buffer.add(batch);
    for (const l of this.listeners) l();
    return offset;
  }

  /** Calls `listener` after every addData; returns a function that unsubscribes. */
  onNewData(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {}

  async initialOffset(): Promise<Offset> {
    return -1;
  }

  async latestOffset(): Promise<Offset> {
    return this.buffer.latest;
  }

  async getBatch(start: Offset, end: Offset): Promise<InternalRow[]> {
    const s = toLongOffset(start, "start");
    const e = toLongOffset(end, "end");
    if (s < this.buffer.committed)
      throw new SparkException(`${this.description}: batches up to ${this.buffer.committed} were committed and are gone; cannot read from ${s}`);
    if (e > this.buffer.latest) throw new SparkException(`${this.description}: offset ${e} is beyond the latest offset ${this.buffer.latest}`);
    return this.buffer.range(s, e).flat();
  }

  async commit(end: Offset): Promise<void> {
    this.buffer.commit(toLongOffset(end, "end"));
  }

  async stop(): Promise<void> {
    this.listeners.clear();
  }

  /** Forgets the registration under its name (tests clean up with it). */
  unregister(): void {
    if (this.name !== undefined && named.get(this.name) === this) named.delete(this.name);
  }
}

/** `format("memory")`: the named stream (`option("name", …)`) or a new one of the user schema. */
export const createMemorySource: SourceFactory = (options, userSchema) => {
  const name = options.get("name");
  if (name !== undefined) {
    const existing = named.get(name);
    if (existing) {
      if (userSchema && !userSchema.equals(existing.schema))
        throw new IllegalArgumentException(`MemoryStream "${name}" has schema ${existing.schema.simpleString()}, not ${userSchema.simpleString()}`);
      return existing;
    }
    return new MemoryStream(userSchema, { name });
  }
  return new MemoryStream(userSchema);
};
