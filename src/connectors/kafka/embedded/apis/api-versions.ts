/**
 * ApiVersions (key 18) v0–2. A version above 2 gets UNSUPPORTED_VERSION in the v0 layout with the
 * full list, as Kafka answers, so the client can retry with a version both sides know.
 */
import { ErrorCode } from "../errors";
import { Writer } from "../protocol";
import type { ApiContext, ApiHandler } from "./types";

function apiVersionsBody(ctx: ApiContext, version: number, error: number): Writer {
  const w = new Writer();
  w.int16(error);
  w.array(ctx.apis, (w, a) => w.int16(a.key).int16(a.minVersion).int16(a.maxVersion));
  if (version >= 1) w.int32(0); // throttle_time_ms
  return w;
}

export const apiVersions: ApiHandler = {
  key: 18,
  name: "ApiVersions",
  minVersion: 0,
  maxVersion: 2,
  handle(_r, version, ctx) {
    return apiVersionsBody(ctx, version, ErrorCode.NONE);
  },
};

/** The answer to an ApiVersions request of a version this broker does not speak. */
export function unsupportedApiVersions(ctx: ApiContext): Writer {
  return apiVersionsBody(ctx, 0, ErrorCode.UNSUPPORTED_VERSION);
}
