/** spark.streams: the active queries, get(id), awaitAnyTermination, resetTerminated. */
import { PySparkValueError } from "../errors";
import { MemorySink } from "../sinks/memory-sink";
import type { StreamingQuery } from "../streaming/streaming-query";
import { QueryListenerBus, StreamingQueryListenerLike } from "../streaming/listener";
import type { DataFrame } from "./dataframe";
import type { SparkSession } from "./session";

export class StreamingQueryManager {
  private readonly queries = new Set<StreamingQuery>();
  private readonly memoryTables = new Map<string, MemorySink>();
  private lastTerminated?: StreamingQuery;
  private terminationWaiters: Array<() => void> = [];
  /** Listeners for the shell: called when a query terminates (with its exception, if any). */
  readonly onTermination = new Set<(q: StreamingQuery) => void>();

  /** Query events for listeners (addListener) and the web UI. */
  readonly bus: QueryListenerBus;

  constructor(private readonly session: SparkSession) {
    this.bus = new QueryListenerBus((m) => session.warn(m));
  }

  /** Registers a StreamingQueryListener (onQueryStarted / onQueryProgress / onQueryIdle / onQueryTerminated). */
  addListener(listener: StreamingQueryListenerLike): void {
    if (listener === null || typeof listener !== "object")
      throw new TypeError(`addListener expects a StreamingQueryListener (an object with onQueryStarted, onQueryProgress, onQueryTerminated), got ${listener === null ? "null" : typeof listener}`);
    this.bus.addListener(listener);
  }

  /** Removes a listener added by addListener (nothing happens for an unknown one). */
  removeListener(listener: StreamingQueryListenerLike): void {
    this.bus.removeListener(listener);
  }

  get active(): StreamingQuery[] {
    return [...this.queries].filter((q) => q.isActive);
  }

  get(id: string): StreamingQuery | null {
    return this.active.find((q) => q.id === id || q.runId === id) ?? null;
  }

  /** Waits until any query terminates (since creation or resetTerminated); rethrows its failure. */
  async awaitAnyTermination(timeout?: number): Promise<boolean | void> {
    if (timeout !== undefined && !(timeout > 0))
      throw new PySparkValueError(`[VALUE_NOT_POSITIVE] Value for \`timeout\` must be positive, got '${timeout}'.`);
    if (!this.lastTerminated) {
      const waited = new Promise<void>((r) => this.terminationWaiters.push(r));
      if (timeout === undefined) await waited;
      else {
        const ok = await Promise.race([waited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), timeout * 1000))]);
        if (!ok) return false;
      }
    }
    const ex = this.lastTerminated?.exception();
    if (ex) throw ex;
    return timeout === undefined ? undefined : true;
  }

  resetTerminated(): void {
    this.lastTerminated = undefined;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.active.map((q) => q.stop()));
  }

  /** @internal */
  started(q: StreamingQuery, memory?: MemorySink): void {
    this.queries.add(q);
    if (memory && q.name) this.memoryTables.set(q.name.toLowerCase(), memory);
  }

  /** @internal */
  terminated(q: StreamingQuery): void {
    this.queries.delete(q);
    this.lastTerminated = q;
    for (const w of this.terminationWaiters.splice(0)) w();
    for (const l of this.onTermination) l(q);
  }

  /** The memory sink table of a query name, as a batch DataFrame of its current rows. */
  memoryTable(name: string): DataFrame | undefined {
    const sink = this.memoryTables.get(name.toLowerCase());
    if (!sink) return undefined;
    const schema = sink.schema;
    if (!schema) return undefined;
    return this.session.fromInternal(schema, sink.rows);
  }
}
