/**
 * Lesson 2 — the batch prototype (workshop steps 17–30): JSON strings → from_json → per-house
 * aggregates → show → a JDBC write into PostgreSQL (with the workshop's misspelt `trucate`).
 */
import { DATA_SCHEMA_CODE, RESULT_DF_CODE, checkBatchResult } from "./common";
import type { Lesson } from "./lesson-format";

const VALUES_CODE = `const values = [
  \`{"house": "Ravenclaw", "character": "Myrtle Warren",
    "score": "1", "ts": "2022-08-11 16:34:11.633"}\`,
  \`{"house": "Thunderbird", "character": "Albus Dumbledore",
    "score": "4", "ts": "2022-08-11 16:33:50.74"}\`,
  \`{"house": "Slytherin", "character": "Bartemius Crouch, Sr.",
    "score": "4", "ts": "2022-08-11 16:34:16.9"}\`,
  \`{"house": "Gryffindor", "character": "Gregory Goyle",
    "score": "8", "ts": "2022-08-11 16:34:04.269"}\`,
  \`{"house": "Gryffindor", "character": "Astoria Greengrass",
    "score": "7", "ts": "2022-08-11 16:33:52.508"}\`,
  \`{"house": "Horned Serpent", "character": "Yaxley",
    "score": "4", "ts": "2022-08-11 16:33:48.829"}\`
]
const valuesDF = spark.createDataFrame(values, StringType())`;

const lesson: Lesson = {
  id: 2,
  title: { en: "The batch prototype: JSON, aggregates and a JDBC write", pl: "Wsadowy prototyp: JSON, agregaty i zapis przez JDBC" },
  needs: ["postgres"],
  steps: [
    {
      id: 17,
      title: { en: "Think first", pl: "Najpierw pomyśl" },
      narration: {
        en:
          "From now on the data are JSON records: house (the team the points were scored for), character (who scored), score and ts (when). " +
          "We want, per house: how many times points were scored (how_many), the sum of the points (sum_score) and how many different characters scored (no_characters).\n" +
          "Before writing code, think:\n" +
          "a. Which of these aggregates can be computed exactly and incrementally, and which need the detailed data (the whole \"infinite\" input table)?\n" +
          "b. How many rows can the result table have at most?\n" +
          "c. Which output modes make sense here, and what does each of them require from the sink?\n" +
          "`.next` shows an answer.",
        pl:
          "Od teraz dane to rekordy JSON: house (dom/drużyna, dla której zdobyto punkty), character (kto je zdobył), score i ts (kiedy). " +
          "Dla każdego domu chcemy wiedzieć: ile razy zdobyto punkty (how_many), jaka jest ich suma (sum_score) i ile różnych osób je zdobyło (no_characters).\n" +
          "Zanim napiszesz kod, zastanów się:\n" +
          "a. Które z tych agregatów da się policzyć dokładnie i przyrostowo, a które wymagają danych szczegółowych (całej \"nieskończonej\" tabeli wejściowej)?\n" +
          "b. Ile wierszy może mieć co najwyżej tabela wynikowa?\n" +
          "c. Które tryby wyniku wchodzą w grę i czego każdy z nich wymaga od ujścia?\n" +
          "`.next` pokaże odpowiedź.",
      },
      answer: {
        en:
          "a. how_many (a count) and sum_score (a sum) are exact and incremental: keep one number per house and add to it. no_characters, an exact count of DISTINCT characters, " +
          "needs every character already seen per house (detailed data in the state, growing with the input); Spark refuses countDistinct on a stream. approx_count_distinct " +
          "(HyperLogLog++) keeps a small fixed-size sketch per house instead and is incremental, at the price of a small error.\n" +
          "b. One row per house: as many as there are houses — 8 with the generator (the four Hogwarts houses and the four of Ilvermorny), however much data arrives.\n" +
          "c. Complete (the whole table after every micro-batch: the sink must replace what it holds, e.g. truncate and insert, or upsert every row) and update (only the changed rows: " +
          "the sink must upsert by house). Append is not allowed for an aggregation without a watermark, because a row can still change.",
        pl:
          "a. how_many (zliczenie) i sum_score (suma) liczą się dokładnie i przyrostowo: wystarczy jedna liczba na dom, do której się dodaje. no_characters, dokładna liczba RÓŻNYCH osób, " +
          "wymaga zapamiętania wszystkich osób już widzianych w danym domu (dane szczegółowe w stanie, rosnące z wejściem); Spark nie pozwala na countDistinct w strumieniu. approx_count_distinct " +
          "(HyperLogLog++) przechowuje zamiast tego mały szkic stałego rozmiaru i jest przyrostowy, kosztem niewielkiego błędu.\n" +
          "b. Jeden wiersz na dom: tyle, ile jest domów — 8 w generatorze (cztery domy Hogwartu i cztery Ilvermorny), niezależnie od ilości danych.\n" +
          "c. Complete (cała tabela po każdym mikro-wsadzie: ujście musi zastąpić to, co ma, np. truncate i insert albo upsert każdego wiersza) oraz update (tylko zmienione wiersze: " +
          "ujście musi robić upsert po house). Append nie jest dozwolony dla agregacji bez znacznika czasu (watermark), bo wiersz może się jeszcze zmienić.",
      },
    },
    {
      id: 18,
      title: { en: "Batch first", pl: "Najpierw wsadowo" },
      narration: {
        en:
          "We start with a batch version: once we know the program computes the right thing, we turn it into a stream. " +
          "The workshop downloads the PostgreSQL JDBC driver and restarts pyspark with it (steps 18–19); Iskra talks to PostgreSQL through the `pg` package, already loaded, " +
          "and this shell started a PostgreSQL server for you (the workshop's Docker container, step 26).",
        pl:
          "Zaczynamy od wersji wsadowej: gdy będziemy pewni, że program liczy to, co trzeba, zamienimy go na strumieniowy. " +
          "W warsztacie pobieramy sterownik JDBC PostgreSQL i uruchamiamy z nim pyspark ponownie (kroki 18–19); Iskra rozmawia z PostgreSQL przez pakiet `pg`, już załadowany, " +
          "a ta powłoka uruchomiła dla Ciebie serwer PostgreSQL (kontener Dockera z kroku 26).",
      },
    },
    {
      id: 20,
      title: { en: "Your host name", pl: "Nazwa Twojego hosta" },
      narration: {
        en: "The workshop stores the host name in host_name; here it is preloaded as `hostName`.",
        pl: "W warsztacie nazwa hosta trafia do zmiennej host_name; tutaj jest już załadowana jako `hostName`.",
      },
      code: "hostName",
    },
    {
      id: 21,
      title: { en: "A DataFrame of JSON strings", pl: "DataFrame ciągów znaków JSON" },
      narration: {
        en:
          "A DataFrame of strings, like the values we will read from a Kafka topic. One column, `value`.\n" +
          "Note: in the workshop's handout five of the six strings begin with a stray quote (`\"\"\"\"{\"house\"…`), which would make those records invalid JSON " +
          "(from_json would give a row of nulls for each). They are typos: the values here are without them.",
        pl:
          "DataFrame ciągów znaków, podobnych do wartości, które przeczytamy z tematu Kafki. Jedna kolumna, `value`.\n" +
          "Uwaga: w materiałach warsztatu pięć z sześciu napisów zaczyna się od zbędnego cudzysłowu (`\"\"\"\"{\"house\"…`), przez który te rekordy nie byłyby poprawnym JSON-em " +
          "(from_json dałby dla każdego wiersz samych nulli). To literówki: tutaj wartości są bez nich.",
      },
      code: VALUES_CODE,
    },
    {
      id: 22,
      title: { en: "Its schema", pl: "Jego schemat" },
      narration: { en: "What does valuesDF look like?", pl: "Jak zbudowany jest valuesDF?" },
      code: "valuesDF.printSchema()",
      expectOutput: ["root\n |-- value: string (nullable = true)"],
    },
    {
      id: 23,
      title: { en: "The schema of the records", pl: "Schemat rekordów" },
      narration: {
        en: "To turn the JSON strings into structured rows we first describe their structure. score is a string in the records; ts is a timestamp.",
        pl: "Aby zamienić napisy JSON na wiersze o strukturze, najpierw opisujemy tę strukturę. score jest w rekordach napisem; ts to znacznik czasu.",
      },
      code: DATA_SCHEMA_CODE,
    },
    {
      id: 24,
      title: { en: "Use it: from_json", pl: "Użyj go: from_json" },
      narration: {
        en: "Parse each value with the schema into a struct column `data`, then flatten it with \"data.*\".",
        pl: "Przetwórz każdą wartość według schematu na kolumnę-strukturę `data`, a potem rozwiń ją przez \"data.*\".",
      },
      code: 'const dataDF = valuesDF\n  .select(from_json(col("value"), dataSchema).alias("data"))\n  .select("data.*")\ndataDF.show()',
      expectOutput: [/\|\s*Ravenclaw\|\s*Myrtle Warren\|\s*1\|2022-08-11 16:34:\.\.\.\|/],
    },
    {
      id: 25,
      title: { en: "Your turn: resultDF", pl: "Twoja kolej: resultDF" },
      narration: {
        en:
          "Build the final result, `resultDF`: per house, how_many, sum_score and no_characters (see step 17). " +
          "Remember the functions whose results cannot be computed exactly and incrementally: the same code has to work on a stream later.",
        pl:
          "Zbuduj końcowy wynik, `resultDF`: dla każdego domu how_many, sum_score i no_characters (patrz krok 17). " +
          "Pamiętaj o funkcjach, których wyników nie da się obliczać dokładnie w sposób przyrostowy: ten sam kod ma później działać na strumieniu.",
      },
      yourTurn: {
        hint: {
          en: "groupBy(\"house\").agg(…) with count, sum and approx_count_distinct, each with .alias(…). score is a string: cast it before summing.",
          pl: "groupBy(\"house\").agg(…) z count, sum i approx_count_distinct, każda z .alias(…). score jest napisem: zrzutuj go przed sumowaniem.",
        },
        solution: RESULT_DF_CODE,
        check: checkBatchResult,
      },
    },
    {
      id: 25,
      title: { en: "The result", pl: "Wynik" },
      narration: {
        en: "This is what it should look like (the order of the rows may differ: groupBy does not sort).",
        pl: "Tak powinno to wyglądać (kolejność wierszy może być inna: groupBy nie sortuje).",
      },
      code: "resultDF.printSchema()\nresultDF.show()",
      expectOutput: [
        " |-- house: string (nullable = true)\n |-- how_many: long (nullable = false)\n |-- sum_score: long (nullable = true)\n |-- no_characters: long (nullable = false)",
        /\|\s*Gryffindor\|\s*2\|\s*15\|\s*2\|/,
        /\|\s*Horned Serpent\|\s*1\|\s*4\|\s*1\|/,
      ],
    },
    {
      id: 26,
      title: { en: "The database", pl: "Baza danych" },
      narration: {
        en:
          "The workshop starts PostgreSQL in Docker (`docker run --name postgresdb -p 8432:5432 -e POSTGRES_PASSWORD=… -d postgres`). " +
          "Iskra's shell already runs a real PostgreSQL on the same coordinates: port $PGPORT, user postgres, the workshop's password, database streamoutput " +
          "(or the server named by PG_URL). Ask it who it is:",
        pl:
          "W warsztacie PostgreSQL startuje w Dockerze (`docker run --name postgresdb -p 8432:5432 -e POSTGRES_PASSWORD=… -d postgres`). " +
          "Powłoka Iskry już uruchomiła prawdziwy PostgreSQL o tych samych parametrach: port $PGPORT, użytkownik postgres, hasło z warsztatu, baza streamoutput " +
          "(albo serwer wskazany przez PG_URL). Zapytaj go, kim jest:",
      },
      code: 'sql("select version()")',
    },
    {
      id: 27,
      title: { en: "Log in with psql", pl: "Zaloguj się przez psql" },
      narration: {
        en: "In another terminal you can log in with psql, as the workshop does. Inside this shell, `sql(\"…\")` does the same job.",
        pl: "W innym terminalu możesz zalogować się przez psql, jak w warsztacie. W tej powłoce to samo robi `sql(\"…\")`.",
      },
      shell: "$PSQL",
    },
    {
      id: 28,
      title: { en: "The target table", pl: "Tabela docelowa" },
      narration: {
        en:
          "Create the target table. (The database streamoutput exists already; we drop an old housestats first so that the step can be repeated.)",
        pl:
          "Utwórz tabelę docelową. (Baza streamoutput już istnieje; najpierw usuwamy starą tabelę housestats, żeby krok można było powtarzać.)",
      },
      code: 'await sql("drop table if exists housestats")\nawait sql(`create table housestats (\n   house character(30) primary key,\n   how_many integer,\n   sum_score integer,\n   no_characters integer\n)`)',
    },
    {
      id: 29,
      title: { en: "Write the result with JDBC", pl: "Zapisz wynik przez JDBC" },
      narration: {
        en:
          "Write resultDF into the table. The workshop's URL is f\"jdbc:postgresql://{host_name}:8432/streamoutput\"; here `jdbcUrl`, `pgUser` and `pgPassword` hold the coordinates of the server this shell uses.\n" +
          "Look at the warning: the workshop writes `trucate`, not `truncate`. Spark does not know that option and silently passes it on to the driver, so with mode overwrite " +
          "it DROPs the table and CREATEs it again from the DataFrame's schema — our primary key and character(30) are gone. Spelt right, `truncate` would keep the table and only empty it.",
        pl:
          "Zapisz resultDF do tabeli. W warsztacie URL to f\"jdbc:postgresql://{host_name}:8432/streamoutput\"; tutaj `jdbcUrl`, `pgUser` i `pgPassword` zawierają parametry serwera, którego używa ta powłoka.\n" +
          "Zwróć uwagę na ostrzeżenie: w warsztacie jest `trucate`, a nie `truncate`. Spark nie zna tej opcji i po cichu przekazuje ją sterownikowi, więc w trybie overwrite " +
          "USUWA tabelę (DROP) i TWORZY ją od nowa ze schematu DataFrame'u — nasz klucz główny i character(30) znikają. Poprawnie zapisane `truncate` zachowałoby tabelę i tylko ją opróżniło.",
      },
      code: 'resultDF.write\n  .format("jdbc")\n  .option("url", jdbcUrl)\n  .option("dbtable", "housestats")\n  .option("user", pgUser)\n  .option("password", pgPassword)\n  .option("trucate", "true")\n  .mode("overwrite")\n  .save()',
      expectOutput: [/WARN .*trucate/],
    },
    {
      id: 30,
      title: { en: "Is it there?", pl: "Czy dane tam są?" },
      narration: {
        en:
          "Check the table (in psql: `select * from housestats;`). If it all worked, the batch prototype is done.\n" +
          "Before the streaming version, keep the commands that got us here: the workshop prints the readline history; here `.history` shows what you typed " +
          "and `.export FILE` saves it as a script you can replay with `.replay FILE` (passwords masked).",
        pl:
          "Sprawdź tabelę (w psql: `select * from housestats;`). Jeśli wszystko zadziałało, wsadowy prototyp jest gotowy.\n" +
          "Zanim przejdziemy do wersji strumieniowej, zachowajmy polecenia, które nas tu doprowadziły: w warsztacie wypisujemy historię readline; tutaj `.history` pokazuje, co wpisałeś, " +
          "a `.export PLIK` zapisuje to jako skrypt do odtworzenia przez `.replay PLIK` (hasła zamaskowane).",
      },
      code: 'sql("select * from housestats")',
      expectOutput: ["(5 rows)", /Gryffindor\s*│\s*2 │\s*15 │\s*2 │/],
    },
    {
      id: 31,
      title: { en: "Optional: keep the result as Parquet", pl: "Opcjonalnie: zachowaj wynik jako Parquet" },
      narration: {
        en:
          "Not in the workshop: save resultDF as Parquet files, as Spark lays them out, and read them back. " +
          "In another terminal, `ls housestats.parquet` shows Spark's layout: one `part-00000-<uuid>-c000.snappy.parquet` per task and an empty `_SUCCESS`, " +
          "written only once every part is complete. Real PySpark reads this directory as it is (`spark.read.parquet(\"housestats.parquet\")`), and Iskra reads what PySpark writes.",
        pl:
          "Poza warsztatem: zapisz resultDF jako pliki Parquet, tak jak układa je Spark, i wczytaj je z powrotem. " +
          "W innym terminalu `ls housestats.parquet` pokazuje układ Sparka: jeden `part-00000-<uuid>-c000.snappy.parquet` na zadanie i pusty `_SUCCESS`, " +
          "zapisany dopiero, gdy wszystkie części są gotowe. Prawdziwy PySpark czyta ten katalog bez zmian (`spark.read.parquet(\"housestats.parquet\")`), a Iskra czyta to, co zapisze PySpark.",
      },
      code: 'await resultDF.write.mode("overwrite").parquet("housestats.parquet")\nspark.read.parquet("housestats.parquet").orderBy("house").show()',
      // The replay keeps the repository clean: the files go to /tmp.
      replay: 'await resultDF.write.mode("overwrite").parquet("/tmp/iskra-lesson2-housestats.parquet")\nspark.read.parquet("/tmp/iskra-lesson2-housestats.parquet").orderBy("house").show()',
      expectOutput: [/\|\s*Gryffindor\|\s*2\|\s*15\|\s*2\|/],
    },
  ],
};

export default lesson;
