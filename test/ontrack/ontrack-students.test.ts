import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  loadOntrackDefinition,
  OntrackDefinitionError,
  parseOntrackDefinition,
} from "../../src/ontrack/load-ontrack-definition.ts";
import type { OntrackDefinition } from "../../src/ontrack/ontrack-definition.ts";
import { ontrackStudentsSql } from "../../src/ontrack/ontrack-students-sql.ts";
import { ONTRACK_STUDENTS_DDL } from "../../src/ontrack/ontrack-students-table.ts";
import type { Warehouse } from "../../src/warehouse/warehouse.ts";
import {
  enrollment,
  insert,
  openWarehouse,
  school,
  schoolCode,
  sid,
  student,
  YEAR,
} from "../measures/fixture.ts";

const CPS = loadOntrackDefinition("frameworks/ontrack/cps-freshman-on-track.yaml");
const ABC = loadOntrackDefinition("frameworks/ontrack/abc-early-warning.yaml");
const VARIANT = loadOntrackDefinition("frameworks/ontrack/district-variant-example.yaml");

/** Five courses a semester: ELA, math, science, social science, PE (a sixth: an elective). */
const COURSES = [
  ["ENG9", "ELA"],
  ["ALG1", "MATH"],
  ["BIO", "SCI"],
  ["WGEO", "SOC"],
  ["PE9", "PE"],
  ["SPAN1", "WL"],
] as const;

/** A semester's marks of student `n`: `count` courses, B unless `marks` says otherwise. */
function semester(n: number, term: string, count: 5 | 6, marks: Record<string, string> = {}) {
  return COURSES.slice(0, count).map(([course, area]) => {
    const mark = marks[course] ?? "B";
    return {
      student_id: sid(n),
      school_code: schoolCode(1),
      term,
      course_id: course,
      subject_area: area,
      mark,
      credits_attempted: 5,
      credits_earned: mark === "F" || mark === "NP" ? 0 : 5,
    };
  });
}

type Row = {
  student_id: string;
  term: string;
  credits_earned: number;
  credits_expected: number | null;
  core_semester_failures: number;
  gpa: number | null;
  on_track: boolean | null;
  flag_attendance: boolean | null;
  flag_failure: boolean | null;
  flag_gpa: boolean | null;
  flag_suspension: boolean | null;
  flags: number;
};

async function standing(w: Warehouse, d: OntrackDefinition): Promise<Map<string, Row>> {
  await w.run(ONTRACK_STUDENTS_DDL);
  for (const sql of ontrackStudentsSql(d, YEAR)) await w.run(sql);
  const rows = await w.all<Row>(
    `SELECT * FROM ontrack_students WHERE definition_id = ? ORDER BY student_id, period_end`,
    [d.id],
  );
  return new Map(rows.map((r) => [`${Number(r.student_id) - 1_000_000_000}/${r.term}`, r]));
}

describe("on-track definitions on hand-worked 9th graders", () => {
  let w: Warehouse;
  beforeEach(async () => {
    w = await openWarehouse();
    await insert(w, "schools", [school(1, "high", { low_grade: 9, high_grade: 12 })]);
    await insert(
      w,
      "students",
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => student(n)),
    );
  });
  afterEach(() => w.close());

  it("Freshman On-Track: credits exactly at the threshold, one vs two core Fs, a missing term, a leaver", async () => {
    await insert(w, "enrollments", [
      enrollment(1, 1, 9), // 10 courses passed: 25 by S1, 50 by S2, exactly the 50 required
      enrollment(2, 1, 9), // an F in PE in S2: 45 credits, below 50; no core failure
      enrollment(3, 1, 9), // six courses, an F in math in S1: 55 credits, one core F: on track
      enrollment(4, 1, 9), // six courses, Fs in math (S1) and English (S2): 50 credits, two core Fs
      enrollment(5, 1, 9), // S1 marks only, enrolled all year: S2 finds 25 of 50 credits
      enrollment(6, 1, 9, { exit_date: "2024-01-31" }), // left on S1's last day: not followed in S2
      enrollment(7, 1, 10), // grade 10: not followed
    ]);
    await insert(w, "course_marks", [
      ...semester(1, "S1", 5),
      ...semester(1, "S2", 5),
      ...semester(2, "S1", 5),
      ...semester(2, "S2", 5, { PE9: "F" }),
      ...semester(3, "S1", 6, { ALG1: "F" }),
      ...semester(3, "S2", 6),
      ...semester(4, "S1", 6, { ALG1: "F" }),
      ...semester(4, "S2", 6, { ENG9: "F" }),
      ...semester(5, "S1", 5),
      ...semester(6, "S1", 5),
      ...semester(7, "S1", 5),
    ]);
    const s = await standing(w, CPS);
    const view = (k: string) => {
      const r = s.get(k)!;
      return [r.credits_earned, r.credits_expected, r.core_semester_failures, r.on_track];
    };
    expect(view("1/S1")).toEqual([25, 25, 0, true]);
    expect(view("1/S2")).toEqual([50, 50, 0, true]);
    expect(view("2/S2")).toEqual([45, 50, 0, false]);
    expect(view("3/S1")).toEqual([25, 25, 1, true]);
    expect(view("3/S2")).toEqual([55, 50, 1, true]);
    expect(view("4/S1")).toEqual([25, 25, 1, true]);
    expect(view("4/S2")).toEqual([50, 50, 2, false]);
    expect(view("5/S1")).toEqual([25, 25, 0, true]);
    expect(view("5/S2")).toEqual([25, 50, 0, false]);
    expect(view("6/S1")).toEqual([25, 25, 0, true]);
    expect(s.has("6/S2")).toBe(false);
    expect([...s.keys()].some((k) => k.startsWith("7/"))).toBe(false);
    // Chicago's definition has no flags: they are null, not false.
    expect([s.get("1/S2")!.flag_gpa, s.get("1/S2")!.flags]).toEqual([null, 0]);
  });

  it("a district's variant: 60 credits, world language core, NP failing", async () => {
    await insert(w, "enrollments", [enrollment(1, 1, 9), enrollment(3, 1, 9)]);
    await insert(w, "course_marks", [
      ...semester(1, "S1", 6),
      ...semester(1, "S2", 6, { SPAN1: "NP" }),
      ...semester(3, "S1", 6),
      ...semester(3, "S2", 6),
    ]);
    const s = await standing(w, VARIANT);
    const view = (k: string) => {
      const r = s.get(k)!;
      return [r.credits_earned, r.credits_expected, r.core_semester_failures, r.on_track];
    };
    expect(view("1/S2")).toEqual([55, 60, 1, false]);
    expect(view("3/S2")).toEqual([60, 60, 0, true]);
  });

  it("ABC flags at their thresholds: 10% missed, GPA 2.0, one F, one day of suspension", async () => {
    await insert(
      w,
      "enrollments",
      [1, 2, 3, 4, 5].map((n) => enrollment(n, 1, 9)),
    );
    const month = (n: number, enrolled: number, absent: number) => ({
      student_id: sid(n),
      school_code: schoolCode(1),
      period_start: "2023-09-01",
      period_end: "2023-09-30",
      days_enrolled: enrolled,
      days_absent: absent,
    });
    await insert(w, "attendance_periods", [
      month(1, 20, 2), // exactly 10%: flagged
      month(2, 20, 1), // 5%
      month(3, 20, 0),
      month(4, 20, 0),
      month(5, 20, 0),
      // a period ending after S1: not known at S1's end
      { ...month(5, 20, 10), period_start: "2024-02-01", period_end: "2024-02-29" },
    ]);
    await insert(w, "course_marks", [
      ...semester(1, "S1", 5),
      ...semester(2, "S1", 5, { ENG9: "C", ALG1: "C", BIO: "C", WGEO: "C", PE9: "C" }), // GPA 2.0
      ...semester(3, "S1", 5, { PE9: "F" }), // one F (GPA 2.4)
      ...semester(4, "S1", 5),
      ...semester(5, "S1", 5),
    ]);
    await insert(w, "discipline", [
      {
        action_id: "x1",
        student_id: sid(4),
        school_code: schoolCode(1),
        action: "ISS",
        action_date: "2023-10-02",
        days: 1,
      },
      {
        action_id: "x2",
        student_id: sid(5),
        school_code: schoolCode(1),
        action: "OSS",
        action_date: "2024-03-02",
        days: 3,
      },
    ]);
    const s = await standing(w, ABC);
    const flags = (k: string) => {
      const r = s.get(k)!;
      return [r.flag_attendance, r.flag_failure, r.flag_gpa, r.flag_suspension, r.flags];
    };
    expect(flags("1/S1")).toEqual([true, false, false, false, 1]);
    expect(flags("2/S1")).toEqual([false, false, true, false, 1]);
    expect(s.get("3/S1")!.gpa).toBeCloseTo(2.4, 10);
    expect(flags("3/S1")).toEqual([false, true, false, false, 1]);
    expect(flags("4/S1")).toEqual([false, false, false, true, 1]);
    // Student 5's absences and suspension come after S1 ended: nothing flagged by then.
    expect(flags("5/S1")).toEqual([false, false, false, false, 0]);
    expect(s.get("5/S1")!.on_track).toBeNull();
  });
});

describe("on-track definition files", () => {
  it("ships three valid definitions, each with its id and version", () => {
    expect([CPS, ABC, VARIANT].map((d) => [d.id, d.version])).toEqual([
      ["cps-freshman-on-track", 1],
      ["abc-early-warning", 1],
      ["district-variant-example", 1],
    ]);
  });

  it("names the file, line, column, key and value of a bad threshold", () => {
    const text = [
      "id: my-district",
      "version: 1",
      "label: Mine",
      "source: ours",
      "grade: 9",
      "core_subjects: [ELA, MATH]",
      "failing_marks: [F]",
      "gpa_points: { A: 4 }",
      "semester_failures_per_mark: { S1: 1 }",
      "credit_pace: { S1: 1.5 }",
      "on_track: { min_credits: 50 }",
      "flags: {}",
    ].join("\n");
    let error: unknown;
    try {
      parseOntrackDefinition(text, "mine.yaml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OntrackDefinitionError);
    const issue = (error as OntrackDefinitionError).issues[0]!;
    expect([issue.line, issue.column, issue.path, issue.value]).toEqual([
      10,
      20,
      "credit_pace.S1",
      1.5,
    ]);
    expect((error as Error).message).toContain("mine.yaml:10:20 credit_pace.S1");
  });

  it("refuses a definition with neither on-track rules nor flags, and an unknown subject", () => {
    const base = (core: string) =>
      [
        "id: empty-one",
        "version: 1",
        "label: Empty",
        "source: none",
        "grade: 9",
        `core_subjects: [${core}]`,
        "failing_marks: [F]",
        "gpa_points: {}",
        "semester_failures_per_mark: {}",
        "credit_pace: {}",
        "on_track: {}",
        "flags: {}",
      ].join("\n");
    expect(() => parseOntrackDefinition(base("ELA"), "empty.yaml")).toThrow(
      /at least one on-track rule or flag/,
    );
    expect(() => parseOntrackDefinition(base("LATIN"), "latin.yaml")).toThrow(
      /latin\.yaml:6:\d+ core_subjects\.0/,
    );
  });
});
