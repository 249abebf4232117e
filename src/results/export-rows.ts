import type { DuckDBValue } from "@duckdb/node-api";
import type { ExportTable } from "../disclosure/export-tables.ts";
import { GROWTH_RESULTS_DDL } from "../growth/growth-tables.ts";
import { IDENTIFICATION_DDL } from "../identification/identification-table.ts";
import { pairingExportQueries } from "../identification/pairing-export.ts";
import { INDEX_COMPONENTS_DDL, INDEX_RESULTS_DDL } from "../levels/index-tables.ts";
import { METRIC_LEVELS_DDL } from "../levels/metric-levels-table.ts";
import { METRIC_RESULTS_DDL } from "../measures/metric-results.ts";
import { PERIODIC_RESULTS_DDL } from "../measures/periodic-results-table.ts";
import { assertRows } from "../warehouse/check-rows.ts";
import { ddlRowShape } from "../warehouse/ddl-row-shape.ts";
import type { RowShape } from "../warehouse/row-shape.ts";
import { TABLE_EXISTS_SQL } from "../warehouse/table-exists-sql.ts";
import type { Row, Warehouse } from "../warehouse/warehouse.ts";

/**
 * The declared row shape of each export table read whole (`SELECT *`): its `CREATE TABLE`. The
 * pairing tables are read with the overrides applied (a query, not a table) and are not checked.
 */
const EXPORT_ROW_SHAPES: Partial<Record<ExportTable, RowShape>> = {
  metric_results: ddlRowShape(METRIC_RESULTS_DDL),
  metric_levels: ddlRowShape(METRIC_LEVELS_DDL),
  index_results: ddlRowShape(INDEX_RESULTS_DDL),
  index_components: ddlRowShape(INDEX_COMPONENTS_DDL),
  identification: ddlRowShape(IDENTIFICATION_DDL),
  growth_results: ddlRowShape(GROWTH_RESULTS_DDL),
  periodic_results: ddlRowShape(PERIODIC_RESULTS_DDL),
};

/** Checks rows of export table `table` against its declared shape, if it has one; `first` numbers the first. */
function checkExportRows(table: ExportTable, rows: readonly Row[], first = 1): void {
  const shape = EXPORT_ROW_SHAPES[table];
  if (shape) assertRows(table, shape, rows, first);
}

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
  const byDistrict =
    table === "district_results" ? "district_code = ?" : "starts_with(school_code, ?)";
  const where = ["run_id = ?", ...(district ? [byDistrict] : [])];
  // Periods are days, written as such (not as midnight UTC timestamps).
  const columns =
    table === "periodic_results"
      ? `* REPLACE (strftime(period_start, '%Y-%m-%d') AS period_start, strftime(period_end, '%Y-%m-%d') AS period_end)`
      : "*";
  return {
    sql: `SELECT ${columns} FROM ${table} WHERE ${where.join(" AND ")} ORDER BY ALL`,
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
  const rows = await warehouse.all(sql, params);
  checkExportRows(table, rows);
  return rows;
}

/**
 * The rows {@link readExportRows} gives, in pieces of at most `options.rows` (default a DuckDB
 * chunk), read only as fast as they are consumed and stopped when `options.signal` aborts
 * ({@link Warehouse.stream}), each checked against the table's declared shape. `connection` is held for the whole stream; the table must exist
 * ({@link hasExportTable}).
 */
export async function* streamExportRows(
  connection: Warehouse,
  runId: string,
  table: ExportTable,
  district: string | undefined,
  options: { signal?: AbortSignal; rows?: number } = {},
): AsyncGenerator<Row[], void, undefined> {
  const { sql, params } = exportRowsQuery(runId, table, district);
  let first = 1;
  // Each batch is checked before it is disclosed and written: one type test per column per row.
  for await (const rows of connection.stream(sql, params, options)) {
    checkExportRows(table, rows, first);
    first += rows.length;
    yield rows;
  }
}
