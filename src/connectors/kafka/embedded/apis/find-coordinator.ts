/** FindCoordinator (key 10) v0–2: the one broker coordinates every group (and transaction id). */
import { ErrorCode } from "../errors";
import { Writer } from "../protocol";
import type { ApiHandler } from "./types";

export const findCoordinator: ApiHandler = {
  key: 10,
  name: "FindCoordinator",
  minVersion: 0,
  maxVersion: 2,
  handle(r, version, ctx) {
    r.string(); // key (group id)
    if (version >= 1) r.int8(); // key_type
    const b = ctx.broker;
    const w = new Writer();
    if (version >= 1) w.int32(0); // throttle_time_ms
    w.int16(ErrorCode.NONE);
    if (version >= 1) w.string(null); // error_message
    w.int32(b.nodeId).string(b.config.advertisedHost).int32(b.port);
    return w;
  },
};
