import { rmSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { dropStaging, validateSubmission } from "../../src/ingest/validate-submission.ts";
import type { ValidationReport } from "../../src/ingest/validation-report.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { appendLine, copyFixture, replaceLine } from "./submission-fixture.ts";

let warehouse: Warehouse;
const folders: string[] = [];

beforeAll(async () => {
  warehouse = await Warehouse.open(":memory:", { threads: 1 });
});

afterAll(() => {
  warehouse.close();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** Validates a copy of the fixture submission after `edit` changed it. */
async function validateEdited(edit: (dir: string) => void): Promise<ValidationReport> {
  const { network, submission } = copyFixture();
  folders.push(network);
  edit(submission);
  const [found] = discoverSubmissions(submission);
  const staged = await validateSubmission(warehouse, found!);
  await dropStaging(warehouse);
  return staged.report;
}

interface RuleCase {
  readonly name: string;
  readonly edit: (dir: string) => void;
  readonly rule: string;
  readonly severity?: "error" | "warning";
  readonly message: string;
  readonly value: string | null;
}

/** A valid attendance_periods.csv for the fixture, then `extra` lines (line 5 on) or edits. */
function writePeriods(dir: string, edit: (lines: string[]) => void = () => {}): void {
  const lines = [
    "student_id,school_code,period_start,period_end,days_enrolled,days_absent",
    "1000000001,01000010000011,2023-09-01,2023-09-30,20,1",
    "1000000001,01000010000011,2023-10-01,2023-10-31,22,0",
    "1000000006,01000010000029,2023-09-01,2023-09-30,20,0",
  ];
  edit(lines);
  writeFileSync(join(dir, "attendance_periods.csv"), `${lines.join("\n")}\n`);
}

/** Every case: one bad value planted by hand, and the exact message that must name it. */
const CASES: readonly RuleCase[] = [
  {
    name: "days-absent: a period with more days absent than enrolled",
    edit: (d) =>
      writePeriods(d, (l) => {
        l[2] = "1000000001,01000010000011,2023-10-01,2023-10-31,22,23";
      }),
    rule: "days-absent",
    message:
      'attendance_periods.csv line 3, column days_absent: value "23" is more than days_enrolled "22"',
    value: "23",
  },
  {
    name: "period-overlap: two periods of one student at one school overlap",
    edit: (d) =>
      writePeriods(d, (l) => {
        l.push("1000000001,01000010000011,2023-09-15,2023-10-14,10,0");
      }),
    rule: "period-overlap",
    message:
      'attendance_periods.csv line 5, column period_start: value "2023-09-15": this period (2023-09-15 to 2023-10-14) of student 1000000001 at school 01000010000011 overlaps the one on line 2 (2023-09-01 to 2023-09-30)',
    value: "2023-09-15",
  },
  {
    name: "period-end-before-start: a period that ends before it starts",
    edit: (d) =>
      writePeriods(d, (l) => {
        l[3] = "1000000006,01000010000029,2023-09-30,2023-09-01,20,0";
      }),
    rule: "period-end-before-start",
    message:
      'attendance_periods.csv line 4, column period_end: value "2023-09-01" is before period_start "2023-09-30"',
    value: "2023-09-01",
  },
  {
    name: "school-year: a period outside the school year",
    edit: (d) =>
      writePeriods(d, (l) => {
        l[3] = "1000000006,01000010000029,2024-07-01,2024-07-31,20,0";
      }),
    rule: "school-year",
    message:
      'attendance_periods.csv line 4, column period_start: value "2024-07-01" is outside school year 2024 (2023-07-01 to 2024-06-30)',
    value: "2024-07-01",
  },
  {
    name: "period-enrollment: periods adding up to more days than the student's stints at the school",
    edit: (d) =>
      writePeriods(d, (l) => {
        for (const month of ["2023-10", "2023-11", "2023-12", "2024-01", "2024-02"])
          l.push(`1000000006,01000010000029,${month}-01,${month}-28,30,0`);
      }),
    rule: "period-enrollment",
    message:
      'attendance_periods.csv line 9, column days_enrolled: value "30" brings student 1000000006\'s days enrolled at school 01000010000029 in attendance_periods.csv to 170, more than the 165 of their stints there in enrollments.csv',
    value: "30",
  },
  {
    name: "reference: a period of a student not in students.csv",
    edit: (d) =>
      writePeriods(d, (l) => {
        l[3] = "1000000099,01000010000029,2023-09-01,2023-09-30,20,0";
      }),
    rule: "reference",
    message:
      'attendance_periods.csv line 4, column student_id: value "1000000099" is not in students.csv',
    value: "1000000099",
  },
  {
    name: "reference: a period at a school not in schools.csv",
    edit: (d) =>
      writePeriods(d, (l) => {
        l[3] = "1000000006,01000010000099,2023-09-01,2023-09-30,20,0";
      }),
    rule: "reference",
    message:
      'attendance_periods.csv line 4, column school_code: value "01000010000099" is not in schools.csv',
    value: "01000010000099",
  },
  {
    name: "required: a blank required value",
    edit: (d) => replaceLine(join(d, "students.csv"), 3, "1000000002,,WH,N,Y,SLD,EO,,,N,N"),
    rule: "required",
    message: "students.csv line 3, column gender: value is blank but required",
    value: "",
  },
  {
    name: "type: an integer column holding text",
    edit: (d) =>
      replaceLine(join(d, "enrollments.csv"), 4, "1000000003,01000010000011,5,2023-08-16,,18o,0,Y"),
    rule: "type",
    message: 'enrollments.csv line 4, column days_enrolled: value "18o" is not an integer',
    value: "18o",
  },
  {
    name: "type: a decimal column holding text",
    edit: (d) =>
      replaceLine(join(d, "discipline.csv"), 2, "D-1,1000000004,01000010000029,OSS,2023-11-15,two"),
    rule: "type",
    message: 'discipline.csv line 2, column days: value "two" is not a number',
    value: "two",
  },
  {
    name: "type: a date that does not exist",
    edit: (d) =>
      replaceLine(join(d, "enrollments.csv"), 2, "1000000001,01000010000011,3,2023-02-30,,180,4,Y"),
    rule: "type",
    message:
      'enrollments.csv line 2, column entry_date: value "2023-02-30" is not a date (YYYY-MM-DD)',
    value: "2023-02-30",
  },
  {
    name: "code: a value outside the code list",
    edit: (d) => replaceLine(join(d, "students.csv"), 2, "1000000001,F,XX,Y,N,,EO,,,N,N"),
    rule: "code",
    message:
      'students.csv line 2, column race_ethnicity: value "XX" is not one of AA, AI, AS, FI, HI, PI, WH, MR, NR',
    value: "XX",
  },
  {
    name: "code: a flag that is not Y or N",
    edit: (d) =>
      replaceLine(
        join(d, "schools.csv"),
        2,
        "01000010000011,Alder Elementary,0100001,Alder Unified,0,5,elementary,Yes,N,37.77,-122.42,41",
      ),
    rule: "code",
    message: 'schools.csv line 2, column title_i: value "Yes" is not one of Y, N',
    value: "Yes",
  },
  {
    name: "pattern: text not matching its pattern",
    edit: (d) =>
      replaceLine(
        join(d, "schools.csv"),
        2,
        "01000010000011,Alder Elementary,0100001,Alder Unified,0,5,elementary;junior,Y,N,37.77,-122.42,41",
      ),
    rule: "pattern",
    message:
      'schools.csv line 2, column school_levels: value "elementary;junior" does not match the pattern (elementary|middle|high)(;(elementary|middle|high))*',
    value: "elementary;junior",
  },
  {
    name: "range: a number outside the column's range",
    edit: (d) => replaceLine(join(d, "survey_responses.csv"), 3, "R001,CC3,6"),
    rule: "range",
    message: 'survey_responses.csv line 3, column answer: value "6" is outside the range 1 to 5',
    value: "6",
  },
  {
    name: "duplicate-key: a row repeating an earlier row's key",
    edit: (d) =>
      appendLine(join(d, "test_results.csv"), "1000000001,01000010000011,ELA,3,2450,3,24"),
    rule: "duplicate-key",
    message:
      'test_results.csv line 8, column student_id, subject: key (student_id, subject) value "1000000001, ELA" repeats line 2',
    value: "1000000001, ELA",
  },
  {
    name: "reference: a student missing from students.csv",
    edit: (d) =>
      replaceLine(
        join(d, "enrollments.csv"),
        5,
        "1000000099,01000010000029,11,2023-08-16,,180,9,Y",
      ),
    rule: "reference",
    message: 'enrollments.csv line 5, column student_id: value "1000000099" is not in students.csv',
    value: "1000000099",
  },
  {
    name: "reference: a school missing from schools.csv",
    edit: (d) =>
      replaceLine(join(d, "test_results.csv"), 3, "1000000001,01000010000037,MATH,3,2400,2,"),
    rule: "reference",
    message:
      'test_results.csv line 3, column school_code: value "01000010000037" is not in schools.csv',
    value: "01000010000037",
  },
  {
    name: "reference: a response of an unknown respondent",
    edit: (d) => replaceLine(join(d, "survey_responses.csv"), 4, "R999,CC1,5"),
    rule: "reference",
    message:
      'survey_responses.csv line 4, column respondent_id: value "R999" is not in survey_respondents.csv',
    value: "R999",
  },
  {
    name: "reference: an answer to an unknown item",
    edit: (d) => replaceLine(join(d, "survey_responses.csv"), 2, "R001,SEL9,4"),
    rule: "reference",
    message: 'survey_responses.csv line 2, column item_id: value "SEL9" is not in survey_items.csv',
    value: "SEL9",
  },
  {
    name: "survey-item-type: an answer to an item for another respondent type",
    edit: (d) => replaceLine(join(d, "survey_responses.csv"), 4, "R002,CC3,5"),
    rule: "survey-item-type",
    message:
      'survey_responses.csv line 4, column item_id: value "CC3" is a student item but respondent R002 is staff',
    value: "CC3",
  },
  {
    name: "district: schools.csv naming another district",
    edit: (d) =>
      replaceLine(
        join(d, "schools.csv"),
        2,
        "01000010000011,Alder Elementary,0100002,Alder Unified,0,5,elementary,Y,N,37.77,-122.42,41",
      ),
    rule: "district",
    message:
      'schools.csv line 2, column district_code: value "0100002" is not the submission\'s district 0100001',
    value: "0100002",
  },
  {
    name: "district: a school code of another district",
    edit: (d) =>
      appendLine(
        join(d, "schools.csv"),
        "09999990000011,Elsewhere,0100001,Alder Unified,0,5,elementary,Y,N,37.77,-122.42,41",
      ),
    rule: "district",
    message:
      'schools.csv line 4, column school_code: value "09999990000011" does not start with the submission\'s district 0100001',
    value: "09999990000011",
  },
  {
    name: "days-absent: more days absent than enrolled",
    edit: (d) =>
      replaceLine(
        join(d, "enrollments.csv"),
        2,
        "1000000001,01000010000011,3,2023-08-16,,180,190,Y",
      ),
    rule: "days-absent",
    message:
      'enrollments.csv line 2, column days_absent: value "190" is more than days_enrolled "180"',
    value: "190",
  },
  {
    name: "exit-before-entry: an exit before the entry",
    edit: (d) =>
      replaceLine(
        join(d, "enrollments.csv"),
        6,
        "1000000005,01000010000029,12,2023-08-16,2023-08-01,178,12,Y",
      ),
    rule: "exit-before-entry",
    message:
      'enrollments.csv line 6, column exit_date: value "2023-08-01" is before entry_date "2023-08-16"',
    value: "2023-08-01",
  },
  {
    name: "school-year: an entry date outside the school year",
    edit: (d) =>
      replaceLine(
        join(d, "enrollments.csv"),
        3,
        "1000000002,01000010000011,4,2024-08-16,,180,21,Y",
      ),
    rule: "school-year",
    message:
      'enrollments.csv line 3, column entry_date: value "2024-08-16" is outside school year 2024 (2023-07-01 to 2024-06-30)',
    value: "2024-08-16",
  },
  {
    name: "school-year: a reclassification date after the year",
    edit: (d) =>
      replaceLine(join(d, "students.csv"), 5, "1000000004,X,AA,Y,N,,RFEP,,2025-01-01,N,Y"),
    rule: "school-year",
    message:
      'students.csv line 5, column reclassification_date: value "2025-01-01" is after the end of school year 2024 (2024-06-30)',
    value: "2025-01-01",
  },
  {
    name: "discipline-enrollment: an action at a school the student is not enrolled in",
    edit: (d) =>
      replaceLine(join(d, "discipline.csv"), 2, "D-1,1000000004,01000010000011,OSS,2023-11-15,2"),
    rule: "discipline-enrollment",
    message:
      'discipline.csv line 2, column action_date: value "2023-11-15": student 1000000004 is not enrolled at school 01000010000011 on that date',
    value: "2023-11-15",
  },
  {
    name: "scale-score: a score below the grade's lowest obtainable score",
    edit: (d) =>
      replaceLine(join(d, "test_results.csv"), 2, "1000000001,01000010000011,ELA,3,2100,1,24.5"),
    rule: "scale-score",
    message:
      'test_results.csv line 2, column scale_score: value "2100" is outside the ELA grade 3 range 2114 to 2623',
    value: "2100",
  },
  {
    name: "achievement-level: a level that disagrees with the cut scores",
    edit: (d) =>
      replaceLine(join(d, "test_results.csv"), 3, "1000000001,01000010000011,MATH,3,2400,3,"),
    rule: "achievement-level",
    message:
      'test_results.csv line 3, column achievement_level: value "3" does not match scale score 2400 (level 2 for MATH grade 3)',
    value: "3",
  },
  {
    name: "tested-grade: a grade the assessment does not test",
    edit: (d) =>
      replaceLine(join(d, "test_results.csv"), 4, "1000000002,01000010000011,ELA,9,2500,3,26"),
    rule: "tested-grade",
    message:
      'test_results.csv line 4, column grade: value "9" is not a tested grade (3, 4, 5, 6, 7, 8, 11)',
    value: "9",
  },
  {
    name: "credits: more credits earned than attempted",
    edit: (d) =>
      replaceLine(join(d, "course_marks.csv"), 3, "1000000005,01000010000029,S1,MATH4,MATH,F,5,6"),
    rule: "credits",
    message:
      'course_marks.csv line 3, column credits_earned: value "6" is more than credits_attempted "5"',
    value: "6",
  },
  {
    name: "grade-span: a low grade above the high grade",
    edit: (d) =>
      replaceLine(
        join(d, "schools.csv"),
        2,
        "01000010000011,Alder Elementary,0100001,Alder Unified,6,5,elementary,Y,N,37.77,-122.42,41",
      ),
    rule: "grade-span",
    message: 'schools.csv line 2, column low_grade: value "6" is above high_grade "5"',
    value: "6",
  },
  {
    name: "disability-category: missing for a student with a disability",
    edit: (d) => replaceLine(join(d, "students.csv"), 3, "1000000002,M,WH,N,Y,,EO,,,N,N"),
    rule: "disability-category",
    message:
      "students.csv line 3, column disability_category: value is blank but required when swd = Y",
    value: "",
  },
  {
    name: "disability-category: given for a student without a disability",
    edit: (d) => replaceLine(join(d, "students.csv"), 2, "1000000001,F,HI,Y,N,AUT,EO,,,N,N"),
    rule: "disability-category",
    message:
      'students.csv line 2, column disability_category: value "AUT" is given but swd = Y does not hold',
    value: "AUT",
  },
  {
    name: "elpac-level: missing for an English learner",
    edit: (d) => replaceLine(join(d, "students.csv"), 4, "1000000003,F,AS,N,N,,EL,,,N,N"),
    rule: "elpac-level",
    message:
      "students.csv line 4, column elpac_level: value is blank but required when el_status = EL",
    value: "",
  },
  {
    name: "reclassification-date: missing for an RFEP student",
    edit: (d) => replaceLine(join(d, "students.csv"), 5, "1000000004,X,AA,Y,N,,RFEP,,,N,Y"),
    rule: "reclassification-date",
    message:
      "students.csv line 5, column reclassification_date: value is blank but required when el_status = RFEP",
    value: "",
  },
  {
    name: "cohort-entry-year: a cohort that did not enter grade 9 three years before",
    edit: (d) =>
      replaceLine(
        join(d, "graduation_cohort.csv"),
        2,
        "1000000005,01000010000029,2020,GRD,2024-06-07",
      ),
    rule: "cohort-entry-year",
    message:
      'graduation_cohort.csv line 2, column cohort_entry_year: value "2020" is not 2021 (the 2024 four-year cohort entered grade 9 in 2021)',
    value: "2020",
  },
  {
    name: "no-enrollment: a student with no enrollment (a warning)",
    edit: (d) => appendLine(join(d, "students.csv"), "1000000007,F,HI,Y,N,,EO,,,N,N"),
    rule: "no-enrollment",
    severity: "warning",
    message:
      'students.csv line 8, column student_id: student "1000000007" has no row in enrollments.csv',
    value: "1000000007",
  },
  {
    name: "respondent-grade: a student respondent without a grade",
    edit: (d) => replaceLine(join(d, "survey_respondents.csv"), 2, "R001,01000010000011,student,,"),
    rule: "respondent-grade",
    message:
      "survey_respondents.csv line 2, column grade: value is blank but required for a student respondent",
    value: "",
  },
  {
    name: "respondent-student-id: a staff survey naming a student",
    edit: (d) =>
      replaceLine(join(d, "survey_respondents.csv"), 3, "R002,01000010000029,staff,,1000000004"),
    rule: "respondent-student-id",
    message:
      'survey_respondents.csv line 3, column student_id: value "1000000004" is given for a staff respondent (only student surveys may name a student)',
    value: "1000000004",
  },
  {
    name: "respondent-is-student: a respondent id that is a student id",
    edit: (d) =>
      appendLine(join(d, "survey_respondents.csv"), "1000000001,01000010000011,parent,3,"),
    rule: "respondent-is-student",
    message:
      'survey_respondents.csv line 6, column respondent_id: value "1000000001" is a student id; respondent ids must be anonymous',
    value: "1000000001",
  },
  {
    name: "header: a missing column",
    edit: (d) =>
      replaceLine(
        join(d, "enrollments.csv"),
        1,
        "student_id,school_code,grade,entry_date,exit_date,days_enrolled,days_absent",
      ),
    rule: "header",
    message:
      'enrollments.csv line 1, column census_day: required column "census_day" is missing from the header',
    value: null,
  },
  {
    name: "header: an unexpected column",
    edit: (d) =>
      writeFileSync(
        join(d, "discipline.csv"),
        "action_id,student_id,school_code,action,action_date,days,note\nD-1,1000000004,01000010000029,OSS,2023-11-15,2,x\n",
      ),
    rule: "header",
    message:
      'discipline.csv line 1, column note: column "note" is not part of the discipline.csv format',
    value: "note",
  },
  {
    name: "missing-file: a required file left out",
    edit: (d) => unlinkSync(join(d, "test_results.csv")),
    rule: "missing-file",
    message: "test_results.csv: required file is missing",
    value: null,
  },
  {
    name: "unknown-file: a file the format does not know (a warning)",
    edit: (d) => writeFileSync(join(d, "notes.txt"), "hello\n"),
    rule: "unknown-file",
    severity: "warning",
    message: "notes.txt: not a file of the input format; ignored",
    value: null,
  },
];

describe("validateSubmission(warehouse, submission): one bad value per rule", () => {
  it("passes the hand-written fixture without any issue", async () => {
    const report = await validateEdited(() => {});
    expect(report.groups).toEqual([]);
  });

  it("passes the fixture with a valid attendance_periods.csv", async () => {
    const report = await validateEdited((d) => writePeriods(d));
    expect(report.groups).toEqual([]);
  });

  it.each(CASES)("$name", async (c) => {
    const report = await validateEdited(c.edit);
    const issue = report.issues.find((i) => i.rule === c.rule && i.message === c.message);
    expect(
      issue,
      `expected "${c.message}" among ${JSON.stringify(report.issues.map((i) => i.message))}`,
    ).toBeDefined();
    expect(issue!.severity).toBe(c.severity ?? "error");
    expect(issue!.value).toBe(c.value);
    const location = /^(\S+)(?: line (\d+))?(?:,? column ([^:]+))?:/.exec(c.message)!;
    expect(issue!.file).toBe(location[1]);
    expect(issue!.line).toBe(location[2] === undefined ? null : Number(location[2]));
    expect(issue!.column).toBe(location[3] ?? null);
    expect(report.hasErrors).toBe((c.severity ?? "error") === "error");
  });
});
