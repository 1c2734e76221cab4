// @needs: kafka postgres
/**
 * Every lesson replays without a person (`npm run lesson -- N`): exit code 0 and the output the
 * workshop shows. Lessons 1–2 need only PostgreSQL; 3–4 need the Kafka broker that `npm test`
 * names in KAFKA_BOOTSTRAP_SERVERS. One file, run in order: lessons 2 and 4 share the table
 * housestats, lessons 3 and 4 the topic kafka-input. The replays get a database of their own on
 * the test server, so that other tests' housestats are left alone.
 */
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { lessonFiles, loadLesson } from "../src/repl/lessons";
import { pgAdmin } from "../test/support/pg-admin";

const ROOT = path.resolve(__dirname, "..");

let pgUrl = process.env.PG_URL;
const database = `iskra_lessons_${process.pid}`;

const admin = pgAdmin;

before(async () => {
  if (!process.env.PG_URL) return;
  await admin(`create database ${database}`);
  const u = new URL(process.env.PG_URL);
  u.pathname = `/${database}`;
  pgUrl = u.toString();
});

after(async () => {
  if (process.env.PG_URL) await admin(`drop database if exists ${database} with (force)`);
});

function replay(n: number, extra: string[] = []): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "lesson", "--", String(n), ...extra], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", ...(pgUrl ? { PG_URL: pgUrl } : {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill("SIGINT"), 240000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe("the lessons", () => {
  it("are lessons 1–4, each with steps numbered as the workshop's and both languages", () => {
    assert.deepEqual(
      lessonFiles().map((f) => f.id),
      [1, 2, 3, 4],
    );
    for (const f of lessonFiles()) {
      const l = loadLesson(f.id);
      assert.ok(l.title.en && l.title.pl);
      for (const s of l.steps) {
        assert.ok(s.narration.en && s.narration.pl, `lesson ${l.id} step ${s.id} narration`);
        assert.ok(s.title.en && s.title.pl, `lesson ${l.id} step ${s.id} title`);
        if (s.yourTurn) assert.ok(s.yourTurn.hint.en && s.yourTurn.hint.pl && s.yourTurn.solution);
        if (s.answer) assert.ok(s.answer.en && s.answer.pl);
      }
    }
    const answered = lessonFiles().flatMap((f) => loadLesson(f.id).steps.filter((s) => s.answer).map((s) => s.id));
    assert.deepEqual(answered.sort(), [12, 17]);
  });

  it("npm run lesson -- 1: the socket word count, batch after batch", async () => {
    const { code, out } = await replay(1);
    assert.equal(code, 0, out);
    assert.match(out, /Batch: 0/);
    assert.match(out, /Batch: 1\n-+\n\+----------\+-----\+\n\|      word\|count\|/);
    assert.match(out, /\|     spark\|    4\|/);
    const batch2 = out.slice(out.indexOf("Batch: 2"));
    assert.match(batch2, /\|     spark\|    6\|/);
    assert.match(batch2, /\|     scala\|    6\|/);
    assert.match(out, /Lesson passed\./);
  });

  it("npm run lesson -- 2 --lang pl: the batch prototype into PostgreSQL, narrated in Polish", async () => {
    const { code, out } = await replay(2, ["--lang", "pl"]);
    assert.equal(code, 0, out);
    assert.match(out, /Krok 21 · DataFrame ciągów znaków JSON/);
    assert.match(out, /\|    Gryffindor\|       2\|       15\|            2\|/);
    assert.match(out, /WARN Unknown JDBC option 'trucate'/);
    assert.match(out, /\(5 rows\)/);
    assert.match(out, /✓ Sprawdzenie: dobrze/);
    assert.match(out, /Lekcja przeszła\./);
  });

  const kafka = process.env.KAFKA_BOOTSTRAP_SERVERS ? false : "KAFKA_BOOTSTRAP_SERVERS is not set (npm test sets it when it starts the broker)";

  it("npm run lesson -- 3: the Kafka stream to the console, with the generator", { skip: kafka }, async () => {
    const { code, out } = await replay(3);
    assert.equal(code, 0, out);
    assert.match(out, /Batch: 0\n-+\n\+-----\+--------\+---------\+-------------\+\n\|house\|how_many\|sum_score\|no_characters\|/);
    assert.match(out, /Batch: 1/);
    assert.match(out, /Sent 10 json records to kafka-input/);
    assert.match(out, /Lesson passed\./);
  });

  it("npm run lesson -- 4: foreachBatch into PostgreSQL at 2 and 20,000 records/s", { skip: kafka }, async () => {
    const { code, out } = await replay(4);
    assert.equal(code, 0, out);
    assert.match(out, /Data source jdbc does not support streamed writing/);
    assert.match(out, /✓ Check passed/);
    assert.match(out, /\(8 rows\)/);
    assert.match(out, /kafka-input:0:\d+/);
    assert.match(out, /Lesson passed\./);
  });
});

