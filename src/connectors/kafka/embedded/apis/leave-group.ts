/** LeaveGroup (key 13) v0–3 (v3 names several members, each with its own error). */
import { ErrorCode } from "../errors";
import { Writer } from "../protocol";
import type { ApiHandler } from "./types";

export const leaveGroup: ApiHandler = {
  key: 13,
  name: "LeaveGroup",
  minVersion: 0,
  maxVersion: 3,
  handle(r, version, ctx) {
    const groupId = r.string();
    const members =
      version >= 3 ? r.array((r) => ({ memberId: r.string(), groupInstanceId: r.nullableString() })) : [{ memberId: r.string(), groupInstanceId: null }];
    const errors = ctx.broker.groups.leave(groupId, members.map((m) => m.memberId));
    const w = new Writer();
    if (version >= 1) w.int32(0); // throttle_time_ms
    if (version < 3) return w.int16(errors[0]);
    w.int16(ErrorCode.NONE);
    w.array(members, (w, m) => {
      w.string(m.memberId).string(m.groupInstanceId).int16(errors[members.indexOf(m)]);
    });
    return w;
  },
};
