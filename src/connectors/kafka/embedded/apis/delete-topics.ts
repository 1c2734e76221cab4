/** DeleteTopics (key 20) v0–1: deletion is immediate; unknown topics get UNKNOWN_TOPIC_OR_PARTITION. */
import { ErrorCode } from "../errors";
import { Writer } from "../protocol";
import type { ApiHandler } from "./types";

export const deleteTopics: ApiHandler = {
  key: 20,
  name: "DeleteTopics",
  minVersion: 0,
  maxVersion: 1,
  handle(r, version, ctx) {
    const b = ctx.broker;
    const names = r.array((r) => r.string());
    r.int32(); // timeout_ms
    const results = names.map((name) => {
      if (!b.topics.has(name)) return { name, error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
      b.deleteTopic(name);
      b.config.log(`deleted topic ${name}`);
      return { name, error: ErrorCode.NONE };
    });
    const w = new Writer();
    if (version >= 1) w.int32(0); // throttle_time_ms
    w.array(results, (w, x) => w.string(x.name).int16(x.error));
    return w;
  },
};
