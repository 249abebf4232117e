import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INPUT_TABLES } from "../../src/domain/input-format.ts";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { allChecks } from "../../src/ingest/rules/all-checks.ts";
import { columnCheckSql, columnChecks } from "../../src/ingest/rules/column-rules.ts";
import { CheckScanConflictError, tablePassSql } from "../../src/ingest/run-checks.ts";
import type { SqlCheck } from "../../src/ingest/sql-check.ts";
import { dropStaging, validateSubmission } from "../../src/ingest/validate-submission.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { appendLine, copyFixture } from "./submission-fixture.ts";

let warehouse: Warehouse;
const folders: string[] = [];

beforeAll(async () => {
  warehouse = await Warehouse.open(":memory:", { threads: 1 });
});

afterAll(() => {
  warehouse.close();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** Every check of the fixture submission: the column checks of each file, then the rules. */
function everyCheck(submission: { districtCode: string; year: number }): SqlCheck[] {
  return [
    ...INPUT_TABLES.flatMap((spec) => columnChecks(spec).map((c) => columnCheckSql(spec, c))),
    ...allChecks(submission),
  ];
}

/**
 * Stages the fixture after `edit`, then asks each scanned check both ways: does its condition
 * hold on some row of its table pass, and does its own SQL return a row?
 */
async function scanVersusSql(
  edit: (dir: string) => void,
): Promise<{ label: string; scan: boolean; sql: boolean }[]> {
  const { network, submission } = copyFixture();
  folders.push(network);
  edit(submission);
  const found = discoverSubmissions(submission)[0]!;
  await validateSubmission(warehouse, found);
  const answers: { label: string; scan: boolean; sql: boolean }[] = [];
  for (const check of everyCheck(found)) {
    if (!check.scan) continue;
    const pass = await warehouse.one<{ c0: number }>(tablePassSql(check.scan.table, [check]));
    const rows = await warehouse.all(`SELECT 1 FROM (${check.sql}) LIMIT 1`);
    answers.push({
      label: `${check.rule} ${check.file} ${check.column}`,
      scan: pass.c0 > 0,
      sql: rows.length > 0,
    });
  }
  await dropStaging(warehouse);
  return answers;
}

/** Bad rows appended to the fixture: together they break every scanned rule at least once. */
function plantErrors(d: string): void {
  // gender code, disability given without swd, EL without elpac level, reclassification date
  // without RFEP and after the year, no enrollment
  appendLine(join(d, "students.csv"), "1000000099,Q,HI,Y,N,SLD,EL,,2030-01-01,N,N");
  appendLine(join(d, "students.csv"), "1000000098,F,HI,Y,Y,,RFEP,,,N,N");
  // unknown student and school, dates outside the year, exit before entry, absent > enrolled,
  // bad type and pattern
  appendLine(
    join(d, "enrollments.csv"),
    "1000000077,01000010000099,3,2023-06-01,2023-05-01,180,200,Y",
  );
  appendLine(join(d, "enrollments.csv"), "10000000x1,01000010000011,3,2023-08-16,,18o,0,Y");
  // scale score below the lowest, level disagreeing with the cuts, an untested grade
  appendLine(join(d, "test_results.csv"), "1000000001,01000010000011,ELA,3,1000,3,24.5");
  appendLine(join(d, "test_results.csv"), "1000000001,01000010000011,MATH,3,2600,1,");
  appendLine(join(d, "test_results.csv"), "1000000002,01000010000011,ELA,2,2400,2,");
  // unknown respondent with an answer out of range, unknown item, staff answering a student item
  appendLine(join(d, "survey_responses.csv"), "R404,SEL1,9");
  appendLine(join(d, "survey_responses.csv"), "R001,ZZZ,3");
  appendLine(join(d, "survey_responses.csv"), "R002,SEL1,3");
  // a student id as respondent id with no grade; a staff respondent naming a student
  appendLine(join(d, "survey_respondents.csv"), "1000000001,01000010000011,student,,");
  appendLine(join(d, "survey_respondents.csv"), "R099,01000010000011,staff,,1000000001");
  // another district, low grade above high grade
  appendLine(
    join(d, "schools.csv"),
    "02000020000011,Other,0200002,Other Unified,5,3,elementary,Y,N,37.7,-122.4,10",
  );
  // a spreadsheet's formula kept as a school name
  appendLine(
    join(d, "schools.csv"),
    '01000010000088,"=HYPERLINK(""http://x"")",0100001,Unified,3,5,elementary,Y,N,37.7,-122.4,10',
  );
  appendLine(join(d, "course_marks.csv"), "1000000004,01000010000029,S1,ENG3X,ELA,B,5,6");
  appendLine(join(d, "course_marks.csv"), "1000000005,01000010000029,S2,MATH4,MATH,,5,0");
  appendLine(join(d, "graduation_cohort.csv"), "1000000006,01000010000029,2019,GRD,2024-06-07");
  // malformed ids listed in the file they refer to, so a referring file's pattern scan reads
  // the listed id's test (`__ok`) instead of testing its own rows
  appendLine(join(d, "students.csv"), "10000000y2,F,HI,N,N,,EO,,,N,N");
  appendLine(join(d, "test_results.csv"), "10000000y2,01000010000011,ELA,3,2400,2,");
  appendLine(join(d, "survey_respondents.csv"), "R!1,01000010000011,staff,,");
  appendLine(join(d, "survey_responses.csv"), "R!1,SEL1,3");
}

describe("a check's scan (its test in its table's single pass) agrees with its own SQL", () => {
  it("on the clean fixture: no scan fires and no SQL finds a row", async () => {
    const answers = await scanVersusSql(() => {});
    expect(answers.length).toBeGreaterThan(50);
    expect(answers.filter((a) => a.scan || a.sql)).toEqual([]);
  });

  it("on a fixture with every scanned rule broken: each scan fires exactly when its SQL finds a row", async () => {
    const answers = await scanVersusSql(plantErrors);
    expect(answers.filter((a) => a.scan !== a.sql)).toEqual([]);
    const patterns = answers.filter((a) => a.sql && a.label.startsWith("pattern "));
    expect(patterns.map((a) => a.label).sort()).toEqual([
      "pattern enrollments.csv student_id",
      "pattern students.csv student_id",
      "pattern survey_respondents.csv respondent_id",
      "pattern survey_responses.csv respondent_id",
      "pattern test_results.csv student_id",
    ]);
    const fired = new Set(answers.filter((a) => a.sql).map((a) => a.label.split(" ")[0]));
    for (const rule of [
      "required",
      "type",
      "code",
      "pattern",
      "range",
      "formula",
      "reference",
      "district",
      "school-year",
      "days-absent",
      "exit-before-entry",
      "tested-grade",
      "scale-score",
      "achievement-level",
      "credits",
      "grade-span",
      "cohort-entry-year",
      "disability-category",
      "elpac-level",
      "reclassification-date",
      "survey-item-type",
      "respondent-grade",
      "respondent-student-id",
      "respondent-is-student",
      "no-enrollment",
    ]) {
      expect(fired, rule).toContain(rule);
    }
  });

  it("for the cross-year rules, against another year already in the warehouse", async () => {
    await warehouse.run(
      `INSERT INTO students (district_code, year, student_id, gender, race_ethnicity, sed, swd,
          el_status, reclassification_date, foster, homeless)
        VALUES ('0100001', 2023, '1000000001', 'M', 'WH', false, false, 'EO', NULL, false, false),
               ('0100001', 2023, '1000000003', 'F', 'AS', false, false, 'RFEP', DATE '2023-03-01', false, false),
               ('0100001', 2025, '1000000004', 'X', 'AA', false, false, 'RFEP', DATE '2022-06-01', false, false)`,
    );
    try {
      const answers = (await scanVersusSql(() => {})).filter((a) => a.label.startsWith("cross"));
      expect(answers.map((a) => [a.label, a.scan, a.sql])).toEqual([
        ["cross-year-gender students.csv gender", true, true],
        ["cross-year-race students.csv race_ethnicity", true, true],
        ["cross-year-el students.csv el_status", true, true],
        ["cross-year-reclassification students.csv reclassification_date", true, true],
      ]);
    } finally {
      await warehouse.run("DELETE FROM students");
    }
  });
});

describe("tablePassSql", () => {
  it("counts every check in one query over the table and its joins", () => {
    const checks = allChecks({ districtCode: "0100001", year: 2024 }).filter(
      (c) => c.scan?.table === "survey_responses",
    );
    const sql = tablePassSql("survey_responses", checks);
    expect(sql.match(/FROM stg_survey_responses/g)).toHaveLength(1);
    expect(sql.match(/LEFT JOIN/g)).toHaveLength(2);
    expect(sql.match(/ AS c\d+/g)).toHaveLength(checks.length);
  });

  it("refuses two checks giving one alias different joins, naming the alias", () => {
    const check = (on: string): SqlCheck => ({
      rule: "r",
      severity: "error",
      file: "students.csv",
      column: "student_id",
      reads: ["students"],
      sql: "SELECT 1",
      scan: {
        table: "students",
        condition: "j.__key IS NULL",
        joins: { j: { source: "SELECT 1 AS __key", on } },
      },
    });
    expect(() => tablePassSql("students", [check("j.__key = 1"), check("j.__key = 2")])).toThrow(
      CheckScanConflictError,
    );
    expect(() => tablePassSql("students", [check("j.__key = 1"), check("j.__key = 2")])).toThrow(
      'join alias "j"',
    );
  });
});
