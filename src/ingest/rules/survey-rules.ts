import { present, type SqlCheck, stagingTable } from "../sql-check.ts";
import { SCAN_JOINS } from "./scan-joins.ts";

/**
 * Survey rules (errors):
 * - survey-item-type: an answer to an item meant for another respondent type;
 * - respondent-grade: a student respondent without a grade;
 * - respondent-student-id: a student_id on a staff or parent survey;
 * - respondent-is-student: a respondent_id equal to a student id of students.csv (respondent ids
 *   must be anonymous).
 */
export function surveyChecks(): SqlCheck[] {
  const respondents = stagingTable("survey_respondents");
  return [
    {
      rule: "survey-item-type",
      severity: "error",
      file: "survey_responses.csv",
      column: "item_id",
      reads: ["survey_responses", "survey_respondents", "survey_items"],
      sql: `SELECT r.line, r.item_id AS value,
          format('value "{}" is a {} item but respondent {} is {}', r.item_id, i.respondent_type, r.respondent_id, p.respondent_type) AS message
        FROM ${stagingTable("survey_responses")} r
        JOIN ${respondents} p ON p.respondent_id = r.respondent_id
        JOIN ${stagingTable("survey_items")} i ON i.item_id = r.item_id
        WHERE i.respondent_type <> p.respondent_type`,
      scan: {
        table: "survey_responses",
        condition: "ref_items.__type <> ref_respondents.__type",
        joins: { ...SCAN_JOINS.respondents(), ...SCAN_JOINS.items() },
      },
    },
    {
      rule: "respondent-grade",
      severity: "error",
      file: "survey_respondents.csv",
      column: "grade",
      reads: ["survey_respondents"],
      sql: `SELECT line, coalesce(grade, '') AS value,
          'value is blank but required for a student respondent' AS message
        FROM ${respondents} WHERE respondent_type = 'student' AND NOT ${present("grade")}`,
      scan: {
        table: "survey_respondents",
        condition: `respondent_type = 'student' AND NOT ${present("grade")}`,
      },
    },
    {
      rule: "respondent-student-id",
      severity: "error",
      file: "survey_respondents.csv",
      column: "student_id",
      reads: ["survey_respondents"],
      sql: `SELECT line, student_id AS value,
          format('value "{}" is given for a {} respondent (only student surveys may name a student)', student_id, respondent_type) AS message
        FROM ${respondents} WHERE respondent_type IN ('staff', 'parent') AND ${present("student_id")}`,
      scan: {
        table: "survey_respondents",
        condition: `respondent_type IN ('staff', 'parent') AND ${present("student_id")}`,
      },
    },
    {
      rule: "respondent-is-student",
      severity: "error",
      file: "survey_respondents.csv",
      column: "respondent_id",
      reads: ["survey_respondents", "students"],
      sql: `SELECT p.line, p.respondent_id AS value,
          format('value "{}" is a student id; respondent ids must be anonymous', p.respondent_id) AS message
        FROM ${respondents} p JOIN ${stagingTable("students")} s ON s.student_id = p.respondent_id`,
      scan: {
        table: "survey_respondents",
        condition: "respondent_as_student.__key IS NOT NULL",
        joins: SCAN_JOINS.respondentAsStudent(),
      },
    },
  ];
}
