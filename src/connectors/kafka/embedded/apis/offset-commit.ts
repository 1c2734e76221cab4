/** OffsetCommit (key 8) v0–5: group-managed commits (member + generation) and simple ones (-1, ""). */
import { Writer } from "../protocol";
import type { ApiHandler } from "./types";

export const offsetCommit: ApiHandler = {
  key: 8,
  name: "OffsetCommit",
  minVersion: 0,
  maxVersion: 5,
  handle(r, version, ctx) {
    const groupId = r.string();
    const generationId = version >= 1 ? r.int32() : -1;
    const memberId = version >= 1 ? r.string() : "";
    if (version >= 2 && version <= 4) r.int64(); // retention_time_ms
    const topics = r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => {
        const partition = r.int32();
        const offset = r.int64();
        if (version === 1) r.int64(); // commit_timestamp
        return { partition, offset, metadata: r.nullableString() };
      }),
    }));
    const flat = topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, ...p })));
    const errors = ctx.broker.groups.commit(groupId, generationId, memberId, flat);
    let i = 0;
    const w = new Writer();
    if (version >= 3) w.int32(0); // throttle_time_ms
    w.array(topics, (w, t) => {
      w.string(t.name);
      w.array(t.partitions, (w, p) => w.int32(p.partition).int16(errors[i++]));
    });
    return w;
  },
};
