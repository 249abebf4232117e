import { INPUT_TABLES } from "../../src/domain/input-format.ts";
import type { Warehouse } from "../../src/warehouse/warehouse.ts";

/** Row count and an order-independent checksum (sum of row hashes) of every ingest table. */
export async function warehouseChecksums(
  warehouse: Warehouse,
  where = "true",
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const tables = ["submissions", "submission_log", ...INPUT_TABLES.map((t) => t.table)];
  for (const table of tables) {
    const row = await warehouse.one<{ n: number; h: string | null }>(
      `SELECT count(*) AS n, CAST(sum(hash(t)::HUGEINT) AS VARCHAR) AS h FROM ${table} t WHERE ${where}`,
    );
    out[table] = `${row.n}:${row.h ?? "-"}`;
  }
  return out;
}
