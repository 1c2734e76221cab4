/**
 * Iskra's public API: everything the shell, the lessons, the scripts and library users need.
 * PySpark names throughout: `SparkSession`, the functions (`col`, `split`, `from_json`, …), the types.
 */
export { SparkSession, RuntimeConfig } from "./api/session";
export { DataFrame, broadcast } from "./api/dataframe";
export { isMissingAttribute } from "./api/python-attributes";
export { GroupedData } from "./api/grouped-data";
export { DataFrameReader } from "./api/reader";
export { DataFrameWriter } from "./api/writer";
export { exactlyOnce, DEFAULT_LEDGER_TABLE } from "./api/exactly-once";
export type { ExactlyOnceOptions } from "./api/exactly-once";
export { DataStreamReader } from "./api/stream-reader";
export { DataStreamWriter } from "./api/stream-writer";
export { StreamingQueryManager } from "./api/streaming-query-manager";
export { StreamingQuery } from "./streaming/streaming-query";
export { StreamingQueryListener, QueryStartedEvent, QueryProgressEvent, QueryIdleEvent, QueryTerminatedEvent } from "./streaming/listener";
export { MemoryStream } from "./sources/memory-source";
export type { StreamingQueryProgress, QueryStatus } from "./streaming/streaming-query";
export { Column } from "./expr/column";
export * from "./expr/functions";
export * from "./expr/functions-lambda";
export * from "./expr/functions-maps";
export * from "./expr/functions-aggregates";
export * from "./expr/functions-scalar";
export * from "./functions/math";
export * from "./functions/collections";
export * from "./functions/text";
export * from "./functions/misc";
export * from "./expr/window";
export * from "./types/data-types";
export { DayTimeIntervalType, DayTimeIntervalTypeClass, YearMonthIntervalType, YearMonthIntervalTypeClass } from "./types/interval-types";
export { parseSchema, parseDataType } from "./types/ddl";
export { Row, makeRow, pyStrRepr, pyFloatRepr } from "./types/row";
export * from "./errors";
// Connectors for library users: a source or sink format of one's own, registered by name
// (`spark.readStream.format(name)`), on the same contracts as the built-in ones.
export { registerSource } from "./sources/registry";
export { registerSink } from "./sinks/registry";
export { READ_ALL_AVAILABLE } from "./connector-api/source";
export type { Source, SourceFactory, SourceContext, SourceLogger, ReadLimit, Offset, InternalRow } from "./connector-api/source";
export type { Sink, SinkFactory, SinkContext, OutputMode } from "./connector-api/sink";
export { CaseInsensitiveMap } from "./connector-api/options";
// Connectors for library users: batch formats and file formats by name (docs/ARCHITECTURE.md).
export { registerBatchSource } from "./sources/registry";
export { registerBatchSink } from "./sinks/registry";
export { registerFileFormat } from "./formats/registry";
export type { BatchSourceFactory, BatchSinkFactory, BatchRelation, BatchWrite, BatchContext } from "./connector-api/batch";
export type { FileFormat, FileFormatContext, InputFile } from "./connector-api/file-format";
