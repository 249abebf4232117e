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

function mark(n: number, course: string, area: string, grade: string, term = "S1") {
  return {
    student_id: sid(n),
    school_code: schoolCode(1),
    term,
    course_id: course,
    subject_area: area,
    mark: grade,
    credits_attempted: 5,
    credits_earned: grade === "F" ? 0 : 5,
  };
}

/** Marks giving a 3.0 GPA without D or F: A in ELA, B in math, C in science. */
function goodMarks(n: number) {
  return [mark(n, "ELA8", "ELA", "A"), mark(n, "MATH8", "MATH", "B"), mark(n, "SCI8", "SCI", "C")];
}

describe("hs_readiness", () => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await openWarehouse();
  });
  afterEach(() => w.close());

  it("counts grade 8 students meeting GPA, attendance, no D/F in ELA or math and no suspension", async () => {
    await insert(w, "schools", [school(1, "middle", { low_grade: 6, high_grade: 8 })]);
    await insert(
      w,
      "students",
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => student(n)),
    );
    await insert(w, "enrollments", [
      enrollment(1, 1, 8), // ready
      enrollment(2, 1, 8, { days_absent: 8 }), // 172/180 = 95.6% attendance: not ready
      enrollment(3, 1, 8), // D- in math: not ready
      enrollment(4, 1, 8), // GPA 2.33: not ready
      enrollment(5, 1, 8), // suspended: not ready
      enrollment(6, 1, 8, { days_absent: 7 }), // 173/180 = 96.1%; D in PE does not matter: ready
      enrollment(7, 1, 7), // grade 7: not in the denominator
      enrollment(8, 1, 8, { days_enrolled: 30 }), // 30 days: not in the denominator
    ]);
    await insert(w, "course_marks", [
      ...goodMarks(1),
      ...goodMarks(2),
      mark(3, "ELA8", "ELA", "A"),
      mark(3, "MATH8", "MATH", "D-"),
      mark(3, "SCI8", "SCI", "A"),
      mark(4, "ELA8", "ELA", "B+"),
      mark(4, "MATH8", "MATH", "C-"),
      mark(4, "SCI8", "SCI", "C"), // (3 + 2 + 2) / 3 = 2.33
      ...goodMarks(5),
      ...goodMarks(6),
      mark(6, "PE8", "PE", "D"), // (4 + 3 + 2 + 1) / 4 = 2.5, exactly the minimum
      mark(6, "ART8", "ART", "P"), // pass/no pass does not count in GPA
      ...goodMarks(7),
      ...goodMarks(8),
    ]);
    await insert(w, "discipline", [
      {
        action_id: "d1",
        student_id: sid(5),
        school_code: schoolCode(1),
        action: "ISS",
        action_date: "2024-03-01",
        days: 1,
      },
    ]);
    const rows = await compute(w);
    expect(result(rows, "hs_readiness", 1, "middle")).toMatchObject({ n: 6, numerator: 2 });
    expect(result(rows, "hs_readiness", 1, "middle").value).toBeCloseTo(100 / 3, 10);
  });

  it("is not ready without letter marks and is reported at the middle level only", async () => {
    await insert(w, "schools", [school(1, "elementary;middle", { low_grade: 0, high_grade: 8 })]);
    await insert(w, "students", [student(1)]);
    await insert(w, "enrollments", [enrollment(1, 1, 8)]);
    const rows = await compute(w);
    expect(result(rows, "hs_readiness", 1, "middle")).toMatchObject({
      n: 1,
      numerator: 0,
      value: 0,
    });
    expect(has(rows, "hs_readiness", 1, "elementary")).toBe(false);
  });
});
