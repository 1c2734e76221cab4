/**
 * The import direction of docs/ARCHITECTURE.md, enforced (`npm run lint:deps`, and first in `npm test`):
 *   api → analysis → plan → execution → streaming → sources, sinks → connectors
 *   values (value semantics: casts, timestamps, JSON), types, errors, expr, connector-api: shared below everything.
 * A backward import fails. Tests (*.test.ts) may reach anything.
 */
const engine = "^src/(api|analysis|plan|execution|streaming|sources|sinks|expr|values)/";
const forbidden = (name, from, to, comment) => ({ name, severity: "error", comment, from: { path: from, pathNot: "\\.test\\.ts$" }, to: { path: to } });

module.exports = {
  forbidden: [
    forbidden("shared-below-engine", "^src/(types|errors|connector-api)/", "^src/(api|analysis|plan|execution|streaming|sources|sinks|connectors|repl|expr|ui|values)/",
      "types/, errors/ and connector-api/ are the bottom layer: they import nothing of the engine"),
    forbidden("expr-below-analysis", "^src/expr/", "^src/(api|analysis|plan|execution|streaming|sources|sinks|connectors|repl|ui)/",
      "expr/ (unresolved expressions, the SQL parser) sits below analysis"),
    forbidden("plan-analysis-execution-not-streaming", "^src/(plan|analysis|execution)/", "^src/(streaming|api|sources|sinks|formats|connectors|repl|ui)/",
      "plan/, analysis/ and execution/ never import streaming/ (nor the API, the connectors or the shell)"),
    forbidden("values-below-plan", "^src/values/", "^src/(api|analysis|plan|execution|streaming|sources|sinks|connectors|repl|ui|expr|connector-api)/",
      "values/ (casts, timestamps, the JSON reader) is value semantics below plan/: it imports only types/ and errors/"),
    forbidden("analysis-not-execution", "^src/analysis/", "^src/execution/", "analysis/ types plans; it never imports how they run"),
    forbidden("plan-not-analysis-execution", "^src/plan/", "^src/(analysis|execution)/", "plan/ holds data: it imports no pass over it"),
    forbidden("execution-not-analysis", "^src/execution/", "^src/analysis/", "execution/ runs analysed plans; it does not analyse"),
    forbidden("streaming-not-api", "^src/streaming/", "^src/(api|repl|ui)/", "streaming/ is below the API"),
    forbidden("sources-sinks-not-api", "^src/(sources|sinks)/", "^src/(api|repl|ui|analysis)/", "sources and sinks are below the API"),
    {
      name: "formats-below-sources-sinks", severity: "error",
      comment: "formats/ (csv, json, text, parquet; listing, partitions, the committer, the sink log) serve the readers, writers, file source and sink; they use values/ and the checkpoint's atomic files only",
      from: { path: "^src/formats/", pathNot: "\\.test\\.ts$" },
      to: { path: "^src/(api|analysis|streaming|sources|sinks|connectors|repl|ui)/", pathNot: "^src/streaming/checkpoint/(atomic-file|metadata-log)\\.ts$" },
    },
    forbidden("connectors-not-engine", "^src/connectors/", engine + "|^src/(repl|ui)/",
      "connectors (Kafka, JDBC, PostgreSQL) talk to services; they never import the engine"),
    forbidden("export-standalone", "^src/export/", engine + "|^src/(ui|connectors)/",
      "export/ (a shell session as a PySpark or TypeScript application) works on source text only"),
    forbidden("ui-reads-events", "^src/ui/", "^src/(api|analysis|plan|execution|sources|sinks|connectors|repl|expr|export)/",
      "the web UI reads the listener bus's events (streaming/listener.ts, progress.ts) only"),
    forbidden("engine-not-shell", engine, "^src/(repl)/", "the engine never imports the shell"),
    forbidden("connect-uses-public-api", "^src/connect/", "^src/(api|analysis|plan|execution|streaming|sources|sinks|connectors|repl|ui|export)/",
      "the Spark Connect server drives the engine through src/index.ts (and builds expr/'s unresolved expressions)"),
    forbidden("engine-not-connect", engine + "|^src/(ui|connectors|export)/", "^src/connect/", "only the shell (and the connect CLI) start the Connect server"),
    forbidden("tools-use-public-api", "^(lessons|scripts)/", "^src/(api|analysis|plan|execution|streaming|expr)/",
      "lessons and scripts use the public API in src/index.ts"),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
