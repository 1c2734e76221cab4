/**
 * Lesson 3 — the streaming version, to the console (workshop steps 15–16 and 31–39): the topic,
 * a Kafka source, the same transformations as the batch prototype, a console sink in complete
 * mode, and the data generator.
 */
import { DATA_SCHEMA_CODE, RESULT_DF_CODE, checkStreamingResult } from "./common";
import type { Lesson } from "./lesson-format";

/** What `npm run topics -- --create … --replication-factor 2` prints on a single broker (Kafka's kafka-topics.sh words). */
export const REPLICATION_ERROR =
  "Error while executing topic command : Unable to replicate the partition 2 time(s): The target replication factor of 2 cannot be reached because only 1 broker(s) are registered.";

const lesson: Lesson = {
  id: 3,
  title: { en: "A Kafka stream to the console", pl: "Strumień z Kafki na konsolę" },
  needs: ["kafka"],
  steps: [
    {
      id: 15,
      title: { en: "The topics", pl: "Tematy" },
      narration: {
        en:
          "Now something more ambitious: data from a topic of Apache Kafka, produced by a generator of sample records. First some preparation: list the topics " +
          "(the workshop runs kafka-topics.sh in the \"technical\" terminal; here `npm run topics` takes the same flags, and `sh(…)` runs it from this shell). " +
          "No broker yet? `npm run kafka -- start` starts the project's own.",
        pl:
          "Teraz coś ambitniejszego: dane z tematu (topic) Apache Kafka, tworzone przez generator przykładowych danych. Najpierw trochę przygotowań: wyświetl tematy " +
          "(w warsztacie kafka-topics.sh w terminalu \"technicznym\"; tutaj `npm run topics` przyjmuje te same opcje, a `sh(…)` uruchamia je z tej powłoki). " +
          "Nie ma jeszcze brokera? `npm run kafka -- start` uruchamia brokera projektu.",
      },
      shell: "npm run topics -- --bootstrap-server $KAFKA --list",
      code: 'await sh("npm run topics -- --bootstrap-server $KAFKA --list")',
    },
    {
      id: 16,
      title: { en: "kafka-input, fresh", pl: "Świeży temat kafka-input" },
      narration: {
        en:
          "We use the topic kafka-input: delete it if it exists, then create it again with 3 partitions. " +
          "(The workshop's cluster has several brokers and asks for --replication-factor 2; a single broker can only keep 1 copy — with 2 the tool answers " +
          `"${REPLICATION_ERROR}")`,
        pl:
          "Będziemy korzystać z tematu kafka-input: jeśli istnieje, usuń go, a potem utwórz ponownie z 3 partycjami. " +
          "(Klaster z warsztatu ma kilka brokerów i używa --replication-factor 2; pojedynczy broker może trzymać tylko 1 kopię — przy 2 narzędzie odpowie " +
          `"${REPLICATION_ERROR}")`,
      },
      shell: "npm run topics -- --bootstrap-server $KAFKA --delete --topic kafka-input --if-exists && npm run topics -- --bootstrap-server $KAFKA --create --topic kafka-input --partitions 3 --replication-factor 1",
      code:
        'await sh("npm run topics -- --bootstrap-server $KAFKA --delete --topic kafka-input --if-exists")\n' +
        'await sh("npm run topics -- --bootstrap-server $KAFKA --create --topic kafka-input --partitions 3 --replication-factor 1")',
    },
    {
      id: 31,
      title: { en: "The streaming version", pl: "Wersja strumieniowa" },
      narration: {
        en:
          "The streaming version reads the topic and keeps the result table up to date as records arrive. The workshop restarts pyspark with the Kafka package " +
          "(--packages org.apache.spark:spark-sql-kafka-0-10_2.12:3.3.2); in Iskra the Kafka source is built in — nothing to restart.",
        pl:
          "Wersja strumieniowa czyta temat i na bieżąco aktualizuje tabelę wynikową, gdy napływają rekordy. W warsztacie pyspark startuje ponownie z pakietem Kafki " +
          "(--packages org.apache.spark:spark-sql-kafka-0-10_2.12:3.3.2); w Iskrze źródło Kafki jest wbudowane — nie trzeba niczego restartować.",
      },
    },
    {
      id: 32,
      title: { en: "The Kafka source", pl: "Źródło Kafki" },
      narration: {
        en:
          "Create the source DataFrame subscribed to kafka-input. The workshop's bootstrap server is f\"{host_name}:9092\"; here `kafkaBootstrap` holds the one this shell uses " +
          "(KAFKA_BOOTSTRAP_SERVERS, or 127.0.0.1:9092).",
        pl:
          "Utwórz źródłowy DataFrame subskrybujący temat kafka-input. W warsztacie serwer startowy to f\"{host_name}:9092\"; tutaj `kafkaBootstrap` zawiera ten, którego używa powłoka " +
          "(KAFKA_BOOTSTRAP_SERVERS albo 127.0.0.1:9092).",
      },
      code: 'const ds1 = spark.readStream\n  .format("kafka")\n  .option("kafka.bootstrap.servers", kafkaBootstrap)\n  .option("subscribe", "kafka-input")\n  .load()',
    },
    {
      id: 33,
      title: { en: "Its schema, and the value as a string", pl: "Schemat i wartość jako napis" },
      narration: {
        en: "Look at ds1's schema: key and value are binary. Turn value into a string: it is easier to process further.",
        pl: "Obejrzyj schemat ds1: key i value są binarne. Zamień value na napis: tak łatwiej przetwarzać go dalej.",
      },
      code: 'ds1.printSchema()\nconst valuesDF = ds1.select(expr("CAST(value AS STRING)").alias("value"))',
      expectOutput: [" |-- key: binary (nullable = true)\n |-- value: binary (nullable = true)"],
    },
    {
      id: 34,
      title: { en: "Your turn: resultDF again", pl: "Twoja kolej: znowu resultDF" },
      narration: {
        en: "The rest, up to resultDF, you know from the batch prototype: the schema of the records, from_json, the aggregates. It has to work on a stream now.",
        pl: "Dalszy ciąg, aż do resultDF, znasz z wsadowego prototypu: schemat rekordów, from_json, agregaty. Teraz musi działać na strumieniu.",
      },
      yourTurn: {
        hint: {
          en: "dataSchema as in step 23, dataDF = valuesDF.select(from_json(…).alias(\"data\")).select(\"data.*\"), then the aggregation of step 25. countDistinct is not allowed on a stream.",
          pl: "dataSchema jak w kroku 23, dataDF = valuesDF.select(from_json(…).alias(\"data\")).select(\"data.*\"), potem agregacja z kroku 25. countDistinct nie jest dozwolone w strumieniu.",
        },
        solution: `${DATA_SCHEMA_CODE}\nconst dataDF = valuesDF\n  .select(from_json(col("value"), dataSchema).alias("data"))\n  .select("data.*")\n${RESULT_DF_CODE}`,
        check: checkStreamingResult,
      },
    },
    {
      id: 35,
      title: { en: "Does it all fit?", pl: "Czy wszystko pasuje?" },
      narration: { en: "Check the schema.", pl: "Sprawdź schemat." },
      code: "resultDF.printSchema()",
      expectOutput: [" |-- house: string (nullable = true)\n |-- how_many: long (nullable = false)\n |-- sum_score: long (nullable = true)\n |-- no_characters: long (nullable = false)"],
    },
    {
      id: 36,
      title: { en: "A console sink", pl: "Ujście na konsolę" },
      narration: {
        en: "First let us see whether the stream processing works at all: a console sink, complete mode.",
        pl: "Na początek zobaczmy, czy przetwarzanie strumienia w ogóle działa: ujście na konsolę, tryb complete.",
      },
      code: 'const query = resultDF.writeStream\n  .outputMode("complete")\n  .format("console")\n  .start()',
    },
    {
      id: 37,
      title: { en: "Batch 0", pl: "Wsad 0" },
      narration: {
        en: "Wait for the result of the first batch: an empty table (the query starts at the end of the topic: only new records count).",
        pl: "Poczekaj na wynik pierwszego wsadu: pusta tabela (zapytanie zaczyna od końca tematu: liczą się tylko nowe rekordy).",
      },
      replay: "await query.processAllAvailable()",
      expectOutput: ["Batch: 0", "|house|how_many|sum_score|no_characters|"],
    },
    {
      id: 38,
      title: { en: "The generator", pl: "Generator" },
      narration: {
        en:
          "In the sender terminal run the data generator (the workshop's KafkaFakerProducer, same arguments: bootstrap servers, topic, json, records per second, seconds): " +
          "2 records per second for 5 seconds. `.run` runs it from this shell instead. Batches appear above the prompt as records arrive.",
        pl:
          "W terminalu nadawczym uruchom generator danych (KafkaFakerProducer z warsztatu, te same argumenty: serwery startowe, temat, json, rekordów na sekundę, sekundy): " +
          "2 rekordy na sekundę przez 5 sekund. `.run` uruchomi go z tej powłoki. Wsady pojawiają się nad znakiem zachęty w miarę napływu rekordów.",
      },
      shell: "npm run produce -- $KAFKA kafka-input json 2 5",
      code: 'await sh("npm run produce -- $KAFKA kafka-input json 2 5")',
      replay: 'await sh("npm run produce -- $KAFKA kafka-input json 2 5")\nawait workshop.sleep(0.5)\nawait query.processAllAvailable()',
      expectOutput: ["Batch: 1"],
    },
    {
      id: 39,
      title: { en: "Stop", pl: "Stop" },
      narration: {
        en: "If the program produced a batch or two of results, stream processing works and we can stop this query.",
        pl: "Jeśli program wygenerował paczkę (lub dwie) wynikowych danych, przetwarzanie strumieni działa i możemy zatrzymać bieżące zapytanie.",
      },
      code: "await query.stop()",
    },
  ],
};

export default lesson;
