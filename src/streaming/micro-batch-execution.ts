/**
 * One streaming query's micro-batches (Spark's MicroBatchExecution without the trigger loop):
 * recovery from the checkpoint, constructing a batch (offsets/N, the write-ahead log) and running
 * it — read the sources' rows in (start, end], plan it (IncrementalExecution: stateful operators
 * with their state stores and the batch's two watermarks), execute into the sink, advance the
 * watermark, commit state, commits/N, then the sources. What a batch did comes back as a BatchRun.
 */
import { compile, newEvalContext } from "../execution/evaluate";
import { collect } from "../execution/physical/operator";
import { MicroBatchPlan, planMicroBatch } from "../execution/physical/planner";
import type { LogicalPlan } from "../plan/logical-plan";
import type { Resolved } from "../plan/resolved";
import { Checkpoint } from "./checkpoint/checkpoint";
import { DEFAULT_OFFSET_LOG_CONF } from "./checkpoint/offset-log";
import { MIN_BATCHES_TO_RETAIN, MIN_DELTAS_FOR_SNAPSHOT, SESSION_TIME_ZONE, SHUFFLE_PARTITIONS, confValue } from "../config/sql-conf";
import { withTimeZone } from "../values/timestamps";
import type { OutputMode, Sink } from "../connector-api/sink";
import { READ_ALL_AVAILABLE, offsetsEqual } from "../connector-api/source";
import type { InternalRow, Offset, ReadLimit, Source } from "../connector-api/source";
import type { StateStore } from "../connector-api/state-store";
import { HdfsStateStore } from "./state/hdfs-state-store";
import type { Trigger } from "./trigger";
import type { Clock } from "./clock";
import { BatchWatermarks, WatermarkTracker } from "./watermark-tracker";
import { DETAIL_ROW_LIMIT } from "./listener";

export interface ExecutionOptions {
  /** The plan as executed (optimized); node ids are those of the analysed plan. */
  plan: LogicalPlan;
  /** The analysed plan (its schema is what the sink is told). */
  analyzed: LogicalPlan;
  sink: Sink;
  outputMode: OutputMode;
  trigger: Trigger;
  checkpoint: Checkpoint;
  sources: Source[];
  relations: Array<LogicalPlan & { kind: "StreamingRelation" }>;
  /** This query's SQL conf (changed in place by a restart's offsets/N). */
  conf: Record<string, string>;
  runId: string;
  clock: Clock;
  log: (level: "info" | "warn" | "error", message: string) => void;
  onConfRestored?: (key: string, value: string) => void;
}

/** What one batch did: the inputs of its progress and of its BatchDetail. */
export interface BatchRun {
  batchId: number;
  start: Offset[];
  end: Offset[];
  triggerStartMs: number;
  triggerEndMs: number;
  durations: Record<string, number>;
  /** Rows read per source. */
  counts: number[];
  output: InternalRow[];
  execution: MicroBatchPlan;
  /** The watermarks the batch ran with (ms), and the one it leaves for the next batch. */
  watermarks: BatchWatermarks & { nextMs: number };
  /** Whether the batch kept what the web UI shows (state changes, late rows). */
  captured: boolean;
}

export class MicroBatchExecution {
  readonly watermark = new WatermarkTracker();
  committedOffsets: Offset[] = [];
  nextBatchId = 0;
  /** The physical plan of the last batch run (for explain). */
  lastExecution?: MicroBatchPlan;
  /** The last batch moved the watermark so that a stateful operator has rows to emit or evict. */
  noDataBatchPending = false;
  /** State stores by stateful operator id (0, 1, … in plan order). */
  private readonly stateStores = new Map<number, StateStore>();

  constructor(private readonly o: ExecutionOptions) {}

  /**
   * Reads the checkpoint (Spark's populateStartOffsets): where to start, the watermarks, the
   * recorded confs. Returns the batch to re-run first, if the last one was logged but not committed.
   */
  async recover(): Promise<{ batchId: number; start: Offset[]; end: Offset[] } | undefined> {
    const decision = await this.o.checkpoint.recover();
    if (decision.warning) this.o.log("warn", decision.warning);
    this.applyOffsetLogConf(decision.conf);
    this.watermark.restore(decision.watermarkMs, decision.previousBatchWatermarkMs);
    if (decision.kind === "new") {
      this.committedOffsets = await Promise.all(this.o.sources.map((s) => s.initialOffset()));
      this.nextBatchId = 0;
      return undefined;
    }
    const start = decision.startOffsets?.offsets ?? (await Promise.all(this.o.sources.map((s) => s.initialOffset())));
    this.committedOffsets = this.o.sources.map((_, i) => start[i] ?? null);
    this.nextBatchId = decision.nextBatchId;
    if (decision.kind !== "rerun" || !decision.rerunOffsets) return undefined;
    this.o.log("info", decision.description);
    if (decision.rerunOffsets.metadata) this.watermark.restore(decision.rerunOffsets.metadata.batchWatermarkMs, decision.previousBatchWatermarkMs);
    return { batchId: this.nextBatchId, start: this.committedOffsets, end: decision.rerunOffsets.offsets.map((o, i) => o ?? this.committedOffsets[i]) };
  }

  /** Each source's latest offset, counted from the last committed end (Kafka's maxOffsetsPerTrigger). */
  latestOffsets(): Promise<Offset[]> {
    return Promise.all(this.o.sources.map((s, i) => s.latestOffset(this.committedOffsets[i] ?? null, this.readLimit(s))));
  }

  hasNewData(latest: Offset[]): boolean {
    return latest.some((o, i) => !offsetsEqual(this.o.sources[i], o, this.committedOffsets[i]));
  }

  /** Plans batch `batchId` (Spark's IncrementalExecution): stateful operators with their stores and the batch's two watermarks. */
  planBatch(batchId: number, capture = false): MicroBatchPlan {
    const w = this.watermark.forBatch();
    return planMicroBatch(this.o.plan, {
      batchId,
      outputMode: this.o.outputMode,
      watermarkMs: w.forEvictionMs,
      lateEventsWatermarkMs: w.forLateEventsMs,
      stateStores: (id) => this.stateStore(id),
      shufflePartitions: confValue(SHUFFLE_PARTITIONS, this.o.conf),
      checkpointLocation: "file:" + this.o.checkpoint.stateDir(),
      runId: this.o.runId,
      ...(capture ? { capture: { limit: DETAIL_ROW_LIMIT } } : {}),
    });
  }

  /**
   * Runs one batch: construct it (write offsets/N, unless it is a re-run of a logged batch), then
   * run it (read, plan, execute into the sink, advance the watermark, commit).
   */
  async runBatch(batchId: number, start: Offset[], end: Offset[], triggerStart: number, opts: { isRerun: boolean; capture: boolean }): Promise<BatchRun> {
    const durations: Record<string, number> = { latestOffset: this.o.clock.now() - triggerStart };
    const watermarks = this.watermark.forBatch();
    if (opts.isRerun) durations.walCommit = 0;
    else await this.timed(durations, "walCommit", () => this.o.checkpoint.offsets.add(batchId, {
      offsets: end,
      metadata: { batchWatermarkMs: watermarks.forEvictionMs, batchTimestampMs: triggerStart, conf: offsetLogConf(this.o.conf) },
    }));

    const leaves = new Map<number, InternalRow[]>();
    const counts: number[] = [];
    await this.timed(durations, "getBatch", async () => {
      for (let i = 0; i < this.o.sources.length; i++) {
        const same = offsetsEqual(this.o.sources[i], start[i], end[i]);
        const rows = scanned(same ? [] : await this.o.sources[i].getBatch(start[i], end[i]), this.o.relations[i].pushedFilters);
        leaves.set(this.o.relations[i].id, rows);
        counts.push(rows.length);
      }
    });

    const execution = await this.timed(durations, "queryPlanning", async () => {
      const planned = this.planBatch(batchId, opts.capture);
      for (const s of planned.stateful) await s.load();
      return planned;
    });
    this.lastExecution = execution;

    const output = await this.timed(durations, "addBatch", async () => {
      try {
        // In the session's time zone: the plan, and the sink's synchronous part (console formatting).
        const zone = confValue(SESSION_TIME_ZONE, this.o.conf);
        const rows = withTimeZone(zone, () => collect(execution.root, { eval: { ...newEvalContext(), nowMicros: triggerStart * 1000 }, leaves }));
        await withTimeZone(zone, () => this.o.sink.addBatch(batchId, this.o.analyzed.schema, rows, this.o.outputMode));
        return rows;
      } catch (e) {
        for (const s of execution.stateful) s.abort();
        throw e;
      }
    });

    // The event times seen move the watermark (it applies from the next batch).
    const nextMs = this.watermark.advance(watermarks.forEvictionMs, execution.watermarks);
    this.noDataBatchPending = execution.stateful.some((s) => s.needsAnotherBatch(nextMs * 1000));

    await this.timed(durations, "commitOffsets", async () => {
      for (const s of execution.stateful) await s.commit();
      await this.o.checkpoint.commits.add(batchId, { nextBatchWatermarkMs: nextMs });
      for (let i = 0; i < this.o.sources.length; i++) await this.o.sources[i].commit(end[i]);
      this.committedOffsets = end;
      this.nextBatchId = batchId + 1;
    });
    const triggerEndMs = this.o.clock.now();
    durations.triggerExecution = triggerEndMs - triggerStart;
    await this.o.checkpoint.purge(batchId, this.minBatchesToRetain).catch(() => undefined);
    return { batchId, start, end, triggerStartMs: triggerStart, triggerEndMs, durations, counts, output, execution, watermarks: { ...watermarks, nextMs }, captured: opts.capture };
  }

  /** What a batch may read of a source: everything under Trigger.Once (as Spark), else the source's default limit. */
  private readLimit(source: Source): ReadLimit {
    if (this.o.trigger.kind === "once" || !source.defaultReadLimit) return READ_ALL_AVAILABLE;
    return source.defaultReadLimit();
  }

  /** spark.sql.streaming.minBatchesToRetain: batches whose logs and state versions stay on disk. */
  private get minBatchesToRetain(): number {
    return confValue(MIN_BATCHES_TO_RETAIN, this.o.conf);
  }

  /**
   * A restart runs with the confs offsets/N recorded, not the session's (Spark's
   * OffsetSeqMetadata.setSessionConf), so state keeps its partitioning.
   */
  private applyOffsetLogConf(recorded: Record<string, string>): void {
    for (const key of Object.keys(DEFAULT_OFFSET_LOG_CONF)) {
      const value = recorded[key];
      if (value === undefined) continue;
      const mine = this.o.conf[key];
      if (mine !== undefined && mine !== value) this.o.log("warn", `Updating the value of conf '${key}' in current session from '${mine}' to '${value}'.`);
      this.o.conf[key] = value;
      this.o.onConfRestored?.(key, value);
    }
  }

  /** The state store of stateful operator `operatorId` (state/<id> in the checkpoint). */
  private stateStore(operatorId: number): StateStore {
    let store = this.stateStores.get(operatorId);
    if (!store) {
      store = new HdfsStateStore({
        stateDir: this.o.checkpoint.stateDir(), operatorId, minVersionsToRetain: this.minBatchesToRetain,
        minDeltasForSnapshot: confValue(MIN_DELTAS_FOR_SNAPSHOT, this.o.conf),
      });
      this.stateStores.set(operatorId, store);
    }
    return store;
  }

  private async timed<T>(durations: Record<string, number>, key: string, f: () => Promise<T>): Promise<T> {
    const t = this.o.clock.now();
    try { return await f(); } finally { durations[key] = this.o.clock.now() - t; }
  }
}

/** The rows a scan yields: those passing the filters pushed into it (they alone count as read). */
function scanned(rows: InternalRow[], filters: Resolved[] | undefined): InternalRow[] {
  if (!filters?.length || !rows.length) return rows;
  const ctx = newEvalContext();
  const tests = filters.map((f) => compile(f, ctx));
  return rows.filter((r) => tests.every((t) => t(r) === true));
}

/** What offsets/N records: Spark's relevant SQL confs, with this query's values. */
function offsetLogConf(conf: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...DEFAULT_OFFSET_LOG_CONF };
  for (const key of Object.keys(out)) if (conf[key] !== undefined) out[key] = conf[key];
  return out;
}
