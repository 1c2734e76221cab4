/**
 * Lesson 4 — the stream into PostgreSQL (workshop steps 40–49): the JDBC sink a stream cannot
 * use, foreachBatch instead, the generator at 2 and then 20,000 records per second, the table,
 * stopping everything, and the offsets of the topic; beyond the workshop (50–51), exactly-once appends
 * with exactlyOnce and its ledger table.
 */
import { DATA_SCHEMA_CODE, RESULT_DF_CODE, checkForeachBatchWriter } from "./common";
import type { Lesson } from "./lesson-format";

const WRITER_CODE = `const writeToPostgres = async (batchDF: DataFrame, batchId: number) => {
  await batchDF.write
    .format("jdbc")
    .option("url", jdbcUrl)
    .option("dbtable", "housestats")
    .option("user", pgUser)
    .option("password", pgPassword)
    .option("truncate", "true")
    .mode("overwrite")
    .save()
}
const streamWriter = resultDF.writeStream
  .outputMode("complete")
  .foreachBatch(writeToPostgres)`;

const lesson: Lesson = {
  id: 4,
  title: { en: "foreachBatch into PostgreSQL", pl: "foreachBatch do PostgreSQL" },
  needs: ["kafka", "postgres"],
  steps: [
    {
      id: 34,
      title: { en: "Where we are", pl: "Gdzie jesteśmy" },
      narration: {
        en:
          "This lesson continues lesson 3: a streaming resultDF over kafka-input. `.run` (re)defines it, in case you start here; it starts nothing.",
        pl:
          "Ta lekcja jest ciągiem dalszym lekcji 3: strumieniowy resultDF nad tematem kafka-input. `.run` definiuje go (ponownie), gdybyś zaczynał tutaj; niczego nie uruchamia.",
      },
      code:
        'const ds1 = spark.readStream\n  .format("kafka")\n  .option("kafka.bootstrap.servers", kafkaBootstrap)\n  .option("subscribe", "kafka-input")\n  .load()\n' +
        'const valuesDF = ds1.select(expr("CAST(value AS STRING)").alias("value"))\n' +
        `${DATA_SCHEMA_CODE}\nconst dataDF = valuesDF\n  .select(from_json(col("value"), dataSchema).alias("data"))\n  .select("data.*")\n${RESULT_DF_CODE}`,
    },
    {
      id: 40,
      title: { en: "A JDBC sink for a stream?", pl: "Ujście JDBC dla strumienia?" },
      narration: {
        en:
          "Now send the result to its real destination. Unfortunately Structured Streaming has no JDBC sink. See for yourself — this fails, as it does in Spark:",
        pl:
          "Teraz skierujmy wynik do docelowego ujścia. Niestety Structured Streaming nie obsługuje bezpośrednio ujść typu JDBC. Możesz się o tym przekonać — to się nie uda, tak jak w Sparku:",
      },
      code: 'resultDF.writeStream\n  .format("jdbc")\n  .option("url", jdbcUrl)\n  .option("dbtable", "housestats")\n  .option("user", pgUser)\n  .option("password", pgPassword)\n  .start()',
      expectError: "Data source jdbc does not support streamed writing",
    },
    {
      id: 41,
      title: { en: "Your turn: foreachBatch", pl: "Twoja kolej: foreachBatch" },
      narration: {
        en:
          "Fortunately there is foreachBatch: a function called with each micro-batch's result as an ordinary (batch) DataFrame, and the batch id. " +
          "Inside it you may use any batch writer — such as the JDBC write of step 29. Define the function and `streamWriter`: resultDF.writeStream in complete mode " +
          "with your function as foreachBatch. Do not start it yet. (`.check` runs your function for a moment on a stream of its own with the six records of lesson 2 — your kafka-input topic is not touched — and looks at what it wrote to housestats; then your own housestats is put back as it was.)",
        pl:
          "Na szczęście jest foreachBatch: funkcja wywoływana dla wyniku każdego mikro-wsadu jako zwykłego (wsadowego) DataFrame'u, razem z numerem wsadu. " +
          "W środku można użyć dowolnego zapisu wsadowego — na przykład zapisu JDBC z kroku 29. Zdefiniuj funkcję oraz `streamWriter`: resultDF.writeStream w trybie complete " +
          "z Twoją funkcją jako foreachBatch. Jeszcze go nie uruchamiaj. (`.check` uruchomi na chwilę Twoją funkcję na własnym strumieniu z sześcioma rekordami z lekcji 2 — Twojego tematu kafka-input nie dotyka — i zajrzy do tego, co zapisała do housestats; potem Twoja housestats wraca do stanu sprzed sprawdzenia.)",
      },
      yourTurn: {
        hint: {
          en: "const writeToPostgres = async (batchDF: DataFrame, batchId: number) => { await batchDF.write…save() } — and this time spell truncate right.",
          pl: "const writeToPostgres = async (batchDF: DataFrame, batchId: number) => { await batchDF.write…save() } — i tym razem zapisz truncate poprawnie.",
        },
        solution: WRITER_CODE,
        check: checkForeachBatchWriter,
      },
    },
    {
      id: 42,
      title: { en: "Three, four!", pl: "Trzy, cztery!" },
      narration: { en: "Start it.", pl: "Uruchamiamy." },
      code: "const query = streamWriter.start()",
      replay: "const query = streamWriter.start()\nawait query.processAllAvailable()",
    },
    {
      id: 43,
      title: { en: "A little fuel", pl: "Odrobina paliwa" },
      narration: {
        en: "The query waits at the start line. Some fuel: in the sender terminal, a trickle to begin with — two records per second for 5 seconds.",
        pl: "Przetwarzanie czeka w blokach startowych. Nalejmy trochę paliwa: w terminalu nadawczym na początek odrobinka — dwa rekordy na sekundę przez 5 sekund.",
      },
      shell: "npm run produce -- $KAFKA kafka-input json 2 5",
      code: 'await sh("npm run produce -- $KAFKA kafka-input json 2 5")',
      replay: 'await sh("npm run produce -- $KAFKA kafka-input json 2 5")\nawait workshop.sleep(0.5)\nawait query.processAllAvailable()',
    },
    {
      id: 44,
      title: { en: "Anything in the table?", pl: "Czy coś się zmieniło?" },
      narration: {
        en: "Look at the table (psql in the technical terminal, or here):",
        pl: "Zajrzyj do tabeli (psql w terminalu technicznym albo tutaj):",
      },
      code: 'sql("select * from housestats")',
      expectOutput: [/\(\d+ rows?\)/],
    },
    {
      id: 45,
      title: { en: "Full throttle", pl: "Cała naprzód" },
      narration: {
        en: "Going well? Then full throttle: 20,000 records per second for 5 seconds.",
        pl: "Skoro tak dobrze idzie, to cała naprzód: 20 000 rekordów na sekundę przez 5 sekund.",
      },
      shell: "npm run produce -- $KAFKA kafka-input json 20000 5",
      code: 'await sh("npm run produce -- $KAFKA kafka-input json 20000 5")',
      replay: 'await sh("npm run produce -- $KAFKA kafka-input json 20000 5")\nawait workshop.sleep(0.5)\nawait query.processAllAvailable()',
    },
    {
      id: 46,
      title: { en: "It keeps up", pl: "Nadąża" },
      narration: {
        en:
          "Structured Streaming should cope with that quickly — it was built for it. Each house now has about 12,500 scorings and every character has scored for it " +
          "(no_characters is an approximate count: HyperLogLog++ may be off by a little).",
        pl:
          "Spark Structured Streaming powinien dość szybko sobie z tym poradzić, wszak do tego został stworzony. Każdy dom ma teraz około 12 500 zdobyć punktów i punkty zdobyła dla niego każda z osób " +
          "(no_characters to liczba przybliżona: HyperLogLog++ może się nieco pomylić).",
      },
      code: 'sql("select * from housestats")',
      expectOutput: ["(8 rows)"],
    },
    {
      id: 47,
      title: { en: "Stop everything", pl: "Zatrzymaj wszystko" },
      narration: {
        en: "Stop every active query (`.stopall` does the same). The workshop then leaves pyspark with quit().",
        pl: "Zatrzymaj wszystkie aktywne zapytania (`.stopall` robi to samo). W warsztacie wychodzimy potem z pysparka przez quit().",
      },
      code: "for (const q of spark.streams.active) {\n  await q.stop()\n}",
    },
    {
      id: 48,
      title: { en: "Leave psql", pl: "Wyjdź z psql" },
      narration: { en: "In the technical terminal, leave psql with \\q.", pl: "W terminalu technicznym wyjdź z psql poleceniem \\q." },
    },
    {
      id: 49,
      title: { en: "How many messages went through?", pl: "Ile wiadomości przeszło?" },
      narration: {
        en:
          "Check how many messages went through the input topic: the end offset of each partition (kafka.tools.GetOffsetShell in the workshop).\n" +
          "What we wrote is a prototype, but a complete one: it reads the real source and writes the real sink. Moving it into a full application is only the dot over the i.",
        pl:
          "Sprawdź, ile wiadomości przeszło przez wejściowy temat Kafki: końcowy offset każdej partycji (kafka.tools.GetOffsetShell w warsztacie).\n" +
          "To, co napisaliśmy, to prototyp, ale kompletny: czyta z docelowego źródła i zapisuje do docelowego ujścia. Przeniesienie go do pełnej aplikacji to już tylko kropka nad i.",
      },
      shell: "npm run offsets -- --broker-list $KAFKA --topic kafka-input --time -1",
      code: 'await sh("npm run offsets -- --broker-list $KAFKA --topic kafka-input --time -1")',
      expectOutput: [/kafka-input:0:\d+/],
    },
    {
      id: 50,
      title: { en: "Beyond the workshop: exactly once", pl: "Poza warsztatem: dokładnie raz" },
      narration: {
        en:
          "foreachBatch is at-least-once: if the process dies after PostgreSQL committed batch N but before Spark wrote commits/N, " +
          "the restart runs batch N again with the same rows. Overwriting the whole table (what we did) makes that harmless; appending " +
          "each batch does not — plain batchDF.write.jdbc(…, \"append\") would write that batch twice. exactlyOnce(batchDF, batchId) " +
          "writes the batch and records (query id, batchId) in the ledger table iskra_batch_ledger in the same transaction, and skips a " +
          "batch already recorded. Here every update-mode batch is appended to housestats_log, once.",
        pl:
          "foreachBatch gwarantuje „co najmniej raz”: jeśli proces zginie po zatwierdzeniu partii N w PostgreSQL, a przed zapisaniem commits/N, " +
          "restart wykona partię N ponownie, z tymi samymi wierszami. Nadpisywanie całej tabeli (jak u nas) jest na to odporne; dopisywanie " +
          "partii już nie — zwykłe batchDF.write.jdbc(…, \"append\") zapisałoby ją dwa razy. exactlyOnce(batchDF, batchId) zapisuje partię " +
          "i w tej samej transakcji notuje (id zapytania, batchId) w tabeli iskra_batch_ledger, a partię już zanotowaną pomija. " +
          "Tu każda partia trybu update jest dopisywana do housestats_log — dokładnie raz.",
      },
      code: `const logCheckpoint = "/tmp/iskra-housestats-log-" + Date.now() // a restart reuses this path
const appendOnce = async (batchDF: DataFrame, batchId: number) => {
  await exactlyOnce(batchDF, batchId).jdbc(jdbcUrl, "housestats_log", "append", { user: pgUser, password: pgPassword })
}
const logQuery = resultDF.writeStream
  .outputMode("update")
  .foreachBatch(appendOnce)
  .option("checkpointLocation", logCheckpoint)
  .start()`,
    },
    {
      id: 51,
      title: { en: "Once, and only once", pl: "Raz i tylko raz" },
      narration: {
        en: "Some fuel, then the ledger: one row per batch written. Kill the shell at any moment and restart the query on the same checkpoint: no batch appears twice.",
        pl: "Trochę paliwa, potem rejestr: jeden wiersz na zapisaną partię. Zabij powłokę w dowolnej chwili i uruchom zapytanie ponownie na tym samym checkpoincie: żadna partia nie pojawi się dwa razy.",
      },
      shell: "npm run produce -- $KAFKA kafka-input json 2 3",
      code: 'await sh("npm run produce -- $KAFKA kafka-input json 2 3")\nawait logQuery.processAllAvailable()\nawait sql("select batch_id, table_name, rows_written from iskra_batch_ledger order by committed_at desc limit 5")\nawait logQuery.stop()',
      expectOutput: ["housestats_log"],
    },
  ],
};

export default lesson;
