/**
 * Spark Connect commands (commands.proto) on a session: writes, temporary views, SQL commands,
 * starting streaming queries and asking them (status, progress as Spark's JSON, stop,
 * processAllAvailable, explain, exception, awaitTermination) and the query manager. Each returns
 * the ExecutePlanResponse payloads it produces, in order.
 */
import { DataFrame, StreamingQuery } from "../index";
import { progressToConnectJson } from "./progress-json";
import { invalidPlan, unsupported } from "./errors";
import type { ConnectSession } from "./session";

type Msg = Record<string, any>;

const SAVE_MODES: Record<string, string> = {
  SAVE_MODE_UNSPECIFIED: "errorifexists", SAVE_MODE_APPEND: "append", SAVE_MODE_OVERWRITE: "overwrite", SAVE_MODE_ERROR_IF_EXISTS: "errorifexists", SAVE_MODE_IGNORE: "ignore",
};

/** Runs `f` with the session's printing captured (explain prints; Connect returns the text). */
export function captured(s: ConnectSession, f: () => void): string {
  const print = s.spark.print;
  let out = "";
  s.spark.print = (t) => (out += t);
  try {
    f();
  } finally {
    s.spark.print = print;
  }
  return out;
}

const queryId = (q: StreamingQuery) => ({ id: q.id, run_id: q.runId });

export async function runCommand(s: ConnectSession, cmd: Msg): Promise<Msg[]> {
  const kind: string = cmd.command_type;
  const v = cmd[kind];
  switch (kind) {
    case "sql_command": {
      if (Object.keys(v.args ?? {}).length || v.pos_args?.length) throw unsupported("spark.sql with args over Spark Connect");
      const relation = { rel_type: "sql", sql: { query: v.sql } };
      const df = s.planner().relation(relation);
      // Spark runs a command (DDL, SET …) now and returns its rows; a query comes back as a relation the client executes.
      if (/^\s*\(*\s*(select|with|values|from|table)\b/i.test(v.sql)) return [{ sql_command_result: { relation } }];
      return [{ sql_command_result: { relation: await s.localRelation(df) } }];
    }
    case "create_dataframe_view": {
      const df = s.planner().relation(v.input);
      if (v.is_global) throw unsupported("global temporary views");
      if (v.replace) df.createOrReplaceTempView(v.name);
      else df.createTempView(v.name);
      return [];
    }
    case "write_operation": {
      const df = s.planner().relation(v.input);
      const w = df.write.mode(SAVE_MODES[v.mode ?? "SAVE_MODE_UNSPECIFIED"] ?? "errorifexists");
      if (v.source) w.format(v.source);
      for (const [k, x] of Object.entries(v.options ?? {})) w.option(k, x as string);
      if (v.partitioning_columns?.length) w.partitionBy(...v.partitioning_columns);
      if (v.save_type === "table") {
        const t = v.table;
        if (t.save_method === "TABLE_SAVE_METHOD_INSERT_INTO") await w.insertInto(t.table_name, v.mode === "SAVE_MODE_OVERWRITE");
        else await w.saveAsTable(t.table_name);
      } else await w.save(v.save_type === "path" ? v.path : undefined);
      return [];
    }
    case "write_operation_v2": throw unsupported("DataFrameWriterV2 (writeTo) over Spark Connect");
    case "write_stream_operation_start": return [{ write_stream_operation_start_result: await startStream(s, v) }];
    case "streaming_query_command": return [{ streaming_query_command_result: await queryCommand(s, v) }];
    case "streaming_query_manager_command": return [{ streaming_query_manager_command_result: await managerCommand(s, v) }];
    case "register_function": case "register_table_function": throw unsupported("registering user-defined functions over Spark Connect");
    case "get_resources_command": return [{ get_resources_command_result: { resources: {} } }];
    default: return invalidPlan(kind ? `the command ${kind} is not supported` : "a command without a type");
  }
}

async function startStream(s: ConnectSession, v: Msg): Promise<Msg> {
  const df: DataFrame = s.planner().relation(v.input);
  const w = df.writeStream;
  if (v.format) w.format(v.format);
  for (const [k, x] of Object.entries(v.options ?? {})) w.option(k, x as string);
  if (v.output_mode) w.outputMode(v.output_mode);
  if (v.query_name) w.queryName(v.query_name);
  switch (v.trigger) {
    case "processing_time_interval": w.trigger({ processingTime: v.processing_time_interval }); break;
    case "available_now": w.trigger({ availableNow: true }); break;
    case "once": w.trigger({ once: true }); break;
    case "continuous_checkpoint_interval": w.trigger({ continuous: v.continuous_checkpoint_interval }); break;
  }
  const started = v.foreach_batch ? await s.foreachBatch(w, v.foreach_batch) : undefined;
  if (v.foreach_writer) throw unsupported("foreach (a ForeachWriter) over Spark Connect");
  if (v.partitioning_column_names?.length) w.partitionBy(...v.partitioning_column_names);
  let q: StreamingQuery;
  try {
    q = v.sink_destination === "table_name" ? w.toTable(v.table_name) : w.start(v.sink_destination === "path" ? v.path : undefined);
  } catch (e) {
    started?.(null);
    throw e;
  }
  started?.(q);
  s.queries.set(q.id, q);
  return { query_id: queryId(q), name: q.name ?? "" };
}

function query(s: ConnectSession, id: Msg | undefined): StreamingQuery {
  const q = id?.id ? (s.spark.streams.get(id.id) ?? s.queries.get(id.id)) : null;
  if (!q) return invalidPlan(`the streaming query ${id?.id ?? ""} is not known to this session`);
  return q;
}

async function queryCommand(s: ConnectSession, v: Msg): Promise<Msg> {
  const q = query(s, v.query_id);
  const base = { query_id: queryId(q) };
  switch (v.command) {
    case "status": {
      const st = q.status;
      return { ...base, status: { status_message: st.message, is_data_available: st.isDataAvailable, is_trigger_active: st.isTriggerActive, is_active: q.isActive } };
    }
    case "last_progress": case "recent_progress": {
      const ps = v.command === "last_progress" ? (q.lastProgress ? [q.lastProgress] : []) : q.recentProgress;
      return { ...base, recent_progress: { recent_progress_json: ps.map(progressToConnectJson) } };
    }
    case "stop": await q.stop(); return base;
    case "process_all_available": await q.processAllAvailable(); return base;
    case "explain": return { ...base, explain: { result: captured(s, () => q.explain(!!v.explain?.extended)).replace(/\n$/, "") } };
    case "exception": {
      const e = q.exception();
      if (!e) return { ...base, exception: {} };
      return { ...base, exception: { exception_message: e.message, error_class: e.errorClass ?? "", stack_trace: "" } };
    }
    case "await_termination": {
      const t = v.await_termination?.timeout_ms;
      if (t === undefined || t === null) {
        await q.awaitTermination();
        return { ...base, await_termination: { terminated: true } };
      }
      const ended = await q.awaitTermination(Math.max(Number(t), 1) / 1000);
      return { ...base, await_termination: { terminated: !!ended } };
    }
    default: return invalidPlan(`the streaming query command ${v.command}`);
  }
}

async function managerCommand(s: ConnectSession, v: Msg): Promise<Msg> {
  const instance = (q: StreamingQuery) => ({ id: queryId(q), ...(q.name ? { name: q.name } : {}) });
  switch (v.command) {
    case "active": return { active: { active_queries: s.spark.streams.active.map(instance) } };
    case "get_query": {
      const q = s.spark.streams.get(v.get_query);
      return q ? { query: instance(q) } : {};
    }
    case "await_any_termination": {
      const t = v.await_any_termination?.timeout_ms;
      const ended = await s.spark.streams.awaitAnyTermination(t === undefined || t === null ? undefined : Math.max(Number(t), 1) / 1000);
      return { await_any_termination: { terminated: t === undefined || t === null ? true : !!ended } };
    }
    case "reset_terminated": s.spark.streams.resetTerminated(); return { reset_terminated: true };
    case "add_listener": case "remove_listener": case "list_listeners": throw unsupported("StreamingQueryListener over Spark Connect");
    default: return invalidPlan(`the streaming query manager command ${v.command}`);
  }
}
