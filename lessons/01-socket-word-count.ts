/**
 * Lesson 1 — the first test: a word count over a TCP socket (workshop steps 6–14).
 *
 * At the prompt the learner runs `npm run socket` in another terminal (what `nc -lk 9876` does)
 * and types lines there. The non-interactive replay starts a line server inside the shell on a
 * free port instead, sends the workshop's lines and waits with processAllAvailable().
 */
import type { Lesson } from "./lesson-format";

const FIRST_LINE = "spark scala scala spark structured streaming spark scala scala spark";
const SECOND_LINE = "spark scala scala spark";

const lesson: Lesson = {
  id: 1,
  title: { en: "First test: a socket word count", pl: "Pierwszy test: zliczanie słów z gniazda sieciowego" },
  steps: [
    {
      id: 6,
      title: { en: "Get a sender ready", pl: "Przygotuj nadajnik" },
      narration: {
        en:
          "First we check that Structured Streaming works at all. In the workshop, the \"sender\" terminal runs `nc -l` on port 9876; " +
          "here, open a second terminal in the project and run the command below: it listens on port 9876 and sends every line you type to whoever connects.\n" +
          "Note the name of your machine: in this shell it is `hostName` (the workshop's `host_name`).\n" +
          "No second terminal? Start the same sender inside this shell: `const sender = await workshop.lineServer(9876)`, and later send lines with `sender.send(\"…\")`.",
        pl:
          "Na początek sprawdzimy, czy Structured Streaming w ogóle działa. W warsztacie terminal \"nadawczy\" uruchamia `nc -l` na porcie 9876; " +
          "tutaj otwórz drugi terminal w katalogu projektu i wpisz poniższe polecenie: będzie nasłuchiwać na porcie 9876 i wysyłać każdą wpisaną linię do każdego, kto się podłączy.\n" +
          "Zanotuj nazwę swojej maszyny: w tej powłoce to `hostName` (w warsztacie `host_name`).\n" +
          "Nie masz drugiego terminala? Uruchom ten sam nadajnik w tej powłoce: `const sender = await workshop.lineServer(9876)`, a linie wysyłaj później przez `sender.send(\"…\")`.",
      },
      shell: "npm run socket",
      code: "hostName",
      replay: "const sender = await workshop.lineServer(0) // a free port: nobody else's sender is disturbed\nsender.port > 0",
    },
    {
      id: 7,
      title: { en: "The Spark session", pl: "Sesja Sparka" },
      narration: {
        en:
          "The workshop starts `pyspark --master=local[2]`: Spark in local mode with two threads. Iskra's shell did that when it started: `spark` is ready, " +
          "built with `SparkSession.builder.master(\"local[2]\").appName(\"iskra\").getOrCreate()`.",
        pl:
          "W warsztacie uruchamiamy `pyspark --master=local[2]`: Spark w trybie lokalnym na dwóch wątkach. Powłoka Iskry zrobiła to przy starcie: `spark` jest gotowy, " +
          "utworzony przez `SparkSession.builder.master(\"local[2]\").appName(\"iskra\").getOrCreate()`.",
      },
      code: "spark.sparkContext",
    },
    {
      id: 8,
      title: { en: "The source DataFrame", pl: "Źródłowy DataFrame" },
      narration: {
        en:
          "Create the source: a streaming DataFrame reading lines from port 9876. Nothing is read yet — this only describes where the data will come from. " +
          "(Spark warns that the socket source is for experiments only: it cannot replay data after a failure.)",
        pl:
          "Utwórz źródło: strumieniowy DataFrame czytający linie z portu 9876. Nic jeszcze nie jest czytane — to tylko opis, skąd przyjdą dane. " +
          "(Spark ostrzega, że źródło socket nadaje się tylko do eksperymentów: po awarii nie potrafi odtworzyć danych.)",
      },
      code: 'const lines = spark\n  .readStream\n  .format("socket")\n  .option("host", hostName)\n  .option("port", 9876)\n  .load()',
      replay: 'const lines = spark\n  .readStream\n  .format("socket")\n  .option("host", hostName)\n  .option("port", sender.port)\n  .load()',
    },
    {
      id: 9,
      title: { en: "Transformations (the classic)", pl: "Transformacje (klasyka)" },
      narration: {
        en: "Split each line into words (one row per word with `explode`), then count the occurrences of each word. Still nothing runs: these are transformations.",
        pl: "Podziel każdą linię na słowa (jeden wiersz na słowo dzięki `explode`), a potem policz wystąpienia każdego słowa. Nadal nic się nie wykonuje: to są transformacje.",
      },
      code: 'const words = lines.select(\n  explode(\n    split(lines.value, " ")\n  ).alias("word")\n)\nconst wordCounts = words.groupBy("word").count()',
    },
    {
      id: 10,
      title: { en: "The sink: start the query", pl: "Ujście: uruchom zapytanie" },
      narration: {
        en:
          "Time for the finale: the sink. `writeStream` says what to emit (`complete`: the whole result table after each micro-batch), where (the console) and `start()` sets the machinery going. " +
          "The first micro-batch (Batch: 0) runs at once; its output appears above the prompt.",
        pl:
          "Czas na finał: ujście. `writeStream` określa, co wypisywać (`complete`: całą tabelę wynikową po każdym mikro-wsadzie), dokąd (na konsolę), a `start()` uruchamia całą maszynerię. " +
          "Pierwszy mikro-wsad (Batch: 0) wykona się od razu; jego wynik pojawi się nad znakiem zachęty.",
      },
      code: 'const query = wordCounts\n  .writeStream\n  .outputMode("complete")\n  .format("console")\n  .start()',
      replay: 'const query = wordCounts\n  .writeStream\n  .outputMode("complete")\n  .format("console")\n  .start()\nawait sender.waitForClient()\nawait query.processAllAvailable()',
      expectOutput: ["Batch: 0"],
    },
    {
      id: 11,
      title: { en: "Send some lines", pl: "Nadaj kilka linii" },
      narration: {
        en: `In the sender terminal, type this line and press Enter:\n    ${FIRST_LINE}\nThe query processes it and prints the next batch: spark and scala 4 times each, structured and streaming once. (The workshop's own output also shows an empty word counted once: it had a stray space at the end of the line — splitting on " " turns it into an empty word.)`,
        pl: `W terminalu nadawczym wpisz tę linię i naciśnij Enter:\n    ${FIRST_LINE}\nZapytanie ją przetworzy i wypisze kolejny wsad: spark i scala po 4 razy, structured i streaming po razie. (W materiałach warsztatu widać też puste słowo policzone raz: linia kończyła się spacją — podział po " " daje wtedy puste słowo.)`,
      },
      sender: FIRST_LINE,
      replay: `sender.send("${FIRST_LINE}")\nawait workshop.sleep(0.5)\nawait query.processAllAvailable()`,
      expectOutput: ["Batch: 1", /\|\s*spark\|\s*4\|/, /\|\s*scala\|\s*4\|/, /\|\s*structured\|\s*1\|/],
    },
    {
      id: 12,
      title: { en: "A question about complete mode", pl: "Pytanie o tryb complete" },
      narration: {
        en: `What will the console show after you send the line below? Think about what "complete" means, then send it and see:\n    ${SECOND_LINE}`,
        pl: `Co pokaże konsola po wysłaniu poniższej linii? Zastanów się, co oznacza tryb "complete", a potem ją wyślij i sprawdź:\n    ${SECOND_LINE}`,
      },
      sender: SECOND_LINE,
      replay: `sender.send("${SECOND_LINE}")\nawait workshop.sleep(0.5)\nawait query.processAllAvailable()`,
      expectOutput: ["Batch: 2", /\|\s*spark\|\s*6\|/, /\|\s*scala\|\s*6\|/, /\|\s*streaming\|\s*1\|/],
      answer: {
        en:
          "Batch 2 shows the WHOLE result table again, not only the new words: spark 6, scala 6, structured 1, streaming 1. " +
          "In complete mode the sink receives the entire, updated result after every micro-batch; the counts are kept as state between batches " +
          "and the new line only adds 2 to spark and 2 to scala. (Update mode would print just the two rows that changed; append mode is not allowed " +
          "for an aggregation like this one without a watermark, because a count can still change.)",
        pl:
          "Wsad 2 pokazuje znowu CAŁĄ tabelę wynikową, a nie tylko nowe słowa: spark 6, scala 6, structured 1, streaming 1. " +
          "W trybie complete ujście dostaje po każdym mikro-wsadzie pełny, zaktualizowany wynik; liczniki są przechowywane jako stan między wsadami, " +
          "a nowa linia tylko dodaje 2 do spark i 2 do scala. (Tryb update wypisałby tylko dwa zmienione wiersze; trybu append nie wolno użyć " +
          "dla takiej agregacji bez znacznika czasu (watermark), bo liczba może się jeszcze zmienić.)",
      },
    },
    {
      id: 13,
      title: { en: "Stop the query", pl: "Zatrzymaj zapytanie" },
      narration: {
        en:
          "Stop the query (the sink) in the receiving shell. The workshop then leaves the shell with `quit()`; here `quit()` (or `.exit`, or Ctrl+D) works too — " +
          "but stay for the next lesson: `.lesson 2`.",
        pl:
          "Zatrzymaj zapytanie (ujście) w powłoce odbiorczej. W warsztacie wychodzimy potem z powłoki przez `quit()`; tutaj `quit()` (albo `.exit`, albo Ctrl+D) też działa — " +
          "ale zostań na następną lekcję: `.lesson 2`.",
      },
      code: "await query.stop()",
    },
    {
      id: 14,
      title: { en: "Stop the sender", pl: "Zatrzymaj nadajnik" },
      narration: {
        en: "In the sender terminal, stop sending with Ctrl+C. (If you used the sender inside this shell: `await sender.close()`.)",
        pl: "W terminalu nadawczym przerwij nadawanie kombinacją Ctrl+C. (Jeśli użyłeś nadajnika w tej powłoce: `await sender.close()`.)",
      },
      replay: "await sender.close()",
    },
  ],
};

export default lesson;
