/** DescribeGroups (key 15) v0–2: state, protocol and members (metadata and assignment once Stable). */
import { ErrorCode } from "../errors";
import { Writer } from "../protocol";
import type { ApiHandler } from "./types";

export const describeGroups: ApiHandler = {
  key: 15,
  name: "DescribeGroups",
  minVersion: 0,
  maxVersion: 2,
  handle(r, version, ctx) {
    const ids = r.array((r) => r.string());
    const w = new Writer();
    if (version >= 1) w.int32(0); // throttle_time_ms
    w.array(ids, (w, id) => {
      const g = ctx.broker.groups.describe(id);
      w.int16(ErrorCode.NONE).string(id).string(g.state).string(g.protocolType).string(g.protocol);
      w.array(g.members, (w, m) => w.string(m.memberId).string(m.clientId).string(m.clientHost).bytes(m.metadata).bytes(m.assignment));
    });
    return w;
  },
};
