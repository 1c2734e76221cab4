/** A SourceContext for unit tests of sources: warnings collected, no checkpoint, one partition. */
import type { SourceContext } from "../../src/connector-api/source";

export function testContext(extra: Partial<SourceContext> = {}): SourceContext {
  return { logger: { warn: () => undefined }, defaultParallelism: 1, ...extra };
}
