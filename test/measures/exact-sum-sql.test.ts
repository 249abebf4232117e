import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exactAvgSql, exactSumSql } from "../../src/measures/exact-sum-sql.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

/**
 * 2 million rows (17 row groups) in 50 groups, read with 4 threads: DuckDB splits every group's
 * rows over threads, so a plain `sum` of doubles changes in the last bits from one query to the
 * next.
 */
describe("exactSumSql(expr) and exactAvgSql(expr) with several DuckDB threads", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await Warehouse.open(":memory:", { threads: 4 });
    await w.run(`CREATE TABLE t AS
      SELECT (i % 50)::INTEGER AS g, (hash(i) % 1000003)::DOUBLE / 7919.0 - 60.0 + 1e-7 * (i % 13) AS x,
        CASE WHEN i % 17 = 0 THEN NULL ELSE sin(i::DOUBLE) * 1e3 END AS y
      FROM range(2000000) r(i)`);
  }, 60_000);
  afterAll(() => w.close());

  /** The distinct results of `select` over `times` queries (stopping at a second one when `untilTwo`). */
  async function repeated(select: string, times = 4, untilTwo = false): Promise<Set<string>> {
    const seen = new Set<string>();
    for (let k = 0; k < times && !(untilTwo && seen.size > 1); k++) {
      const rows = await w.all<{ g: number; s: number }>(
        `SELECT g, ${select} AS s FROM t GROUP BY g ORDER BY g`,
      );
      seen.add(rows.map((r) => r.s.toString()).join(","));
    }
    return seen;
  }

  it("plain sum(x) is not reproducible here (the case the helpers exist for)", async () => {
    expect((await repeated("sum(x) + sum(y)", 30, true)).size).toBeGreaterThan(1);
  });

  it("gives the same sums and means on every run", async () => {
    expect((await repeated(`${exactSumSql("x")} + ${exactSumSql("y")}`)).size).toBe(1);
    expect((await repeated(`${exactAvgSql("x")} + ${exactAvgSql("y", "x > 0")}`)).size).toBe(1);
  });

  it("agrees with DuckDB's sum, avg and count semantics (NULLs skipped, NULL for none)", async () => {
    const rows = await w.all<{
      g: number;
      exact: number;
      plain: number;
      exact_avg: number;
      plain_avg: number;
      none: number | null;
      none_avg: number | null;
    }>(`SELECT g, ${exactSumSql("y")} AS exact, sum(y) AS plain, ${exactAvgSql("y")} AS exact_avg,
        avg(y) AS plain_avg, ${exactSumSql("y", "x > 1e9")} AS none, ${exactAvgSql("y", "x > 1e9")} AS none_avg
      FROM t GROUP BY g ORDER BY g`);
    expect(rows).toHaveLength(50);
    for (const r of rows) {
      expect(Math.abs(r.exact - r.plain)).toBeLessThan(1e-9 * Math.max(1, Math.abs(r.plain)));
      expect(Math.abs(r.exact_avg - r.plain_avg)).toBeLessThan(1e-12);
      expect(r.none).toBeNull();
      expect(r.none_avg).toBeNull();
    }
  });
});
