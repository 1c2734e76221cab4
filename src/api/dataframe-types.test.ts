/**
 * The DataFrame type a library user compiles against: a misspelt member (`df.wrteStream`) or a
 * column as an attribute (`df.house`) is a TypeScript error, while real members type-check.
 * A program written as a user would is compiled with the TypeScript compiler (no emit); only its
 * own diagnostics are read.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";

const INDEX = path.resolve(__dirname, "..", "index");

const USER_PROGRAM = `
import { SparkSession, DataFrame, col } from ${JSON.stringify(INDEX)};
const spark = SparkSession.builder.appName("typed").getOrCreate();
const df: DataFrame = spark.readStream.format("rate").load();
export const ok = df.select(col("value").cast("string")).writeStream.format("console").outputMode("append");
export const typo = df.wrteStream.fromat("console");
export const attribute = df.value;
export const counted: Promise<number> = spark.createDataFrame([[1]], "n INT").count();
`;

function diagnosticsOf(source: string): Array<{ line: number; code: number; text: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-types-"));
  const file = path.join(dir, "user.ts");
  fs.writeFileSync(file, source);
  try {
    const program = ts.createProgram([file], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true, resolveJsonModule: true, skipLibCheck: true, types: ["node"] });
    const sf = program.getSourceFile(file)!;
    return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => ({
      line: sf.getLineAndCharacterOfPosition(d.start ?? 0).line,
      code: d.code,
      text: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test("a misspelt DataFrame member and a column attribute fail to type-check; real members pass", () => {
  const diags = diagnosticsOf(USER_PROGRAM);
  assert.deepEqual(diags, [
    { line: 5, code: 2551, text: "Property 'wrteStream' does not exist on type 'DataFrame'. Did you mean 'writeStream'?" },
    { line: 6, code: 2339, text: "Property 'value' does not exist on type 'DataFrame'." },
  ]);
});
