import { strict as assert } from "node:assert";
import { test } from "node:test";
import { sh } from "./workshop";

// sh("npm run <script> …") runs the project's script file directly: each name must reach its file
// (`npm run socket` is scripts/workshop/socket-sender.ts; the shell once looked for scripts/socket.ts).
for (const [script, usage] of [["socket", /Usage: npm run socket/], ["produce", /Usage: npm run produce/], ["topics", /kafka-topics|--list|Usage/], ["offsets", /--topic|Usage/]] as const) {
  test(`sh("npm run ${script} -- --help") runs the script and prints its usage`, async () => {
    const out: string[] = [];
    await sh(`npm run ${script} -- --help`, { print: (t) => void out.push(t), kafkaBootstrap: "127.0.0.1:1" });
    assert.match(out.join(""), usage);
  });
}
