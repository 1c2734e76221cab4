/**
 * A batch read of files (Spark's HadoopFsRelation): the schema is settled at `load()` — the
 * user's, or the format's inference over the listed files — followed by the partition columns;
 * the rows are read at each action from a fresh listing.
 */
import { AnalysisException } from "../errors";
import type { FileFormat, FileFormatContext } from "../connector-api/file-format";
import type { CaseInsensitiveMap } from "../connector-api/options";
import type { InternalRow } from "../connector-api/source";
import type { ScanHints } from "../connector-api/scan-filter";
import { StructTypeClass } from "../types/data-types";
import { withTimeZone } from "../values/timestamps";
import { listFiles, Listing } from "./listing";

export interface FileScan {
  schema: StructTypeClass;
  description: string;
  load: (pushed?: ScanHints) => Promise<InternalRow[]>;
}

const UPPER: Record<string, string> = { csv: "CSV", json: "JSON", text: "Text", parquet: "Parquet", orc: "ORC" };

function schemaOf(format: FileFormat, listing: Listing, options: CaseInsensitiveMap, ctx: FileFormatContext, userSchema?: StructTypeClass): { data: StructTypeClass; full: StructTypeClass } {
  const partNames = new Set(listing.partitionSchema.fields.map((f) => f.name.toLowerCase()));
  let data: StructTypeClass | undefined = userSchema ? new StructTypeClass(userSchema.fields.filter((f) => !partNames.has(f.name.toLowerCase()))) : undefined;
  if (!data) {
    const inferred = listing.files.length ? withTimeZone(ctx.timeZone, () => format.inferSchema(listing.files, options, ctx)) : format.fixedSchema?.(options);
    if (!inferred)
      throw new AnalysisException(`Unable to infer schema for ${UPPER[format.name] ?? format.name}. It must be specified manually.`, "UNABLE_TO_INFER_SCHEMA");
    data = new StructTypeClass(inferred.fields.filter((f) => !partNames.has(f.name.toLowerCase())));
  }
  return { data, full: new StructTypeClass([...data.fields, ...listing.partitionSchema.fields]) };
}

/** Plans a read of `paths` in `format` (see the file header). */
export function scanFiles(format: FileFormat, paths: readonly string[], options: CaseInsensitiveMap, ctx: FileFormatContext, userSchema?: StructTypeClass): FileScan {
  const listing = listFiles(paths, options, ctx.timeZone, ctx.conf, userSchema);
  const { data, full } = schemaOf(format, listing, options, ctx, userSchema);
  return {
    schema: full,
    description: `${UPPER[format.name] ?? format.name} ${listing.roots.map((r) => `file:${r}`).join(", ")}`,
    load: async (pushed) => {
      // Listed afresh: partition directories that appeared since load() (a table written since)
      // fill their columns, wherever the schema has them.
      const now = listFiles(paths, options, ctx.timeZone, ctx.conf, full);
      const partNames = now.partitionSchema.fields.map((f) => f.name.toLowerCase());
      const dataNow = new StructTypeClass(data.fields.filter((f) => !partNames.includes(f.name.toLowerCase())));
      const from = full.fields.map((f) => {
        const p = partNames.indexOf(f.name.toLowerCase());
        return p >= 0 ? -1 - p : dataNow.fields.findIndex((d) => d.name === f.name);
      });
      const identity = from.every((k, i) => k === i) && from.length === dataNow.fields.length;
      const rows: InternalRow[] = [];
      for (const f of now.files) {
        const part = f.partitionValues;
        for (const r of await withTimeZone(ctx.timeZone, () => format.readFile(f, dataNow, options, ctx, dataNow.fields.length === data.fields.length ? pushed : undefined)))
          rows.push(identity ? r : from.map((k) => (k >= 0 ? r[k] : k === -Infinity ? null : part[-1 - k] ?? null)));
      }
      return rows;
    },
  };
}
