import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Warehouse } from "../../src/warehouse/warehouse.ts";
import {
  compute,
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

function item(item_id: string, respondent_type: string, construct: string, reverse_coded = false) {
  return {
    item_id,
    instrument: "CC",
    construct,
    respondent_type,
    reverse_coded,
    item_text: item_id,
  };
}
function respondent(
  id: string,
  schoolN: number,
  type: string,
  grade: number | null,
  n: number | null = null,
) {
  return {
    respondent_id: id,
    school_code: schoolCode(schoolN),
    respondent_type: type,
    grade,
    student_id: n === null ? null : sid(n),
  };
}
function answers(id: string, byItem: Record<string, number>) {
  return Object.entries(byItem).map(([item_id, answer]) => ({
    respondent_id: id,
    item_id,
    answer,
  }));
}

describe("culture_climate", () => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await openWarehouse();
    await insert(w, "schools", [
      school(1, "elementary", { staff_count: 4 }),
      school(2, "elementary;middle", { staff_count: 10 }),
    ]);
    await insert(
      w,
      "students",
      [1, 2, 3, 4, 5, 6, 7].map((n) => student(n, n === 1 ? { foster: true } : {})),
    );
    await insert(w, "enrollments", [
      ...[1, 2, 3, 4].map((n) => enrollment(n, 1, 5)),
      enrollment(5, 1, 3),
      enrollment(6, 2, 2),
      enrollment(7, 2, 7),
    ]);
    await insert(w, "survey_items", [
      item("st1", "student", "teaching_learning"),
      item("st2", "student", "safety", true),
      item("sf1", "staff", "relationships"),
      item("sf2", "staff", "engagement"),
      item("pa1", "parent", "safety"),
    ]);
    await insert(w, "survey_respondents", [
      respondent("c1", 1, "student", 5, 1),
      respondent("c2", 1, "student", 5, 2),
      respondent("c3", 1, "student", 5), // answered nothing
      respondent("s1", 1, "staff", null),
      respondent("p1", 1, "parent", 3),
      respondent("p2", 1, "parent", null),
      respondent("s2", 2, "staff", null),
    ]);
    await insert(w, "survey_responses", [
      ...answers("c1", { st1: 5, st2: 1 }), // st2 reversed: 6 - 1 = 5 → 2 of 2 favourable
      ...answers("c2", { st1: 3, st2: 4 }), // 3 and 6 - 4 = 2 → 0 of 2
      ...answers("s1", { sf1: 4, sf2: 4 }), // 2 of 2
      ...answers("p1", { pa1: 5 }), // 1 of 1
      ...answers("p2", { pa1: 2 }), // 0 of 1
      ...answers("s2", { sf1: 2, sf2: 5 }), // 1 of 2
    ]);
  });
  afterEach(() => w.close());

  it("is the share of favourable answers per respondent type, with participation against each floor", async () => {
    const rows = await compute(w);
    // Students: 2 favourable of 4 answers; 2 respondents of 4 enrolled in grades 5-12 = 50% ≥ 50%.
    expect(result(rows, "culture_climate_student", 1, "elementary")).toMatchObject({
      n: 2,
      numerator: null,
      value: 50,
      participation: 50,
      meets_floor: true,
    });
    expect(result(rows, "culture_climate_student", 1, "elementary", "FOS")).toMatchObject({
      n: 1,
      value: 100,
    });
    // Staff: 1 respondent of 4 staff = 25% < 50%.
    expect(result(rows, "culture_climate_staff", 1, "elementary")).toMatchObject({
      n: 1,
      value: 100,
      participation: 25,
      meets_floor: false,
    });
    // Parents: 1 of 2 answers; 2 respondents for 5 students enrolled = 40% ≥ 40% (elementary).
    expect(result(rows, "culture_climate_parent", 1, "elementary")).toMatchObject({
      n: 2,
      value: 50,
      participation: 40,
      meets_floor: true,
    });
    expect(has(rows, "culture_climate_staff", 1, "elementary", "FOS")).toBe(false);
  });

  it("combines the respondent types that meet their floor", async () => {
    const rows = await compute(w);
    // Students (50) and parents (50) meet their floors; staff (100) does not.
    expect(result(rows, "culture_climate", 1, "elementary")).toMatchObject({
      n: 4,
      value: 50,
      meets_floor: true,
    });
    expect(has(rows, "culture_climate", 1, "elementary", "FOS")).toBe(false);
  });

  it("falls back to every respondent type, flagged below the floor, when none meets it; staff count at every level", async () => {
    const rows = await compute(w);
    for (const level of ["elementary", "middle"]) {
      // One staff respondent of 10 = 10% < 50%; 1 of 2 answers favourable.
      expect(result(rows, "culture_climate_staff", 2, level)).toMatchObject({
        n: 1,
        value: 50,
        participation: 10,
      });
      expect(result(rows, "culture_climate", 2, level)).toMatchObject({
        n: 1,
        value: 50,
        meets_floor: false,
      });
    }
  });
});
