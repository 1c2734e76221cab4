/**
 * Code and checks shared by lessons 2–4: the schema of the JSON records, the result the workshop
 * asks for (resultDF, steps 25 and 34) and how to tell the learner what is wrong with theirs.
 */
import type { CheckContext, Lang } from "./lesson-format";

export const DATA_SCHEMA_CODE = `const dataSchema = StructType([
  StructField("house", StringType(), true),
  StructField("character", StringType(), true),
  StructField("score", StringType(), true),
  StructField("ts", TimestampType(), true)
])`;

/** The "your turn" answer of steps 25 and 34 (approx_count_distinct: it works on streams too). */
export const RESULT_DF_CODE = `const resultDF = dataDF
  .groupBy("house")
  .agg(
    count("*").alias("how_many"),
    sum(col("score").cast("int")).alias("sum_score"),
    approx_count_distinct("character").alias("no_characters")
  )`;

/** The six records of step 21 (the workshop's stray quotes removed). */
export const SAMPLE_RECORDS = [
  { house: "Ravenclaw", character: "Myrtle Warren", score: "1", ts: "2022-08-11 16:34:11.633" },
  { house: "Thunderbird", character: "Albus Dumbledore", score: "4", ts: "2022-08-11 16:33:50.74" },
  { house: "Slytherin", character: "Bartemius Crouch, Sr.", score: "4", ts: "2022-08-11 16:34:16.9" },
  { house: "Gryffindor", character: "Gregory Goyle", score: "8", ts: "2022-08-11 16:34:04.269" },
  { house: "Gryffindor", character: "Astoria Greengrass", score: "7", ts: "2022-08-11 16:33:52.508" },
  { house: "Horned Serpent", character: "Yaxley", score: "4", ts: "2022-08-11 16:33:48.829" },
];

interface HouseStats {
  house: string;
  how_many: number;
  sum_score: number;
  no_characters: number;
}

/** The result of the workshop's aggregation over some records. */
function expectedStats(records: typeof SAMPLE_RECORDS): HouseStats[] {
  const by = new Map<string, { n: number; sum: number; chars: Set<string> }>();
  for (const r of records) {
    const s = by.get(r.house) ?? { n: 0, sum: 0, chars: new Set<string>() };
    s.n++;
    s.sum += Number(r.score);
    s.chars.add(r.character);
    by.set(r.house, s);
  }
  return [...by].map(([house, s]) => ({ house, how_many: s.n, sum_score: s.sum, no_characters: s.chars.size }));
}

const EXPECTED_SCHEMA: Array<[string, string, boolean]> = [
  ["house", "string", true],
  ["how_many", "long", false],
  ["sum_score", "long", true],
  ["no_characters", "long", false],
];

const say = (lang: Lang, en: string, pl: string) => (lang === "pl" ? pl : en);

/** What is wrong with resultDF's schema (null when it is the workshop's). */
function checkResultSchema(df: any, lang: Lang): string | null {
  const fields: Array<{ name: string; dataType: { typeName: string }; nullable: boolean }> = df.schema.fields;
  const names = fields.map((f) => f.name);
  const want = EXPECTED_SCHEMA.map(([n]) => n);
  if (names.join(",") !== want.join(","))
    return say(lang, `resultDF's columns are [${names.join(", ")}]; the workshop wants [${want.join(", ")}] (use .alias("how_many") etc.).`, `Kolumny resultDF to [${names.join(", ")}]; warsztat oczekuje [${want.join(", ")}] (użyj .alias("how_many") itd.).`);
  for (const [name, type, nullable] of EXPECTED_SCHEMA) {
    const f = fields.find((x) => x.name === name)!;
    if (f.dataType.typeName !== type) {
      const hint =
        name === "sum_score" && f.dataType.typeName === "double"
          ? say(lang, " score is a string, and sum() of a string gives a double: cast it first, sum(col(\"score\").cast(\"int\")).", " score jest napisem, a sum() z napisu daje double: najpierw rzutuj, sum(col(\"score\").cast(\"int\")).")
          : "";
      return say(lang, `${name} is ${f.dataType.typeName}, expected ${type}.${hint}`, `${name} ma typ ${f.dataType.typeName}, oczekiwano ${type}.${hint}`);
    }
    if (f.nullable !== nullable)
      return say(lang, `${name} should be nullable = ${nullable}, it is ${f.nullable}.`, `${name} powinno mieć nullable = ${nullable}, a ma ${f.nullable}.`);
  }
  return null;
}

/** Compares rows (from collect() or PostgreSQL) with the expected statistics, ignoring order. */
function compareStats(rows: Array<Record<string, unknown>>, expected: HouseStats[], lang: Lang): string | null {
  const norm = (r: Record<string, unknown>) => `${String(r.house).trimEnd()}|${Number(r.how_many)}|${Number(r.sum_score)}|${Number(r.no_characters)}`;
  const got = rows.map(norm).sort();
  const want = expected.map((r) => norm(r as unknown as Record<string, unknown>)).sort();
  if (got.join("\n") === want.join("\n")) return null;
  const missing = want.filter((w) => !got.includes(w));
  const extra = got.filter((g) => !want.includes(g));
  return say(
    lang,
    `the rows differ from the expected result.${missing.length ? ` Missing: ${missing.join("; ")}.` : ""}${extra.length ? ` Unexpected: ${extra.join("; ")}.` : ""} (house|how_many|sum_score|no_characters)`,
    `wiersze różnią się od oczekiwanego wyniku.${missing.length ? ` Brakuje: ${missing.join("; ")}.` : ""}${extra.length ? ` Nieoczekiwane: ${extra.join("; ")}.` : ""} (house|how_many|sum_score|no_characters)`,
  );
}

/** Step 25: resultDF over the six sample records. */
export async function checkBatchResult(ctx: CheckContext): Promise<string | null> {
  const df = ctx.scope.resultDF;
  if (df === undefined)
    return say(ctx.lang, "There is no resultDF yet: build it from dataDF (groupBy + agg).", "Nie ma jeszcze resultDF: zbuduj go z dataDF (groupBy + agg).");
  if (!(df instanceof ctx.scope.DataFrame)) return say(ctx.lang, "resultDF should be a DataFrame.", "resultDF powinien być DataFrame'em.");
  const schema = checkResultSchema(df, ctx.lang);
  if (schema) return schema;
  const rows = (await df.collect()).map((r: any) => r.asDict());
  const problem = compareStats(rows, expectedStats(SAMPLE_RECORDS), ctx.lang);
  if (!problem && usesDistinctAggregate((df as { plan?: unknown }).plan))
    ctx.warn?.(
      say(
        ctx.lang,
        "countDistinct is right on this batch DataFrame, but the same code on the stream of lesson 3 fails as Spark does: AnalysisException: Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead.",
        "countDistinct działa na tym wsadowym DataFrame'ie, ale ten sam kod na strumieniu z lekcji 3 zawiedzie, tak jak w Sparku: AnalysisException: Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead.",
      ),
    );
  return problem;
}

/** Whether a plan aggregates with DISTINCT (countDistinct, sum_distinct, …), which a stream cannot. */
function usesDistinctAggregate(plan: unknown): boolean {
  const seen = new Set<unknown>();
  const walk = (x: unknown): boolean => {
    if (!x || typeof x !== "object" || seen.has(x)) return false;
    seen.add(x);
    const o = x as Record<string, unknown>;
    if (o.kind === "Aggregate" && Array.isArray(o.calls) && o.calls.some((c: { distinct?: boolean }) => c.distinct === true)) return true;
    return (Array.isArray(x) ? x : Object.values(o)).some(walk);
  };
  return walk(plan);
}

/** Step 34: the streaming resultDF: same schema, and it must be startable (no exact distinct count). */
export async function checkStreamingResult(ctx: CheckContext): Promise<string | null> {
  const df = ctx.scope.resultDF;
  if (df === undefined)
    return say(ctx.lang, "There is no resultDF yet: build it from valuesDF (from_json, then groupBy + agg).", "Nie ma jeszcze resultDF: zbuduj go z valuesDF (from_json, potem groupBy + agg).");
  if (!(df instanceof ctx.scope.DataFrame)) return say(ctx.lang, "resultDF should be a DataFrame.", "resultDF powinien być DataFrame'em.");
  if (!df.isStreaming)
    return say(ctx.lang, "resultDF is a batch DataFrame: build it from the streaming valuesDF of step 33.", "resultDF jest wsadowym DataFrame'em: zbuduj go ze strumieniowego valuesDF z kroku 33.");
  const schema = checkResultSchema(df, ctx.lang);
  if (schema) return schema;
  let q: any;
  try {
    // On a session of the check's own: the web UI does not list the check's query.
    q = new ctx.scope.DataFrame(ctx.spark.unlistedSession(), df.plan).writeStream.outputMode("complete").format("memory").queryName(`iskra_check_${Date.now()}`).start();
  } catch (e) {
    const m = (e instanceof Error ? e.message : String(e)).split("\n")[0].replace(/;\s*$/, "");
    if (/Distinct aggregations/i.test(m))
      return say(ctx.lang, `${m} — countDistinct needs every character ever seen; approx_count_distinct keeps a small sketch instead.`, `${m} — countDistinct wymaga wszystkich dotąd widzianych osób; approx_count_distinct przechowuje zamiast tego mały szkic.`);
    return `${(e as Error).name ?? "Error"}: ${m}`;
  }
  await q.stop();
  return null;
}

/** Step 41: run the learner's foreachBatch function over the six sample records (a stream of the check's own), compare housestats. */
export async function checkForeachBatchWriter(ctx: CheckContext): Promise<string | null> {
  const sw = ctx.scope.streamWriter;
  if (sw === undefined)
    return say(ctx.lang, "There is no streamWriter yet: resultDF.writeStream.outputMode(\"complete\").foreachBatch(yourFunction).", "Nie ma jeszcze streamWriter: resultDF.writeStream.outputMode(\"complete\").foreachBatch(twojaFunkcja).");
  if (!(sw instanceof ctx.scope.DataStreamWriter))
    return say(ctx.lang, "streamWriter should be the DataStreamWriter (resultDF.writeStream…) — not yet started: step 42 starts it.", "streamWriter powinien być obiektem DataStreamWriter (resultDF.writeStream…) — jeszcze nie uruchomionym: uruchamia go krok 42.");
  const batchFn = (sw as unknown as { batchFn?: (df: any, id: number) => unknown }).batchFn;
  if (typeof batchFn !== "function")
    return say(ctx.lang, "streamWriter has no foreachBatch function: add .foreachBatch(yourFunction).", "streamWriter nie ma funkcji foreachBatch: dopisz .foreachBatch(twojaFunkcja).");
  // The learner's function on a stream of the check's own (an in-memory stream through the same
  // aggregation): the learner's kafka-input topic is never written to.
  const S = ctx.scope;
  // A session of the check's own: its query is not in the web UI's list, its failure is reported once (here).
  const spark = ctx.spark.unlistedSession();
  const name = `iskra_check_input_${Date.now()}`;
  const input = new S.MemoryStream(S.StructType([S.StructField("value", S.StringType(), true)]), { name });
  const schema = S.StructType([S.StructField("house", S.StringType(), true), S.StructField("character", S.StringType(), true), S.StructField("score", S.StringType(), true), S.StructField("ts", S.TimestampType(), true)]);
  const checkDF = spark.readStream
    .format("memory")
    .option("name", name)
    .load()
    .select(S.from_json(S.col("value"), schema).alias("data"))
    .select("data.*")
    .groupBy("house")
    .agg(S.count("*").alias("how_many"), S.sum(S.col("score").cast("int")).alias("sum_score"), S.approx_count_distinct("character").alias("no_characters"));
  // The learner's function writes housestats: keep the learner's own table aside and put it back after.
  const kept = await keepTable(ctx, "housestats");
  let q: any;
  try {
    q = checkDF.writeStream.outputMode((sw as unknown as { mode?: string }).mode ?? "complete").foreachBatch(batchFn).start();
  } catch (e) {
    await kept.restore();
    return `streamWriter.start(): ${(e as Error).name}: ${(e as Error).message}`;
  }
  try {
    const now = Date.now();
    const records = SAMPLE_RECORDS.map((r, i) => ({ ...r, ts: new Date(now - i * 1000).toISOString().replace("T", " ").replace("Z", "") }));
    input.addData(...records.map((r) => JSON.stringify(r)));
    const expected = expectedStats(records);
    // The records may take a moment to become visible to the source: look a few times.
    let problem: string | null = "no batch";
    for (let i = 0; i < 10 && problem; i++) {
      await q.processAllAvailable();
      const ex = q.exception();
      if (ex) return `${ex.name}: ${ex.message}`;
      let rows: Record<string, unknown>[];
      try {
        rows = await ctx.sqlRows("select * from housestats");
      } catch (e) {
        return say(ctx.lang, `reading housestats failed: ${(e as Error).message}`, `odczyt housestats nie powiódł się: ${(e as Error).message}`);
      }
      problem = compareStats(rows, expected, ctx.lang);
      if (problem) await new Promise((r) => setTimeout(r, 300));
    }
    return problem
      ? say(ctx.lang, `after sending the six records of lesson 2, housestats is not their result: ${problem}`, `po wysłaniu sześciu rekordów z lekcji 2 tabela housestats nie zawiera ich wyniku: ${problem}`)
      : null;
  } finally {
    await q.stop();
    await kept.restore();
  }
}

/**
 * Moves `table` aside (when it exists) until `restore()`, which drops what the check wrote and puts
 * the learner's table back as it was (its rows and its definition).
 */
async function keepTable(ctx: CheckContext, table: string): Promise<{ restore: () => Promise<void> }> {
  const aside = `iskra_check_kept_${table}_${Date.now()}`;
  const exists = async () => (await ctx.sqlRows(`select to_regclass('${table}') is not null as e`))[0]?.e === true;
  let had = false;
  try {
    had = await exists();
    if (had) await ctx.sqlRows(`alter table ${table} rename to ${aside}`);
  } catch {
    had = false; // PostgreSQL does not answer: the check itself reports it
  }
  return {
    restore: async () => {
      try {
        await ctx.sqlRows(`drop table if exists ${table}`);
        if (had) await ctx.sqlRows(`alter table ${aside} rename to ${table}`);
      } catch {
        /* reported by the check */
      }
    },
  };
}
