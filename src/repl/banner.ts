/** The short banner printed when the shell opens. */
import { psqlHint } from "./services";
import type { Shell } from "./shell";

export function banner(shell: Shell, kafkaUp: boolean | "starting" | undefined, connect?: string): string {
  const c = shell.c;
  const pl = shell.lang === "pl";
  const s = shell.services;
  const lines: string[] = [];
  lines.push(`${c.bold(c.yellow("Iskra"))} ${c.dim("— Spark Structured Streaming in TypeScript")}   ${c.dim(`spark ${shell.spark.version}, local[2]`)}`);
  const pgState = s.pg.external
    ? ""
    : s.background?.postgresReady
      ? c.dim(pl ? " (działa)" : " (running)")
      : s.noBackground
      ? c.dim(pl ? " (uruchomi się przy pierwszym użyciu)" : " (starts on first use)")
      : c.dim(pl ? " (uruchamia się w tle)" : " (starting in the background)");
  lines.push(`  ${c.cyan("PostgreSQL")}  ${s.describePg()}${pgState}`);
  lines.push(`              ${c.dim(psqlHint(s.pg))}`);
  if (kafkaUp === undefined) lines.push(`  ${c.cyan("Kafka")}       ${s.kafkaBootstrap} ${c.dim(pl ? "(nie sprawdzano)" : "(not checked)")}`);
  else if (kafkaUp === "starting")
    lines.push(`  ${c.cyan("Kafka")}       ${s.kafkaBootstrap} ${c.green(pl ? "wbudowany broker Iskry" : "Iskra's embedded broker")} ${c.dim(pl ? "(uruchamia się w tle)" : "(starting in the background)")}`);
  else if (kafkaUp && (s.kafkaEmbedded || s.background?.kafka))
    lines.push(
      `  ${c.cyan("Kafka")}       ${s.kafkaBootstrap} ${c.green(pl ? "wbudowany broker Iskry" : "Iskra's embedded broker")} ${c.dim(pl ? "(Apache Kafka: npm run kafka -- start przed npm start)" : "(for Apache Kafka: npm run kafka -- start before npm start)")}`,
    );
  else if (kafkaUp) lines.push(`  ${c.cyan("Kafka")}       ${s.kafkaBootstrap} ${c.green(pl ? "odpowiada" : "answers")}`);
  else {
    // Named in KAFKA_BOOTSTRAP_SERVERS and silent: unsetting it gives Iskra's embedded broker.
    const named = !!s.env.KAFKA_BOOTSTRAP_SERVERS?.trim();
    const advice = pl
      ? `— uruchom broker projektu: npm run kafka -- start${named ? " albo usuń KAFKA_BOOTSTRAP_SERVERS (unset), a powłoka uruchomi wbudowany broker Iskry" : ""}`
      : `— start the project's broker: npm run kafka -- start${named ? ", or leave KAFKA_BOOTSTRAP_SERVERS unset for Iskra's embedded broker" : ""}`;
    lines.push(`  ${c.cyan("Kafka")}       ${s.kafkaBootstrap} ${c.red(pl ? "nie odpowiada" : "does not answer")} ${c.dim(advice)}`);
  }
  const bg = s.background;
  if (bg && (bg.kafka || bg.postgres || kafkaUp === "starting")) {
    const what = pl ? (bg.reused ? "działają w tle (z poprzedniej sesji)" : "działają w tle") : bg.reused ? "already running in the background" : "running in the background";
    lines.push(
      `  ${c.cyan(pl ? "Usługi" : "Services")}    ${what} ${c.dim(pl ? "— zostają po wyjściu z powłoki: npm run services -- stop" : "— they keep running after you quit: npm run services -- stop")}`,
    );
  }
  const ui = shell.spark.sparkContext.uiWebUrl;
  if (ui) lines.push(`  ${c.cyan("Web UI")}      ${ui}/StreamingQuery/ ${c.dim(pl ? "(.ui: adres; zapytania strumieniowe na żywo)" : "(.ui: its address; streaming queries, live)")}`);
  if (connect) lines.push(`  ${c.cyan("Connect")}     ${connect.replace(/^Connect\s+/, "")}`);
  lines.push(
    `  ${c.cyan("Loaded")}      ${pl ? "spark, funkcje, typy, hostName, sql(\"select …\")" : "spark, the functions, the types, hostName, sql(\"select …\")"}`,
  );
  lines.push(`  ${pl ? ".help pomoc · .lessons lekcje · .lesson 1 zaczynamy" : ".help for help · .lessons the lessons · .lesson 1 to begin"}`);
  return lines.join("\n") + "\n";
}
