import type { DuckDBValue } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fitWithinOls } from "../../src/stats/within-ols.ts";
import { type GroupSums, withinSumsFromGroups } from "../../src/stats/within-sums.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { denseLeastSquares } from "./dense-least-squares.ts";
import { seededRandom } from "./random.ts";

const SCHOOLS = 12;
const rows: { school: number; x0: number; x1: number; y: number }[] = [];
let warehouse: Warehouse;

beforeAll(async () => {
  const rng = seededRandom(31);
  for (let s = 0; s < SCHOOLS; s++) {
    const effect = rng.normal();
    const size = 2 + rng.int(30);
    for (let i = 0; i < size; i++) {
      const x0 = rng.normal() + 0.3 * s;
      const x1 = rng.uniform() < 0.3 ? 1 : 0;
      rows.push({ school: s, x0, x1, y: 0.8 * x0 - 0.25 * x1 + effect + 0.5 * rng.normal() });
    }
  }
  warehouse = await Warehouse.open(":memory:");
  await warehouse.run("CREATE TABLE ols_sample (school INTEGER, x0 DOUBLE, x1 DOUBLE, y DOUBLE)");
  const params: DuckDBValue[] = rows.flatMap((r) => [r.school, r.x0, r.x1, r.y]);
  await warehouse.run(
    `INSERT INTO ols_sample VALUES ${rows.map(() => "(?, ?, ?, ?)").join(", ")}`,
    params,
  );
});

afterAll(() => warehouse.close());

describe("within sums computed by DuckDB aggregates", () => {
  it("per-school GROUP BY sums → withinSumsFromGroups → fitWithinOls equals dense OLS with dummies", async () => {
    const groups = await warehouse.all<Record<string, number>>(`
      SELECT count(*)::DOUBLE AS n, sum(x0) AS sx0, sum(x1) AS sx1, sum(y) AS sy,
             sum(x0*x0) AS sx0x0, sum(x1*x0) AS sx1x0, sum(x1*x1) AS sx1x1,
             sum(x0*y) AS sx0y, sum(x1*y) AS sx1y, sum(y*y) AS syy
      FROM ols_sample GROUP BY school`);
    const sums = withinSumsFromGroups(
      groups.map(
        (g): GroupSums => ({
          n: g.n!,
          sumX: [g.sx0!, g.sx1!],
          sumY: g.sy!,
          sumXX: [
            [g.sx0x0!, g.sx1x0!],
            [g.sx1x0!, g.sx1x1!],
          ],
          sumXY: [g.sx0y!, g.sx1y!],
          sumYY: g.syy!,
        }),
      ),
    );
    const fit = fitWithinOls(sums);
    const dense = denseLeastSquares(
      rows.map((r) => [
        r.x0,
        r.x1,
        ...Array.from({ length: SCHOOLS }, (_, s) => (r.school === s ? 1 : 0)),
      ]),
      rows.map((r) => r.y),
    );
    expect(fit.groups).toBe(SCHOOLS);
    expect(fit.coefficients[0]).toBeCloseTo(dense.beta[0]!, 10);
    expect(fit.coefficients[1]).toBeCloseTo(dense.beta[1]!, 10);
    expect(fit.residualSs).toBeCloseTo(dense.rss, 9);
  });

  it("a SQL within transform (window means) gives the same sums as the GROUP BY route", async () => {
    const s = await warehouse.one<Record<string, number>>(`
      WITH d AS (
        SELECT x0 - avg(x0) OVER w AS x0, x1 - avg(x1) OVER w AS x1, y - avg(y) OVER w AS y
        FROM ols_sample WINDOW w AS (PARTITION BY school))
      SELECT sum(x0*x0) AS a00, sum(x0*x1) AS a01, sum(x1*x1) AS a11, sum(x0*y) AS b0, sum(x1*y) AS b1,
             sum(y*y) AS yy, count(*)::DOUBLE AS n FROM d`);
    const fromWindow = fitWithinOls({
      xtx: [
        [s.a00!, s.a01!],
        [s.a01!, s.a11!],
      ],
      xty: [s.b0!, s.b1!],
      yty: s.yy!,
      n: s.n!,
      groups: SCHOOLS,
    });
    const dense = denseLeastSquares(
      rows.map((r) => [
        r.x0,
        r.x1,
        ...Array.from({ length: SCHOOLS }, (_, k) => (r.school === k ? 1 : 0)),
      ]),
      rows.map((r) => r.y),
    );
    expect(fromWindow.coefficients[0]).toBeCloseTo(dense.beta[0]!, 10);
    expect(fromWindow.coefficients[1]).toBeCloseTo(dense.beta[1]!, 10);
  });
});
