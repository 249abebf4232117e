import type { DuckDBValue } from "@duckdb/node-api";
import type { ExportTable } from "../disclosure/export-tables.ts";
import { pairingExportQueries } from "../identification/pairing-export.ts";
import { TABLE_EXISTS_SQL } from "../warehouse/table-exists-sql.ts";
import type { Row, Warehouse } from "../warehouse/warehouse.ts";

/** Whether the warehouse has the export table `table` yet (the pairing tables: pairing was run). */
export async function hasExportTable(warehouse: Warehouse, table: ExportTable): Promise<boolean> {
  return Number((await warehouse.one(TABLE_EXISTS_SQL, [table])).n) > 0;
}

/**
 * The SELECT of a run's export table as computed (before disclosure), optionally one district's
 * schools. Pairings and communities are read with the hub analyst's overrides applied, in a
 * stable order; the other tables in full column order.
 */
function exportRowsQuery(
  runId: string,
  table: ExportTable,
  district?: string,
): { sql: string; params: DuckDBValue[] } {
  if (table === "pairings" || table === "communities") {
    const order =
      table === "pairings"
        ? "school_code, school_level"
        : "community_id NULLS LAST, school_code, school_level";
    return {
      sql: `SELECT * FROM (${pairingExportQueries(runId)[table]}) ${district ? "WHERE starts_with(school_code, ?)" : ""} ORDER BY ${order}`,
      params: district ? [district] : [],
    };
  }
  const where = ["run_id = ?", ...(district ? ["starts_with(school_code, ?)"] : [])];
  return {
    sql: `SELECT * FROM ${table} WHERE ${where.join(" AND ")} ORDER BY ALL`,
    params: district ? [runId, district] : [runId],
  };
}

/**
 * A run's export table as computed (before disclosure), optionally one district's schools; null
 * when the warehouse has no such table yet (pairing not run).
 */
export async function readExportRows(
  warehouse: Warehouse,
  runId: string,
  table: ExportTable,
  district?: string,
): Promise<Record<string, unknown>[] | null> {
  if (!(await hasExportTable(warehouse, table))) return null;
  const { sql, params } = exportRowsQuery(runId, table, district);
  return warehouse.all(sql, params);
}

/**
 * The rows {@link readExportRows} gives, in pieces of at most `options.rows` (default a DuckDB
 * chunk), read only as fast as they are consumed and stopped when `options.signal` aborts
 * ({@link Warehouse.stream}). `connection` is held for the whole stream; the table must exist
 * ({@link hasExportTable}).
 */
export function streamExportRows(
  connection: Warehouse,
  runId: string,
  table: ExportTable,
  district: string | undefined,
  options: { signal?: AbortSignal; rows?: number } = {},
): AsyncGenerator<Row[], void, undefined> {
  const { sql, params } = exportRowsQuery(runId, table, district);
  return connection.stream(sql, params, options);
}
