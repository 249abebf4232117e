import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { computePeriodicMeasures } from "../../src/measures/compute-periodic-measures.ts";
import type { PeriodicResult } from "../../src/measures/periodic-results-table.ts";
import type { Warehouse } from "../../src/warehouse/warehouse.ts";
import {
  compute,
  defaultFramework,
  enrollment,
  insert,
  openWarehouse,
  result,
  school,
  schoolCode,
  sid,
  student,
  YEAR,
} from "./fixture.ts";

function period(n: number, schoolN: number, month: string, enrolled: number, absent: number) {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return {
    student_id: sid(n),
    school_code: schoolCode(schoolN),
    period_start: `${month}-01`,
    period_end: `${month}-${last}`,
    days_enrolled: enrolled,
    days_absent: absent,
  };
}

async function periodic(w: Warehouse): Promise<PeriodicResult[]> {
  await computePeriodicMeasures(w, { runId: "test-run", year: YEAR, framework: defaultFramework });
  return w.all<PeriodicResult & Record<string, unknown>>(
    `SELECT * EXCLUDE (period_start, period_end), strftime(period_start, '%Y-%m-%d') AS period_start,
       strftime(period_end, '%Y-%m-%d') AS period_end
     FROM periodic_results ORDER BY measure, school_code, student_group, period_start`,
  );
}

function find(rows: PeriodicResult[], measure: string, label: string, group = "ALL") {
  const found = rows.filter(
    (r) => r.measure === measure && r.period_label === label && r.student_group === group,
  );
  if (found.length !== 1)
    throw new Error(`expected one ${measure} ${label} ${group}: ${found.length}`);
  return found[0]!;
}

describe("computePeriodicMeasures(warehouse, run)", () => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await openWarehouse();
    await insert(w, "schools", [school(1, "elementary")]);
  });
  afterEach(() => w.close());

  it("monthly_absence_rate is Σ days absent ÷ Σ days enrolled per month, for ALL and each group", async () => {
    await insert(w, "students", [student(1, { sed: true }), student(2)]);
    await insert(w, "enrollments", [
      enrollment(1, 1, 3, { days_enrolled: 42, days_absent: 6 }),
      enrollment(2, 1, 3, { days_enrolled: 42, days_absent: 1 }),
    ]);
    await insert(w, "attendance_periods", [
      period(1, 1, "2023-09", 20, 2),
      period(1, 1, "2023-10", 22, 4),
      period(2, 1, "2023-09", 20, 0),
      period(2, 1, "2023-10", 22, 1),
    ]);
    const rows = await periodic(w);
    const sep = find(rows, "monthly_absence_rate", "2023-09");
    expect([sep.n, sep.numerator, sep.denominator, sep.value]).toEqual([2, 2, 40, 5]);
    expect([sep.period_start, sep.period_end]).toEqual(["2023-09-01", "2023-09-30"]);
    const oct = find(rows, "monthly_absence_rate", "2023-10");
    expect([oct.n, oct.numerator, oct.denominator]).toEqual([2, 5, 44]);
    expect(oct.value).toBeCloseTo((100 * 5) / 44, 12);
    const sed = find(rows, "monthly_absence_rate", "2023-10", "SED");
    expect([sed.n, sed.numerator, sed.denominator]).toEqual([1, 4, 22]);
  });

  it("chronic_absence_to_date counts students with ≥ 31 days so far, keeps leavers, and ends at the year's chronic absence", async () => {
    await insert(
      w,
      "students",
      [1, 2, 3].map((n) => student(n)),
    );
    await insert(w, "enrollments", [
      enrollment(1, 1, 3, { days_enrolled: 62, days_absent: 5 }),
      enrollment(2, 1, 3, { days_enrolled: 60, days_absent: 0 }),
      enrollment(3, 1, 3, { exit_date: "2023-10-20", days_enrolled: 35, days_absent: 6 }),
    ]);
    await insert(w, "attendance_periods", [
      period(1, 1, "2023-09", 20, 3),
      period(1, 1, "2023-10", 22, 2), // 42 days, 5 absent: 11.9%, chronic
      period(1, 1, "2023-11", 20, 0), // 62 days, 5 absent: 8.1%, no longer
      period(2, 1, "2023-09", 20, 0),
      period(2, 1, "2023-10", 20, 0),
      period(2, 1, "2023-11", 20, 0),
      period(3, 1, "2023-09", 20, 5),
      period(3, 1, "2023-10", 15, 1), // left: 35 days, 6 absent (17.1%) from here on
    ]);
    const rows = await periodic(w);
    // September: nobody has 31 days yet, so no row.
    expect(
      rows.some((r) => r.measure === "chronic_absence_to_date" && r.period_label === "2023-09"),
    ).toBe(false);
    const oct = find(rows, "chronic_absence_to_date", "2023-10");
    expect([oct.n, oct.numerator, oct.denominator]).toEqual([3, 2, 3]);
    const nov = find(rows, "chronic_absence_to_date", "2023-11");
    expect([nov.n, nov.numerator]).toEqual([3, 1]);
    const yearly = result(await compute(w), "chronic_absence", 1, "elementary");
    expect([nov.n, nov.numerator]).toEqual([yearly.n, yearly.numerator]);
  });

  it("suspensions_per_month counts every action per 100 students enrolled on any day of the month", async () => {
    await insert(w, "students", [student(1), student(2)]);
    await insert(w, "enrollments", [
      enrollment(1, 1, 4, { entry_date: "2023-08-15" }),
      enrollment(2, 1, 4, { entry_date: "2023-10-10", exit_date: "2023-11-20", days_enrolled: 28 }),
    ]);
    const action = (id: string, n: number, date: string, kind = "OSS") => ({
      action_id: id,
      student_id: sid(n),
      school_code: schoolCode(1),
      action: kind,
      action_date: date,
      days: 1,
    });
    await insert(w, "discipline", [
      action("a1", 1, "2023-10-03"),
      action("a2", 1, "2023-10-24"),
      action("a3", 2, "2023-11-02", "ISS"),
    ]);
    const rows = await periodic(w);
    const sep = find(rows, "suspensions_per_month", "2023-09");
    expect([sep.n, sep.numerator, sep.denominator, sep.value]).toEqual([1, 0, 1, 0]);
    const oct = find(rows, "suspensions_per_month", "2023-10");
    expect([oct.n, oct.numerator, oct.value]).toEqual([2, 2, 100]);
    const nov = find(rows, "suspensions_per_month", "2023-11");
    expect([nov.n, nov.numerator, nov.value]).toEqual([2, 1, 50]);
    const dec = find(rows, "suspensions_per_month", "2023-12");
    expect(dec.n).toBe(1);
    const jun = find(rows, "suspensions_per_month", "2024-06");
    expect(jun.period_end).toBe("2024-06-30");
  });

  it("suspensions_per_month counts a student with two stints in one month once", async () => {
    await insert(w, "students", [student(1)]);
    await insert(w, "enrollments", [
      enrollment(1, 1, 4, { entry_date: "2023-09-05", exit_date: "2023-10-06", days_enrolled: 20 }),
      enrollment(1, 1, 4, { entry_date: "2023-10-23", exit_date: null, days_enrolled: 150 }),
    ]);
    const rows = await periodic(w);
    const months = rows.filter(
      (r) => r.measure === "suspensions_per_month" && r.student_group === "ALL",
    );
    expect(months.map((r) => r.period_label)).toEqual([
      "2023-09",
      "2023-10",
      "2023-11",
      "2023-12",
      "2024-01",
      "2024-02",
      "2024-03",
      "2024-04",
      "2024-05",
      "2024-06",
    ]);
    expect(months.every((r) => r.n === 1 && r.denominator === 1)).toBe(true);
  });

  it("df_rate_term is the share of students with a letter mark who have a D or F in the term", async () => {
    await insert(w, "schools", [school(2, "high", { low_grade: 9, high_grade: 12 })]);
    await insert(
      w,
      "students",
      [1, 2, 3].map((n) => student(n)),
    );
    await insert(
      w,
      "enrollments",
      [1, 2, 3].map((n) => enrollment(n, 2, 9)),
    );
    const mark = (n: number, term: string, course: string, m: string) => ({
      student_id: sid(n),
      school_code: schoolCode(2),
      term,
      course_id: course,
      subject_area: "MATH",
      mark: m,
      credits_attempted: 5,
      credits_earned: 5,
    });
    await insert(w, "course_marks", [
      mark(1, "S1", "ALG1", "A"),
      mark(1, "S1", "BIO", "D-"),
      mark(2, "S1", "ALG1", "B"),
      mark(2, "S1", "PE9", "P"),
      mark(3, "S1", "PE9", "P"), // no letter mark: not counted
      mark(1, "S2", "ALG1", "F"),
      mark(2, "S2", "ALG1", "C"),
    ]);
    const rows = await periodic(w);
    const s1 = find(rows, "df_rate_term", "S1");
    expect([s1.n, s1.numerator, s1.value]).toEqual([2, 1, 50]);
    expect([s1.period_start, s1.period_end]).toEqual(["2023-07-01", "2024-01-31"]);
    const s2 = find(rows, "df_rate_term", "S2");
    expect([s2.school_level, s2.n, s2.numerator]).toEqual(["high", 2, 1]);
  });

  it("replaces the run's rows on a rerun and writes the same rows", async () => {
    await insert(w, "students", [student(1)]);
    await insert(w, "enrollments", [enrollment(1, 1, 3, { days_enrolled: 20, days_absent: 1 })]);
    await insert(w, "attendance_periods", [period(1, 1, "2023-09", 20, 1)]);
    const first = await periodic(w);
    expect(await periodic(w)).toEqual(first);
  });
});
