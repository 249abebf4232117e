import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Warehouse } from "../../src/warehouse/warehouse.ts";
import { compute, has, insert, openWarehouse, result, school, sid, student } from "./fixture.ts";

function test(
  n: number,
  schoolN: number,
  subject: string,
  grade: number,
  score: number,
  level: number,
) {
  return {
    student_id: sid(n),
    school_code: `0100001${String(schoolN).padStart(7, "0")}`,
    subject,
    grade,
    scale_score: score,
    achievement_level: level,
  };
}

describe("ela_performance and math_performance", () => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await openWarehouse();
  });
  afterEach(() => w.close());

  it("is the percent of students tested at the school scoring Met or Exceeded, per subject", async () => {
    await insert(w, "schools", [school(1, "elementary")]);
    await insert(
      w,
      "students",
      [1, 2, 3, 4].map((n) => student(n, n <= 2 ? { sed: true } : {})),
    );
    await insert(w, "test_results", [
      test(1, 1, "ELA", 3, 2450, 3),
      test(2, 1, "ELA", 4, 2400, 1),
      test(3, 1, "ELA", 5, 2600, 4),
      test(4, 1, "ELA", 5, 2450, 2),
      test(1, 1, "MATH", 3, 2300, 1),
      test(2, 1, "MATH", 4, 2500, 3),
    ]);
    const rows = await compute(w);
    // ELA: levels 3, 1, 4, 2 → 2 of 4 met or exceeded.
    expect(result(rows, "ela_performance", 1, "elementary")).toMatchObject({
      n: 4,
      numerator: 2,
      value: 50,
    });
    // SED = students 1 and 2: ELA levels 3 and 1 → 1 of 2.
    expect(result(rows, "ela_performance", 1, "elementary", "SED")).toMatchObject({
      n: 2,
      numerator: 1,
      value: 50,
    });
    expect(result(rows, "ela_performance", 1, "elementary", "HI")).toMatchObject({ n: 4 });
    expect(result(rows, "math_performance", 1, "elementary")).toMatchObject({
      n: 2,
      numerator: 1,
      value: 50,
    });
  });

  it("counts a student at the school where they tested and grade 11 at the high level", async () => {
    await insert(w, "schools", [
      school(1, "middle;high", { low_grade: 6, high_grade: 12 }),
      school(2, "middle"),
    ]);
    await insert(
      w,
      "students",
      [1, 2, 3].map((n) => student(n)),
    );
    await insert(w, "test_results", [
      test(1, 1, "ELA", 8, 2600, 3),
      test(2, 1, "ELA", 11, 2700, 4),
      test(3, 2, "ELA", 7, 2400, 1),
    ]);
    const rows = await compute(w);
    expect(result(rows, "ela_performance", 1, "middle")).toMatchObject({ n: 1, value: 100 });
    expect(result(rows, "ela_performance", 1, "high")).toMatchObject({ n: 1, value: 100 });
    expect(result(rows, "ela_performance", 2, "middle")).toMatchObject({ n: 1, value: 0 });
    expect(has(rows, "ela_performance", 2, "high")).toBe(false);
  });

  it("reports distance from standard as the mean of scale score minus the grade's Level 3 cut", async () => {
    await insert(w, "schools", [school(1, "elementary")]);
    await insert(
      w,
      "students",
      [1, 2, 3].map((n) => student(n)),
    );
    // ELA Level 3 cuts: grade 3 = 2432, grade 5 = 2502.
    await insert(w, "test_results", [
      test(1, 1, "ELA", 3, 2452, 3), // +20
      test(2, 1, "ELA", 3, 2402, 2), // -30
      test(3, 1, "ELA", 5, 2512, 3), // +10
    ]);
    const rows = await compute(w);
    const dfs = result(rows, "ela_distance_from_standard", 1, "elementary");
    expect(dfs.n).toBe(3);
    expect(dfs.numerator).toBeNull();
    expect(dfs.value).toBeCloseTo((20 - 30 + 10) / 3, 10);
    expect(has(rows, "math_distance_from_standard", 1, "elementary")).toBe(false);
  });
});
