/** Heartbeat (key 12) v0–3: REBALANCE_IN_PROGRESS tells a member to rejoin. */
import { Writer } from "../protocol";
import type { ApiHandler } from "./types";

export const heartbeat: ApiHandler = {
  key: 12,
  name: "Heartbeat",
  minVersion: 0,
  maxVersion: 3,
  handle(r, version, ctx) {
    const groupId = r.string();
    const generationId = r.int32();
    const memberId = r.string();
    if (version >= 3) r.nullableString(); // group_instance_id
    const error = ctx.broker.groups.heartbeat(groupId, generationId, memberId);
    const w = new Writer();
    if (version >= 1) w.int32(0); // throttle_time_ms
    return w.int16(error);
  },
};
