/**
 * JDBC data source options, as Spark 3.5's JDBCOptions / JdbcOptionsInWrite read them:
 * case-insensitive names, Spark's defaults, Spark's messages for wrong values.
 *
 * Spark silently passes any option it does not know to the JDBC driver, which ignores what it
 * does not know either; so the workshop's misspelt `trucate` silently turns an overwrite into
 * DROP + CREATE. Iskra does the same but also returns a warning naming the closest known option.
 */
import { IllegalArgumentException, closest, editDistance, maskSecrets } from "../../errors";
import { PgEndpoint, parseJdbcUrl } from "./jdbc-url";
import { javaIntegerOption, scalaBooleanOption } from "../../connector-api/options";

/** Spark's own option names (JDBCOptions.newOption), in Spark's spelling. */
const SPARK_JDBC_OPTIONS = [
  "url", "dbtable", "query", "driver", "partitionColumn", "lowerBound", "upperBound", "numPartitions",
  "queryTimeout", "fetchsize", "truncate", "cascadeTruncate", "createTableOptions", "createTableColumnTypes",
  "customSchema", "batchsize", "isolationLevel", "sessionInitStatement", "pushDownPredicate",
  "pushDownAggregate", "pushDownLimit", "pushDownOffset", "pushDownTableSample", "keytab", "principal",
  "tableComment", "refreshKrb5Config", "connectionProvider", "prepareQuery", "preferTimestampNTZ",
] as const;

/** Connection properties the PostgreSQL JDBC driver understands (passed through by Spark). */
const PGJDBC_PROPERTIES = [
  "user", "password", "options", "ApplicationName", "assumeMinServerVersion", "autosave", "binaryTransfer",
  "cancelSignalTimeout", "channelBinding", "cleanupSavepoints", "connectTimeout", "currentSchema",
  "defaultRowFetchSize", "disableColumnSanitiser", "escapeSyntaxCallMode", "gssEncMode", "gsslib",
  "hideUnprivilegedObjects", "loadBalanceHosts", "loggerFile", "loggerLevel", "loginTimeout",
  "logServerErrorDetail", "logUnclosedConnections", "maxResultBuffer", "preferQueryMode",
  "preparedStatementCacheQueries", "preparedStatementCacheSizeMiB", "prepareThreshold", "readOnly",
  "readOnlyMode", "receiveBufferSize", "reWriteBatchedInserts", "sendBufferSize", "socketTimeout", "ssl",
  "sslcert", "sslfactory", "sslkey", "sslmode", "sslpassword", "sslrootcert", "stringtype",
  "targetServerType", "tcpKeepAlive", "tcpNoDelay", "unknownLength",
] as const;

const KNOWN = [...SPARK_JDBC_OPTIONS, ...PGJDBC_PROPERTIES];
const KNOWN_LOWER = new Map(KNOWN.map((k) => [k.toLowerCase(), k]));

type JdbcOptionValue = string | number | boolean | null | undefined;
export type JdbcOptionsInput = Record<string, JdbcOptionValue> | Map<string, JdbcOptionValue> | Iterable<readonly [string, JdbcOptionValue]>;

export type IsolationLevel = "NONE" | "READ_UNCOMMITTED" | "READ_COMMITTED" | "REPEATABLE_READ" | "SERIALIZABLE";

export interface JdbcOptions {
  /** Every option, lower-cased name → string value (PySpark's option() turns values into strings). */
  readonly all: ReadonlyMap<string, string>;
  readonly url: string;
  readonly endpoint: PgEndpoint;
  /** user/password: from the URL's parameters, else from the options (PgJDBC: the URL wins). */
  readonly user?: string;
  readonly password?: string;
  readonly dbtable?: string;
  readonly query?: string;
  /** dbtable (trimmed), or `(query) SPARK_GEN_SUBQ_n` */
  readonly tableOrQuery: string;
  readonly numPartitions?: number;
  readonly queryTimeout: number;
  readonly fetchsize: number;
  readonly truncate: boolean;
  readonly cascadeTruncate?: boolean;
  readonly createTableOptions: string;
  readonly createTableColumnTypes?: string;
  readonly customSchema?: string;
  readonly batchsize: number;
  readonly isolationLevel: IsolationLevel;
  readonly sessionInitStatement?: string;
  readonly tableComment: string;
  readonly prepareQuery: string;
  readonly currentSchema?: string;
  readonly applicationName?: string;
  readonly connectTimeout?: number;
  readonly ssl?: boolean | "require" | "verify";
  /** Human-readable warnings (unknown options), for the caller to print. */
  readonly warnings: string[];
}

let subqueryId = 0;

function requirement(cond: boolean, msg: string): void {
  if (!cond) throw new IllegalArgumentException(`requirement failed: ${msg}`);
}

function entries(input: JdbcOptionsInput): Iterable<readonly [string, JdbcOptionValue]> {
  if (input instanceof Map) return input.entries();
  if (typeof (input as Iterable<unknown>)[Symbol.iterator] === "function") return input as Iterable<readonly [string, JdbcOptionValue]>;
  return Object.entries(input as Record<string, JdbcOptionValue>);
}

/** Lower-cased name → string value, as Spark's CaseInsensitiveMap holds them (the last spelling wins). */
function normalizeOptions(input: JdbcOptionsInput): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of entries(input)) {
    if (v === undefined) continue;
    if (v === null) throw new IllegalArgumentException(`Data source read/write option ${k} cannot have null value.`, "NULL_DATA_SOURCE_OPTION");
    out.set(k.toLowerCase(), typeof v === "string" ? v : String(v));
  }
  return out;
}

/** The warning for an option neither Spark nor the PostgreSQL driver knows, or undefined. */
export function unknownOptionWarning(name: string): string | undefined {
  if (KNOWN_LOWER.has(name.toLowerCase())) return undefined;
  const [best] = closest(name, KNOWN, 1);
  const d = best === undefined ? Infinity : editDistance(name.toLowerCase(), best.toLowerCase());
  const suggestion = d <= Math.max(2, Math.floor(name.length / 3)) ? `; did you mean '${best}'?` : ".";
  return `Unknown JDBC option '${name}' is ignored${suggestion} (Spark passes options it does not know to the JDBC driver, which ignores them.)`;
}

/**
 * Reads and validates the options for `purpose`. Throws Spark's IllegalArgumentException for a
 * missing url, a missing dbtable (writing) or dbtable/query (reading), an invalid batchsize, ...
 */
export function parseJdbcOptions(input: JdbcOptionsInput, purpose: "read" | "write"): JdbcOptions {
  const spelt: string[] = [];
  for (const [k] of entries(input)) spelt.push(k);
  const all = normalizeOptions(input);
  const get = (k: string) => all.get(k.toLowerCase());

  // Required: url, then dbtable or query (JDBCOptions), then dbtable for writing (JdbcOptionsInWrite).
  requirement(all.has("url"), "Option 'url' is required.");
  const url = get("url")!;
  const dbtable = get("dbtable");
  const query = get("query");
  if (dbtable !== undefined && query !== undefined)
    throw new IllegalArgumentException("Both 'dbtable' and 'query' can not be specified at the same time.", "_LEGACY_ERROR_TEMP_2078");
  if (dbtable === undefined && query === undefined) throw new IllegalArgumentException("Option 'dbtable' or 'query' is required.", "_LEGACY_ERROR_TEMP_2079");
  if (dbtable !== undefined && dbtable === "") throw new IllegalArgumentException("Option `dbtable` can not be empty.", "_LEGACY_ERROR_TEMP_2080");
  if (query !== undefined && query === "") throw new IllegalArgumentException("Option `query` can not be empty.", "_LEGACY_ERROR_TEMP_2080");
  const tableOrQuery = dbtable !== undefined ? dbtable.trim() : `(${query}) SPARK_GEN_SUBQ_${subqueryId++}`;

  const endpoint = parseJdbcUrl(url);
  const numPartitions = get("numPartitions") !== undefined ? javaIntegerOption(get("numPartitions")!) : undefined;
  const queryTimeout = javaIntegerOption(get("queryTimeout") ?? "0");

  const partitionColumn = get("partitionColumn");
  const lowerBound = get("lowerBound");
  const upperBound = get("upperBound");
  requirement(
    (partitionColumn === undefined && lowerBound === undefined && upperBound === undefined) ||
      (partitionColumn !== undefined && lowerBound !== undefined && upperBound !== undefined && numPartitions !== undefined),
    "When reading JDBC data sources, users need to specify all or none for the following options: " +
      "'partitionColumn', 'lowerBound', 'upperBound', and 'numPartitions'",
  );
  requirement(
    !(query !== undefined && partitionColumn !== undefined),
    "\nOptions 'query' and 'partitionColumn' can not be specified together.\n" +
      "Please define the query using `dbtable` option instead and make sure to qualify\n" +
      "the partition columns using the supplied subquery alias to resolve any ambiguity.\n",
  );
  const fetchsize = javaIntegerOption(get("fetchsize") ?? "0");

  const truncate = scalaBooleanOption(get("truncate") ?? "false");
  const cascadeTruncate = get("cascadeTruncate") !== undefined ? scalaBooleanOption(get("cascadeTruncate")!) : undefined;
  const batchsize = javaIntegerOption(get("batchsize") ?? "1000");
  requirement(batchsize >= 1, `Invalid value \`${batchsize}\` for parameter \`batchsize\`. The minimum value is 1.`);
  const iso = get("isolationLevel") ?? "READ_UNCOMMITTED";
  if (!["NONE", "READ_UNCOMMITTED", "READ_COMMITTED", "REPEATABLE_READ", "SERIALIZABLE"].includes(iso))
    throw new IllegalArgumentException(
      `Invalid value \`${iso}\` for parameter \`isolationLevel\`. This can be \`NONE\`, \`READ_UNCOMMITTED\`, \`READ_COMMITTED\`, \`REPEATABLE_READ\` or \`SERIALIZABLE\`.`,
      "_LEGACY_ERROR_TEMP_2081",
    );
  for (const b of ["pushDownPredicate", "pushDownAggregate", "pushDownLimit", "pushDownOffset", "pushDownTableSample", "refreshKrb5Config", "preferTimestampNTZ"])
    if (get(b) !== undefined) scalaBooleanOption(get(b)!);

  if (purpose === "write") requirement(dbtable !== undefined, "Option 'dbtable' is required. Option 'query' is not applicable while writing.");

  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const name of spelt) {
    if (seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    const w = unknownOptionWarning(name);
    if (w) warnings.push(w);
  }

  // Connection properties: the URL's parameters win over the options (PgJDBC's rule).
  const prop = (k: string): string | undefined => {
    const fromUrl = Object.entries(endpoint.params).find(([n]) => n.toLowerCase() === k.toLowerCase());
    return fromUrl ? fromUrl[1] : get(k);
  };
  const sslmode = prop("sslmode")?.toLowerCase();
  const sslFlag = prop("ssl");
  let ssl: JdbcOptions["ssl"];
  if (sslmode === "require" || sslmode === "prefer" || sslmode === "allow") ssl = sslmode === "require" ? "require" : undefined;
  else if (sslmode === "verify-ca" || sslmode === "verify-full") ssl = "verify";
  else if (sslmode === undefined && sslFlag !== undefined && sslFlag.toLowerCase() !== "false") ssl = "verify";
  const connectTimeout = prop("connectTimeout") ?? prop("loginTimeout");

  return {
    all,
    url,
    endpoint,
    user: endpoint.user ?? get("user"),
    password: endpoint.password ?? get("password"),
    dbtable: dbtable?.trim(),
    query,
    tableOrQuery,
    numPartitions,
    queryTimeout,
    fetchsize,
    truncate,
    cascadeTruncate,
    createTableOptions: get("createTableOptions") ?? "",
    createTableColumnTypes: get("createTableColumnTypes"),
    customSchema: get("customSchema"),
    batchsize,
    isolationLevel: iso as IsolationLevel,
    sessionInitStatement: get("sessionInitStatement"),
    tableComment: get("tableComment") ?? "",
    prepareQuery: get("prepareQuery") !== undefined ? get("prepareQuery") + " " : "",
    currentSchema: prop("currentSchema"),
    applicationName: prop("ApplicationName"),
    connectTimeout: connectTimeout !== undefined && /^\d+$/.test(connectTimeout) ? Number(connectTimeout) : undefined,
    ssl,
    warnings: warnings.map(maskSecrets),
  };
}
