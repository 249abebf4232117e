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
  student,
} from "./fixture.ts";

describe("chronic_absence", () => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await openWarehouse();
  });
  afterEach(() => w.close());

  it("counts students enrolled at least 31 days who missed at least 10% of them", async () => {
    await insert(w, "schools", [school(1, "elementary")]);
    await insert(
      w,
      "students",
      [1, 2, 3, 4, 5].map((n) => student(n)),
    );
    await insert(w, "enrollments", [
      enrollment(1, 1, 3, { days_enrolled: 30, days_absent: 20 }), // 30 days: not counted
      enrollment(2, 1, 3, { days_enrolled: 31, days_absent: 4 }), // 4/31 = 12.9%: chronic
      enrollment(3, 1, 3, { days_enrolled: 180, days_absent: 18 }), // exactly 10%: chronic
      enrollment(4, 1, 3, { days_enrolled: 180, days_absent: 17 }), // 9.4%: not chronic
      enrollment(5, 1, 3, { days_enrolled: 100, days_absent: 0 }),
    ]);
    const rows = await compute(w);
    const all = result(rows, "chronic_absence", 1, "elementary");
    // Students 2-5 qualify (n = 4); students 2 and 3 are chronically absent.
    expect(all.n).toBe(4);
    expect(all.numerator).toBe(2);
    expect(all.value).toBeCloseTo(50, 10);
    expect(all.suppressed).toBe(true);
  });

  it("sums days over a student's stints at the same school and counts a mover at each school where they qualify", async () => {
    await insert(w, "schools", [school(1, "elementary"), school(2, "elementary")]);
    await insert(w, "students", [student(1), student(2)]);
    await insert(w, "enrollments", [
      // Student 1: two stints at school 1 (20 + 15 = 35 days, 4 absent = 11.4%), then 90 at school 2.
      enrollment(1, 1, 4, {
        entry_date: "2023-08-15",
        exit_date: "2023-09-20",
        days_enrolled: 20,
        days_absent: 2,
      }),
      enrollment(1, 1, 4, {
        entry_date: "2024-01-08",
        exit_date: "2024-02-01",
        days_enrolled: 15,
        days_absent: 2,
        census_day: false,
      }),
      enrollment(1, 2, 4, {
        entry_date: "2024-02-05",
        days_enrolled: 90,
        days_absent: 1,
        census_day: false,
      }),
      // Student 2: 25 days at school 2 only: qualifies nowhere.
      enrollment(2, 2, 4, { days_enrolled: 25, days_absent: 10 }),
    ]);
    const rows = await compute(w);
    expect(result(rows, "chronic_absence", 1, "elementary")).toMatchObject({
      n: 1,
      numerator: 1,
      value: 100,
    });
    expect(result(rows, "chronic_absence", 2, "elementary")).toMatchObject({
      n: 1,
      numerator: 0,
      value: 0,
    });
  });

  it("suppresses a group of 19 and shows a group of 20", async () => {
    await insert(w, "schools", [school(1, "elementary")]);
    const students = [];
    const enrollments = [];
    for (let n = 1; n <= 39; n++) {
      // 20 SWD students, 19 EL students; every fourth student chronically absent.
      students.push(student(n, n <= 20 ? { swd: true } : { el_status: "EL", elpac_level: 2 }));
      enrollments.push(enrollment(n, 1, 2, { days_absent: n % 4 === 0 ? 30 : 0 }));
    }
    await insert(w, "students", students);
    await insert(w, "enrollments", enrollments);
    const rows = await compute(w);
    // SWD = students 1..20: multiples of 4 are 4, 8, 12, 16, 20 → 5 of 20.
    expect(result(rows, "chronic_absence", 1, "elementary", "SWD")).toMatchObject({
      n: 20,
      numerator: 5,
      value: 25,
      suppressed: false,
    });
    // EL = students 21..39: 24, 28, 32, 36 → 4 of 19.
    const el = result(rows, "chronic_absence", 1, "elementary", "EL");
    expect(el).toMatchObject({ n: 19, numerator: 4, suppressed: true });
    expect(result(rows, "chronic_absence", 1, "elementary", "ALL")).toMatchObject({
      n: 39,
      numerator: 9,
    });
    expect(has(rows, "chronic_absence", 1, "elementary", "FOS")).toBe(false);
  });

  it("reports a school spanning two levels at each level with that level's grades", async () => {
    await insert(w, "schools", [school(1, "elementary;middle", { low_grade: 0, high_grade: 8 })]);
    await insert(
      w,
      "students",
      [1, 2, 3].map((n) => student(n)),
    );
    await insert(w, "enrollments", [
      enrollment(1, 1, 5, { days_absent: 20 }), // elementary, chronic
      enrollment(2, 1, 6, { days_absent: 0 }), // middle
      enrollment(3, 1, 8, { days_absent: 40 }), // middle, chronic
    ]);
    const rows = await compute(w);
    expect(result(rows, "chronic_absence", 1, "elementary")).toMatchObject({ n: 1, numerator: 1 });
    expect(result(rows, "chronic_absence", 1, "middle")).toMatchObject({
      n: 2,
      numerator: 1,
      value: 50,
    });
    expect(has(rows, "chronic_absence", 1, "high")).toBe(false);
  });

  it("leaves out transitional kindergarten (grades K-12 by default)", async () => {
    await insert(w, "schools", [school(1, "elementary")]);
    await insert(w, "students", [student(1), student(2)]);
    await insert(w, "enrollments", [
      enrollment(1, 1, -1, { days_absent: 50 }),
      enrollment(2, 1, 0),
    ]);
    const rows = await compute(w);
    expect(result(rows, "chronic_absence", 1, "elementary")).toMatchObject({ n: 1, numerator: 0 });
  });
});
