/**
 * InitProducerId (key 22) v0–1, for idempotent producers only: a fresh producer id, epoch 0.
 * Transactions are not supported, so a transactional id is refused.
 */
import { ErrorCode } from "../errors";
import { Writer } from "../protocol";
import type { ApiHandler } from "./types";

export const initProducerId: ApiHandler = {
  key: 22,
  name: "InitProducerId",
  minVersion: 0,
  maxVersion: 1,
  handle(r, _version, ctx) {
    const transactionalId = r.nullableString();
    r.int32(); // transaction_timeout_ms
    const w = new Writer();
    w.int32(0); // throttle_time_ms
    if (transactionalId !== null) {
      ctx.broker.config.log(`InitProducerId for transactional id '${transactionalId}' refused: transactions are not supported`);
      return w.int16(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED).int64(-1).int16(-1);
    }
    return w.int16(ErrorCode.NONE).int64(ctx.broker.allocateProducerId()).int16(0);
  },
};
