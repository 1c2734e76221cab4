/** JoinGroup (key 11) v0–5; answered when the rebalance completes (see groups.ts). */
import { Writer } from "../protocol";
import type { ApiHandler } from "./types";

export const joinGroup: ApiHandler = {
  key: 11,
  name: "JoinGroup",
  minVersion: 0,
  maxVersion: 5,
  async handle(r, version, ctx) {
    const groupId = r.string();
    const sessionTimeoutMs = r.int32();
    const rebalanceTimeoutMs = version >= 1 ? r.int32() : sessionTimeoutMs;
    const memberId = r.string();
    const groupInstanceId = version >= 5 ? r.nullableString() : null;
    const protocolType = r.string();
    const protocols = r.array((r) => ({ name: r.string(), metadata: Buffer.from(r.bytes() ?? Buffer.alloc(0)) }));
    const res = await ctx.broker.groups.join({
      groupId,
      memberId,
      groupInstanceId,
      sessionTimeoutMs,
      rebalanceTimeoutMs,
      protocolType,
      protocols,
      clientId: ctx.header.clientId ?? "",
      clientHost: ctx.clientHost,
      requireKnownMemberId: version >= 4,
    });
    const w = new Writer();
    if (version >= 2) w.int32(0); // throttle_time_ms
    w.int16(res.error).int32(res.generationId).string(res.protocolName ?? "").string(res.leaderId).string(res.memberId);
    w.array(res.members, (w, m) => {
      w.string(m.memberId);
      if (version >= 5) w.string(m.groupInstanceId);
      w.bytes(m.metadata);
    });
    return w;
  },
};
