/**
 * Fetch (key 1) v4–11, sessionless (session id 0). Each partition gets whole stored batches from
 * the one holding its fetch offset, up to the partition's max bytes, and always at least one batch
 * while the response is under its max bytes (KIP-74), so a batch larger than a limit still moves
 * the reader on. High watermark = last stable offset = log end (no transactions, one replica),
 * no aborted transactions, preferred read replica -1.
 *
 * When fewer than min_bytes are there, the request waits up to max_wait_ms for an append to one
 * of its partitions (long poll), so idle consumers do not spin.
 */
import { ErrorCode } from "../errors";
import type { PartitionLog } from "../log";
import { Writer } from "../protocol";
import type { ApiContext, ApiHandler } from "./types";

interface PartitionRequest {
  partition: number;
  fetchOffset: number;
  maxBytes: number;
}

interface TopicRequest {
  name: string;
  partitions: PartitionRequest[];
}

export const fetch: ApiHandler = {
  key: 1,
  name: "Fetch",
  minVersion: 4,
  maxVersion: 11,
  handle(r, version, ctx) {
    r.int32(); // replica_id
    const maxWaitMs = r.int32();
    const minBytes = r.int32();
    const maxBytes = r.int32();
    r.int8(); // isolation_level: no transactions, so both levels see the same
    if (version >= 7) {
      r.int32(); // session_id
      r.int32(); // session_epoch
    }
    const topics: TopicRequest[] = r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => {
        const partition = r.int32();
        if (version >= 9) r.int32(); // current_leader_epoch
        const fetchOffset = r.int64();
        if (version >= 5) r.int64(); // log_start_offset (followers only)
        return { partition, fetchOffset, maxBytes: r.int32() };
      }),
    }));
    // forgotten_topics_data (v7+) and rack_id (v11) need no answer without sessions or racks.

    const build = () => buildResponse(ctx, version, topics, maxBytes);
    if (maxWaitMs <= 0 || available(ctx, topics) >= Math.max(minBytes, 1)) return build();
    return new Promise<Writer | null>((resolve) => {
      let finished = false;
      let cancelWaits: (() => void)[] = [];
      const finish = (answer = true) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        cancelClose();
        for (const c of cancelWaits) c();
        resolve(answer && !ctx.broker.isStopped ? build() : null);
      };
      const arm = () => {
        cancelWaits = [];
        const seen = new Set<PartitionLog>();
        for (const t of topics)
          for (const p of t.partitions) {
            const log = ctx.broker.partition(t.name, p.partition);
            if (log && !seen.has(log)) {
              seen.add(log);
              cancelWaits.push(log.onAppend(onData));
            }
          }
      };
      const onData = () => {
        if (finished) return;
        for (const c of cancelWaits) c();
        if (ctx.broker.isStopped || available(ctx, topics) >= Math.max(minBytes, 1)) finish();
        else arm();
      };
      const timer = setTimeout(finish, maxWaitMs);
      const cancelClose = ctx.onClose(() => finish(false));
      arm();
    });
  },
};

/** Bytes ready for the request, or Infinity when a partition has an error to report. */
function available(ctx: ApiContext, topics: TopicRequest[]): number {
  let n = 0;
  for (const t of topics)
    for (const p of t.partitions) {
      const log = ctx.broker.partition(t.name, p.partition);
      if (!log || p.fetchOffset < log.logStartOffset || p.fetchOffset > log.logEndOffset) return Infinity;
      n += log.bytesFrom(p.fetchOffset);
    }
  return n;
}

function buildResponse(ctx: ApiContext, version: number, topics: TopicRequest[], maxBytes: number): Writer {
  const w = new Writer(1024);
  w.int32(0); // throttle_time_ms
  if (version >= 7) w.int16(ErrorCode.NONE).int32(0); // error_code, session_id
  let total = 0;
  w.array(topics, (w, t) => {
    w.string(t.name);
    w.array(t.partitions, (w, p) => {
      const log = ctx.broker.partition(t.name, p.partition);
      let error: number = ErrorCode.NONE;
      if (!log) error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      else if (p.fetchOffset < log.logStartOffset || p.fetchOffset > log.logEndOffset) error = ErrorCode.OFFSET_OUT_OF_RANGE;
      w.int32(p.partition).int16(error);
      const ok = log !== undefined && error === ErrorCode.NONE;
      const end = ok ? log!.logEndOffset : -1;
      w.int64(end).int64(end); // high_watermark, last_stable_offset
      if (version >= 5) w.int64(ok ? log!.logStartOffset : -1);
      w.int32(0); // aborted_transactions
      if (version >= 11) w.int32(-1); // preferred_read_replica
      if (!log || error !== ErrorCode.NONE || total >= maxBytes) {
        w.int32(0);
        return;
      }
      const got = log.read(p.fetchOffset, Math.min(p.maxBytes, maxBytes - total), true);
      total += got.bytes;
      w.bytesList(got.chunks);
    });
  });
  return w;
}
