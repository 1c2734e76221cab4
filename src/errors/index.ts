/**
 * Spark-like exceptions, all in one place. Messages match Spark 3.5's text where Spark has one,
 * because learners compare what they see with the workshop and the Spark docs.
 *
 * Every error Iskra raises on purpose is an IskraError; `errorClass` is Spark's error class
 * (e.g. "UNRESOLVED_COLUMN.WITH_SUGGESTION") when it has one, and the message then starts with
 * "[CLASS] " exactly as Spark 3.5 prints it. Legacy Spark errors carry no prefix.
 */
export class IskraError extends Error {
  /** The closest known names ("did you mean"), shown by the shell below Spark's message (never in it). */
  suggestions: string[] = [];
  constructor(message: string, readonly errorClass?: string) {
    super(errorClass && !errorClass.startsWith("_LEGACY") ? `[${errorClass}] ${message}` : message);
    this.name = new.target.name;
  }
}

/** pyspark.errors.AnalysisException: the query is wrong (bad column, bad type, unsupported operation). */
export class AnalysisException extends IskraError {}

/** pyspark.errors.ParseException: SQL text (expr, selectExpr, DDL) does not parse. */
export class ParseException extends IskraError {}

/** SparkArithmeticException: a value out of a type's range (a decimal precision over 38). */
export class ArithmeticException extends IskraError {}

/** java.lang.IllegalArgumentException as PySpark surfaces it: a wrong option or argument value. */
export class IllegalArgumentException extends IskraError {}

/** SparkUnsupportedOperationException: a data source or sink cannot do what was asked. */
export class UnsupportedOperationException extends IskraError {}

/** SparkClassNotFoundException: a data source format that does not exist. */
export class SparkClassNotFoundException extends IskraError {}

/**
 * Spark's `[DATA_SOURCE_NOT_FOUND]` for `format(name)`, with the known formats closest to the
 * misspelt name as suggestions (Spark's text stays as Spark prints it).
 */
export function dataSourceNotFound(format: string, known: readonly string[]): SparkClassNotFoundException {
  const e = new SparkClassNotFoundException(`Failed to find the data source: ${format}. Please find packages at \`https://spark.apache.org/third-party-projects.html\`.`, "DATA_SOURCE_NOT_FOUND");
  e.suggestions = suggest(format, known);
  return e;
}

/** `SET`/`RESET` of a static SQL conf through spark.sql (Spark 3.5's legacy error 1325). */
export function cannotModifyStaticConf(key: string): AnalysisException {
  return new AnalysisException(`Cannot modify the value of a static config: ${key}.`, "_LEGACY_ERROR_TEMP_1325");
}

/** An unknown zone given to `SET spark.sql.session.timeZone=…` (the conf entry's check). */
export function invalidTimeZoneConf(zone: string): IllegalArgumentException {
  return new IllegalArgumentException(`'${zone}' in spark.sql.session.timeZone is invalid. Cannot resolve the given timezone with ZoneId.of(_, ZoneId.SHORT_IDS)`);
}

/** Names within a small edit distance of `name` (a misspelling), best first. */
export function suggest(name: string, candidates: readonly string[], max = 3): string[] {
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  const low = name.toLowerCase();
  return [...new Set(candidates)]
    .map((c) => ({ c, d: typoDistance(low, c.toLowerCase()) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c);
}

/** Edit distance where swapping two neighbouring letters (`coutn`/`count`) costs 1 (optimal string alignment). */
function typoDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/** SparkException: a runtime failure while running a job (e.g. FAILFAST on a malformed record). */
export class SparkException extends IskraError {}

/** pyspark.errors.SparkUpgradeException: Spark 3 reads this differently from Spark 2 (a datetime pattern …). */
export class SparkUpgradeException extends IskraError {}

/** pyspark.errors.SparkRuntimeException: a value Spark cannot work with (a null or duplicate map key …). */
export class SparkRuntimeException extends IskraError {}

/** A learner's own function (foreachBatch, foreach) threw; Spark wraps it as PythonException. */
export class PythonException extends IskraError {}

/** StreamingQueryException: why a streaming query terminated. `cause` holds the original error. */
export class StreamingQueryException extends IskraError {
  constructor(message: string, override readonly cause?: unknown, readonly queryId?: string, readonly runId?: string) {
    super(message, "STREAM_FAILED");
  }
}

/** Python's AssertionError, as PySpark raises it for some argument checks (e.g. StructField's dataType). */
export class PythonAssertionError extends IskraError {
  constructor(message: string) {
    super(message);
    this.name = "AssertionError";
  }
}

/**
 * py4j.protocol.Py4JJavaError: a JVM exception PySpark does not convert (java.lang.IllegalStateException, …),
 * printed as PySpark prints it: "An error occurred while calling oN.method.\n: java.lang.Class: message".
 * N is py4j's object id (it varies from run to run in PySpark too).
 */
export class Py4JJavaError extends IskraError {
  private static objects = 0;
  constructor(readonly javaClass: string, readonly javaMessage: string, method: string) {
    super(`An error occurred while calling o${++Py4JJavaError.objects}.${method}.\n: ${javaClass}: ${javaMessage}`);
  }
}

/** Python's AttributeError: `F.coutn` (a module or object has no such attribute), as PySpark raises it. */
export class PythonAttributeError extends IskraError {
  /** The Python class without the attribute (`DataStreamWriter`), the attribute, and the object the learner holds. */
  pythonClass?: string;
  attribute?: string;
  receiver?: object;
  constructor(message: string) {
    super(message);
    this.name = "AttributeError";
  }
}

/** PySparkValueError / PySparkTypeError: wrong arguments to an API call. */
export class PySparkValueError extends IskraError {}
export class PySparkTypeError extends IskraError {}

/** Levenshtein distance, used to suggest the closest names (columns, options). */
export function editDistance(a: string, b: string): number {
  const m = a.length, n = b.length;
  let prev = new Array(n + 1).fill(0).map((_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[n];
}

/** The candidates closest to `name`, best first (Spark orders suggestions by edit distance). */
export function closest(name: string, candidates: readonly string[], max = 5): string[] {
  return [...candidates]
    .map((c) => ({ c, d: editDistance(name.toLowerCase(), c.toLowerCase()) }))
    .sort((x, y) => x.d - y.d)
    .slice(0, max)
    .map((x) => x.c);
}

/** Error message of anything thrown, without ever printing secrets such as passwords. */
export function describeError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return maskSecrets(msg);
}

/** Masks password-like values in free text (URLs, key=value, JSON). */
export function maskSecrets(text: string): string {
  return text
    .replace(/(postgres(?:ql)?:\/\/[^:\/\s]+:)[^@\s]+@/gi, "$1***@")
    .replace(/((?:password|passwd|pwd|secret)["']?\s*[:=,]\s*\(?\s*["']?)[^"'\s,)}]+/gi, "$1***");
}

/**
 * A task failed while a job ran (a file that is not Parquet, …): Spark aborts the job and PySpark
 * raises Py4JJavaError naming the py4j method of the action that started it. `asPy4J(method)`
 * makes that error; the DataFrame action (or the reader/writer call) running the job knows the method.
 */
export class SparkTaskFailure extends IskraError {
  constructor(readonly javaClass: string, readonly javaMessage: string) {
    super(`${javaClass}: ${javaMessage}`);
  }
  asPy4J(method: string): Py4JJavaError {
    return new Py4JJavaError("org.apache.spark.SparkException",
      `Job aborted due to stage failure: Task 0 in stage 0.0 failed 1 times, most recent failure: Lost task 0.0 in stage 0.0 (TID 0) (localhost executor driver): ${this.javaClass}: ${this.javaMessage}`, method);
  }
}
