/**
 * Spark's batch write protocol for files (FileFormatWriter + the Hadoop output committer, v1):
 * save modes, `partitionBy` directories, part files written under `<dir>/_temporary/0/…` and
 * renamed into place only when every one is complete, then `_SUCCESS`. Names as Spark's:
 * `part-00000-<job uuid>-c000<ext>`. `spark.sql.sources.partitionOverwriteMode`: static
 * (overwrite replaces the whole directory) or dynamic (only the partitions written to).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomUUID } from "node:crypto";
import { AnalysisException } from "../errors";
import type { FileFormat, FileFormatContext } from "../connector-api/file-format";
import type { CaseInsensitiveMap } from "../connector-api/options";
import type { SaveMode } from "../connector-api/save-mode";
import type { InternalRow } from "../connector-api/source";
import { StructTypeClass } from "../types/data-types";
import { withTimeZone } from "../values/timestamps";
import { partitionDirName } from "./partitions";

export interface WriteJob {
  dir: string;
  format: FileFormat;
  schema: StructTypeClass;
  rows: readonly InternalRow[];
  options: CaseInsensitiveMap;
  mode: SaveMode;
  partitionBy: readonly string[];
  ctx: FileFormatContext;
}

/** Partition columns checked as Spark's PartitioningUtils.validatePartitionColumn; their indexes. */
export function partitionIndexes(schema: StructTypeClass, partitionBy: readonly string[]): number[] {
  const idx = partitionBy.map((c) => {
    const i = schema.fields.findIndex((f) => f.name.toLowerCase() === c.toLowerCase());
    if (i < 0) throw new AnalysisException(`Partition column \`${c}\` not found in schema ${schema.simpleString()}`);
    return i;
  });
  if (idx.length && idx.length === schema.fields.length) throw new AnalysisException("Cannot use all columns for partition columns");
  return idx;
}

interface Group { dirs: string; rows: InternalRow[] }

/** Rows grouped by their partition directory (`a=1/b=x`), in first-seen order; data columns only. */
export function groupByPartition(schema: StructTypeClass, rows: readonly InternalRow[], partIdx: readonly number[]): { dataSchema: StructTypeClass; groups: Group[] } {
  const dataIdx = schema.fields.map((_, i) => i).filter((i) => !partIdx.includes(i));
  const dataSchema = new StructTypeClass(dataIdx.map((i) => schema.fields[i]));
  if (!partIdx.length) return { dataSchema, groups: [{ dirs: "", rows: rows as InternalRow[] }] };
  const byDir = new Map<string, InternalRow[]>();
  for (const r of rows) {
    const dirs = partIdx.map((i) => partitionDirName(schema.fields[i].name, r[i], schema.fields[i].dataType)).join("/");
    let g = byDir.get(dirs);
    if (!g) byDir.set(dirs, (g = []));
    g.push(dataIdx.map((i) => r[i]));
  }
  return { dataSchema, groups: [...byDir].map(([dirs, rs]) => ({ dirs, rows: rs })) };
}

/** The part file name Spark gives task `task`'s `n`-th file of a job (`.c000` inside partition directories, `-c000` otherwise). */
export function partFileName(jobId: string, task: number, ext: string, partitioned: boolean, n = 0): string {
  return `part-${String(task).padStart(5, "0")}-${jobId}${partitioned ? "." : "-"}c${String(n).padStart(3, "0")}${ext}`;
}

/** Runs one batch write job (see the file header); resolves to the files it committed. */
export async function writeFiles(job: WriteJob): Promise<string[]> {
  const { dir, format, options, ctx } = job;
  const exists = fs.existsSync(dir);
  if (exists) {
    if (job.mode === "errorifexists")
      throw new AnalysisException(`Path file:${dir} already exists. Set mode as "overwrite" to overwrite the existing path.`, "PATH_ALREADY_EXISTS");
    if (job.mode === "ignore") return [];
  }
  const partIdx = partitionIndexes(job.schema, job.partitionBy);
  format.checkWriteSchema?.(new StructTypeClass(job.schema.fields.filter((_, i) => !partIdx.includes(i))));
  const dynamic = (ctx.conf("spark.sql.sources.partitionOverwriteMode") ?? "static").toLowerCase() === "dynamic" && partIdx.length > 0;
  const { dataSchema, groups } = withTimeZone(ctx.timeZone, () => groupByPartition(job.schema, job.rows, partIdx));
  const jobId = randomUUID();
  const ext = format.extension(options, ctx);
  const staging = path.join(dir, "_temporary", "0", `_temporary`, `attempt_${jobId.replace(/-/g, "").slice(0, 20)}_0000_m_000000_0`);
  fs.mkdirSync(staging, { recursive: true });
  const written: { rel: string; staged: string }[] = [];
  try {
    for (const g of groups) {
      const rel = path.join(g.dirs, partFileName(jobId, 0, ext, partIdx.length > 0));
      const staged = path.join(staging, rel);
      fs.mkdirSync(path.dirname(staged), { recursive: true });
      await withTimeZone(ctx.timeZone, () => format.writeFile(staged, dataSchema, g.rows, options, ctx));
      written.push({ rel, staged });
    }
    // Commit: the overwrite happens only now, once every file of the job is complete.
    if (exists && job.mode === "overwrite") {
      if (dynamic) for (const g of groups) fs.rmSync(path.join(dir, g.dirs), { recursive: true, force: true });
      else for (const name of fs.readdirSync(dir)) if (name !== "_temporary") fs.rmSync(path.join(dir, name), { recursive: true, force: true });
    }
    const out: string[] = [];
    for (const w of written) {
      const target = path.join(dir, w.rel);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(w.staged, target);
      out.push(target);
    }
    fs.writeFileSync(path.join(dir, "_SUCCESS"), "");
    return out;
  } finally {
    fs.rmSync(path.join(dir, "_temporary"), { recursive: true, force: true });
    if (!exists && !written.length && fs.existsSync(dir) && !fs.readdirSync(dir).length) fs.rmSync(dir, { recursive: true, force: true });
  }
}
