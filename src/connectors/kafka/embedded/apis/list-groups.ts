/** ListGroups (key 16) v0–2. */
import { ErrorCode } from "../errors";
import { Writer } from "../protocol";
import type { ApiHandler } from "./types";

export const listGroups: ApiHandler = {
  key: 16,
  name: "ListGroups",
  minVersion: 0,
  maxVersion: 2,
  handle(_r, version, ctx) {
    const w = new Writer();
    if (version >= 1) w.int32(0); // throttle_time_ms
    w.int16(ErrorCode.NONE);
    w.array(ctx.broker.groups.list(), (w, g) => w.string(g.groupId).string(g.protocolType));
    return w;
  },
};
