/**
 * Errors on the wire as Spark's server sends them (ErrorUtils): a gRPC status whose
 * `grpc-status-details-bin` holds a google.rpc.Status with an ErrorInfo — reason = the exception's
 * Java class, metadata `classes` (the class and its superclasses, JSON: the PySpark 3.5 client
 * picks AnalysisException, ParseException, StreamingQueryException … from it), `errorClass`,
 * `sqlState`, `messageParameters` — and the message as the status's text.
 */
import * as grpc from "@grpc/grpc-js";
import { AnalysisException, IskraError, ParseException, StreamingQueryException, UnsupportedOperationException } from "../index";
import type { ConnectProtocol } from "./protos";

/** Spark's INVALID_PLAN_INPUT: a plan the server cannot read. */
class InvalidPlanInput extends IskraError {}

export function invalidPlan(why: string): never {
  throw new InvalidPlanInput(`Invalid plan input: ${why}`, "INVALID_PLAN_INPUT");
}

export const unsupported = (what: string): UnsupportedOperationException =>
  new UnsupportedOperationException(`The feature is not supported: ${what}.`, "UNSUPPORTED_FEATURE");

const SQL = "org.apache.spark.sql.";
const ANALYSIS = [`${SQL}AnalysisException`, "org.apache.spark.SparkThrowable", "java.lang.Exception", "java.lang.Throwable"];

/** The Java classes Spark would report for an engine error, most specific first. */
function javaClasses(e: unknown): string[] {
  const name = (e as Error)?.name ?? "";
  if (e instanceof ParseException) return [`${SQL}catalyst.parser.ParseException`, ...ANALYSIS];
  if (e instanceof AnalysisException) return ANALYSIS;
  if (e instanceof StreamingQueryException) return [`${SQL}streaming.StreamingQueryException`, "org.apache.spark.SparkThrowable", "java.lang.Exception", "java.lang.Throwable"];
  if (e instanceof InvalidPlanInput) return ["org.apache.spark.sql.connect.common.InvalidPlanInput", "java.lang.Exception", "java.lang.Throwable"];
  const byName: Record<string, string[]> = {
    IllegalArgumentException: ["java.lang.IllegalArgumentException", "java.lang.RuntimeException"],
    ArithmeticException: ["org.apache.spark.SparkArithmeticException", "java.lang.ArithmeticException"],
    UnsupportedOperationException: ["org.apache.spark.SparkUnsupportedOperationException", "java.lang.UnsupportedOperationException"],
    SparkRuntimeException: ["org.apache.spark.SparkRuntimeException", "java.lang.RuntimeException"],
    SparkClassNotFoundException: ["org.apache.spark.SparkClassNotFoundException", "java.lang.ClassNotFoundException"],
    PythonException: ["org.apache.spark.api.python.PythonException", "java.lang.RuntimeException"],
    PySparkValueError: ["java.lang.IllegalArgumentException", "java.lang.RuntimeException"],
    PySparkTypeError: [...ANALYSIS],
    SparkException: ["org.apache.spark.SparkException", "java.lang.Exception"],
  };
  return [...(byName[name] ?? ["org.apache.spark.SparkException"]), "java.lang.Exception", "java.lang.Throwable"].filter((c, i, a) => a.indexOf(c) === i);
}

/** An error as the gRPC status Spark's server would end the call with. */
export function toStatus(e: unknown, proto: ConnectProtocol): grpc.StatusObject {
  const message = e instanceof Error ? e.message : String(e);
  const classes = javaClasses(e);
  const errorClass = (e as IskraError)?.errorClass;
  const metadata: Record<string, string> = { classes: JSON.stringify(classes) };
  if (errorClass) metadata.errorClass = errorClass;
  const code = e instanceof InvalidPlanInput ? grpc.status.INVALID_ARGUMENT : grpc.status.INTERNAL;
  const md = new grpc.Metadata();
  md.set("grpc-status-details-bin", proto.statusDetails(code, message, classes[0], metadata));
  return { code, details: message, metadata: md };
}
