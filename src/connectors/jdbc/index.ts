/** The JDBC connector (PostgreSQL through `pg`): what the DataFrame layer calls. */
export { writeJdbc } from "./jdbc-writer";
export type { WriteJdbcArgs, WriteJdbcResult } from "./jdbc-writer";
export { readJdbc, readJdbcSchema } from "./jdbc-reader";
export { readJdbcSchemaSync } from "./schema-sync";
export type { ReadJdbcArgs, ReadJdbcResult } from "./jdbc-reader";
export { parseJdbcOptions, unknownOptionWarning, SPARK_JDBC_OPTIONS } from "./options";
export type { JdbcOptions, JdbcOptionsInput, JdbcOptionValue } from "./options";
export { parseJdbcUrl, toJdbcUrl, toPgUrl } from "./jdbc-url";
export { closeAllJdbcPools } from "./connection";
export { getJdbcType, sparkTypeForPg, quoteIdentifier } from "./postgres-dialect";
