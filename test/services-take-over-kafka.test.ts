// @needs: shell tmux
/**
 * The services tell the truth (issue 22, item 5), in a real terminal: a first shell with
 * KAFKA_BOOTSTRAP_SERVERS set (nothing answers there) starts the background services process with
 * PostgreSQL only, and its banner says that leaving KAFKA_BOOTSTRAP_SERVERS unset gives the embedded
 * broker. A later shell without it has the running process take the broker over: the banner's
 * "keep running after you quit" is true — after quit() the broker still answers (workshop step 49).
 *
 * Own home and ports (ISKRA_HOME, ISKRA_PG_PORT, ISKRA_EMBEDDED_KAFKA_PORT): nobody else's services are touched.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { listTopics } from "../src/connectors/kafka/admin";
import { KafkaClient } from "../src/connectors/kafka/client";
import { findFreePort } from "../src/connectors/postgres/embedded";
import { processAlive, readState } from "../src/repl/service-state";
import { Terminal, hasTmux, sleep } from "./support/terminal";

const ROOT = path.resolve(__dirname, "..");
const UNSET = ["PG_URL", "KAFKA_BOOTSTRAP_SERVERS", "ISKRA_NO_SERVICES", "ISKRA_SERVICES", "NODE_OPTIONS", "TS_NODE_TRANSPILE_ONLY"];

describe("a later shell without KAFKA_BOOTSTRAP_SERVERS: the services process takes the broker over", { skip: hasTmux ? false : "tmux is not installed" }, () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "iskra-takeover-"));
  fs.chmodSync(home, 0o755); // the embedded PostgreSQL runs as the user postgres when we are root
  let env: Record<string, string> = {};
  const terms: Terminal[] = [];
  after(() => {
    for (const t of terms) t.kill();
    spawnSync(process.execPath, [path.join(ROOT, "bin", "iskra-services.js"), "stop"], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60000 });
    fs.rmSync(home, { recursive: true, force: true });
  });

  const shell = async (extra: Record<string, string>, unset: string[]): Promise<Terminal> => {
    const t = new Terminal();
    terms.push(t);
    t.start({ ...env, ...extra }, unset);
    await t.waitFor((s) => /^>>>\s*$/m.test(s), "the first prompt", 60000);
    return t;
  };
  const quit = async (t: Terminal) => {
    t.type("quit()");
    const until = Date.now() + 30000;
    while (t.alive() && Date.now() < until) await sleep(100);
    assert.equal(t.alive(), false, "quit() left");
  };

  it("the banners say what runs where, and the broker outlives the shell", async () => {
    const [kafkaPort, pgPort, silent] = [await findFreePort(), await findFreePort(), await findFreePort()];
    env = { ISKRA_HOME: home, ISKRA_PG_PORT: String(pgPort), ISKRA_EMBEDDED_KAFKA_PORT: String(kafkaPort), NO_COLOR: "1", TERM: "xterm-256color", ISKRA_TS_CACHE: path.join(ROOT, ".iskra", "cache", "ts"), ISKRA_HISTORY: path.join(home, "history") };

    const first = await shell({ KAFKA_BOOTSTRAP_SERVERS: `127.0.0.1:${silent}` }, UNSET.filter((k) => k !== "KAFKA_BOOTSTRAP_SERVERS"));
    assert.match(first.screen(), new RegExp(`Kafka\\s+127\\.0\\.0\\.1:${silent} does not answer — start the project's broker: npm run kafka -- start, or leave KAFKA_BOOTSTRAP_SERVERS unset for Iskra's embedded broker`));
    await quit(first);
    const pgOnly = readState(home);
    assert.ok(pgOnly && processAlive(pgOnly.pid) && !pgOnly.kafka, "the services process runs PostgreSQL only");

    const second = await shell({}, UNSET);
    const banner = second.screen();
    assert.match(banner, new RegExp(`Kafka\\s+127\\.0\\.0\\.1:${kafkaPort} Iskra's embedded broker`));
    assert.match(banner, /Services\s+already running in the background — they keep running after you quit/);
    await second.waitFor((s) => new RegExp(`Kafka: Iskra's embedded broker is up at 127\\.0\\.0\\.1:${kafkaPort}`).test(s), "the broker is up", 60000);
    const state = readState(home);
    assert.equal(state?.pid, pgOnly.pid, "the running process took the broker over");
    assert.equal(state?.kafka?.ready, true);
    await second.run(`sh("npm run topics -- --bootstrap-server $KAFKA --create --topic step49 --partitions 1")`, 60000);
    await quit(second);

    const kafka = new KafkaClient({ bootstrapServers: `127.0.0.1:${kafkaPort}` });
    try {
      assert.ok((await listTopics(kafka)).includes("step49"), "after quit() the broker answers, with the shell's topic");
    } finally {
      await kafka.close();
    }
  });
});
