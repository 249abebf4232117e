import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeDistrictResults } from "../../src/districts/compute-district-results.ts";
import { DISTRICT_DDL } from "../../src/districts/district-tables.ts";
import type { DistrictView } from "../../src/results/district-view.ts";
import type { SchoolLocalMeasures } from "../../src/results/school-local-measures.ts";
import {
  D1,
  D2,
  type Harness,
  PRIOR,
  PUBLISHED,
  S1,
  signIn,
  startHarness,
  type Who,
} from "./fixture.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  const w = h.warehouse;
  for (const ddl of DISTRICT_DDL) await w.run(ddl);
  // D1's overlay: one local measure at S1 (ALL 200, a group of 8 below min n).
  await w.run(
    `INSERT INTO local_measures VALUES (?, ?, 'local_severe_absence', 'chronic_absence', 'Severe chronic absence',
      'Students missing 20% or more of their days.', 'lower', 1)`,
    [PUBLISHED, D1],
  );
  for (const [group, n, k] of [
    ["ALL", 200, 12],
    ["HI", 120, 8],
    ["AS", 8, 1],
    ["WH", 47, 2],
    ["AA", 25, 1],
  ] as const)
    await w.run(
      `INSERT INTO local_results VALUES (?, 2024, ?, ?, 'elementary', 'local_severe_absence', 'chronic_absence', ?, ?, ?, ?, ?)`,
      [PUBLISHED, D1, S1, group, n, k, (100 * k) / n, n < 20],
    );
  // The district's local index: 100 − 6% severe absence (lower is better), its one weighted measure.
  await w.run("INSERT INTO local_index_results VALUES (?, 2024, ?, ?, 'district', 94, 1)", [
    PUBLISHED,
    D1,
    D1,
  ]);
  await computeDistrictResults(w, { runId: PUBLISHED, year: 2024, framework: h.framework }, []);
  await computeDistrictResults(w, { runId: PRIOR, year: 2023, framework: h.framework }, []);
  await w.run(
    "INSERT INTO district_peers VALUES (?, 2024, ?, ?, 1, 0.5), (?, 2024, ?, ?, 1, 0.5)",
    [PUBLISHED, D1, D2, PUBLISHED, D2, D1],
  );
});
afterAll(async () => {
  await h?.close();
});

async function view(who: Who, query = ""): Promise<DistrictView> {
  const { cookie } = await signIn(h.app, who);
  const res = await h.app.inject({
    url: `/api/runs/${PUBLISHED}/districts/${D1}${query}`,
    headers: cookie ? { cookie } : {},
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as DistrictView;
}

describe("GET /api/runs/:runId/districts/:districtCode", () => {
  it("pools the district's schools, compares with the network and the suggested peer, and says what changed", async () => {
    const v = await view("anonymous");
    const chronic = v.measures.find((m) => m.metric === "chronic_absence")!;
    // S1 (200 students, 40 counted) + S2 (300, 3): 43 / 500.
    const all = chronic.groups.find((g) => g.student_group === "ALL")!;
    expect(all.n).toBe(500);
    expect(all.value).toBeCloseTo(8.6, 9);
    // The network adds D2's S3 (250, 3).
    expect(chronic.network.n).toBe(750);
    expect(chronic.network.value).toBeCloseTo((100 * 46) / 750, 9);
    expect(v.suggested_peers).toEqual([D2]);
    // Peers are offered by name (the school directory's), not by code.
    expect(v.district_names).toEqual({ [D1]: "District", [D2]: "District" });
    expect(chronic.peers).toEqual([
      expect.objectContaining({ district_code: D2, n: 250, suppressed: false }),
    ]);
    expect(
      chronic.trend.map((t) => [t.year, t.value === null ? null : Number(t.value.toFixed(3))]),
    ).toEqual([
      [2023, 25],
      [2024, 8.6],
    ]);
    expect(v.changes.map((c) => c.sentence)).toEqual([
      "Chronic absence fell from 25.0% in 2023 to 8.6% in 2024 (−16.4 pts), an improvement.",
    ]);
  });

  it("hides a small district group, and the district cell that equals a school's hidden cell", async () => {
    const v = await view("anonymous");
    const chronic = v.measures.find((m) => m.metric === "chronic_absence")!;
    const as = chronic.groups.find((g) => g.student_group === "AS")!;
    expect(as).toMatchObject({
      n: null,
      value: null,
      suppressed: true,
      suppression_reason: "small_n",
    });
    // D1's AA is S1's AA alone (S2 reports ALL only): S1's AA is hidden beside its AS, so D1's is too.
    const aa = chronic.groups.find((g) => g.student_group === "AA")!;
    expect(aa.suppressed).toBe(true);
    expect(aa.value).toBeNull();
  });

  it("shows the local measures and local index to the district's admin and the hub only", async () => {
    for (const who of ["hub_admin", "district_admin"] as const) {
      const v = await view(who);
      expect(
        v.local_measures.map((m) => m.label),
        who,
      ).toEqual(["Severe chronic absence"]);
      const local = v.measures.find((m) => m.metric === "local_severe_absence")!;
      expect(local.local).toBe(true);
      expect(local.groups.find((g) => g.student_group === "ALL")!.value).toBeCloseTo(6, 9);
      expect(v.local_index).toBeCloseTo(94, 9);
    }
    for (const who of [
      "anonymous",
      "other_district_admin",
      "school_staff",
      "network_member",
    ] as const) {
      const v = await view(who);
      expect(v.local_measures, who).toEqual([]);
      expect(
        v.measures.some((m) => m.local),
        who,
      ).toBe(false);
      expect(v.local_index).toBeNull();
    }
  });

  it("gives the district's own admin its small cells unsuppressed but flagged", async () => {
    const v = await view("district_admin");
    const as = v.measures
      .find((m) => m.metric === "chronic_absence")!
      .groups.find((g) => g.student_group === "AS")!;
    expect(as).toMatchObject({ n: 8, suppressed: true, suppression_reason: "small_n" });
  });

  it("compares with chosen peers and answers 404 for a district not in the run", async () => {
    const v = await view("anonymous", `?peers=${D2}`);
    expect(v.peers).toEqual([D2]);
    const res = await h.app.inject({ url: `/api/runs/${PUBLISHED}/districts/0900009` });
    expect(res.statusCode).toBe(404);
  });
});

describe("GET /api/runs/:runId/schools/:schoolCode/local-measures", () => {
  it("shows the district's local measure on the school's report to any reader, disclosed", async () => {
    const res = await h.app.inject({ url: `/api/runs/${PUBLISHED}/schools/${S1}/local-measures` });
    expect(res.statusCode).toBe(200);
    const body = res.json() as SchoolLocalMeasures;
    expect(body.measures).toHaveLength(1);
    const m = body.measures[0]!;
    expect(m.label).toBe("Severe chronic absence");
    expect(m.groups.find((g) => g.student_group === "ALL")).toMatchObject({
      n: 200,
      suppressed: false,
    });
    expect(m.groups.find((g) => g.student_group === "AS")).toMatchObject({
      n: null,
      value: null,
      suppressed: true,
    });
  });
});

describe("GET /api/runs/:runId/exports/district_results", () => {
  it("exports the district table disclosed: no local rows and hidden cells blank for the public", async () => {
    const res = await h.app.inject({
      url: `/api/runs/${PUBLISHED}/exports/district_results?district=${D1}`,
    });
    expect(res.statusCode).toBe(200);
    const lines = res.body.trim().split("\n");
    const header = lines[0]!.split(",");
    const rows = lines
      .slice(1)
      .map((l) => Object.fromEntries(l.split(",").map((v, i) => [header[i], v])));
    expect(rows.some((r) => r.metric === "local_severe_absence")).toBe(false);
    const as = rows.find((r) => r.metric === "chronic_absence" && r.student_group === "AS")!;
    expect(as.n).toBe("");
    expect(as.suppressed).toBe("true");
    const all = rows.find((r) => r.metric === "chronic_absence" && r.student_group === "ALL")!;
    expect(all.n).toBe("500");
  });

  it("gives the district's own admin its local rows", async () => {
    const { cookie } = await signIn(h.app, "district_admin");
    const res = await h.app.inject({
      url: `/api/runs/${PUBLISHED}/exports/district_results?district=${D1}`,
      headers: { cookie },
    });
    expect(res.body).toContain("local_severe_absence");
  });
});
