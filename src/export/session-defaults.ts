/** The exported application's argument defaults: the coordinates a session of the shell uses. */
import * as os from "node:os";
import type { ExportDefaults } from "./pyspark";

export function sessionDefaults(env: NodeJS.ProcessEnv, pg: { jdbcUrl: string; user: string }, appName: string): Partial<ExportDefaults> {
  return {
    host: os.hostname(),
    jdbcUrl: pg.jdbcUrl,
    pgUser: pg.user,
    kafkaBootstrap: env.KAFKA_BOOTSTRAP_SERVERS?.trim() || "127.0.0.1:9092",
    appName: appName.replace(/[^\w-]+/g, "_") || "iskra-export",
  };
}

/** What a lesson runs, in order: each step's code, or its "your turn" solution. */
export function lessonInputs(steps: Array<{ code?: string; yourTurn?: { solution: string }; expectError?: unknown }>): string[] {
  // A step that fails on purpose (the JDBC sink a stream cannot use) is not part of the application.
  return steps.filter((s) => !s.expectError).map((s) => s.yourTurn?.solution ?? s.code).filter((c): c is string => !!c);
}
