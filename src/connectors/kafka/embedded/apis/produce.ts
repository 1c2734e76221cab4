/**
 * Produce (key 0) v3–7 (record batch v2 only). Each partition's record set is split into batches
 * and validated (CRC-32C, size against max.message.bytes, offsets); each batch is stored as it
 * came, with its base offset and partition leader epoch rewritten. LogAppendTime topics also get
 * the append time (and a new CRC). Idempotent producers (producer id ≥ 0) have their sequence
 * numbers checked: a retried batch gets its first offset back, a gap OUT_OF_ORDER_SEQUENCE_NUMBER.
 * acks=0 gets no response; acks 1 and -1 are the same on one broker.
 */
import { ErrorCode } from "../errors";
import type { PartitionLog, ProducerState } from "../log";
import { Writer } from "../protocol";
import { prepareForLog, splitProducedRecords, type BatchInfo } from "../batch-validation";
import type { ApiHandler } from "./types";

interface PartitionResult {
  partition: number;
  error: number;
  baseOffset: number;
  logAppendTime: number;
  logStartOffset: number;
}

export const produce: ApiHandler = {
  key: 0,
  name: "Produce",
  minVersion: 3,
  maxVersion: 7,
  handle(r, version, ctx) {
    const b = ctx.broker;
    r.nullableString(); // transactional_id
    const acks = r.int16();
    r.int32(); // timeout_ms
    const topics = r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => ({ partition: r.int32(), records: r.bytes() })),
    }));
    const results = topics.map((t) => {
      const topic = b.topics.get(t.name);
      return {
        name: t.name,
        partitions: t.partitions.map((p): PartitionResult => {
          const result: PartitionResult = { partition: p.partition, error: ErrorCode.NONE, baseOffset: -1, logAppendTime: -1, logStartOffset: -1 };
          const log = topic?.partitions[p.partition];
          if (!topic || !log) {
            result.error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
            return result;
          }
          if (acks !== 0 && acks !== 1 && acks !== -1) {
            result.error = ErrorCode.INVALID_REQUIRED_ACKS;
            return result;
          }
          if (!p.records) {
            result.error = ErrorCode.INVALID_RECORD;
            return result;
          }
          const split = splitProducedRecords(p.records, topic.maxMessageBytes(b.config.maxMessageBytes));
          if (!split.ok) {
            b.config.log(`produce to ${t.name}-${p.partition} from ${ctx.header.clientId ?? "?"} refused: ${split.message}`);
            result.error = split.error;
            return result;
          }
          const appendTime = topic.logAppendTime ? Date.now() : undefined;
          for (let i = 0; i < split.batches.length; i++) {
            const info = split.batches[i];
            const seq = checkSequence(log, info);
            if (seq.error !== ErrorCode.NONE) {
              result.error = seq.error;
              return result;
            }
            let base: number;
            if (seq.duplicateOf !== undefined) base = seq.duplicateOf;
            else {
              base = log.logEndOffset;
              log.append(prepareForLog(p.records, info, base, appendTime), info.lastOffsetDelta, appendTime ?? info.maxTimestamp);
              recordSequence(log, info, base);
            }
            if (i === 0) result.baseOffset = base;
          }
          b.applyRetention(topic, p.partition);
          result.logAppendTime = appendTime ?? -1;
          result.logStartOffset = log.logStartOffset;
          return result;
        }),
      };
    });
    if (acks === 0) return null;
    const w = new Writer();
    w.array(results, (w, t) => {
      w.string(t.name);
      w.array(t.partitions, (w, p) => {
        w.int32(p.partition).int16(p.error).int64(p.baseOffset).int64(p.logAppendTime);
        if (version >= 5) w.int64(p.logStartOffset);
      });
    });
    w.int32(0); // throttle_time_ms
    return w;
  },
};

const MAX_RECENT = 5;

function lastSequence(info: BatchInfo): number {
  const last = info.baseSequence + info.lastOffsetDelta;
  return last > 0x7fffffff ? last - 0x80000000 : last;
}

function checkSequence(log: PartitionLog, info: BatchInfo): { error: number; duplicateOf?: number } {
  if (info.producerId < 0) return { error: ErrorCode.NONE };
  const st = log.producers.get(info.producerId);
  if (!st || info.producerEpoch > st.epoch) return { error: ErrorCode.NONE };
  if (info.producerEpoch < st.epoch) return { error: ErrorCode.INVALID_PRODUCER_EPOCH };
  const dup = st.recent.find((x) => x.firstSeq === info.baseSequence && x.lastSeq === lastSequence(info));
  if (dup) return { error: ErrorCode.NONE, duplicateOf: dup.baseOffset };
  const last = st.recent[st.recent.length - 1];
  const expected = last ? (last.lastSeq === 0x7fffffff ? 0 : last.lastSeq + 1) : info.baseSequence;
  if (info.baseSequence !== expected) return { error: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
  return { error: ErrorCode.NONE };
}

function recordSequence(log: PartitionLog, info: BatchInfo, baseOffset: number): void {
  if (info.producerId < 0) return;
  let st: ProducerState | undefined = log.producers.get(info.producerId);
  if (!st || info.producerEpoch > st.epoch) {
    st = { epoch: info.producerEpoch, recent: [] };
    log.producers.set(info.producerId, st);
  }
  st.recent.push({ firstSeq: info.baseSequence, lastSeq: lastSequence(info), baseOffset });
  if (st.recent.length > MAX_RECENT) st.recent.shift();
}
