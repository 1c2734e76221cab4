/** SyncGroup (key 14) v0–3: the leader's assignments are relayed to every member. */
import { Writer } from "../protocol";
import type { ApiHandler } from "./types";

export const syncGroup: ApiHandler = {
  key: 14,
  name: "SyncGroup",
  minVersion: 0,
  maxVersion: 3,
  async handle(r, version, ctx) {
    const groupId = r.string();
    const generationId = r.int32();
    const memberId = r.string();
    if (version >= 3) r.nullableString(); // group_instance_id
    const assignments = r.array((r) => ({ memberId: r.string(), assignment: Buffer.from(r.bytes() ?? Buffer.alloc(0)) }));
    const res = await ctx.broker.groups.sync(groupId, generationId, memberId, assignments);
    const w = new Writer();
    if (version >= 1) w.int32(0); // throttle_time_ms
    w.int16(res.error).bytes(res.assignment);
    return w;
  },
};
