/**
 * The Iskra side of the side-by-side comparison (src/export/side-by-side.ts): runs a session's
 * application form (src/export/app-form.ts) in the shell's evaluator, then obeys the same stdin
 * protocol on the runner's control port as scripts/spark-oracle/side_by_side.py does for PySpark:
 *
 *   node -r ts-node/register/transpile-only scripts/side-by-side/iskra-side.ts PORT app.json
 *
 * app.json: { "inputs": [TypeScript, …], "probes": [TypeScript, …] }. Says `READY` once the inputs
 * ran; then `sync` (processAllAvailable on every active query → `SYNCED`), `probe N`
 * (→ `ERROR <Class>: <message>` or `NO-ERROR`), `stop` (→ `STOPPED`).
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as readline from "node:readline";
import { errorHeadline } from "../../src/repl/format";
import { StreamOutput } from "../../src/repl/output";
import { Shell } from "../../src/repl/shell";
import { intOption, parseCli } from "../workshop/cli";

async function main(port: number, file: string): Promise<number> {
  const app = JSON.parse(fs.readFileSync(file, "utf8")) as { inputs: string[]; probes: string[] };
  const shell = new Shell({ output: new StreamOutput(process.stdout, false), interactive: false });
  try {
    for (const code of app.inputs) {
      const r = await shell.run(code);
      if (r.kind !== "value") {
        process.stdout.write(`The application's input failed in Iskra:\n${code}\n`);
        return 1;
      }
    }
    const control = net.connect(port, "127.0.0.1");
    await new Promise((resolve, reject) => control.once("connect", resolve).once("error", reject));
    const say = (text: string) => control.write(text + "\n");
    say("READY");
    const lines = readline.createInterface({ input: control });
    for await (const line of lines) {
      const [cmd, arg] = line.trim().split(/\s+/);
      if (cmd === "sync") {
        for (const q of shell.spark.streams.active) await q.processAllAvailable();
        say("SYNCED");
      } else if (cmd === "probe") {
        const r = await shell.evaluator.evaluate(app.probes[Number(arg)], { record: false });
        say(r.kind === "error" ? `ERROR ${errorHeadline(r.error).split("\n")[0]}` : "NO-ERROR");
      } else if (cmd === "stop") break;
    }
    for (const q of shell.spark.streams.active) await q.stop();
    say("STOPPED");
    control.end();
    return 0;
  } finally {
    await shell.close();
  }
}

const USAGE = "Usage: node -r ts-node/register/transpile-only scripts/side-by-side/iskra-side.ts PORT app.json";
const { positionals } = parseCli(process.argv.slice(2), { name: "iskra-side", usage: USAGE, allowPositionals: true, options: {} });
if (positionals.length !== 2) {
  process.stderr.write(`iskra-side: PORT and app.json are needed\n\n${USAGE}\n`);
  process.exit(2);
}
main(intOption(positionals[0], "PORT", 1, USAGE, "iskra-side")!, positionals[1]).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${errorHeadline(e)}\n`);
    process.exit(1);
  },
);
