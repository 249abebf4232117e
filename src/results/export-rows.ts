import type { ExportTable } from "../disclosure/export-tables.ts";
import { pairingExportQueries } from "../identification/pairing-export.ts";
import { TABLE_EXISTS_SQL } from "../warehouse/table-exists-sql.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

/**
 * A run's export table as computed (before disclosure), optionally one district's schools; null
 * when the warehouse has no such table yet (pairing not run). Pairings and communities are read
 * with the hub analyst's overrides applied, in a stable order; the other tables in full column
 * order. Call inside the reader's serialized read.
 */
export async function readExportRows(
  warehouse: Warehouse,
  runId: string,
  table: ExportTable,
  district?: string,
): Promise<Record<string, unknown>[] | null> {
  const exists = Number((await warehouse.one(TABLE_EXISTS_SQL, [table])).n) > 0;
  if (!exists) return null;
  if (table === "pairings" || table === "communities") {
    const order =
      table === "pairings"
        ? "school_code, school_level"
        : "community_id NULLS LAST, school_code, school_level";
    return warehouse.all(
      `SELECT * FROM (${pairingExportQueries(runId)[table]}) ${district ? "WHERE starts_with(school_code, ?)" : ""} ORDER BY ${order}`,
      district ? [district] : [],
    );
  }
  const where = ["run_id = ?", ...(district ? ["starts_with(school_code, ?)"] : [])];
  return warehouse.all(
    `SELECT * FROM ${table} WHERE ${where.join(" AND ")} ORDER BY ALL`,
    district ? [runId, district] : [runId],
  );
}
