import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { computeDistrictResults } from "../../src/districts/compute-district-results.ts";
import { computeLocalMeasures } from "../../src/districts/compute-local-measures.ts";
import { DISTRICT_DDL } from "../../src/districts/district-tables.ts";
import { parseDistrictOverlay } from "../../src/domain/framework/load-district-overlay.ts";
import type { Warehouse } from "../../src/warehouse/warehouse.ts";
import {
  compute,
  DISTRICT,
  defaultFramework,
  enrollment,
  insert,
  openWarehouse,
  school,
  student,
  YEAR,
} from "../measures/fixture.ts";

const OVERLAY = `district: "${DISTRICT}"
extends: core-sqii
name: Test Unified local measures
measures:
  severe_absence:
    label: Severe chronic absence
    description: Students missing 20% or more of their enrolled days.
    base: chronic_absence
    settings:
      absence_threshold_percent: 20
    direction: lower
    weight: 1
`;

/** A hand-built student: which school, days enrolled and absent, and whether SED. */
interface Kid {
  id: number;
  school: number;
  enrolled: number;
  absent: number;
  sed: boolean;
}

/** The district's rate over its student × school rows, recomputed in plain TypeScript. */
function rate(kids: readonly Kid[], threshold: number, group: (k: Kid) => boolean) {
  const counted = kids.filter((k) => k.enrolled >= 31 && group(k));
  const hit = counted.filter((k) => 100 * k.absent >= threshold * k.enrolled);
  return { n: counted.length, numerator: hit.length, value: (100 * hit.length) / counted.length };
}

describe("computeDistrictResults(warehouse, run, overlays)", () => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await openWarehouse();
    for (const ddl of DISTRICT_DDL) await w.run(ddl);
  });
  afterEach(() => w.close());

  it("pools every school's students (not an average of school rates), for shared and local measures, by group", async () => {
    // School 1 is small with a high rate, school 2 large with a low one: the mean of the two
    // school rates differs from the pooled rate.
    const kids: Kid[] = [];
    let id = 0;
    for (let i = 0; i < 25; i++)
      kids.push({ id: ++id, school: 1, enrolled: 180, absent: i < 15 ? 40 : 5, sed: i % 2 === 0 });
    for (let i = 0; i < 75; i++)
      kids.push({
        id: ++id,
        school: 2,
        enrolled: 170,
        absent: i < 8 ? 20 : i < 12 ? 50 : 2,
        sed: i % 3 === 0,
      });
    kids.push({ id: ++id, school: 2, enrolled: 20, absent: 10, sed: true }); // too few days
    await insert(w, "schools", [school(1, "elementary"), school(2, "elementary")]);
    await insert(
      w,
      "students",
      kids.map((k) => student(k.id, { sed: k.sed })),
    );
    await insert(
      w,
      "enrollments",
      kids.map((k) =>
        enrollment(k.id, k.school, 3, { days_enrolled: k.enrolled, days_absent: k.absent }),
      ),
    );
    const runId = "test-run";
    await compute(w, { runId });
    const overlay = parseDistrictOverlay(OVERLAY, "overlay.yaml", defaultFramework);
    const run = { runId, year: YEAR, framework: defaultFramework };
    await computeLocalMeasures(w, run, [overlay]);
    await computeDistrictResults(w, run, [overlay]);
    const rows = await w.all<{
      metric: string;
      local: boolean;
      student_group: string;
      n: number;
      numerator: number;
      value: number;
      suppressed: boolean;
    }>(
      `SELECT metric, local, student_group, n, numerator, value, suppressed FROM district_results
       WHERE run_id = '${runId}' AND district_code = '${DISTRICT}' ORDER BY metric, student_group`,
    );
    const get = (metric: string, group: string) => {
      const r = rows.find((x) => x.metric === metric && x.student_group === group);
      if (!r) throw new Error(`no ${metric} ${group}`);
      return r;
    };
    for (const [metric, threshold, local] of [
      ["chronic_absence", 10, false],
      ["local_severe_absence", 20, true],
    ] as const) {
      for (const [group, of] of [
        ["ALL", () => true],
        ["SED", (k: Kid) => k.sed],
      ] as const) {
        const expected = rate(kids, threshold, of);
        const got = get(metric, group);
        expect({ ...got, value: Number(got.value.toFixed(9)) }).toEqual({
          metric,
          local,
          student_group: group,
          n: expected.n,
          numerator: expected.numerator,
          value: Number(expected.value.toFixed(9)),
          suppressed: expected.n < 20,
        });
      }
    }
    // Not the mean of the two school rates.
    const s1 = rate(
      kids.filter((k) => k.school === 1),
      10,
      () => true,
    );
    const s2 = rate(
      kids.filter((k) => k.school === 2),
      10,
      () => true,
    );
    expect(
      Math.abs(get("chronic_absence", "ALL").value - (s1.value + s2.value) / 2),
    ).toBeGreaterThan(5);
    // The local measure's school rows are in local_results, never in metric_results.
    const shared = await w.all<{ metric: string }>(
      "SELECT DISTINCT metric FROM metric_results ORDER BY metric",
    );
    expect(shared.map((r) => r.metric)).not.toContain("local_severe_absence");
    expect((await w.all("SELECT * FROM metric_results WHERE run_id <> 'test-run'")).length).toBe(0);
  });
});
