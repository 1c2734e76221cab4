import { showString } from "../execution/show";
import type { OutputMode, Sink } from "../connector-api/sink";
import type { InternalRow } from "../connector-api/source";
import type { StructTypeClass } from "../types/data-types";
import type { CaseInsensitiveMap } from "../connector-api/options";

const RULE = "-------------------------------------------";

/** Spark's console sink: a `Batch: N` header and a show() table per micro-batch (options numRows, truncate). */
export class ConsoleSink implements Sink {
  readonly description = `org.apache.spark.sql.execution.streaming.ConsoleTable$@${Math.floor(Math.random() * 0x7fffffff).toString(16)}`;
  private readonly numRows: number;
  private readonly truncate: boolean;

  constructor(options: CaseInsensitiveMap, private readonly print: (text: string) => void) {
    this.numRows = Number(options.get("numrows") ?? 20);
    this.truncate = String(options.get("truncate") ?? "true").toLowerCase() !== "false";
  }

  async addBatch(batchId: number, schema: StructTypeClass, rows: InternalRow[], _mode: OutputMode): Promise<void> {
    const table = showString(schema, rows.slice(0, this.numRows + 1), this.numRows, this.truncate ? 20 : 0);
    this.print(`${RULE}\nBatch: ${batchId}\n${RULE}\n${table}\n`);
  }
}
