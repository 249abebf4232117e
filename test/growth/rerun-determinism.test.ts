import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { computeGrowth } from "../../src/growth/compute-growth.ts";
import { GROWTH_TABLES } from "../../src/growth/growth-tables.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { simulateNetwork } from "./simulated-network.ts";

const framework = loadFramework("frameworks/core-sqii.yaml");
const YEAR = 2024;

/** Every growth output of a run, in a fixed order (the run id left out). */
async function outputs(warehouse: Warehouse, runId: string): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const table of [...GROWTH_TABLES, "metric_results"]) {
    tables[table] = await warehouse.all(
      `SELECT * EXCLUDE (run_id) FROM ${table} WHERE run_id = '${runId}' ORDER BY ALL`,
    );
  }
  return tables;
}

/** The cells where `b` differs from `a` (as "table row column: a → b"), at most `limit`. */
function differences(
  a: Record<string, unknown[]>,
  b: Record<string, unknown[]>,
  limit = 5,
): string[] {
  const found: string[] = [];
  for (const [table, rows] of Object.entries(a)) {
    const other = b[table] ?? [];
    if (other.length !== rows.length) found.push(`${table}: ${rows.length} → ${other.length} rows`);
    rows.forEach((row, i) => {
      for (const [column, value] of Object.entries(row as Record<string, unknown>)) {
        const changed = (other[i] as Record<string, unknown> | undefined)?.[column];
        if (!Object.is(changed, value) && found.length < limit)
          found.push(`${table} row ${i} ${column}: ${String(value)} → ${String(changed)}`);
      }
    });
  }
  return found;
}

/** Rewrites an input table with its rows in another order (the order DuckDB scans them in). */
async function reorder(warehouse: Warehouse, table: string, key: string): Promise<void> {
  await warehouse.run(`CREATE TEMP TABLE reordered AS SELECT * FROM ${table} ORDER BY ${key};
DELETE FROM ${table};
INSERT INTO ${table} SELECT * FROM reordered;
DROP TABLE reordered`);
}

/**
 * Issue #14 point 8: a rerun must give the same bytes. DuckDB splits a scan over row groups of
 * 122,880 rows among its threads and combines per-thread partial sums in whatever order they
 * finish; floating-point sums then differ in their last bits from run to run, as they do when the
 * same rows arrive in another order. The network: 300 schools of 45 students per grade 4–8 and 8
 * high schools of 400 (about 71,000 students, 285,000 test results: three row groups; the
 * analysis table about 142,000 rows, two).
 */
describe("computeGrowth gives byte-identical results for the same data", () => {
  let warehouse: Warehouse;
  let single: Record<string, unknown[]>;

  beforeAll(async () => {
    warehouse = await Warehouse.open(":memory:", { threads: 1 });
    await simulateNetwork(warehouse, {
      seed: 5,
      year: YEAR,
      schoolSizes: Array.from({ length: 300 }, () => 45),
      highSchools: 8,
      highSchoolSize: 400,
    });
    const { rows } = await warehouse.one<{ rows: number }>(
      "SELECT count(*)::INTEGER AS rows FROM test_results",
    );
    expect(rows).toBeGreaterThan(2 * 122_880);
    await computeGrowth(warehouse, { runId: "one-thread", year: YEAR, framework });
    single = await outputs(warehouse, "one-thread");
  }, 120_000);
  afterAll(() => warehouse?.close());

  it("with 4 threads as with 1", async () => {
    await warehouse.run("SET threads = 4");
    await computeGrowth(warehouse, { runId: "four-threads", year: YEAR, framework });
    const four = await outputs(warehouse, "four-threads");
    expect(single.growth_results!.length).toBeGreaterThan(1000);
    expect(differences(single, four)).toEqual([]);
  }, 120_000);

  it("with the input rows stored in another order", async () => {
    await warehouse.run("SET threads = 4");
    await reorder(warehouse, "test_results", "hash(student_id, subject, year)");
    await reorder(warehouse, "students", "hash(student_id) DESC");
    await reorder(warehouse, "enrollments", "hash(student_id, year)");
    await computeGrowth(warehouse, { runId: "reordered", year: YEAR, framework });
    expect(differences(single, await outputs(warehouse, "reordered"))).toEqual([]);
  }, 120_000);
});
