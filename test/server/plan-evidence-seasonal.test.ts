import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workspaceRepositories } from "../../src/workspace/workspace-repositories.ts";
import {
  type Harness,
  PERIODS,
  PRIOR,
  PUBLISHED,
  S3,
  S4,
  signIn,
  startHarness,
} from "./fixture.ts";

interface Chart {
  key: string;
  chart: { kind: string } | null;
  chart_note: string | null;
  changes: { effect: string; first_period: string }[];
  verdict: string;
  baseline_before_start: boolean;
}

/** Monthly absence, September to June: the usual winter rise, December's the highest. */
const SHAPE = [0.05, 0.055, 0.06, 0.11, 0.08, 0.07, 0.065, 0.06, 0.055, 0.05];
/** Month-to-month noise of a few percent, neither a run nor a trend. */
const NOISE = {
  s3Before: [0.02, -0.03, 0.01, -0.02, 0.03, -0.01, 0.02, -0.03, 0.01, -0.02],
  s4Before: [-0.03, 0.02, -0.01, 0.03, -0.02, 0.01, -0.03, 0.02, -0.01, 0.03],
  s3Now: [0.01, -0.02, 0.02, 0.01, -0.01, 0.02, -0.02, 0.01, -0.01, 0.02],
};

describe("a plan's chart of monthly absence when the run's chain has the previous year", () => {
  let h: Harness;
  let planId = 0;
  beforeAll(async () => {
    h = await startHarness();
    // S3 (district D2) this year and last, with S4 last year: the district's seasonal index.
    const rows: [string, number, string, readonly number[], number][] = [
      [PUBLISHED, 2024, S3, NOISE.s3Now, 300],
      [PRIOR, 2023, S3, NOISE.s3Before, 300],
      [PRIOR, 2023, S4, NOISE.s4Before, 250],
    ];
    for (const [run, year, school, noise, n] of rows)
      for (const [m, day] of PERIODS.entries()) {
        const start = year === 2024 ? day : `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`;
        const days = 18 * n;
        const absent = Math.round(days * SHAPE[m]! * (1 + noise[m]!));
        await h.warehouse.run(
          `INSERT INTO periodic_results VALUES (?, ?, ?, 'elementary', 'monthly_absence_rate', 'ALL',
             ?::DATE, ?::DATE, ?, ?, ?, ?, ?)`,
          [
            run,
            year,
            school,
            start,
            start,
            start.slice(0, 7),
            n,
            absent,
            days,
            (100 * absent) / days,
          ],
        );
      }
    const repos = workspaceRepositories(h.workspace.db);
    planId = (
      await repos.plans.create({
        kind: "pair",
        runId: PUBLISHED,
        schoolLevel: "elementary",
        groupKey: S3,
        title: "Gamma",
        schools: [{ schoolCode: S3, schoolName: "Gamma Elementary", role: "priority" }],
        createdBy: h.userIds.hub_admin,
      })
    ).id;
    await repos.planSections.replaceProblems(planId, [
      { metric: "chronic_absence", studentGroup: "ALL", statement: "Chronic absence" },
    ]);
    // The plan begins on December 1st: September to November end before it.
    await repos.meetings.add({
      planId,
      heldAt: new Date("2023-12-01T16:00:00Z"),
      title: "Kick-off",
      held: true,
      createdBy: h.userIds.hub_admin,
    });
  }, 120_000);
  afterAll(() => h?.close());

  it("is the seasonally adjusted chart, and an unchanged school's December rise is no change", async () => {
    const { cookie } = await signIn(h.app, "hub_admin");
    const res = await h.app.inject({
      method: "GET",
      url: `/api/plans/${planId}/evidence`,
      headers: { cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    const charts = (res.json() as { charts: Chart[] }).charts;
    const absence = charts.find((c) => c.key === `${S3}|monthly_absence_rate|ALL`)!;
    expect(absence).toBeDefined();
    expect(absence.chart_note).toBeNull();
    expect(absence.chart?.kind).toBe("seasonal-u");
    expect(absence.baseline_before_start).toBe(false);
    expect(absence.changes.filter((c) => c.first_period === "2023-12-01")).toEqual([]);
    expect(absence.verdict).toBe("no_change");
  });
});
