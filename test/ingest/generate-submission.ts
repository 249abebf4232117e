import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ASSESSMENT_SCALE, achievementLevel } from "../../src/domain/assessment-scale.ts";
import { FIXTURE_NETWORK } from "./submission-fixture.ts";

/**
 * Writes a valid submission of district 0100001, year 2024 with `students` elementary students
 * (grades 3-5), each with one enrollment, an ELA result and a survey with two answers — big
 * enough that loading takes a moment. Schools and survey items come from the fixture.
 */
export function generateSubmission(networkDir: string, students: number): string {
  const dir = join(networkDir, "districts", "0100001", "2024");
  mkdirSync(dir, { recursive: true });
  const fixture = join(FIXTURE_NETWORK, "districts", "0100001", "2024");
  copyFileSync(join(fixture, "schools.csv"), join(dir, "schools.csv"));
  copyFileSync(join(fixture, "survey_items.csv"), join(dir, "survey_items.csv"));
  const school = "01000010000011";
  const studentRows = [
    "student_id,gender,race_ethnicity,sed,swd,disability_category,el_status,elpac_level,reclassification_date,foster,homeless",
  ];
  const enrollmentRows = [
    "student_id,school_code,grade,entry_date,exit_date,days_enrolled,days_absent,census_day",
  ];
  const resultRows = ["student_id,school_code,subject,grade,scale_score,achievement_level,sem"];
  const respondentRows = ["respondent_id,school_code,respondent_type,grade,student_id"];
  const responseRows = ["respondent_id,item_id,answer"];
  for (let i = 0; i < students; i++) {
    const id = String(2000000000 + i);
    const grade = 3 + (i % 3);
    const scale = ASSESSMENT_SCALE.ELA[grade]!;
    const score = scale.loss + ((i * 37) % (scale.hoss - scale.loss + 1));
    studentRows.push(`${id},${i % 2 ? "F" : "M"},HI,N,N,,EO,,,N,N`);
    enrollmentRows.push(`${id},${school},${grade},2023-08-16,,180,${i % 25},Y`);
    resultRows.push(`${id},${school},ELA,${grade},${score},${achievementLevel(scale, score)},25`);
    respondentRows.push(`S${i},${school},student,${grade},`);
    responseRows.push(`S${i},SEL1,${1 + (i % 5)}`, `S${i},CC3,${1 + ((i * 3) % 5)}`);
  }
  const write = (name: string, rows: string[]) =>
    writeFileSync(join(dir, name), `${rows.join("\n")}\n`);
  write("students.csv", studentRows);
  write("enrollments.csv", enrollmentRows);
  write("test_results.csv", resultRows);
  write("survey_respondents.csv", respondentRows);
  write("survey_responses.csv", responseRows);
  return dir;
}
