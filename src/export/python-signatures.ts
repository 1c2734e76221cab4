/**
 * PySpark's parameter order for the calls a learner makes with keyword arguments, so that
 * `df.show(truncate=False)` becomes `df.show(undefined, false)`: Iskra's API takes PySpark's
 * parameters in PySpark's order. Calls whose keyword arguments are an options object in Iskra
 * (`trigger(processingTime="5 seconds")` → `trigger({ processingTime: "5 seconds" })`) are listed
 * in OPTION_OBJECT_CALLS.
 */

export const PARAMETERS: Record<string, readonly string[]> = {
  show: ["n", "truncate", "vertical"],
  option: ["key", "value"],
  format: ["source"],
  outputMode: ["outputMode"],
  mode: ["saveMode"],
  queryName: ["queryName"],
  load: ["path", "format", "schema"],
  save: ["path", "format", "mode", "partitionBy"],
  start: ["path"],
  awaitTermination: ["timeout"],
  alias: ["alias"],
  name: ["alias"],
  cast: ["dataType"],
  astype: ["dataType"],
  createDataFrame: ["data", "schema", "samplingRatio", "verifySchema"],
  StructField: ["name", "dataType", "nullable", "metadata"],
  StructType: ["fields"],
  ArrayType: ["elementType", "containsNull"],
  MapType: ["keyType", "valueType", "valueContainsNull"],
  from_json: ["col", "schema", "options"],
  to_json: ["col", "options"],
  split: ["str", "pattern", "limit"],
  explode: ["col"],
  expr: ["str"],
  col: ["col"],
  column: ["col"],
  lit: ["col"],
  count: ["col"],
  sum: ["col"],
  avg: ["col"],
  max: ["col"],
  min: ["col"],
  approx_count_distinct: ["col", "rsd"],
  countDistinct: ["col"],
  window: ["timeColumn", "windowDuration", "slideDuration", "startTime"],
  withWatermark: ["eventTime", "delayThreshold"],
  withColumn: ["colName", "col"],
  withColumnRenamed: ["existing", "new"],
  foreachBatch: ["func"],
  take: ["num"],
  head: ["n"],
  limit: ["num"],
  printSchema: ["level"],
  explain: ["extended"],
  sql: ["sqlQuery"],
  schema: ["schema"],
  round: ["col", "scale"],
  date_format: ["date", "format"],
  to_timestamp: ["col", "format"],
  getOrCreate: [],
  master: ["master"],
  appName: ["name"],
  setLogLevel: ["logLevel"],
  sample: ["withReplacement", "fraction", "seed"],
  randomSplit: ["weights", "seed"],
  pivot: ["pivot_col", "values"],
  saveAsTable: ["name", "format", "mode", "partitionBy"],
  insertInto: ["tableName", "overwrite"],
  toTable: ["tableName", "format", "outputMode", "partitionBy", "queryName"],
};

/** `df.write.jdbc(url, table, mode, properties)` (the reader's jdbc is `url, table, properties`). */
export const WRITER_JDBC = ["url", "table", "mode", "properties"];
export const READER_JDBC = ["url", "table", "properties"];

/** Calls whose keyword arguments become one options object. */
export const OPTION_OBJECT_CALLS = new Set(["trigger", "options", "csv", "json", "text", "parquet", "orc"]);

/** Calls that return a promise in Iskra: awaited when the translation runs inside a function or a loop. */
export const ACTIONS = new Set([
  "show", "count", "collect", "take", "first", "head", "save", "jdbc", "csv", "parquet", "insertInto", "saveAsTable",
  "stop", "awaitTermination", "processAllAvailable", "foreach", "foreachPartition", "toPandas", "showString",
]);
