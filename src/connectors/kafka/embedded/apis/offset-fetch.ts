/** OffsetFetch (key 9) v0–4: -1 (and empty metadata) for partitions with nothing committed; null topics (v2+) = all. */
import { ErrorCode } from "../errors";
import { Writer } from "../protocol";
import type { ApiHandler } from "./types";

export const offsetFetch: ApiHandler = {
  key: 9,
  name: "OffsetFetch",
  minVersion: 0,
  maxVersion: 4,
  handle(r, version, ctx) {
    const groupId = r.string();
    const topics = r.nullableArray((r) => ({ topic: r.string(), partitions: r.array((r) => r.int32()) }));
    const result = ctx.broker.groups.committed(groupId, topics);
    const w = new Writer();
    if (version >= 3) w.int32(0); // throttle_time_ms
    w.array(result, (w, t) => {
      w.string(t.topic);
      w.array(t.partitions, (w, p) => w.int32(p.partition).int64(p.offset).string(p.metadata).int16(ErrorCode.NONE));
    });
    if (version >= 2) w.int16(ErrorCode.NONE);
    return w;
  },
};
