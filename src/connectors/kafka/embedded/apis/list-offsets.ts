/**
 * ListOffsets (key 2) v0–3: -1 the log end (the high watermark; also the last stable offset, as
 * there are no transactions), -2 the log start, otherwise the first record whose timestamp is at
 * or after the given one (offset -1 when there is none). v0 answers with an offset list.
 */
import { ErrorCode } from "../errors";
import { Writer } from "../protocol";
import type { ApiHandler } from "./types";

const LATEST = -1;
const EARLIEST = -2;

export const listOffsets: ApiHandler = {
  key: 2,
  name: "ListOffsets",
  minVersion: 0,
  maxVersion: 3,
  handle(r, version, ctx) {
    const b = ctx.broker;
    r.int32(); // replica_id
    if (version >= 2) r.int8(); // isolation_level: the same answer for both
    const topics = r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => {
        const partition = r.int32();
        const timestamp = r.int64();
        const maxNumOffsets = version === 0 ? r.int32() : 1;
        return { partition, timestamp, maxNumOffsets };
      }),
    }));
    const w = new Writer();
    if (version >= 2) w.int32(0); // throttle_time_ms
    w.array(topics, (w, t) => {
      w.string(t.name);
      w.array(t.partitions, (w, p) => {
        const log = b.partition(t.name, p.partition);
        let error: number = ErrorCode.NONE;
        let offset = -1;
        let timestamp = -1;
        if (!log) error = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        else if (p.timestamp === LATEST) offset = log.logEndOffset;
        else if (p.timestamp === EARLIEST) offset = log.logStartOffset;
        else if (p.timestamp < 0) error = ErrorCode.UNSUPPORTED_VERSION; // -3 (max timestamp) needs v7
        else {
          const hit = log.offsetForTimestamp(p.timestamp);
          if (hit) [offset, timestamp] = hit;
        }
        w.int32(p.partition).int16(error);
        if (version === 0) {
          if (error !== ErrorCode.NONE || offset < 0 || p.maxNumOffsets < 1) w.int32(0);
          else w.int32(1).int64(offset);
        } else w.int64(timestamp).int64(offset);
      });
    });
    return w;
  },
};
