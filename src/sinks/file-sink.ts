/**
 * Spark's FileStreamSink for every file format (`writeStream.format("csv"|"json"|"text"|"parquet")`):
 * each micro-batch's rows go to new part files (`part-00000-<uuid>.c000.csv`, under `col=value/`
 * with partitionBy), then the batch is committed to `<path>/_spark_metadata/<batchId>`. Exactly
 * once: files become part of the output only with that log entry (readers list the log), and a
 * batch already in the log is skipped when a restarted query runs it again. Append mode only.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomUUID } from "node:crypto";
import { AnalysisException } from "../errors";
import type { FileFormat, FileFormatContext } from "../connector-api/file-format";
import { CaseInsensitiveMap } from "../connector-api/options";
import type { OutputMode, Sink, SinkFactory } from "../connector-api/sink";
import type { InternalRow } from "../connector-api/source";
import type { StructTypeClass } from "../types/data-types";
import { withTimeZone } from "../values/timestamps";
import { groupByPartition, partFileName, partitionIndexes } from "../formats/committer";
import { commitSinkBatch, latestSinkBatch } from "../formats/sink-log";
import { localPath } from "../formats/listing";

const MODE_NAME: Record<OutputMode, string> = { append: "Append", complete: "Complete", update: "Update" };

class FileStreamSink implements Sink {
  readonly description: string;
  constructor(
    private readonly dir: string,
    private readonly format: FileFormat,
    private readonly options: CaseInsensitiveMap,
    private readonly partitionBy: readonly string[],
    private readonly ctx: FileFormatContext,
  ) {
    this.description = `FileSink[file:${dir}]`;
  }

  async addBatch(batchId: number, schema: StructTypeClass, rows: InternalRow[]): Promise<void> {
    if (latestSinkBatch(this.dir) >= batchId) return; // committed before a restart: Spark skips it
    const partIdx = partitionIndexes(schema, this.partitionBy);
    const { dataSchema, groups } = withTimeZone(this.ctx.timeZone, () => groupByPartition(schema, rows, partIdx));
    const ext = this.format.extension(this.options, this.ctx);
    const files: string[] = [];
    for (const g of rows.length ? groups : []) {
      const file = path.join(this.dir, g.dirs, partFileName(randomUUID(), 0, ext, true));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await withTimeZone(this.ctx.timeZone, () => this.format.writeFile(file, dataSchema, g.rows, this.options, this.ctx));
      files.push(file);
    }
    const interval = Number(this.ctx.conf("spark.sql.streaming.fileSink.log.compactInterval") ?? "10");
    commitSinkBatch(this.dir, batchId, files, interval > 0 ? interval : 10);
  }
}

/** The streaming file sink factory of a file format. */
export function fileSinkFactory(format: FileFormat): SinkFactory {
  return (options, ctx) => {
    if (ctx.outputMode !== "append")
      throw new AnalysisException(`Data source ${format.name} does not support ${MODE_NAME[ctx.outputMode]} output mode.`, "_LEGACY_ERROR_TEMP_1183");
    const opts = new CaseInsensitiveMap(options);
    const dir = localPath(opts.get("path")!);
    fs.mkdirSync(dir, { recursive: true });
    return new FileStreamSink(dir, format, opts, ctx.partitionBy ?? [], {
      timeZone: ctx.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      conf: (k) => ctx.conf?.(k),
    });
  };
}
