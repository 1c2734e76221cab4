import type { StructTypeClass } from "../types/data-types";
import type { CaseInsensitiveMap } from "./options";
import type { SaveMode } from "./save-mode";
import type { InternalRow } from "./source";
import type { ScanHints } from "./scan-filter";

/**
 * Batch reads and writes by format name (`spark.read.format(name)`, `df.write.format(name)`),
 * registered in sources/registry.ts and sinks/registry.ts beside the streaming ones. File formats
 * need no factory of their own: every FileFormat (file-format.ts) is a batch source and sink.
 *
 * A BatchSourceFactory resolves the relation now (schema, errors on the line that made the
 * DataFrame) and reads the rows at each action (`load`).
 */
export interface BatchRelation {
  schema: StructTypeClass;
  /** explain()'s name for the scan. */
  description: string;
  /** The rows; `pushed`: the columns read above the scan and filters it may skip data by. */
  load(pushed?: ScanHints): Promise<InternalRow[]>;
}

export interface BatchContext {
  /** spark.sql.session.timeZone. */
  timeZone: string;
  conf(key: string): string | undefined;
  warn(message: string): void;
}

export type BatchSourceFactory = (options: CaseInsensitiveMap, userSchema: StructTypeClass | undefined, ctx: BatchContext) => BatchRelation;

/** One batch write of a whole DataFrame; `partitionBy` as given to the writer. */
export interface BatchWrite {
  schema: StructTypeClass;
  rows: readonly InternalRow[];
  options: CaseInsensitiveMap;
  mode: SaveMode;
  partitionBy: readonly string[];
}

export type BatchSinkFactory = (write: BatchWrite, ctx: BatchContext) => Promise<void>;
