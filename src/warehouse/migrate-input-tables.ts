import { INPUT_TABLES } from "../domain/input-format.ts";
import type { Warehouse } from "./warehouse.ts";

/**
 * Brings the input tables of a warehouse built by an earlier version up to the current schema:
 * rows no longer repeat their `submission_id` (a district's year holds one accepted submission,
 * so `submissions` names it by district_code and year; the per-row copy cost about a third of
 * the insert and of the write-ahead log), so that column is dropped where it is still present.
 * Idempotent; a warehouse created by this version has nothing to migrate.
 */
export async function migrateInputTables(warehouse: Warehouse): Promise<void> {
  const stale = await warehouse.all<{ table_name: string }>(
    `SELECT table_name FROM duckdb_columns()
      WHERE database_name = current_database() AND schema_name = 'main'
        AND column_name = 'submission_id' AND table_name IN (${INPUT_TABLES.map((t) => `'${t.table}'`).join(", ")})`,
  );
  for (const { table_name } of stale) {
    await warehouse.run(`ALTER TABLE main."${table_name}" DROP COLUMN submission_id`);
  }
}
