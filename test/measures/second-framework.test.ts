import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import type { Warehouse } from "../../src/warehouse/warehouse.ts";
import {
  compute,
  defaultFramework,
  enrollment,
  has,
  insert,
  openWarehouse,
  result,
  school,
  schoolCode,
  sid,
  student,
} from "./fixture.ts";

const dashboard = loadFramework("test/measures/fixtures/dashboard-like.yaml");

describe("computeMeasures with a second framework file", () => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await openWarehouse();
    await insert(w, "schools", [school(1, "middle;high", { low_grade: 6, high_grade: 12 })]);
    const students = [];
    const enrollments = [];
    for (let n = 1; n <= 30; n++) {
      // 15 SED students; every third student chronically absent; grades 8 (1-15) and 9 (16-30).
      students.push(student(n, { sed: n % 2 === 0 }));
      enrollments.push(enrollment(n, 1, n <= 15 ? 8 : 9, { days_absent: n % 3 === 0 ? 20 : 2 }));
    }
    await insert(w, "students", students);
    await insert(w, "enrollments", enrollments);
    await insert(w, "discipline", [
      {
        action_id: "a",
        student_id: sid(1),
        school_code: schoolCode(1),
        action: "ISS",
        action_date: "2023-09-12",
        days: 1,
      },
      {
        action_id: "b",
        student_id: sid(2),
        school_code: schoolCode(1),
        action: "OSS",
        action_date: "2023-09-12",
        days: 2,
      },
    ]);
  });
  afterEach(() => w.close());

  it("changes grades, levels, actions, min n and the measures computed without code changes", async () => {
    expect(dashboard.index.domain_weights).toEqual({ academic: 50, se_cc: 50 });
    const core = await compute(w, { framework: defaultFramework, runId: "core" });
    const dash = await compute(w, { framework: dashboard, runId: "dash" });

    // K-12 chronic absence at both levels under core-sqii; K-8 (middle only) under the second file.
    expect(result(core, "chronic_absence", 1, "high")).toMatchObject({ n: 15, numerator: 5 });
    expect(has(dash, "chronic_absence", 1, "high")).toBe(false);
    expect(result(dash, "chronic_absence", 1, "middle")).toMatchObject({ n: 15, numerator: 5 });

    // SED in the middle grades: students 2, 4, ..., 14 = 7; suppressed below 20 and below 11 alike.
    expect(result(core, "chronic_absence", 1, "middle", "SED")).toMatchObject({
      n: 7,
      suppressed: true,
    });

    // ALL at middle: 15 students, suppressed at min n 20, shown at min n 11.
    expect(result(core, "chronic_absence", 1, "middle").suppressed).toBe(true);
    expect(result(dash, "chronic_absence", 1, "middle").suppressed).toBe(false);

    // In-school suspension counts under core-sqii only.
    expect(result(core, "suspension", 1, "middle")).toMatchObject({ n: 15, numerator: 2 });
    expect(result(dash, "suspension", 1, "middle")).toMatchObject({ n: 15, numerator: 1 });

    // Measures the second framework leaves out are not computed.
    expect(
      dash.some((r) => r.metric.startsWith("sel_") || r.metric.startsWith("culture_climate")),
    ).toBe(false);
    expect(dash.some((r) => r.metric === "hs_readiness")).toBe(false);
    expect(core.some((r) => r.metric === "hs_readiness")).toBe(true);
  });
});
