import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { Evaluator } from "./evaluator";
import { exportScript, loadLessonFile, makeSecret, maskCode } from "./history";

const PW = "mysecretpassword";

describe("maskCode", () => {
  it("masks a password option given as a literal", () => {
    assert.equal(maskCode('.option("password", "s3cr3t!")'), '.option("password", secret("***"))');
    assert.equal(maskCode(".option('Password', 'x')"), ".option('Password', secret(\"***\"))");
  });

  it("masks a password property", () => {
    assert.equal(maskCode('df.write.jdbc(url, "t", "overwrite", { user: "postgres", password: "abc" })'), 'df.write.jdbc(url, "t", "overwrite", { user: "postgres", password: secret("***") })');
    assert.equal(maskCode('{ "password": "abc" }'), '{ "password": secret("***") }');
  });

  it("masks the password of a URL, keeping the rest of it", () => {
    assert.equal(maskCode('const u = "postgres://postgres:pa55@127.0.0.1:8432/streamoutput"'), 'const u = secret("postgres://postgres:***@127.0.0.1:8432/streamoutput")');
    assert.equal(maskCode('.option("url", `jdbc:postgresql://${hostName}:8432/streamoutput?user=postgres&password=pa55`)'), '.option("url", secret(`jdbc:postgresql://${hostName}:8432/streamoutput?user=postgres&password=***`))');
  });

  it("masks a known secret wherever it sits in a string", () => {
    assert.equal(maskCode(`const pw = "${PW}"`, [PW]), 'const pw = secret("***")');
    assert.equal(maskCode(`const note = 'pw is ${PW}!'`, [PW]), "const note = secret('pw is ***!')");
  });

  it("masks PGPASSWORD=… in comments and leaves other code alone", () => {
    assert.equal(maskCode("// PGPASSWORD=abc psql -h x"), "// PGPASSWORD=*** psql -h x");
    const plain = 'const q = df.writeStream.format("console").option("truncate", "false").start()';
    assert.equal(maskCode(plain, [PW]), plain);
    assert.equal(maskCode('.option("password", pgPassword)', [PW]), '.option("password", pgPassword)');
  });

  it("keeps masked code runnable: secret() puts the password back", async () => {
    const before = process.env.PGPASSWORD;
    delete process.env.PGPASSWORD;
    try {
      const ev = new Evaluator({ secret: makeSecret(() => PW) });
      const masked = maskCode(`const opts = { password: "${PW}", url: "postgres://postgres:${PW}@localhost:8432/streamoutput" }`, [PW]);
      assert.doesNotMatch(masked, new RegExp(PW));
      const r = await ev.evaluate(`${masked}\nopts`);
      assert.equal(r.kind, "value");
      assert.deepEqual((r as { value: unknown }).value, { password: PW, url: `postgres://postgres:${PW}@localhost:8432/streamoutput` });
      process.env.PGPASSWORD = "fromenv";
      assert.equal(makeSecret(() => PW)("***"), "fromenv");
    } finally {
      if (before === undefined) delete process.env.PGPASSWORD;
      else process.env.PGPASSWORD = before;
    }
  });
});

describe("export", () => {
  it("writes a lesson-format script that loads back with the same code", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-export-"));
    try {
      const file = path.join(dir, "session.ts");
      const inputs = ["const a = 1", "const t = `x ${a} \\ y`", 'secret("***")'];
      fs.writeFileSync(file, exportScript(inputs, file));
      const text = fs.readFileSync(file, "utf8");
      assert.match(text, /import type \{ Lesson \} from ".*lessons\/lesson-format";/);
      const lesson = loadLessonFile(file);
      assert.deepEqual(
        lesson.steps.map((s) => s.code),
        inputs,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
