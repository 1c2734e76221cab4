/** Python helpers an exported application defines at module level when its code calls them. */

/**
 * Iskra's exactlyOnce(batchDF, batchId).jdbc(url, table, "append", props) in PySpark: the rows and
 * the ledger row (query id, batch id) in one PostgreSQL transaction; a batch already in the
 * ledger is skipped. The ledger table is Iskra's (same name and columns), so either engine may
 * continue the other's checkpoint.
 */
export const WRITE_EXACTLY_ONCE = `LEDGER_DDL = (
    "CREATE TABLE IF NOT EXISTS {} (query_id TEXT NOT NULL, batch_id BIGINT NOT NULL, table_name TEXT NOT NULL, "
    "rows_written BIGINT NOT NULL, committed_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (query_id, batch_id))"
)


def write_exactly_once(batch_df, batch_id, url, table, props, query_id=None, ledger_table="iskra_batch_ledger"):
    """Appends one micro-batch to a JDBC table exactly once.

    foreachBatch is at-least-once: when the application dies after the write committed but before
    Spark wrote commits/<batch_id>, the restart runs the batch again with the same rows. Here the
    rows and the row (query_id, batch_id) of a ledger table commit in ONE transaction, and a batch
    already in the ledger is skipped. Spark's JDBC writer commits each partition on its own, so the
    rows are collected to the driver and written through java.sql on the driver (the PostgreSQL
    driver is on the classpath from --packages): right for aggregated micro-batches; for large
    ones, write to a staging table and move the rows in the transaction instead. Needs the classic
    (py4j) session: over Spark Connect there is no JVM on the client.
    """
    spark = batch_df.sparkSession
    sc = spark.sparkContext
    if query_id is None:  # the streaming query's id: kept in the checkpoint, the same after a restart
        query_id = sc.getLocalProperty("sql.streaming.queryId")
    rows = batch_df.collect()  # computes the batch once
    # An empty DataFrame of the batch's schema: creates the table as Spark's JDBC writer would, if missing.
    spark.createDataFrame([], batch_df.schema).write.jdbc(url, table, "append", props)
    jvm = sc._jvm
    jvm.org.apache.spark.sql.execution.datasources.jdbc.DriverRegistry.register(props.get("driver", "org.postgresql.Driver"))
    info = jvm.java.util.Properties()
    for key, value in props.items():
        info.setProperty(key, value)
    conn = jvm.java.sql.DriverManager.getConnection(url, info)
    try:
        conn.createStatement().execute(LEDGER_DDL.format(ledger_table))
        conn.setAutoCommit(False)
        claim = conn.prepareStatement(
            f"INSERT INTO {ledger_table} (query_id, batch_id, table_name, rows_written) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (query_id, batch_id) DO NOTHING"
        )
        claim.setString(1, query_id)
        claim.setLong(2, batch_id)
        claim.setString(3, table)
        claim.setLong(4, len(rows))
        if claim.executeUpdate() == 0:  # written by an earlier run of this batch
            conn.rollback()
            return
        columns = ", ".join(f'"{c}"' for c in batch_df.columns)
        insert = conn.prepareStatement(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' for _ in batch_df.columns)})")
        for row in rows:
            for i, value in enumerate(row, 1):
                insert.setObject(i, _jdbc_value(jvm, value))
            insert.addBatch()
        insert.executeBatch()
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    finally:
        conn.close()


def _jdbc_value(jvm, value):
    """A Python value as py4j passes it to setObject (timestamps and dates as java.sql's)."""
    import datetime
    if isinstance(value, datetime.datetime):
        return jvm.java.sql.Timestamp.valueOf(value.strftime("%Y-%m-%d %H:%M:%S.%f"))
    if isinstance(value, datetime.date):
        return jvm.java.sql.Date.valueOf(value.isoformat())
    return value`;
