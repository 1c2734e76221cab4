/**
 * Spark's misc functions of the session: current_user (and its alias user: the name Spark runs
 * as, SPARK_USER or the OS user; both are named `current_user()`), version (Spark's release and
 * the commit it was built from) and uuid (a random version-4 UUID per row, never folded to one
 * value). All are non-null strings; none takes an argument.
 */
import * as os from "node:os";
import { randomUUID } from "node:crypto";
import { Column } from "../expr/column";
import { STRING } from "../types/data-types";
import { ScalarFunctionDef } from "./definition";
import { requireArgs } from "./typing";

/** What Spark 3.5.9's version() gives: its release and the revision it was built from. */
const SPARK_VERSION = "3.5.9 7c14a3c28b141cc97a330c4d0f5d2a6da7267f85";

const sparkUser = (): string => process.env.SPARK_USER || os.userInfo().username;

const nullary = <Name extends string>(name: Name, value: () => string, shown: string = name): ScalarFunctionDef<Name> => ({
  name,
  type(args, called) {
    requireArgs(called, args, 0);
    return { kind: "fn", op: name, args: [], dataType: STRING, nullable: false, sql: `${shown}()` };
  },
  eval: () => () => value(),
});

export const MISC_FUNCTIONS = [
  nullary("current_user", sparkUser),
  nullary("user", sparkUser, "current_user"),
  nullary("version", () => SPARK_VERSION),
  { ...nullary("uuid", randomUUID), deterministic: false },
] as const satisfies readonly ScalarFunctionDef[];

const call = (name: string): Column => new Column({ kind: "call", name, args: [] });

// The PySpark builders (pyspark.sql.functions; uuid as PySpark 4 has it).
export const current_user = (): Column => call("current_user");
export const user = (): Column => call("user");
export const version = (): Column => call("version");
export const uuid = (): Column => call("uuid");
