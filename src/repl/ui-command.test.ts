import { strict as assert } from "node:assert";
import { it } from "node:test";
import type { Output } from "./output";
import { Shell } from "./shell";
import { banner } from "./banner";
import { runCommand } from "./commands";

class Capture implements Output {
  text = "";
  readonly colors = false;
  readonly columns = 100;
  print(t: string): void { this.text += t; }
}

it("the banner names the web UI and .ui prints its address, which serves the streaming queries", async () => {
  const out = new Capture();
  const shell = new Shell({ output: out, interactive: false, env: { ...process.env, ISKRA_NO_SERVICES: "1" } });
  const url = await shell.spark.webUiUrl();
  assert.match(url ?? "", /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(banner(shell, undefined), new RegExp(`Web UI\\s+${url}/StreamingQuery/ \\(\\.ui`));
  await runCommand({ shell, exit: () => undefined }, ".ui");
  assert.equal(out.text, `${url}/StreamingQuery/\n`);
  const page = await (await fetch(`${url}/StreamingQuery/`)).text();
  assert.match(page, /<h3 class="page-title">Streaming Query<\/h3>/);
  await shell.spark.stop();
});
