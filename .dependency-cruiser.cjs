/**
 * The layering of docs/ARCHITECTURE.md, enforced (`npm run lint:deps`, and first in `npm test`).
 * LAYERS says, for each folder, which folders its files may import (besides their own); a file
 * importing anything else fails, unless the import is one of the EXCEPTIONS, each named with its
 * reason. Tests (*.test.ts) may reach anything; test/support/ may reach anything in src/ (it is
 * test code), but nothing in src/, bench/, lessons/ or scripts/ imports tests or test/support/.
 * Runtime import cycles fail everywhere (a cycle through a type-only import is harmless: it is
 * erased when compiled).
 */
const BOTTOM = ["config", "types", "errors"];
const LAYERS = {
  // shared below everything
  errors: [],
  config: [],
  types: ["errors"],
  "connector-api": BOTTOM,
  expr: BOTTOM,
  values: BOTTOM,
  // the engine, top to bottom
  plan: ["values", "connector-api", ...BOTTOM],
  functions: ["expr", "plan", "values", "connector-api", ...BOTTOM],
  execution: ["functions", "plan", "values", "connector-api", ...BOTTOM],
  analysis: ["functions", "plan", "values", "expr", "connector-api", ...BOTTOM],
  streaming: ["execution", "plan", "values", "connector-api", ...BOTTOM],
  connectors: ["connector-api", ...BOTTOM],
  formats: ["values", "connector-api", ...BOTTOM],
  sources: ["formats", "connectors", "values", "connector-api", ...BOTTOM],
  sinks: ["formats", "connectors", "values", "connector-api", ...BOTTOM],
  ui: ["streaming/listener.ts", "streaming/progress.ts", ...BOTTOM],
  api: ["analysis", "execution", "plan", "values", "streaming", "sources", "sinks", "formats", "ui", "expr", "connector-api", ...BOTTOM],
  index: ["api", "streaming", "sources", "sinks", "formats", "functions", "connector-api", "expr", ...BOTTOM],
  // on the public API (src/index.ts); errors/ is part of it (re-exported whole) and loads without the engine
  connect: ["index", "expr", "connector-api", ...BOTTOM],
  export: [],
  repl: ["index", "errors", "export", "lessons", "connect"],
  lessons: ["index"],
  scripts: ["index", "errors", "lessons"],
  bench: ["index", "scripts/workshop/cli.ts"],
};

/** The imports across layers that LAYERS does not allow, each with its reason. */
const EXCEPTIONS = [
  { name: "api-calls-jdbc", layers: ["api"], from: "^src/api/(reader|writer)\\.ts$", to: "^src/connectors/jdbc/",
    reason: "JDBC reads and writes are not a registered format yet: the DataFrameReader/Writer call the JDBC connector directly" },
  { name: "console-sink-shows", layers: ["sinks"], from: "^src/sinks/console-sink\\.ts$", to: "^src/execution/show\\.ts$",
    reason: "Spark's console sink prints each batch with Dataset.show's text, which show.ts makes" },
  { name: "sources-keep-metadata-logs", layers: ["sources", "formats"], from: "^src/(sources/(file|rate)-source|formats/sink-log)\\.ts$", to: "^src/streaming/checkpoint/(atomic-file|metadata-log)\\.ts$",
    reason: "the file and rate sources keep their own logs under sources/<i>, the file sink its _spark_metadata, with the checkpoint's atomic write and log-version check (Spark's FileStreamSourceLog and FileStreamSinkLog are HDFSMetadataLogs)" },
  { name: "export-loads-lessons", layers: ["export"], from: "^src/export/", to: "^src/repl/lessons\\.ts$",
    reason: "the side-by-side run reads a lesson's text (lazily); export/ otherwise works on source text only" },
  { name: "tools-run-services", layers: ["repl", "scripts", "bench"], from: "^(src/repl|scripts|bench)/", to: "^src/connectors/(kafka/(client|admin|offsets|record-writer|embedded/)|postgres/embedded|jdbc/index)",
    reason: "the shell, the workshop scripts and the benches start, feed and inspect the workshop's Kafka broker and PostgreSQL: services, not Spark API" },
  { name: "scripts-drive-the-shell", layers: ["scripts"], from: "^scripts/", to: "^src/(repl|export)/",
    reason: "the workshop scripts (lesson, export, side-by-side) are the shell's commands run as processes of their own" },
  { name: "bench-times-internals", layers: ["bench"], from: "^bench/hll\\.ts$", to: "^src/execution/aggregates/(hyperloglog|xxhash64)\\.ts$",
    reason: "a micro-benchmark of HyperLogLog++ and XXH64 themselves" },
  { name: "bench-reads-the-broker", layers: ["bench"], from: "^bench/embedded-kafka\\.ts$", to: "^src/connectors/kafka/range-reader\\.ts$",
    reason: "the embedded broker's fetch throughput is measured through the engine's own group-free range reader" },
  { name: "bench-starts-spark-connect", layers: ["bench"], from: "^bench/connect\\.ts$", to: "^(scripts/side-by-side/connect-server|src/export/side-by-side)\\.ts$",
    reason: "the Connect bench finds PySpark and starts real Spark Connect 3.5 as the side-by-side tests do, to time it next to Iskra's server" },
  { name: "bench-feeds-kafka", layers: ["bench"], from: "^bench/kafka-pipeline\\.ts$", to: "^scripts/workshop/produce\\.ts$",
    reason: "the pipeline bench produces the workshop's records as `npm run produce` does" },
];

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const TOOLS = ["lessons", "scripts", "bench"];
/** The files of a layer, or the files an entry of LAYERS names (a folder, or a file with .ts). */
const files = (name) =>
  name === "index" ? "^src/index\\.ts$"
  : TOOLS.includes(name) ? `^${name}/`
  : TOOLS.some((t) => name.startsWith(t + "/")) ? `^${esc(name)}$`
  : name.endsWith(".ts") ? `^src/${esc(name)}$`
  : `^src/${name}/`;
const LINTED = "^(src|lessons|scripts|bench|test)/";
const TESTS = ["\\.test\\.ts$", "^test/"];
/** Both regexes (each anchored with ^) at once. */
const both = (a, b) => `^(?=${a.slice(1)})${b.slice(1)}`;

function layerRules() {
  const rules = [];
  for (const [layer, allowed] of Object.entries(LAYERS)) {
    const from = files(layer);
    const ok = [from, ...allowed.map(files)];
    const comment = `${layer} imports only ${allowed.length ? allowed.join(", ") : "nothing of the project"} (docs/ARCHITECTURE.md)`;
    const mine = EXCEPTIONS.filter((e) => e.layers.includes(layer));
    // A broad exception covers every file of the layer (tools-run-services); a specific one some files.
    const sample = layer === "index" ? "src/index.ts" : from.slice(1).replace(/\\/g, "") + "any-file.ts";
    const broad = mine.filter((e) => new RegExp(e.from).test(sample));
    const specific = mine.filter((e) => !broad.includes(e));
    const broadTo = broad.map((e) => e.to);
    rules.push({ name: `layer-${layer}`, severity: "error", comment, from: { path: from, pathNot: [...TESTS, ...mine.map((e) => e.from)] }, to: { path: LINTED, pathNot: ok } });
    for (const e of broad)
      rules.push({ name: `layer-${layer}`, severity: "error", comment: `${comment}; exception ${e.name}: ${e.reason}`,
        from: { path: both(from, e.from), pathNot: [...TESTS, ...specific.map((x) => x.from)] }, to: { path: LINTED, pathNot: [...ok, ...broadTo] } });
    // A file a specific exception covers may also import what the layer's broad exceptions allow.
    for (const e of specific)
      rules.push({ name: `layer-${layer}`, severity: "error", comment: `${comment}; exception ${e.name}: ${e.reason}`,
        from: { path: both(from, e.from), pathNot: TESTS },
        to: { path: LINTED, pathNot: [...ok, ...broadTo, ...specific.filter((x) => x.from === e.from).map((x) => x.to)] } });
  }
  return rules;
}

module.exports = {
  forbidden: [
    ...layerRules(),
    { name: "test-support-only-in-tests", severity: "error", comment: "test/support/ serves tests; the product never imports it",
      from: { path: "^(src|lessons|scripts|bench)/", pathNot: TESTS }, to: { path: ["^test/", "\\.test\\.ts$"] } },
    { name: "test-support-reaches-src", severity: "error", comment: "test/support/ imports src/ and itself",
      from: { path: "^test/support/" }, to: { path: LINTED, pathNot: ["^src/", "^test/support/"] } },
    { name: "no-circular", severity: "error", comment: "no runtime import cycle: a module never needs itself to load",
      from: {}, to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
