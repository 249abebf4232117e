import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSESSMENT_SCALE, achievementLevel } from "../../src/domain/assessment-scale.ts";
import type { Subject } from "../../src/domain/codes.ts";
import { INPUT_TABLES, type TableSpec } from "../../src/domain/input-format.ts";
import { censusDay, schoolYearEnd, schoolYearStart } from "../../src/domain/school-year.ts";
import { generateNetwork } from "../../src/synth/generate-network.ts";
import { readSubmissions, rowsOf, type Submission } from "./network-files.ts";

/** Every way a file breaks its TableSpec: header, required, codes, patterns, types, ranges, keys. */
function specProblems(spec: TableSpec, header: string[], rows: string[][]): string[] {
  const problems: string[] = [];
  const expected = spec.columns.map((c) => c.name);
  if (header.join(",") !== expected.join(","))
    problems.push(`${spec.file}: header ${header.join(",")}`);
  const patterns = spec.columns.map((c) =>
    c.pattern ? new RegExp(`^(?:${c.pattern})$`) : undefined,
  );
  const keys = new Set<string>();
  const keyIndexes = spec.key.map((k) => expected.indexOf(k));
  rows.forEach((row, r) => {
    const where = `${spec.file} line ${r + 2}`;
    if (row.length !== expected.length) {
      problems.push(`${where}: ${row.length} fields`);
      return;
    }
    spec.columns.forEach((column, k) => {
      const value = row[k]!;
      if (value === "") {
        if (column.required) problems.push(`${where}: ${column.name} missing`);
        return;
      }
      if (column.codes && !column.codes.includes(value))
        problems.push(`${where}: ${column.name} "${value}" not a code`);
      const pattern = patterns[k];
      if (pattern && !pattern.test(value))
        problems.push(`${where}: ${column.name} "${value}" does not match`);
      if (column.type === "integer" && !/^-?\d+$/.test(value))
        problems.push(`${where}: ${column.name} "${value}" not an integer`);
      if (column.type === "decimal" && !/^-?\d+(\.\d+)?$/.test(value))
        problems.push(`${where}: ${column.name} "${value}" not a decimal`);
      if (column.type === "integer" || column.type === "decimal") {
        const x = Number(value);
        if (column.min !== undefined && x < column.min)
          problems.push(`${where}: ${column.name} ${value} < ${column.min}`);
        if (column.max !== undefined && x > column.max)
          problems.push(`${where}: ${column.name} ${value} > ${column.max}`);
      }
      if (column.type === "date") {
        const valid =
          /^\d{4}-\d{2}-\d{2}$/.test(value) &&
          new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
        if (!valid) problems.push(`${where}: ${column.name} "${value}" not a date`);
      }
    });
    const key = keyIndexes.map((k) => row[k]).join("|");
    if (keys.has(key)) problems.push(`${where}: duplicate key ${key}`);
    keys.add(key);
  });
  return problems;
}

/** Every cross-file rule of one submission. */
function submissionProblems(s: Submission): string[] {
  const problems: string[] = [];
  const fail = (message: string): void => {
    if (problems.length < 50) problems.push(`${s.district}/${s.year} ${message}`);
  };
  const start = schoolYearStart(s.year);
  const end = schoolYearEnd(s.year);
  const census = censusDay(s.year);
  const inYear = (date: string): boolean => date >= start && date <= end;

  const schools = new Map(rowsOf(s, "schools.csv").map((r) => [r.school_code!, r]));
  for (const school of schools.values()) {
    if (school.district_code !== s.district)
      fail(`school ${school.school_code} district ${school.district_code}`);
    if (!school.school_code!.startsWith(s.district))
      fail(`school ${school.school_code} not in district`);
    if (Number(school.high_grade) < Number(school.low_grade))
      fail(`school ${school.school_code} grades`);
  }
  const students = new Map(rowsOf(s, "students.csv").map((r) => [r.student_id!, r]));
  for (const student of students.values()) {
    if ((student.swd === "Y") !== (student.disability_category !== ""))
      fail(`student ${student.student_id} disability`);
    if ((student.el_status === "EL") !== (student.elpac_level !== ""))
      fail(`student ${student.student_id} elpac`);
    const reclassified = student.reclassification_date!;
    if ((student.el_status === "RFEP") !== (reclassified !== ""))
      fail(`student ${student.student_id} reclassification`);
    if (reclassified && reclassified > end)
      fail(`student ${student.student_id} reclassified in the future`);
  }
  // Stints by student and school.
  const stints = new Map<
    string,
    { school: string; grade: string; entry: string; exit: string }[]
  >();
  for (const e of rowsOf(s, "enrollments.csv")) {
    if (!students.has(e.student_id!)) fail(`enrollment of unknown student ${e.student_id}`);
    if (!schools.has(e.school_code!)) fail(`enrollment at unknown school ${e.school_code}`);
    const exit = e.exit_date || end;
    if (!inYear(e.entry_date!) || !inYear(exit))
      fail(`enrollment ${e.student_id} dates outside the year`);
    if (exit < e.entry_date!) fail(`enrollment ${e.student_id} exit before entry`);
    if (Number(e.days_absent) > Number(e.days_enrolled))
      fail(`enrollment ${e.student_id} absent > enrolled`);
    const covers = e.entry_date! <= census && census <= exit;
    if ((e.census_day === "Y") !== covers) fail(`enrollment ${e.student_id} census flag`);
    const list = stints.get(e.student_id!) ?? [];
    list.push({ school: e.school_code!, grade: e.grade!, entry: e.entry_date!, exit });
    stints.set(e.student_id!, list);
  }
  for (const id of students.keys()) if (!stints.has(id)) fail(`student ${id} without enrollment`);
  const enrolledAt = (student: string, school: string, date?: string): boolean =>
    (stints.get(student) ?? []).some(
      (x) => x.school === school && (date === undefined || (x.entry <= date && date <= x.exit)),
    );

  for (const t of rowsOf(s, "test_results.csv")) {
    if (!students.has(t.student_id!)) fail(`test of unknown student ${t.student_id}`);
    if (!enrolledAt(t.student_id!, t.school_code!))
      fail(`test of ${t.student_id} at a school not enrolled`);
    const scale = ASSESSMENT_SCALE[t.subject as Subject][Number(t.grade)];
    if (!scale) {
      fail(`test grade ${t.grade}`);
      continue;
    }
    const score = Number(t.scale_score);
    if (score < scale.loss || score > scale.hoss)
      fail(`score ${score} outside LOSS..HOSS grade ${t.grade}`);
    if (achievementLevel(scale, score) !== Number(t.achievement_level))
      fail(`level of ${score} grade ${t.grade}`);
    if (!(stints.get(t.student_id!) ?? []).some((x) => x.grade === t.grade))
      fail(`test grade differs from enrollment grade`);
  }
  for (const d of rowsOf(s, "discipline.csv")) {
    if (!students.has(d.student_id!)) fail(`discipline of unknown student ${d.student_id}`);
    if (!inYear(d.action_date!)) fail(`discipline ${d.action_id} outside the year`);
    if (!enrolledAt(d.student_id!, d.school_code!, d.action_date))
      fail(`discipline ${d.action_id} outside a stint`);
  }
  for (const m of rowsOf(s, "course_marks.csv")) {
    if (!enrolledAt(m.student_id!, m.school_code!))
      fail(`marks of ${m.student_id} at a school not enrolled`);
    if (Number(m.credits_earned) > Number(m.credits_attempted))
      fail(`marks credits of ${m.student_id}`);
  }
  for (const g of rowsOf(s, "graduation_cohort.csv")) {
    if (!students.has(g.student_id!)) fail(`cohort row of unknown student ${g.student_id}`);
    if (Number(g.cohort_entry_year) !== s.year - 3)
      fail(`cohort entry year ${g.cohort_entry_year}`);
    if (!(schools.get(g.school_code!)?.school_levels ?? "").includes("high"))
      fail(`cohort school ${g.school_code} is not a high school`);
    if ((g.outcome === "CON") !== (g.outcome_date === ""))
      fail(`cohort outcome date of ${g.student_id}`);
    if (g.outcome_date && !inYear(g.outcome_date)) fail(`cohort outcome date outside the year`);
  }
  const items = new Map(rowsOf(s, "survey_items.csv").map((r) => [r.item_id!, r]));
  const respondents = new Map(
    rowsOf(s, "survey_respondents.csv").map((r) => [r.respondent_id!, r]),
  );
  for (const r of respondents.values()) {
    if (!schools.has(r.school_code!)) fail(`respondent at unknown school ${r.school_code}`);
    if (/^[0-9]{10}$/.test(r.respondent_id!))
      fail(`respondent id ${r.respondent_id} looks like a student id`);
    if (r.student_id && !students.has(r.student_id))
      fail(`respondent link to unknown student ${r.student_id}`);
    if (r.respondent_type === "student" && r.grade === "") fail(`student respondent without grade`);
    if (r.respondent_type === "staff" && (r.grade !== "" || r.student_id !== ""))
      fail(`staff respondent with grade or link`);
    if (r.respondent_type !== "student" && r.student_id !== "")
      fail(`non-student respondent with a student link`);
  }
  for (const a of rowsOf(s, "survey_responses.csv")) {
    const respondent = respondents.get(a.respondent_id!);
    const item = items.get(a.item_id!);
    if (!respondent || !item)
      fail(`response ${a.respondent_id} ${a.item_id} without respondent or item`);
    else if (item.respondent_type !== respondent.respondent_type)
      fail(`response to an item of another respondent type`);
  }
  return problems;
}

describe("generateNetwork output conforms to the input format", () => {
  let dir: string;
  let submissions: Submission[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "synth-conformance-"));
    await generateNetwork(
      { students: 4000, districts: 2, years: [2022, 2023, 2024, 2025], seed: 7 },
      { outDir: dir },
    );
    submissions = readSubmissions(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes every input file for every district × year", () => {
    expect(submissions).toHaveLength(8);
    for (const s of submissions) {
      expect([...s.tables.keys()].sort()).toEqual(INPUT_TABLES.map((t) => t.file).sort());
      for (const table of INPUT_TABLES.filter((t) => !t.file.startsWith("survey_items"))) {
        if (table.file === "graduation_cohort.csv" && s.year < 2025) continue;
        expect(
          rowsOf(s, table.file).length,
          `${s.district}/${s.year} ${table.file}`,
        ).toBeGreaterThan(0);
      }
    }
  });

  it("matches each TableSpec: columns in order, required fields, codes, patterns, types, ranges and keys", () => {
    for (const s of submissions) {
      for (const spec of INPUT_TABLES) {
        const csv = s.raw.get(spec.file)!;
        expect(specProblems(spec, csv.header, csv.rows), `${s.district}/${s.year}`).toEqual([]);
      }
    }
  });

  it("keeps every cross-file rule: references, stints, score cuts, cohorts and survey item types", () => {
    for (const s of submissions) expect(submissionProblems(s)).toEqual([]);
  });

  it("quotes school names that contain a comma and nothing else", () => {
    const names = submissions.flatMap((s) => rowsOf(s, "schools.csv").map((r) => r.school_name!));
    expect(names.some((n) => n.includes(","))).toBe(true);
    for (const s of submissions) {
      const lines = s.raw.get("schools.csv")!.rows;
      for (const row of lines) expect(row).toHaveLength(12);
    }
  });

  it("keeps students consistent across years and districts", () => {
    const seen = new Map<
      string,
      {
        gender: string;
        race: string;
        year: number;
        grade: number;
        district: string;
        el: string;
        reclassified: string;
      }
    >();
    let moversAcrossDistricts = 0;
    let advanced = 0;
    let retained = 0;
    for (const year of [2022, 2023, 2024, 2025]) {
      const thisYear = new Set<string>();
      for (const s of submissions.filter((x) => x.year === year)) {
        const grades = new Map(
          rowsOf(s, "enrollments.csv").map((e) => [e.student_id!, Number(e.grade)]),
        );
        for (const student of rowsOf(s, "students.csv")) {
          const id = student.student_id!;
          expect(thisYear.has(id), `${id} in two districts in ${year}`).toBe(false);
          thisYear.add(id);
          const grade = grades.get(id)!;
          const before = seen.get(id);
          if (before) {
            expect(student.gender).toBe(before.gender);
            expect(student.race_ethnicity).toBe(before.race);
            if (before.year === year - 1) {
              expect([before.grade, before.grade + 1]).toContain(grade);
              if (grade === before.grade + 1) advanced++;
              else retained++;
            }
            if (before.el === "RFEP") expect(student.el_status).toBe("RFEP");
            if (before.reclassified)
              expect(student.reclassification_date).toBe(before.reclassified);
            if (before.district !== s.district) moversAcrossDistricts++;
          }
          seen.set(id, {
            gender: student.gender!,
            race: student.race_ethnicity!,
            year,
            grade,
            district: s.district,
            el: student.el_status!,
            reclassified: student.reclassification_date!,
          });
        }
      }
    }
    expect(moversAcrossDistricts).toBeGreaterThan(0);
    expect(retained).toBeGreaterThan(0);
    expect(retained / (advanced + retained)).toBeLessThan(0.03);
  });

  it("writes network.json with seed, options, districts and row counts that match the files", async () => {
    const { readFileSync } = await import("node:fs");
    const meta = JSON.parse(readFileSync(join(dir, "network.json"), "utf8"));
    expect(meta.seed).toBe(7);
    expect(meta.options).toEqual({ students: 4000, districts: 2, years: [2022, 2023, 2024, 2025] });
    expect(meta.districts.map((d: { code: string }) => d.code).sort()).toEqual(
      [...new Set(submissions.map((s) => s.district))].sort(),
    );
    const total = submissions.reduce((sum, s) => sum + rowsOf(s, "test_results.csv").length, 0);
    expect(meta.rowCounts["test_results.csv"]).toBe(total);
  });
});
