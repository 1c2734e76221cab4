// @needs: pyspark
/**
 * The exported lessons 1–3 over Spark Connect (`--remote sc://…`), against a local Spark Connect
 * server started from the pip-installed PySpark (scripts/side-by-side/connect-server.ts), side by
 * side with Iskra as in test/pyspark-side-by-side.test.ts: the same inputs, the same output. The
 * console sink prints in the server, so the server's stdout is the PySpark side's output there.
 * One server for the three lessons, stopped at the end. Skipped without PySpark and its Connect
 * client (pandas, pyarrow, grpcio), unless ISKRA_REQUIRE_PYSPARK=1.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { INSTALL_HINT, findPySpark, sideBySide } from "../src/export/side-by-side";
import { sideDatabases } from "./support/pg-admin";
import { CONNECT_CLIENT_HINT, ConnectServer, hasConnectClient } from "../scripts/side-by-side/connect-server";
import { streamSideBySide } from "../scripts/side-by-side/streams";

const ROOT = path.resolve(__dirname, "..");
const pyspark = findPySpark();
const client = pyspark ? hasConnectClient(pyspark) : false;
const required = process.env.ISKRA_REQUIRE_PYSPARK === "1";
const kafkaBootstrap = process.env.KAFKA_BOOTSTRAP_SERVERS ?? "127.0.0.1:9092";
const databases = sideDatabases("iskra_connect");
const pgUrls = databases.urls;
let server: ConnectServer | undefined;

const skip = required ? false : !pyspark ? INSTALL_HINT : !client ? CONNECT_CLIENT_HINT : false;

describe("the exported lessons 1–3 over Spark Connect", { skip }, () => {
  before(async () => {
    assert.ok(pyspark, INSTALL_HINT);
    assert.ok(client, CONNECT_CLIENT_HINT);
    assert.ok(process.env.PG_URL, "PG_URL: run through npm test");
    await databases.create();
    server = await ConnectServer.start(pyspark!, process.env);
  });
  after(async () => {
    await server?.stop();
    await databases.drop();
  });

  it("lesson 1 over Connect: the same Batch: 0, 1, 2 as Iskra", async () => {
    const r = await streamSideBySide({ lesson: 1, pgUrls, tables: [], pyspark: pyspark!, root: ROOT, kafkaBootstrap, remote: { url: server!.url, serverOutput: () => server!.output() } });
    assert.deepEqual(r.pyspark.filter((b) => /^Batch: /.test(b)), ["Batch: 0", "Batch: 1", "Batch: 2"]);
    assert.ok(r.identical, "Iskra and PySpark over Connect differ:\n" + r.diff.join("\n\n"));
  });

  it("lesson 2 over Connect: the same schemas, tables and housestats as Iskra", async () => {
    const r = await sideBySide({ lesson: 2, pgUrl: pgUrls.pyspark, tables: ["housestats"], pyspark: pyspark!, root: ROOT, remote: server!.url });
    assert.equal(r.pysparkExit, 0, r.diff.join("\n"));
    assert.equal(r.tables.housestats.pyspark?.rows.length, 5);
    assert.ok(r.identical, "Iskra and PySpark over Connect differ:\n" + r.diff.join("\n\n"));
  });

  it("lesson 3 over Connect: the same schemas and Batch: 0…5 as Iskra", async () => {
    const r = await streamSideBySide({ lesson: 3, pgUrls, tables: [], pyspark: pyspark!, root: ROOT, kafkaBootstrap, remote: { url: server!.url, serverOutput: () => server!.output() } });
    assert.deepEqual(r.pyspark.filter((b) => /^Batch: /.test(b)), [0, 1, 2, 3, 4, 5].map((n) => `Batch: ${n}`));
    assert.ok(r.identical, "Iskra and PySpark over Connect differ:\n" + r.diff.join("\n\n"));
  });
});
