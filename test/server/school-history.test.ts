import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CUT_POINTS_DDL } from "../../src/levels/cut-set-tables.ts";
import { type Harness, PRIOR, PUBLISHED, S1, signIn, startHarness } from "./fixture.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // The fixture's runs name cut set core-sqii-2023: chronic absence (lower is better) in 3 bands.
  await h.warehouse.run(CUT_POINTS_DDL);
  for (const [level, low, high] of [
    [1, 30, null],
    [2, 10, 30],
    [3, null, 10],
  ] as const)
    await h.warehouse.run(
      `INSERT INTO cut_points VALUES ('core-sqii-2023', 'chronic_absence', 'elementary', 'lower', 'baseline_percentiles', ?, ?, ?, 10)`,
      [level, low, high],
    );
});
afterAll(async () => {
  await h?.close();
});

interface Point {
  year: number;
  value: number | null;
  level: number | null;
  suppressed: boolean;
}
interface History {
  years: { year: number; run_id: string }[];
  levels: {
    school_level: string;
    index: { year: number; index_level: number | null; tier: string | null }[];
    measures: {
      metric: string;
      bands: { year: number; level: number; lower: number | null; upper: number | null }[];
      series: { student_group: string; points: Point[] }[];
    }[];
  }[];
}

async function history(cookie: string, group: string): Promise<History> {
  const res = await h.app.inject({
    method: "GET",
    url: `/api/runs/${PUBLISHED}/schools/${S1}/history?group=${group}`,
    headers: cookie ? { cookie } : {},
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as History;
}

describe("GET /api/runs/:runId/schools/:schoolCode/history?group=", () => {
  it("gives every year of the run chain, all students and the chosen group, with each year's level bands", async () => {
    const body = await history("", "EL");
    expect(body.years.map((y) => [y.year, y.run_id])).toEqual([
      [2023, PRIOR],
      [2024, PUBLISHED],
    ]);
    const chronic = body.levels[0]!.measures.find((m) => m.metric === "chronic_absence")!;
    const all = chronic.series.find((s) => s.student_group === "ALL")!;
    expect(all.points.map((p) => [p.year, p.value])).toEqual([
      [2023, 25],
      [2024, 20],
    ]);
    const el = chronic.series.find((s) => s.student_group === "EL")!;
    expect(el.points).toEqual([
      { year: 2024, run_id: PUBLISHED, value: 25, level: null, suppressed: false },
    ]);
    // One cut set for both years: three bands each.
    expect(chronic.bands.filter((b) => b.year === 2023)).toEqual([
      { year: 2023, level: 1, lower: 30, upper: null },
      { year: 2023, level: 2, lower: 10, upper: 30 },
      { year: 2023, level: 3, lower: null, upper: 10 },
    ]);
    expect(body.levels[0]!.index).toEqual([
      expect.objectContaining({ year: 2024, index_level: 4, tier: "focus" }),
    ]);
  });

  it("leaves a year suppressed for the reader as a gap, and shows it to the school's own district", async () => {
    const shown = await history("", "AS");
    const as = shown.levels[0]!.measures[0]!.series.find((s) => s.student_group === "AS")!;
    expect(as.points).toEqual([
      { year: 2024, run_id: PUBLISHED, value: null, level: null, suppressed: true },
    ]);
    const admin = await signIn(h.app, "district_admin");
    const own = await history(admin.cookie, "AS");
    const mine = own.levels[0]!.measures[0]!.series.find((s) => s.student_group === "AS")!;
    expect(mine.points[0]).toMatchObject({ value: 25, suppressed: true });
    // Asked again by the public after the admin: the cache keeps them apart.
    const again = await history("", "AS");
    expect(again.levels[0]!.measures[0]!.series[1]!.points[0]!.value).toBeNull();
  });

  it("refuses a group that is not a group code, and answers 404 for a school not in the directory", async () => {
    const bad = await h.app.inject({
      method: "GET",
      url: `/api/runs/${PUBLISHED}/schools/${S1}/history?group=el;drop`,
    });
    expect(bad.statusCode).toBe(400);
    const missing = await h.app.inject({
      method: "GET",
      url: `/api/runs/${PUBLISHED}/schools/09999990000009/history`,
    });
    expect(missing.statusCode).toBe(404);
  });
});
