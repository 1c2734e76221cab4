/** DeleteGroups (key 42) v0–1: only groups without members (NON_EMPTY_GROUP otherwise). */
import { Writer } from "../protocol";
import type { ApiHandler } from "./types";

export const deleteGroups: ApiHandler = {
  key: 42,
  name: "DeleteGroups",
  minVersion: 0,
  maxVersion: 1,
  handle(r, _version, ctx) {
    const ids = r.array((r) => r.string());
    const w = new Writer();
    w.int32(0); // throttle_time_ms
    w.array(ids, (w, id) => w.string(id).int16(ctx.broker.groups.delete(id)));
    return w;
  },
};
