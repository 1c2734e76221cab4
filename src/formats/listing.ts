/**
 * Spark's InMemoryFileIndex for the batch file reader: several paths, Hadoop globs, hidden names,
 * `recursiveFileLookup`, `pathGlobFilter`, `modifiedBefore`/`modifiedAfter`, `basePath` and
 * partition discovery; a directory a streaming file sink wrote is read through its
 * `_spark_metadata` log (Spark's MetadataLogFileIndex), so half-written batches stay invisible.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { AnalysisException, IllegalArgumentException } from "../errors";
import type { InputFile } from "../connector-api/file-format";
import type { CaseInsensitiveMap } from "../connector-api/options";
import { DataType, STRING, StructTypeClass, TIMESTAMP } from "../types/data-types";
import { castFunction } from "../values/values";
import { withTimeZone } from "../values/timestamps";
import { discoverPartitions, PartitionSpec } from "./partitions";
import { sinkLogFiles } from "./sink-log";

/** Spark's shouldFilterOutPathName. */
function isHiddenName(name: string): boolean {
  return (name.startsWith("_") && !name.includes("=")) || name.startsWith(".") || name.endsWith("._COPYING_");
}

/** `file:/x`, `file:///x` → `/x`; otherwise resolved against the working directory. */
export function localPath(p: string): string {
  return path.resolve(p.startsWith("file:") ? decodeURIComponent(p.replace(/^file:(\/\/)?/, "")) || "/" : p);
}

const GLOB_CHARS = /[*?[{]/;

/** A Hadoop glob for one path segment as a RegExp (`*`, `?`, `[a-z]`, `[^a]`, `{a,b}`). */
function globRegExp(glob: string): RegExp {
  let re = "";
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "\\" && i + 1 < glob.length) re += "\\" + glob[++i];
    else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end < 0) { re += "\\["; continue; }
      re += "[" + glob.slice(i + 1, end).replace(/^\^/, "^").replace(/\\/g, "\\\\") + "]";
      i = end;
    } else if (c === "{") { re += "(?:"; depth++; }
    else if (c === "}" && depth > 0) { re += ")"; depth--; }
    else if (c === "," && depth > 0) re += "|";
    else re += c.replace(/[.+^$()|\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** Expands a glob path to the existing paths it names (sorted), segment by segment. */
function expandGlob(abs: string): string[] {
  const parts = abs.split(path.sep).filter(Boolean);
  let current: string[] = [path.sep];
  for (const part of parts) {
    const next: string[] = [];
    for (const dir of current) {
      if (!GLOB_CHARS.test(part)) {
        const p = path.join(dir, part);
        if (fs.existsSync(p)) next.push(p);
        continue;
      }
      const re = globRegExp(part);
      let names: string[] = [];
      try { names = fs.readdirSync(dir); } catch { /* not a directory */ }
      for (const n of names.sort()) if (re.test(n)) next.push(path.join(dir, n));
    }
    current = next;
  }
  return current;
}

function qualified(p: string): string {
  return `file:${p}`;
}

/** The root paths a user's path strings name: globs expanded; Spark's PATH_NOT_FOUND otherwise. */
function resolveRootPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const abs = localPath(p);
    if (GLOB_CHARS.test(p)) {
      const hits = expandGlob(abs);
      if (!hits.length) throw new AnalysisException(`Path does not exist: ${qualified(abs)}.`, "PATH_NOT_FOUND");
      out.push(...hits);
    } else {
      if (!fs.existsSync(abs)) throw new AnalysisException(`Path does not exist: ${qualified(abs)}.`, "PATH_NOT_FOUND");
      out.push(abs);
    }
  }
  return out;
}

function parseModified(options: CaseInsensitiveMap, key: "modifiedBefore" | "modifiedAfter", timeZone: string): number | undefined {
  const v = options.get(key);
  if (v === undefined) return undefined;
  const us = withTimeZone(timeZone, () => castFunction(STRING, TIMESTAMP)(v)) as number | null;
  if (us === null)
    throw new AnalysisException(
      `The timestamp provided for the '${key.toLowerCase()}' option is invalid. The expected format is 'YYYY-MM-DDTHH:mm:ss', but the provided timestamp was: ${v}`,
    );
  return us / 1000;
}

interface Leaf { path: string; size: number; mtimeMs: number; rel: string[] }

/** Every data file below `dir` (Spark lists leaf files at any depth; `rel` = directories passed). */
function walk(dir: string, rel: string[], out: Leaf[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM") throw new AnalysisException(`Permission denied: ${qualified(dir)}`);
    throw e;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (isHiddenName(e.name)) continue;
    const p = path.join(dir, e.name);
    let st: fs.Stats;
    try { st = fs.statSync(p); } catch { continue; }
    if (st.isDirectory()) {
      walk(p, [...rel, e.name], out);
    } else out.push({ path: p, size: st.size, mtimeMs: st.mtimeMs, rel });
  }
}

export interface Listing {
  files: InputFile[];
  partitionSchema: StructTypeClass;
  /** The root paths, for messages. */
  roots: string[];
}

/** Lists the data files of `paths` with their partition values (see the file header). */
export function listFiles(paths: readonly string[], options: CaseInsensitiveMap, timeZone: string, conf: (k: string) => string | undefined, userSchema?: StructTypeClass): Listing {
  if (!paths.length) throw new IllegalArgumentException("'path' is not specified");
  const roots = resolveRootPaths(paths);
  const recursive = (options.get("recursiveFileLookup") ?? "false").toLowerCase() === "true";
  const before = parseModified(options, "modifiedBefore", timeZone);
  const after = parseModified(options, "modifiedAfter", timeZone);
  const nameFilter = options.get("pathGlobFilter") !== undefined ? globRegExp(options.get("pathGlobFilter")!) : undefined;
  const basePathOpt = options.get("basePath");
  const base = basePathOpt !== undefined ? localPath(basePathOpt) : undefined;
  if (base !== undefined && !fs.existsSync(base))
    throw new AnalysisException(`Path does not exist: ${qualified(base)}.`, "PATH_NOT_FOUND");
  const leaves: Leaf[] = [];
  for (const root of roots) {
    const st = fs.statSync(root);
    // Relative directories are counted from basePath (or the root itself).
    const from = base ?? (st.isDirectory() ? root : path.dirname(root));
    const prefix = path.relative(from, st.isDirectory() ? root : path.dirname(root)).split(path.sep).filter((s) => s && s !== ".");
    if (base !== undefined && path.relative(base, root).startsWith(".."))
      throw new IllegalArgumentException(`Wrong basePath ${qualified(base)} for the root path: ${qualified(root)}`);
    if (st.isDirectory()) {
      const logged = roots.length === 1 ? sinkLogFiles(root) : undefined;
      if (logged) {
        for (const f of logged) leaves.push({ ...f, rel: path.relative(root, path.dirname(f.path)).split(path.sep).filter((s) => s && s !== ".") });
        continue;
      }
      const found: Leaf[] = [];
      walk(root, prefix, found);
      leaves.push(...found);
    } else leaves.push({ path: root, size: st.size, mtimeMs: st.mtimeMs, rel: prefix });
  }
  const kept = leaves.filter((l) =>
    (!nameFilter || nameFilter.test(path.basename(l.path))) && (before === undefined || l.mtimeMs < before) && (after === undefined || l.mtimeMs > after));
  const userTypes = new Map<string, DataType>((userSchema?.fields ?? []).map((f) => [f.name, f.dataType]));
  const inference = (conf("spark.sql.sources.partitionColumnTypeInference.enabled") ?? "true").toLowerCase() === "true";
  const spec: PartitionSpec = recursive
    ? { schema: new StructTypeClass([]), values: kept.map(() => []) }
    : withTimeZone(timeZone, () => discoverPartitions(kept.map((l) => l.rel), inference, userTypes, roots.map(qualified)));
  return {
    files: kept.map((l, i) => ({ path: l.path, size: l.size, mtimeMs: l.mtimeMs, partitionValues: spec.values[i] })),
    partitionSchema: spec.schema,
    roots,
  };
}
