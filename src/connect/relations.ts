/**
 * Spark Connect relations (relations.proto) as DataFrames of the session's engine, built through
 * the public DataFrame API so every operator is analysed, named and checked as in the shell
 * (a wrong column fails with Spark's AnalysisException while planning, as on Spark's server).
 * Plan ids: each relation the client tags (`common.plan_id`) is remembered with the engine plan
 * it became, so `df["col"]` (an attribute with that plan id) resolves to that side of a join.
 */
import { Column, DataFrame, SparkSession, StructTypeClass } from "../index";
import { fromArrowIpc, arrowSchema } from "./arrow";
import { invalidPlan, unsupported } from "./errors";
import { ExprContext, column, literal } from "./expressions";
import { asStruct, parseSchemaText } from "./types";

type Msg = Record<string, any>;

const JOIN_TYPES: Record<string, string> = {
  JOIN_TYPE_UNSPECIFIED: "inner", JOIN_TYPE_INNER: "inner", JOIN_TYPE_FULL_OUTER: "outer", JOIN_TYPE_LEFT_OUTER: "left", JOIN_TYPE_RIGHT_OUTER: "right",
  JOIN_TYPE_LEFT_ANTI: "left_anti", JOIN_TYPE_LEFT_SEMI: "left_semi", JOIN_TYPE_CROSS: "cross",
};

/** What a relation may need beyond the session: cached local relations by hash (AddArtifacts). */
export interface RelationSources {
  cachedRelation(hash: string): Msg | undefined;
  /** A DataFrame the server cached for a worker (foreachBatch's micro-batch). */
  cachedDataFrame(id: string): DataFrame | undefined;
}

export class Planner implements ExprContext {
  private readonly plans = new Map<number, number>();
  constructor(readonly spark: SparkSession, private readonly sources: RelationSources) {}

  planId(connectPlanId: number): number | undefined {
    return this.plans.get(connectPlanId);
  }

  private col = (e: Msg): Column => column(e, this);
  private cols = (es: Msg[] | undefined): Column[] => (es ?? []).map(this.col);

  relation(r: Msg | undefined): DataFrame {
    if (!r) throw invalidPlan("a relation is missing");
    const df = this.build(r);
    const id = r.common?.plan_id;
    if (id !== undefined && id !== null) this.plans.set(Number(id), df.plan.id);
    return df;
  }

  private build(r: Msg): DataFrame {
    const kind: string = r.rel_type;
    const v = r[kind];
    const input = () => this.relation(v.input);
    switch (kind) {
      case "read": return this.read(v);
      case "project": return v.input ? input().select(...this.cols(v.expressions)) : this.spark.range(1).select(...this.cols(v.expressions));
      case "filter": return input().filter(this.col(v.condition));
      case "join": {
        const left = this.relation(v.left);
        const right = this.relation(v.right);
        const how = JOIN_TYPES[v.join_type ?? "JOIN_TYPE_UNSPECIFIED"] ?? invalidPlan(`unknown join type ${v.join_type}`);
        if (v.using_columns?.length) return left.join(right, v.using_columns, how);
        if (v.join_condition) return left.join(right, this.col(v.join_condition), how);
        return how === "cross" || how === "inner" ? left.crossJoin(right) : left.join(right, undefined, how);
      }
      case "set_op": {
        const left = this.relation(v.left_input);
        const right = this.relation(v.right_input);
        switch (v.set_op_type) {
          case "SET_OP_TYPE_UNION":
            return v.by_name ? left.unionByName(right, !!v.allow_missing_columns) : v.is_all === false ? left.union(right).distinct() : left.union(right);
          case "SET_OP_TYPE_INTERSECT": return v.is_all ? left.intersectAll(right) : left.intersect(right);
          case "SET_OP_TYPE_EXCEPT": return v.is_all ? left.exceptAll(right) : left.subtract(right);
          default: return invalidPlan(`unknown set operation ${v.set_op_type}`);
        }
      }
      case "sort": return input().orderBy(...this.cols(v.order.map((o: Msg) => ({ expr_type: "sort_order", sort_order: o }))));
      case "limit": return input().limit(v.limit ?? 0);
      case "offset": return input().offset(v.offset ?? 0);
      case "aggregate": return this.aggregate(v);
      case "sql": return this.sql(v);
      case "local_relation": return this.local(v);
      case "cached_local_relation": {
        const cached = this.sources.cachedRelation(v.hash);
        if (!cached) return invalidPlan(`the cached local relation ${v.hash} is not known to this session`);
        return this.local(cached);
      }
      case "cached_remote_relation": return this.sources.cachedDataFrame(v.relation_id) ?? invalidPlan(`the cached DataFrame ${v.relation_id} is not known to this session`);
      case "sample": {
        const fraction = (v.upper_bound ?? 0) - (v.lower_bound ?? 0);
        return input().sample({ withReplacement: !!v.with_replacement, fraction, ...(v.seed !== undefined ? { seed: Number(v.seed) } : {}) });
      }
      case "deduplicate": {
        const df = input();
        const subset: string[] | undefined = v.all_columns_as_keys || !v.column_names?.length ? undefined : v.column_names;
        return v.within_watermark ? df.dropDuplicatesWithinWatermark(subset) : df.dropDuplicates(subset);
      }
      case "range": return this.spark.range(Number(v.start ?? 0), Number(v.end ?? 0), Number(v.step ?? 1));
      case "subquery_alias": return input().alias(v.alias);
      case "repartition": case "repartition_by_expression": case "hint": return input();
      case "to_df": return input().toDF(...(v.column_names ?? []));
      case "with_columns_renamed": return input().withColumnsRenamed(v.rename_columns_map ?? {});
      case "drop": {
        const df = input();
        return df.drop(...this.cols(v.columns), ...(v.column_names ?? []));
      }
      case "with_columns": {
        let df = input();
        const map: Record<string, Column> = {};
        for (const a of v.aliases ?? []) {
          if ((a.name ?? []).length !== 1) return invalidPlan("withColumns takes one name per column");
          map[a.name[0]] = this.col(a.expr);
        }
        df = df.withColumns(map);
        return df;
      }
      case "with_watermark": return input().withWatermark(v.event_time, v.delay_threshold);
      case "unpivot":
        return input().unpivot(this.cols(v.ids), v.values ? this.cols(v.values.values) : undefined, v.variable_column_name, v.value_column_name);
      case "fill_na": {
        const values = (v.values ?? []).map((l: Msg) => (literal(l) as { value: unknown }).value);
        const cols: string[] = v.cols ?? [];
        if (values.length === 1) return input().fillna(values[0], cols.length ? cols : undefined);
        return input().fillna(Object.fromEntries(cols.map((c, i) => [c, values[i]])));
      }
      case "drop_na": {
        const cols: string[] = v.cols ?? [];
        return v.min_non_nulls !== undefined ? input().dropna("any", v.min_non_nulls, cols.length ? cols : undefined) : input().dropna("any", undefined, cols.length ? cols : undefined);
      }
      case "summary": return input().summary(...(v.statistics ?? []));
      case "describe": return input().describe(...(v.cols ?? []));
      case "to_schema": case "show_string": case "html_string": case "tail":
        return invalidPlan(`${kind} must be the root of a plan`);
      case "unknown": case undefined: return invalidPlan("the relation has no type (an unknown relation)");
      default: throw unsupported(`the relation ${kind} over Spark Connect`);
    }
  }

  private read(v: Msg): DataFrame {
    const streaming = !!v.is_streaming;
    if (v.read_type === "named_table") {
      const name: string = v.named_table.unparsed_identifier;
      return streaming ? this.spark.readStream.table(name) : this.spark.table(name);
    }
    const ds = v.data_source;
    if (!ds) return invalidPlan("a read without a table or a data source");
    const reader = streaming ? this.spark.readStream : this.spark.read;
    if (ds.format) reader.format(ds.format);
    for (const [k, x] of Object.entries(ds.options ?? {})) reader.option(k, x as string);
    if (ds.schema) reader.schema(asStruct(parseSchemaText(ds.schema)));
    const paths: string[] = ds.paths ?? [];
    if (paths.length > 1) throw unsupported("reading several paths at once");
    if (ds.predicates?.length) throw unsupported("JDBC reads with predicates");
    return paths.length ? reader.load(paths[0]) : reader.load();
  }

  private aggregate(v: Msg): DataFrame {
    const df = this.relation(v.input);
    const groups = this.cols(v.grouping_expressions);
    const aggs = this.cols(v.aggregate_expressions);
    switch (v.group_type) {
      case "GROUP_TYPE_ROLLUP": return df.rollup(...groups).agg(...aggs);
      case "GROUP_TYPE_CUBE": return df.cube(...groups).agg(...aggs);
      case "GROUP_TYPE_PIVOT": {
        const values = v.pivot.values?.length ? v.pivot.values.map((l: Msg) => (literal(l) as { value: unknown }).value) : undefined;
        return df.groupBy(...groups).pivot(this.col(v.pivot.col), values).agg(...aggs);
      }
      default: return df.groupBy(...groups).agg(...aggs);
    }
  }

  private sql(v: Msg): DataFrame {
    if (Object.keys(v.args ?? {}).length || v.pos_args?.length) throw unsupported("spark.sql with args over Spark Connect");
    return this.spark.sql(v.query);
  }

  private local(v: Msg): DataFrame {
    const data: Buffer | undefined = v.data;
    if (!v.schema && !data) return invalidPlan("a local relation without data or schema");
    const schema: StructTypeClass = v.schema ? asStruct(parseSchemaText(v.schema)) : arrowSchema(data!);
    const rows = data && data.length ? fromArrowIpc(data, schema) : [];
    return this.spark.fromInternal(schema, rows as unknown[][]);
  }
}
