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
import { IskraError, StreamingQueryException, describeError, PySparkValueError } from "../errors";
import { newEvalContext } from "../execution/evaluate";
import { optimize } from "../execution/optimizer";
import { collect } from "../execution/physical/operator";
import type { PhysicalOperator } from "../execution/physical/operator";
import { MicroBatchPlan, planMicroBatch } from "../execution/physical/planner";
import { LogicalPlan, forEachNode } from "../plan/logical-plan";
import { Checkpoint } from "./checkpoint/checkpoint";
import { DEFAULT_OFFSET_LOG_CONF } from "./checkpoint/offset-log";
import { MIN_BATCHES_TO_RETAIN, MIN_DELTAS_FOR_SNAPSHOT, SESSION_TIME_ZONE, SHUFFLE_PARTITIONS, confValue } from "../config/sql-conf";
import { withTimeZone } from "../values/timestamps";
import type { OutputMode, Sink } from "../connector-api/sink";
import { READ_ALL_AVAILABLE, offsetsEqual } from "../connector-api/source";
import type { InternalRow, Offset, ReadLimit, Source } from "../connector-api/source";
import { HdfsStateStore } from "./state/hdfs-state-store";
import { StreamingQueryProgress, StreamingQueryStatus as QueryStatus, STATUS_MESSAGES, batchProgress, idleProgress } from "./progress";
import type { Trigger } from "./trigger";
import type { StateStore } from "../connector-api/state-store";
import { DETAIL_ROW_LIMIT, QueryIdleEvent, QueryListenerBus, QueryProgressEvent, QueryStartedEvent, QueryTerminatedEvent } from "./listener";
import { buildBatchDetail } from "./batch-detail";
import { Clock, systemClock } from "./clock";
import { StatefulAggregateExec } from "../execution/physical/stateful-aggregate";

export type { StreamingQueryProgress, StreamingQueryStatus as QueryStatus } from "./progress";

export interface QueryOptions {
  plan: LogicalPlan;
  sink: Sink;
  outputMode: OutputMode;
  trigger: Trigger;
  name?: string;
  /** Undefined → a temporary checkpoint deleted on stop. */
  checkpointLocation?: string;
  /**
   * The session's SQL conf at start (Spark runs a query on a clone of the session): what the
   * query obeys (spark.sql.shuffle.partitions, spark.sql.session.timeZone,
   * spark.sql.streaming.minBatchesToRetain) and what offsets/N records.
   */
  conf: Record<string, string>;
  /** Told each conf a restart takes from offsets/N (the query's cloned session obeys it too). */
  onConfRestored?: (key: string, value: string) => void;
  /** Called once the query stops or fails (the manager tracks terminations). */
  onTerminated: (q: StreamingQuery) => void;
  /** Where warnings and failures are reported (the shell prints them above the prompt). */
  log: (level: "info" | "warn" | "error", message: string) => void;
  numRecentProgressUpdates: number;
  /** Prints a plan (the API layer's explain formatting): the analysed plan and the physical plan last run. */
  explain?: (plan: LogicalPlan, physical: PhysicalOperator, extended: boolean) => void;
  /** The session's listener bus (spark.streams.addListener, the web UI). */
  bus?: QueryListenerBus;
  /** The run starts reading its checkpoint once this settles (the stopping previous run of the same query). */
  after?: Promise<unknown>;
  /** The trigger clock (default: the system clock; tests pass a ManualClock). */
  clock?: Clock;
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
  /** State stores by stateful operator id (0, 1, … in plan order). */
  private readonly stateStores = new Map<number, StateStore>();
  /** The physical plan of the last batch run (for explain). */
  private lastExecution?: MicroBatchPlan;
  private committedOffsets: Offset[] = [];
  private nextBatchId = 0;
  private watermarkMs = 0;
  /** The last batch moved the watermark so that a stateful operator has rows to emit or evict. */
  private noDataBatchPending = false;
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

  /** This query's SQL conf: the session's at start, then what offsets/N recorded on a restart. */
  private readonly conf: Record<string, string>;

  /** The plan as executed (optimized once; node ids are those of opts.plan). */
  private readonly plan: LogicalPlan;
  /** The trigger clock: trigger starts, interval waits, current_timestamp(), progress times. */
  private readonly clock: Clock;

  constructor(private readonly opts: QueryOptions) {
    this.clock = opts.clock ?? systemClock;
    this.name = opts.name ?? null;
    this.conf = { ...opts.conf };
    this.plan = optimize(opts.plan);
    this.checkpoint = opts.checkpointLocation ? Checkpoint.open(opts.checkpointLocation) : Checkpoint.createTemporary();
    this.id = this.checkpoint.queryId;
    forEachNode(this.plan, (n) => { if (n.kind === "StreamingRelation") this.relations.push(n); });
    this.relations.reverse();
    this.relations.forEach((r, i) => this.sources.push(r.createSource({ metadataDir: this.checkpoint.sourceDir(i) })));
    // Sources that can tell when data arrives (memory, socket) wake the loop at once instead of
    // waiting for the next poll.
    for (const s of this.sources) if (s.onNewData) this.unsubscribers.push(s.onNewData(() => this.dataArrived()));
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
    const physical = this.lastExecution ?? this.planBatch(this.nextBatchId);
    this.opts.explain?.(this.opts.plan, physical.root, extended);
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
      if (this.opts.after) await this.opts.after.catch(() => undefined);
      await this.initialize();
      const trigger = this.opts.trigger;
      let ranBatch0 = this.nextBatchId > 0;
      while (!this.stopRequested) {
        const started = this.clock.now();
        this.pass++;
        this.setStatus(STATUS_MESSAGES.gettingOffsets(this.sources.map((x) => x.description).join(", ")), false, true);
        // Sources that rate-limit (Kafka's maxOffsetsPerTrigger) count from the last committed end.
        const latest = await Promise.all(this.sources.map((s, i) => s.latestOffset(this.committedOffsets[i] ?? null, this.readLimit(s))));
        const hasData = latest.some((o, i) => !offsetsEqual(this.sources[i], o, this.committedOffsets[i]));
        // A no-data batch (same offsets) when the last one moved the watermark past what a stateful
        // operator evicted with (Spark's spark.sql.streaming.noDataMicroBatches.enabled).
        const noDataBatch = !hasData && this.noDataBatchPending && trigger.kind !== "once";
        if (hasData || !ranBatch0 || noDataBatch) {
          if (this.stopRequested) break;
          await this.runBatch(this.nextBatchId, this.committedOffsets, noDataBatch ? this.committedOffsets : latest, started);
          ranBatch0 = true;
          if (trigger.kind === "once") break;
          // processingTime: the next batch starts at the next interval boundary.
          if (trigger.kind === "processingTime" && trigger.intervalMs > 0) await this.pause(trigger.intervalMs - (this.clock.now() - started));
          continue;
        }
        // No new data.
        this.setStatus(STATUS_MESSAGES.waitingForData, false, false);
        this.reportIdle(started);
        if (trigger.kind === "once" || trigger.kind === "availableNow") break;
        await this.pause(trigger.intervalMs > 0 ? Math.max(POLLING_DELAY_MS, trigger.intervalMs - (this.clock.now() - started)) : POLLING_DELAY_MS);
      }
    } catch (e) {
      this.failure = e instanceof StreamingQueryException
        ? e
        : new StreamingQueryException(
            // Spark's STREAM_FAILED template names the ids, never the query name (captured from PySpark 3.5.9, test/fuzz-sources.test.ts).
            `Query [id = ${this.id}, runId = ${this.runId}] terminated with exception: ${describeError(e)}`,
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
      const cancel = this.clock.schedule(ms, resolve);
      this.wake = () => { cancel(); resolve(); };
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
    if (this.clock.now() - this.lastNoDataProgress >= NO_DATA_PROGRESS_INTERVAL_MS && this.progress.length) {
      this.lastNoDataProgress = this.clock.now();
      this.pushProgress(idleProgress(this.lastProgress!, this.nextBatchId, started, this.clock.now(), isoMs(this.watermarkMs)), true);
    }
  }

  private async initialize(): Promise<void> {
    this.setStatus(STATUS_MESSAGES.initializing, false, false);
    await Promise.all(this.sources.map((s) => s.start()));
    const decision = await this.checkpoint.recover();
    if (decision.warning) this.opts.log("warn", decision.warning);
    this.applyOffsetLogConf(decision.conf);
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
        await this.runBatch(this.nextBatchId, this.committedOffsets, end, this.clock.now(), true);
      }
    }
  }

  /** What a batch may read of a source: everything under Trigger.Once (as Spark), else the source's default limit. */
  private readLimit(source: Source): ReadLimit {
    if (this.opts.trigger.kind === "once" || !source.defaultReadLimit) return READ_ALL_AVAILABLE;
    return source.defaultReadLimit();
  }

  /** spark.sql.streaming.minBatchesToRetain: batches whose logs and state versions stay on disk. */
  private get minBatchesToRetain(): number {
    return confValue(MIN_BATCHES_TO_RETAIN, this.conf);
  }

  /**
   * A restart runs with the confs offsets/N recorded, not the session's (Spark's
   * OffsetSeqMetadata.setSessionConf), so state keeps its partitioning.
   */
  private applyOffsetLogConf(recorded: Record<string, string>): void {
    for (const key of Object.keys(DEFAULT_OFFSET_LOG_CONF)) {
      const value = recorded[key];
      if (value === undefined) continue;
      const mine = this.conf[key];
      if (mine !== undefined && mine !== value) this.opts.log("warn", `Updating the value of conf '${key}' in current session from '${mine}' to '${value}'.`);
      this.conf[key] = value;
      this.opts.onConfRestored?.(key, value);
    }
  }

  /** The state store of stateful operator `operatorId` (state/<id> in the checkpoint). */
  private stateStore(operatorId: number): StateStore {
    let store = this.stateStores.get(operatorId);
    if (!store) {
      store = new HdfsStateStore({
        stateDir: this.checkpoint.stateDir(), operatorId, minVersionsToRetain: this.minBatchesToRetain,
        minDeltasForSnapshot: confValue(MIN_DELTAS_FOR_SNAPSHOT, this.conf),
      });
      this.stateStores.set(operatorId, store);
    }
    return store;
  }

  /** Plans batch `batchId` (Spark's IncrementalExecution): stateful operators with their stores, the batch's watermark. */
  private planBatch(batchId: number): MicroBatchPlan {
    return planMicroBatch(this.plan, {
      batchId,
      outputMode: this.opts.outputMode,
      watermarkMs: this.watermarkMs,
      stateStores: (id) => this.stateStore(id),
      shufflePartitions: confValue(SHUFFLE_PARTITIONS, this.conf),
      checkpointLocation: "file:" + this.checkpoint.stateDir(),
      runId: this.runId,
    });
  }

  /**
   * Runs one batch: construct it (write offsets/N, unless it is a re-run of a logged batch), run it
   * (read the sources' rows, plan and execute, the sink, commit state, commits/N, source commits),
   * then report its progress.
   */
  private async runBatch(batchId: number, start: Offset[], end: Offset[], triggerStart: number, isRerun = false): Promise<void> {
    const durations: Record<string, number> = { latestOffset: this.clock.now() - triggerStart };
    this.setStatus(STATUS_MESSAGES.processing, true, true);
    if (isRerun) durations.walCommit = 0;
    else await this.timed(durations, "walCommit", () => this.constructNextBatch(batchId, end, triggerStart));
    const result = await this.runActivatedBatch(batchId, start, end, triggerStart, durations);
    this.reportProgress(batchId, start, end, triggerStart, durations, result);
    this.setStatus(STATUS_MESSAGES.waitingForTrigger, false, false);
  }

  /** Writes offsets/N — the write-ahead log: from here batch N is fixed. */
  private async constructNextBatch(batchId: number, end: Offset[], batchTimestampMs: number): Promise<void> {
    await this.checkpoint.offsets.add(batchId, {
      offsets: end,
      metadata: { batchWatermarkMs: this.watermarkMs, batchTimestampMs, conf: offsetLogConf(this.conf) },
    });
  }

  private async runActivatedBatch(batchId: number, start: Offset[], end: Offset[], triggerStart: number, durations: Record<string, number>): Promise<BatchResult> {
    // Read input.
    const leaves = new Map<number, InternalRow[]>();
    const counts: number[] = [];
    await this.timed(durations, "getBatch", async () => {
      for (let i = 0; i < this.sources.length; i++) {
        const same = offsetsEqual(this.sources[i], start[i], end[i]);
        const rows = same ? [] : await this.sources[i].getBatch(start[i], end[i]);
        leaves.set(this.relations[i].id, rows);
        counts.push(rows.length);
      }
    });

    // Plan the batch and load its state.
    const watermarkMs = this.watermarkMs;
    const execution = await this.timed(durations, "queryPlanning", async () => {
      const planned = this.planBatch(batchId);
      for (const s of planned.stateful) await s.load();
      return planned;
    });
    // Beyond Spark (the web UI): capture the batch's details only while someone looks.
    const capture = this.opts.bus?.wantsDetails() ?? false;
    if (capture) {
      for (const s of execution.stateful) if (s instanceof StatefulAggregateExec) s.captureChanges = true;
      for (const w of execution.watermarks) w.lateRows = { rows: [], limit: DETAIL_ROW_LIMIT };
    }
    this.lastExecution = execution;

    // Run it into the sink.
    const output = await this.timed(durations, "addBatch", async () => {
      try {
        // In the session's time zone: the plan, and the sink's synchronous part (console formatting).
        const zone = confValue(SESSION_TIME_ZONE, this.conf);
        const rows = withTimeZone(zone, () => collect(execution.root, { eval: { ...newEvalContext(), nowMicros: triggerStart * 1000 }, leaves }));
        await withTimeZone(zone, () => this.opts.sink.addBatch(batchId, this.opts.plan.schema, rows, this.opts.outputMode));
        return rows;
      } catch (e) {
        for (const s of execution.stateful) s.abort();
        throw e;
      }
    });

    // Advance the watermark from the event times seen in this batch (applies from the next batch).
    // Spark reports the watermark in eventTime whenever the plan has one, even for a batch with no
    // rows (ProgressReporter's watermarkTimestamp); avg/max/min only when rows were seen.
    let eventTime: Record<string, string> | undefined = execution.watermarks.length ? { watermark: isoMs(watermarkMs) } : undefined;
    let next = watermarkMs;
    for (const w of execution.watermarks) {
      const stats = w.stats;
      if (stats && stats.count) {
        const { max, min, sum, count: n } = stats;
        next = Math.max(next, Math.floor(max / 1000) - w.logical.delayMs);
        eventTime = { avg: isoMs(sum / n / 1000), max: isoMs(max / 1000), min: isoMs(min / 1000), watermark: isoMs(watermarkMs) };
      }
    }
    this.watermarkMs = next;
    this.noDataBatchPending = execution.stateful.some((s) => s.needsAnotherBatch(next * 1000));

    await this.timed(durations, "commitOffsets", async () => {
      for (const s of execution.stateful) await s.commit();
      await this.checkpoint.commits.add(batchId, { nextBatchWatermarkMs: this.watermarkMs });
      for (let i = 0; i < this.sources.length; i++) await this.sources[i].commit(end[i]);
      this.committedOffsets = end;
      this.nextBatchId = batchId + 1;
      // Spark reports an idle ("no data") progress at most every 10 s after the last one or the last batch.
      this.lastNoDataProgress = this.clock.now();
    });
    const triggerEnd = this.clock.now();
    durations.triggerExecution = triggerEnd - triggerStart;
    if (capture) this.postBatchDetail(batchId, triggerStart, watermarkMs, start, end, counts, output, execution);
    await this.checkpoint.purge(batchId, this.minBatchesToRetain).catch(() => undefined);
    return { counts, numOutputRows: output.length, eventTime: eventTime ?? {}, execution, triggerEnd };
  }

  private reportProgress(batchId: number, start: Offset[], end: Offset[], triggerStart: number, durations: Record<string, number>, r: BatchResult): void {
    const prev = this.lastProgress;
    this.pushProgress(batchProgress({
      id: this.id,
      runId: this.runId,
      name: this.name,
      batchId,
      triggerStartMs: triggerStart,
      triggerEndMs: r.triggerEnd,
      previousTriggerStartMs: prev ? Date.parse(prev.timestamp) : undefined,
      durationMs: durations,
      eventTime: r.eventTime,
      stateOperators: r.execution.stateful.map((s) => ({
        operatorName: s.operatorName,
        ...s.metrics,
        numShufflePartitions: 1,
        numStateStoreInstances: 1,
        customMetrics: {},
      })),
      sources: this.sources.map((s, i) => ({ description: s.description, startOffset: start[i], endOffset: end[i], latestOffset: end[i], numInputRows: r.counts[i] })),
      sink: { description: this.opts.sink.description, numOutputRows: r.numOutputRows },
    }));
  }

  private async timed<T>(durations: Record<string, number>, key: string, f: () => Promise<T>): Promise<T> {
    const t = this.clock.now();
    try { return await f(); } finally { durations[key] = this.clock.now() - t; }
  }

  private postBatchDetail(batchId: number, triggerStart: number, watermarkBefore: number, start: Offset[], end: Offset[], counts: number[], output: InternalRow[], execution: MicroBatchPlan): void {
    let min = Infinity, max = -Infinity;
    for (const w of execution.watermarks) if (w.stats?.count) { min = Math.min(min, w.stats.min / 1000); max = Math.max(max, w.stats.max / 1000); }
    // Late rows: dropped at the watermark, or — under a window aggregate — by their window's end.
    const w0 = execution.watermarks[0];
    let lateSchema = w0?.logical.schema;
    let lateRows = execution.watermarks.flatMap((w) => w.lateRows?.rows ?? []);
    let lateEventTimesMs = lateRows.map((r) => (r[w0.logical.column] as number) / 1000);
    const aggregates = execution.stateful.filter((s): s is StatefulAggregateExec => s instanceof StatefulAggregateExec);
    const windowLate = aggregates.find((s) => s.lateCapture?.rows.length);
    if (!lateRows.length && windowLate) {
      lateSchema = windowLate.logical.child.schema;
      lateRows = windowLate.lateCapture!.rows;
      lateEventTimesMs = windowLate.lateCapture!.windows.map((w) => ((w as number[])[0]) / 1000);
    }
    // A stateful operator's numRowsDroppedByWatermark includes the watermark's drops below it.
    const lateCount = execution.stateful.length
      ? execution.stateful.reduce((n, s) => n + s.metrics.numRowsDroppedByWatermark, 0)
      : execution.watermarks.reduce((n, w) => n + w.dropped, 0);
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
        stateful: aggregates,
        lateSchema, lateRows, lateCount, lateEventTimesMs,
        eventTimeMs: min <= max ? { min, max } : undefined,
      }),
    });
  }

  private pushProgress(p: StreamingQueryProgress, idle = false): void {
    this.progress.push(p);
    while (this.progress.length > this.opts.numRecentProgressUpdates) this.progress.shift();
    // Spark 3.5 reports an idle trigger to listeners as QueryIdleEvent, not as progress.
    this.opts.bus?.post(idle
      ? { kind: "idle", query: this, event: new QueryIdleEvent(this.id, this.runId, p.timestamp) }
      : { kind: "progress", query: this, event: new QueryProgressEvent(p) });
  }
}

/** What offsets/N records: Spark's relevant SQL confs, with this query's values. */
function offsetLogConf(conf: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...DEFAULT_OFFSET_LOG_CONF };
  for (const key of Object.keys(out)) if (conf[key] !== undefined) out[key] = conf[key];
  return out;
}

interface BatchResult {
  counts: number[];
  numOutputRows: number;
  eventTime: Record<string, string>;
  execution: MicroBatchPlan;
  triggerEnd: number;
}

function isoMs(ms: number): string {
  return new Date(Math.floor(ms)).toISOString();
}
