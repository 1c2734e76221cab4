/**
 * Spark Connect, Iskra's server next to real Spark Connect 3.5 (both driven by the real PySpark
 * client):  node -r ts-node/register/transpile-only bench/connect.ts [--skip-spark]
 *   - ready: from starting the server process to it listening (Iskra: `npm run connect`'s banner;
 *     Spark: spark-submit until "Spark Connect server started", the ivy cache warm);
 *   - round trip: `spark.range(10).collect()` p50/p90 over 50 calls (bench/connect_roundtrip.py).
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { findPySpark } from "../src/export/side-by-side";
import { ConnectServer as SparkConnectServer } from "../scripts/side-by-side/connect-server";

const root = path.resolve(__dirname, "..");
const pyspark = findPySpark();
if (!pyspark) throw new Error("PySpark 3.5 with its Connect client is needed: set PYSPARK_PYTHON");

function roundTrip(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const c = spawn(pyspark!.python, [path.join(root, "bench/connect_roundtrip.py"), url], { stdio: ["ignore", "pipe", "inherit"] });
    c.stdout.on("data", (d) => (out += d));
    c.on("close", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`connect_roundtrip.py exited ${code}`))));
  });
}

async function iskra(): Promise<void> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [path.join(root, "bin/iskra-connect.js"), "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve) => child.stdout.on("data", (d) => { const m = /Connect {2}(sc:\/\/\S+)/.exec(String(d)); if (m) resolve(m[1]); }));
  const ready = Date.now() - t0;
  const [p50, p90] = (await roundTrip(url)).split(" ");
  child.kill();
  console.log(`Iskra Connect   ready ${ready} ms   range(10).collect() p50 ${p50} ms, p90 ${p90} ms`);
}

async function spark(): Promise<void> {
  const t0 = Date.now();
  const s = await SparkConnectServer.start(pyspark!, process.env);
  const ready = Date.now() - t0;
  const [p50, p90] = (await roundTrip(s.url)).split(" ");
  await s.stop();
  console.log(`Spark Connect   ready ${ready} ms   range(10).collect() p50 ${p50} ms, p90 ${p90} ms`);
}

(async () => {
  await iskra();
  if (!process.argv.includes("--skip-spark")) await spark();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
