/**
 * AnalyzePlan: what the client asks about a plan without running it — schema, explain, the
 * printSchema tree, isLocal/isStreaming, input files, the Spark version, DDL parsing, semantic
 * equality and hash, persist/unpersist/storage level (the engine keeps no cache: the level is
 * remembered and reported back, the data is recomputed).
 */
import { createHash } from "node:crypto";
import type { DataFrame } from "../index";
import { captured } from "./commands";
import { invalidPlan, unsupported } from "./errors";
import type { ConnectSession } from "./session";
import { parseSchemaText, toProto } from "./types";

type Msg = Record<string, any>;

const NONE = { use_disk: false, use_memory: false, use_off_heap: false, deserialized: false, replication: 1 };
const levels = new WeakMap<ConnectSession, Map<string, Msg>>();

function frame(s: ConnectSession, plan: Msg | undefined): DataFrame {
  if (plan?.op_type !== "root") return invalidPlan("analysis needs a relation");
  return s.planner().relation(plan.root);
}

/** The analysed plan without the engine's expression ids: equal for semantically equal plans. */
function canonical(s: ConnectSession, df: DataFrame): string {
  return captured(s, () => df.explain(true)).replace(/#\d+L?/g, "");
}

const hash32 = (t: string) => createHash("sha256").update(t).digest().readInt32BE(0);

export async function analyze(s: ConnectSession, req: Msg): Promise<Msg> {
  const kind: string = req.analyze;
  const v = req[kind] ?? {};
  const store = levels.get(s) ?? new Map<string, Msg>();
  levels.set(s, store);
  switch (kind) {
    case "schema": return { schema: { schema: toProto(frame(s, v.plan).schema) } };
    case "explain": {
      const df = frame(s, v.plan);
      const extended = v.explain_mode !== undefined && v.explain_mode !== "EXPLAIN_MODE_SIMPLE" && v.explain_mode !== "EXPLAIN_MODE_UNSPECIFIED";
      return { explain: { explain_string: captured(s, () => df.explain(extended)) } };
    }
    case "tree_string": return { tree_string: { tree_string: frame(s, v.plan).schema.treeString(v.level ?? Infinity) } };
    case "is_local": return { is_local: { is_local: v.plan?.root?.rel_type === "local_relation" } };
    case "is_streaming": return { is_streaming: { is_streaming: frame(s, v.plan).isStreaming } };
    case "input_files": frame(s, v.plan); return { input_files: { files: [] } };
    case "spark_version": return { spark_version: { version: s.spark.version } };
    case "ddl_parse": return { ddl_parse: { parsed: toProto(parseSchemaText(v.ddl_string)) } };
    case "same_semantics": return { same_semantics: { result: canonical(s, frame(s, v.target_plan)) === canonical(s, frame(s, v.other_plan)) } };
    case "semantic_hash": return { semantic_hash: { result: hash32(canonical(s, frame(s, v.plan))) } };
    case "persist": {
      const df = s.planner().relation(v.relation);
      store.set(canonical(s, df), v.storage_level ?? { use_disk: true, use_memory: true, use_off_heap: false, deserialized: true, replication: 1 });
      return { persist: {} };
    }
    case "unpersist": store.delete(canonical(s, s.planner().relation(v.relation))); return { unpersist: {} };
    case "get_storage_level": return { get_storage_level: { storage_level: store.get(canonical(s, s.planner().relation(v.relation))) ?? NONE } };
    default: throw unsupported(`the analysis ${kind ?? "(none)"}`);
  }
}
