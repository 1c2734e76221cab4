/**
 * StreamingQuery and its micro-batch loop (Spark's MicroBatchExecution).
 *
 * Batch protocol, per trigger:
 *  1. ask every source for its latest offset; run a batch if any moved (batch 0 always runs);
 *  2. write offsets/N (the write-ahead log) — from here batch N is fixed;
 *  3. read each source's rows in (start, end], run the plan (stateful aggregates merge into their
 *     state store), hand the output to the sink and wait for it;
 *  4. commit state (version N+1), then write commits/N, then let sources drop committed data.
 * A restart reads both logs: a committed last batch resumes at N+1; an uncommitted one is run
 * again with the same id and the same offsets.
 */
import { randomUUID } from "node:crypto";
import * as path from "node:path";
import { IskraError, StreamingQueryException, describeError, PySparkValueError } from "../errors";
import { ExecutionEnv, collectRows } from "../execution/executor";
import { newEvalContext } from "../execution/evaluate";
import { optimize } from "../execution/optimizer";
import { LogicalPlan, forEachNode } from "../plan/logical-plan";
import { Checkpoint } from "./checkpoint/checkpoint";
import { DEFAULT_OFFSET_LOG_CONF } from "./checkpoint/offset-log";
import type { OutputMode, Sink } from "../connector-api/sink";
import type { InternalRow, Offset, Source } from "../connector-api/source";
import { HdfsStateStore } from "./state/hdfs-state-store";
import { StreamingQueryProgress, StreamingQueryStatus as QueryStatus, progressToJson, STATUS_MESSAGES } from "./progress";
import type { Trigger } from "./trigger";
import { StatefulAggregation } from "./stateful-aggregation";
import { DETAIL_ROW_LIMIT, QueryIdleEvent, QueryListenerBus, QueryProgressEvent, QueryStartedEvent, QueryTerminatedEvent } from "./listener";
import { buildBatchDetail } from "./batch-detail";

export type { Trigger } from "./trigger";
export type { StreamingQueryProgress, StreamingQueryStatus as QueryStatus } from "./progress";

export interface QueryOptions {
  plan: LogicalPlan;
  sink: Sink;
  outputMode: OutputMode;
  trigger: Trigger;
  name?: string;
  /** Undefined → a temporary checkpoint deleted on stop. */
  checkpointLocation?: string;
  conf: Record<string, string>;
  /** Called once the query stops or fails (the manager tracks terminations). */
  onTerminated: (q: StreamingQuery) => void;
  /** Where warnings and failures are reported (the shell prints them above the prompt). */
  log: (level: "info" | "warn" | "error", message: string) => void;
  numRecentProgressUpdates: number;
  /** Prints a plan (the API layer's explain formatting). */
  explain?: (plan: LogicalPlan, extended: boolean) => void;
  /** The session's listener bus (spark.streams.addListener, the web UI). */
  bus?: QueryListenerBus;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const POLLING_DELAY_MS = 10;
const NO_DATA_PROGRESS_INTERVAL_MS = 10000;

export class StreamingQuery {
  readonly id: string;
  readonly runId = randomUUID();
  readonly name: string | null;
  private active = true;
  private stopRequested = false;
  private failure?: StreamingQueryException;
  private readonly progress: StreamingQueryProgress[] = [];
  private currentStatus: QueryStatus = { message: "Initializing sources", isDataAvailable: false, isTriggerActive: false };
  private readonly checkpoint: Checkpoint;
  private readonly sources: Source[] = [];
  private readonly relations: Array<LogicalPlan & { kind: "StreamingRelation" }> = [];
  private readonly stateful: StatefulAggregation[] = [];
  private committedOffsets: Offset[] = [];
  private nextBatchId = 0;
  private watermarkMs = 0;
  private lastNoDataProgress = 0;
  private readonly done: Promise<void>;
  private wake?: () => void;
  /**
   * processAllAvailable waiters: each is released by the first loop pass that *starts after* it
   * was registered and finds no new data — so data added before the call is always processed.
   */
  private idleWaiters: Array<{ afterPass: number; resolve: () => void }> = [];
  private pass = 0;
  private readonly unsubscribers: Array<() => void> = [];

  /** The plan as executed (optimized once; node ids are those of opts.plan). */
  private readonly plan: LogicalPlan;

  constructor(private readonly opts: QueryOptions) {
    this.name = opts.name ?? null;
    this.plan = optimize(opts.plan);
    this.checkpoint = opts.checkpointLocation ? Checkpoint.open(opts.checkpointLocation) : Checkpoint.createTemporary();
    this.id = this.checkpoint.queryId;
    forEachNode(this.plan, (n) => { if (n.kind === "StreamingRelation") this.relations.push(n); });
    this.relations.reverse();
    this.relations.forEach((r, i) => this.sources.push(r.createSource({ metadataDir: path.join(this.checkpoint.dir, "sources", String(i)) })));
    // Sources that can tell when data arrives (memory, socket) wake the loop at once instead of
    // waiting for the next poll.
    for (const s of this.sources) {
      const notify = (s as { onNewData?: (cb: () => void) => () => void }).onNewData;
      if (typeof notify === "function") this.unsubscribers.push(notify.call(s, () => this.dataArrived()));
    }
    let opId = 0;
    forEachNode(this.plan, (n) => {
      if (n.kind === "Aggregate" && n.streaming) {
        const store = new HdfsStateStore({ stateDir: path.join(this.checkpoint.dir, "state"), operatorId: opId++ });
        this.stateful.push(new StatefulAggregation(n, store, opts.outputMode));
      }
    });
    // Spark: onQueryStarted runs synchronously inside start().
    opts.bus?.post({
      kind: "started", query: this, event: new QueryStartedEvent(this.id, this.runId, this.name, new Date().toISOString()),
      checkpointDir: this.checkpoint.dir, temporaryCheckpoint: !opts.checkpointLocation,
    });
    this.done = this.runLoop();
  }

  get isActive(): boolean {
    return this.active;
  }
  get status(): QueryStatus {
    return { ...this.currentStatus };
  }
  get lastProgress(): StreamingQueryProgress | null {
    return this.progress[this.progress.length - 1] ?? null;
  }
  get recentProgress(): StreamingQueryProgress[] {
    return [...this.progress];
  }
  exception(): StreamingQueryException | null {
    return this.failure ?? null;
  }

  /** Stops the query; resolves once the running batch (if any) has finished or been abandoned. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    this.wake?.();
    await this.done;
  }

  /**
   * Waits for the query to end. With a timeout (seconds) resolves `true` if it ended, `false` if
   * not; rejects with the StreamingQueryException if the query failed.
   */
  async awaitTermination(timeout?: number): Promise<boolean | void> {
    if (timeout !== undefined && (typeof timeout !== "number" || !(timeout > 0)))
      throw new PySparkValueError(`[VALUE_NOT_POSITIVE] Value for \`timeout\` must be positive, got '${timeout}'.`);
    if (timeout === undefined) {
      await this.done;
      if (this.failure) throw this.failure;
      return;
    }
    const ended = await Promise.race([this.done.then(() => true), sleep(timeout * 1000).then(() => false)]);
    if (ended && this.failure) throw this.failure;
    return ended;
  }

  /** Blocks until every source's available data has been processed and committed (for tests and lessons). */
  async processAllAvailable(): Promise<void> {
    if (!this.active) { if (this.failure) throw this.failure; return; }
    const afterPass = this.pass;
    await new Promise<void>((resolve) => { this.idleWaiters.push({ afterPass, resolve }); this.wake?.(); });
    if (this.failure) throw this.failure;
  }

  /** Prints the plan this query runs (PySpark's `query.explain()`). */
  explain(extended = false): void {
    this.opts.explain?.(this.plan, extended);
  }

  toString(): string {
    return `<StreamingQuery ${this.name ?? ""} id=${this.id} runId=${this.runId} active=${this.active}>`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  // --- the loop ---------------------------------------------------------------------------------

  private setStatus(message: string, isDataAvailable = this.currentStatus.isDataAvailable, isTriggerActive = false): void {
    this.currentStatus = { message, isDataAvailable, isTriggerActive };
  }

  private async runLoop(): Promise<void> {
    try {
      await Promise.resolve(); // let start() return first
      await this.initialize();
      const trigger = this.opts.trigger;
      let ranBatch0 = this.nextBatchId > 0;
      while (!this.stopRequested) {
        const started = Date.now();
        this.pass++;
        this.setStatus(STATUS_MESSAGES.gettingOffsets(this.sources.map((x) => x.description).join(", ")), false, true);
        // Sources that rate-limit (Kafka's maxOffsetsPerTrigger) count from the last committed end.
        const latest = await Promise.all(this.sources.map((s, i) => (s.latestOffset as (start?: Offset) => Promise<Offset>).call(s, this.committedOffsets[i])));
        const hasData = latest.some((o, i) => JSON.stringify(o) !== JSON.stringify(this.committedOffsets[i]));
        if (hasData || !ranBatch0) {
          if (this.stopRequested) break;
          await this.runBatch(this.nextBatchId, this.committedOffsets, latest, started);
          ranBatch0 = true;
          if (trigger.kind === "once") break;
          // processingTime: the next batch starts at the next interval boundary.
          if (trigger.kind === "processingTime" && trigger.intervalMs > 0) await this.pause(trigger.intervalMs - (Date.now() - started));
          continue;
        }
        // No new data.
        this.setStatus(STATUS_MESSAGES.waitingForData, false, false);
        this.reportIdle(started);
        if (trigger.kind === "once" || trigger.kind === "availableNow") break;
        await this.pause(trigger.intervalMs > 0 ? Math.max(POLLING_DELAY_MS, trigger.intervalMs - (Date.now() - started)) : POLLING_DELAY_MS);
      }
    } catch (e) {
      this.failure = e instanceof StreamingQueryException
        ? e
        : new StreamingQueryException(
            `Query ${this.name ? this.name + " " : ""}[id = ${this.id}, runId = ${this.runId}] terminated with exception: ${describeError(e)}`,
            e, this.id, this.runId,
          );
      this.opts.log("error", this.failure.message);
    } finally {
      this.active = false;
      this.setStatus(STATUS_MESSAGES.stopped, false, false);
      for (const u of this.unsubscribers) u();
      for (const s of this.sources) await s.stop().catch(() => undefined);
      await this.opts.sink.stop?.().catch(() => undefined);
      this.checkpoint.deleteIfTemporary();
      for (const w of this.idleWaiters.splice(0)) w.resolve();
      if (this.opts.bus) {
        const cause = this.failure ? this.failure.cause ?? this.failure : undefined;
        const errorClass = cause instanceof IskraError ? cause.errorClass ?? null : null;
        this.opts.bus.post({ kind: "terminated", query: this, event: new QueryTerminatedEvent(this.id, this.runId, cause ? describeError(cause) : null, errorClass) });
      }
      this.opts.onTerminated(this);
    }
  }

  /** Sleeps up to `ms`; stop() and processAllAvailable() (and new data, without an interval) cut it short. */
  private async pause(ms: number): Promise<void> {
    if (ms <= 0 || this.stopRequested) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => { clearTimeout(t); resolve(); };
    });
    this.wake = undefined;
  }

  /** A source says data arrived: with the default trigger, run at once; with an interval, wait for it. */
  private dataArrived(): void {
    const t = this.opts.trigger;
    if (t.kind === "processingTime" && t.intervalMs > 0) return;
    this.wake?.();
  }

  private reportIdle(started: number): void {
    const pass = this.pass;
    this.idleWaiters = this.idleWaiters.filter((w) => {
      if (w.afterPass >= pass) return true;
      w.resolve();
      return false;
    });
    if (Date.now() - this.lastNoDataProgress >= NO_DATA_PROGRESS_INTERVAL_MS && this.progress.length) {
      this.lastNoDataProgress = Date.now();
      const last = this.lastProgress!;
      this.pushProgress({
        ...last, timestamp: new Date(started).toISOString(), batchId: this.nextBatchId, numInputRows: 0, inputRowsPerSecond: 0, processedRowsPerSecond: 0,
        batchDuration: 0,
        durationMs: { latestOffset: 0, triggerExecution: Date.now() - started },
        sources: last.sources.map((s) => ({ ...s, startOffset: s.endOffset, numInputRows: 0, inputRowsPerSecond: 0, processedRowsPerSecond: 0 })),
        sink: { ...last.sink, numOutputRows: 0 },
      }, true);
    }
  }

  private async initialize(): Promise<void> {
    this.setStatus(STATUS_MESSAGES.initializing, false, false);
    await Promise.all(this.sources.map((s) => s.start()));
    const decision = await this.checkpoint.recover();
    if (decision.warning) this.opts.log("warn", decision.warning);
    this.watermarkMs = decision.watermarkMs;
    if (decision.kind === "new") {
      this.committedOffsets = await Promise.all(this.sources.map((s) => s.initialOffset()));
      this.nextBatchId = 0;
    } else {
      const start = decision.startOffsets?.offsets ?? (await Promise.all(this.sources.map((s) => s.initialOffset())));
      this.committedOffsets = this.sources.map((_, i) => start[i] ?? null);
      this.nextBatchId = decision.nextBatchId;
      if (decision.kind === "rerun" && decision.rerunOffsets) {
        this.opts.log("info", decision.description);
        const end = decision.rerunOffsets.offsets.map((o, i) => o ?? this.committedOffsets[i]);
        if (decision.rerunOffsets.metadata) this.watermarkMs = decision.rerunOffsets.metadata.batchWatermarkMs;
        await this.runBatch(this.nextBatchId, this.committedOffsets, end, Date.now(), true);
      }
    }
  }

  private async runBatch(batchId: number, start: Offset[], end: Offset[], triggerStart: number, isRerun = false): Promise<void> {
    const durations: Record<string, number> = {};
    const t0 = Date.now();
    durations.latestOffset = t0 - triggerStart;
    this.setStatus(STATUS_MESSAGES.processing, true, true);
    const batchTimestampMs = triggerStart;
    if (!isRerun) {
      await this.checkpoint.offsets.add(batchId, {
        offsets: end,
        metadata: { batchWatermarkMs: this.watermarkMs, batchTimestampMs, conf: { ...DEFAULT_OFFSET_LOG_CONF, ...this.opts.conf } },
      });
    }
    const t1 = Date.now();
    durations.walCommit = t1 - t0;

    // Read input.
    const leaves = new Map<number, InternalRow[]>();
    const counts: number[] = [];
    for (let i = 0; i < this.sources.length; i++) {
      const same = JSON.stringify(start[i]) === JSON.stringify(end[i]);
      const rows = same ? [] : await this.sources[i].getBatch(start[i], end[i]);
      leaves.set(this.relations[i].id, rows);
      counts.push(rows.length);
    }
    const t2 = Date.now();
    durations.getBatch = t2 - t1;

    // Run the plan.
    const env: ExecutionEnv = { ctx: { ...newEvalContext(), nowMicros: batchTimestampMs * 1000 }, leaves, droppedByWatermark: { count: 0 }, eventTimes: new Map() };
    // Beyond Spark (the web UI): capture the batch's details only while someone looks.
    const capture = this.opts.bus?.wantsDetails() ?? false;
    const watermarkBefore = this.watermarkMs;
    if (capture) env.lateRows = { rows: [], limit: DETAIL_ROW_LIMIT };
    for (const s of this.stateful) s.captureChanges = capture;
    const watermarkNodes: Array<LogicalPlan & { kind: "Watermark" }> = [];
    forEachNode(this.plan, (n) => { if (n.kind === "Watermark") watermarkNodes.push(n); });
    if (watermarkNodes.length && this.watermarkMs > 0) env.watermarkUs = new Map(watermarkNodes.map((w) => [w.id, this.watermarkMs * 1000]));
    for (const s of this.stateful) await s.load(batchId, env);
    const byNode = new Map(this.stateful.map((s) => [s.node.id, s]));
    env.statefulAggregate = (node, feed) => {
      const s = byNode.get(node.id);
      if (!s) throw new IskraError("internal: unknown stateful aggregate");
      return s.process(feed, env, this.watermarkMs > 0 ? this.watermarkMs * 1000 : undefined);
    };
    const t3 = Date.now();
    durations.queryPlanning = t3 - t2;
    let output: InternalRow[];
    try {
      output = collectRows(this.plan, env);
      await this.opts.sink.addBatch(batchId, this.opts.plan.schema, output, this.opts.outputMode);
    } catch (e) {
      for (const s of this.stateful) s.abort();
      throw e;
    }
    const t4 = Date.now();
    durations.addBatch = t4 - t3;

    // Advance the watermark from the event times seen in this batch (applies from the next batch).
    let eventTime: Record<string, string> | undefined;
    if (watermarkNodes.length) {
      let next = this.watermarkMs;
      for (const w of watermarkNodes) {
        const stats = env.eventTimes?.get(w.id);
        if (stats && stats.count) {
          const { max, min, sum, count: n } = stats;
          next = Math.max(next, Math.floor(max / 1000) - w.delayMs);
          eventTime = { avg: isoMs(sum / n / 1000), max: isoMs(max / 1000), min: isoMs(min / 1000), watermark: isoMs(this.watermarkMs) };
        }
      }
      this.watermarkMs = next;
    }

    for (const s of this.stateful) await s.commit();
    await this.checkpoint.commits.add(batchId, { nextBatchWatermarkMs: this.watermarkMs });
    for (let i = 0; i < this.sources.length; i++) await this.sources[i].commit(end[i]);
    this.committedOffsets = end;
    this.nextBatchId = batchId + 1;
    // Spark reports an idle ("no data") progress at most every 10 s after the last one or the last batch.
    this.lastNoDataProgress = Date.now();
    const t5 = Date.now();
    durations.commitOffsets = t5 - t4;
    durations.triggerExecution = t5 - triggerStart;
    await this.checkpoint.purge(batchId).catch(() => undefined);

    if (capture) this.postBatchDetail(batchId, triggerStart, watermarkBefore, start, end, counts, output, env, watermarkNodes);
    const numInputRows = counts.reduce((a, b) => a + b, 0);
    const prev = this.lastProgress;
    const sinceLast = prev ? (triggerStart - Date.parse(prev.timestamp)) / 1000 : 0;
    const processingSec = (t5 - triggerStart) / 1000;
    const rate = (n: number, secs: number) => (secs > 0 ? n / secs : 0);
    this.pushProgress({
      id: this.id,
      runId: this.runId,
      name: this.name,
      timestamp: new Date(triggerStart).toISOString(),
      batchId,
      batchDuration: t5 - triggerStart,
      numInputRows,
      inputRowsPerSecond: rate(numInputRows, sinceLast),
      processedRowsPerSecond: rate(numInputRows, processingSec),
      durationMs: Object.fromEntries(Object.entries(durations).sort(([a], [b]) => a.localeCompare(b))),
      eventTime: eventTime ?? {},
      stateOperators: this.stateful.map((s) => ({
        operatorName: "stateStoreSave",
        ...s.metrics,
        numShufflePartitions: 1,
        numStateStoreInstances: 1,
        customMetrics: {},
      })),
      observedMetrics: {},
      sources: this.sources.map((s, i) => ({
        description: s.description,
        startOffset: start[i],
        endOffset: end[i],
        latestOffset: end[i],
        numInputRows: counts[i],
        inputRowsPerSecond: rate(counts[i], sinceLast),
        processedRowsPerSecond: rate(counts[i], processingSec),
      })),
      sink: { description: this.opts.sink.description, numOutputRows: output.length },
    });
    this.setStatus(STATUS_MESSAGES.waitingForTrigger, false, false);
  }

  private postBatchDetail(
    batchId: number, triggerStart: number, watermarkBefore: number, start: Offset[], end: Offset[], counts: number[],
    output: InternalRow[], env: ExecutionEnv, watermarkNodes: Array<LogicalPlan & { kind: "Watermark" }>,
  ): void {
    let min = Infinity, max = -Infinity;
    for (const st of env.eventTimes?.values() ?? []) if (st.count) { min = Math.min(min, st.min / 1000); max = Math.max(max, st.max / 1000); }
    this.opts.bus!.post({
      kind: "batch", query: this,
      detail: buildBatchDetail({
        id: this.id, runId: this.runId, batchId, timestampMs: triggerStart, watermarkMs: watermarkBefore, nextWatermarkMs: this.watermarkMs,
        outputMode: this.opts.outputMode,
        sources: this.sources.map((s, i) => ({
          description: s.description, startOffset: start[i], endOffset: end[i], numInputRows: counts[i],
          latestAvailable: (s as { reportLatestOffset?: () => Offset }).reportLatestOffset?.(),
        })),
        sinkDescription: this.opts.sink.description, sinkSchema: this.opts.plan.schema, output,
        stateful: this.stateful,
        lateSchema: watermarkNodes[0]?.schema, lateRows: env.lateRows?.rows ?? [], lateCount: env.droppedByWatermark?.count ?? 0,
        lateEventTimeIndex: watermarkNodes[0]?.column,
        eventTimeMs: min <= max ? { min, max } : undefined,
      }),
    });
  }

  private pushProgress(p: StreamingQueryProgress, idle = false): void {
    // Like PySpark's StreamingQueryProgress: `json`/`prettyJson` strings and str() giving the JSON.
    Object.defineProperties(p, {
      json: { get: () => JSON.stringify(p), enumerable: false },
      prettyJson: { get: () => progressToJson(p), enumerable: false },
      toString: { value: () => progressToJson(p), enumerable: false },
    });
    this.progress.push(p);
    while (this.progress.length > this.opts.numRecentProgressUpdates) this.progress.shift();
    // Spark 3.5 reports an idle trigger to listeners as QueryIdleEvent, not as progress.
    this.opts.bus?.post(idle
      ? { kind: "idle", query: this, event: new QueryIdleEvent(this.id, this.runId, p.timestamp) }
      : { kind: "progress", query: this, event: new QueryProgressEvent(p) });
  }
}

function isoMs(ms: number): string {
  return new Date(Math.floor(ms)).toISOString();
}
