/**
 * StreamingQuery, the handle of a running query (Spark's StreamExecution as the user sees it), and
 * its trigger loop. The batches themselves are MicroBatchExecution's (micro-batch-execution.ts),
 * the watermark WatermarkTracker's, progress ProgressReporter's.
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
import { optimize } from "../execution/optimizer";
import type { PhysicalOperator } from "../execution/physical/operator";
import { LogicalPlan, forEachNode } from "../plan/logical-plan";
import { Checkpoint } from "./checkpoint/checkpoint";
import type { OutputMode, Sink } from "../connector-api/sink";
import type { Offset, Source } from "../connector-api/source";
import { StreamingQueryProgress, StreamingQueryStatus as QueryStatus, STATUS_MESSAGES } from "./progress";
import type { Trigger } from "./trigger";
import { QueryListenerBus, QueryStartedEvent, QueryTerminatedEvent } from "./listener";
import { Clock, systemClock } from "./clock";
import { MicroBatchExecution } from "./micro-batch-execution";
import { ProgressReporter } from "./progress-reporter";

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

export class StreamingQuery {
  readonly id: string;
  readonly runId = randomUUID();
  readonly name: string | null;
  private active = true;
  private stopRequested = false;
  private failure?: StreamingQueryException;
  private currentStatus: QueryStatus = { message: "Initializing sources", isDataAvailable: false, isTriggerActive: false };
  private readonly checkpoint: Checkpoint;
  private readonly sources: Source[] = [];
  private readonly relations: Array<LogicalPlan & { kind: "StreamingRelation" }> = [];
  private readonly execution: MicroBatchExecution;
  private readonly reporter: ProgressReporter;
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

  /** The trigger clock: trigger starts, interval waits, current_timestamp(), progress times. */
  private readonly clock: Clock;

  constructor(private readonly opts: QueryOptions) {
    this.clock = opts.clock ?? systemClock;
    this.name = opts.name ?? null;
    this.conf = { ...opts.conf };
    const plan = optimize(opts.plan);
    this.checkpoint = opts.checkpointLocation ? Checkpoint.open(opts.checkpointLocation) : Checkpoint.createTemporary();
    this.id = this.checkpoint.queryId;
    forEachNode(plan, (n) => { if (n.kind === "StreamingRelation") this.relations.push(n); });
    this.relations.reverse();
    this.relations.forEach((r, i) => this.sources.push(r.createSource({ metadataDir: this.checkpoint.sourceDir(i) })));
    this.execution = new MicroBatchExecution({
      plan, analyzed: opts.plan, sink: opts.sink, outputMode: opts.outputMode, trigger: opts.trigger, checkpoint: this.checkpoint,
      sources: this.sources, relations: this.relations, conf: this.conf, runId: this.runId, clock: this.clock, log: opts.log,
      onConfRestored: opts.onConfRestored,
    });
    this.reporter = new ProgressReporter({
      query: this, sources: this.sources, sink: opts.sink, sinkSchema: opts.plan.schema, outputMode: opts.outputMode,
      numRecentProgressUpdates: opts.numRecentProgressUpdates, bus: opts.bus, clock: this.clock,
    });
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
    return this.reporter.last;
  }
  get recentProgress(): StreamingQueryProgress[] {
    return this.reporter.recent;
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
    const physical = this.execution.lastExecution ?? this.execution.planBatch(this.execution.nextBatchId);
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
      const x = this.execution;
      let ranBatch0 = x.nextBatchId > 0;
      while (!this.stopRequested) {
        const started = this.clock.now();
        this.pass++;
        this.setStatus(STATUS_MESSAGES.gettingOffsets(this.sources.map((x) => x.description).join(", ")), false, true);
        const latest = await x.latestOffsets();
        const hasData = x.hasNewData(latest);
        // A no-data batch (same offsets) when the last one moved the watermark past what a stateful
        // operator evicted with (Spark's spark.sql.streaming.noDataMicroBatches.enabled).
        const noDataBatch = !hasData && x.noDataBatchPending && trigger.kind !== "once";
        if (hasData || !ranBatch0 || noDataBatch) {
          if (this.stopRequested) break;
          await this.runBatch(x.nextBatchId, x.committedOffsets, noDataBatch ? x.committedOffsets : latest, started);
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
    this.reporter.idle(this.execution.nextBatchId, started, this.execution.watermark.current);
  }

  private async initialize(): Promise<void> {
    this.setStatus(STATUS_MESSAGES.initializing, false, false);
    await Promise.all(this.sources.map((s) => s.start()));
    const rerun = await this.execution.recover();
    if (rerun) await this.runBatch(rerun.batchId, rerun.start, rerun.end, this.clock.now(), true);
  }

  /** Runs one batch and reports its progress. */
  private async runBatch(batchId: number, start: Offset[], end: Offset[], triggerStart: number, isRerun = false): Promise<void> {
    this.setStatus(STATUS_MESSAGES.processing, true, true);
    // Beyond Spark (the web UI): capture the batch's details only while someone looks.
    const run = await this.execution.runBatch(batchId, start, end, triggerStart, { isRerun, capture: this.reporter.wantsDetails });
    this.reporter.batchFinished(run);
    this.setStatus(STATUS_MESSAGES.waitingForTrigger, false, false);
  }
}
