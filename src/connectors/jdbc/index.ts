/** The JDBC connector (PostgreSQL through `pg`): what the DataFrame layer calls. */
export { readJdbc } from "./jdbc-reader";
export { readJdbcSchemaSync } from "./schema-sync";
export { parseJdbcUrl, toJdbcUrl } from "./jdbc-url";
export { closeAllJdbcPools } from "./connection";
