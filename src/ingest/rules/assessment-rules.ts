import { ASSESSMENT_SCALE } from "../../domain/assessment-scale.ts";
import { SUBJECTS, TESTED_GRADES } from "../../domain/codes.ts";
import { parsed, type SqlCheck, stagingTable } from "../sql-check.ts";

/** The scale table as SQL rows (subject, grade, loss, level2, level3, level4, hoss). */
function scaleValues(): string {
  const rows: string[] = [];
  for (const subject of SUBJECTS) {
    for (const [grade, s] of Object.entries(ASSESSMENT_SCALE[subject])) {
      rows.push(
        `('${subject}', ${grade}, ${s.loss}, ${s.level2}, ${s.level3}, ${s.level4}, ${s.hoss})`,
      );
    }
  }
  return `(VALUES ${rows.join(", ")}) AS scale(subject, grade, loss, level2, level3, level4, hoss)`;
}

/**
 * Impossible test results (errors):
 * - tested-grade: a grade the state assessment does not test (only 3-8 and 11);
 * - scale-score: a scale score outside the grade's lowest..highest obtainable score;
 * - achievement-level: a level that disagrees with the grade's cut scores.
 */
export function assessmentChecks(): SqlCheck[] {
  const results = stagingTable("test_results");
  // the test_results pass joins the row's subject and grade to its scale (at most one row)
  const score = parsed("scale_score");
  const scaleJoin = {
    scale: {
      source: `SELECT subject AS __subject, grade AS __grade, loss AS __loss, level2 AS __level2,
          level3 AS __level3, level4 AS __level4, hoss AS __hoss FROM ${scaleValues()}`,
      on: `scale.__subject = subject AND scale.__grade = ${parsed("grade")}`,
    },
  };
  const typed = `SELECT line, subject, ${parsed("grade")} AS grade, scale_score, achievement_level,
      ${parsed("scale_score")} AS score, ${parsed("achievement_level")} AS level
    FROM ${results}`;
  return [
    {
      rule: "tested-grade",
      severity: "error",
      file: "test_results.csv",
      column: "grade",
      reads: ["test_results"],
      sql: `SELECT line, grade AS value,
          format('value "{}" is not a tested grade (${TESTED_GRADES.join(", ")})', grade) AS message
        FROM ${results} WHERE ${parsed("grade")} NOT IN (${TESTED_GRADES.join(", ")})`,
      scan: {
        table: "test_results",
        condition: `${parsed("grade")} NOT IN (${TESTED_GRADES.join(", ")})`,
      },
    },
    {
      rule: "scale-score",
      severity: "error",
      file: "test_results.csv",
      column: "scale_score",
      reads: ["test_results"],
      sql: `SELECT r.line, r.scale_score AS value,
          format('value "{}" is outside the {} grade {} range {} to {}', r.scale_score, r.subject, r.grade, scale.loss, scale.hoss) AS message
        FROM (${typed}) r JOIN ${scaleValues()} ON scale.subject = r.subject AND scale.grade = r.grade
        WHERE r.score NOT BETWEEN scale.loss AND scale.hoss`,
      scan: {
        table: "test_results",
        condition: `${score} NOT BETWEEN scale.__loss AND scale.__hoss`,
        joins: scaleJoin,
      },
    },
    {
      rule: "achievement-level",
      severity: "error",
      file: "test_results.csv",
      column: "achievement_level",
      reads: ["test_results"],
      sql: `SELECT line, achievement_level AS value,
          format('value "{}" does not match scale score {} (level {} for {} grade {})', achievement_level, scale_score, expected, subject, grade) AS message
        FROM (SELECT r.*, CASE WHEN r.score >= scale.level4 THEN 4 WHEN r.score >= scale.level3 THEN 3
                               WHEN r.score >= scale.level2 THEN 2 ELSE 1 END AS expected
              FROM (${typed}) r JOIN ${scaleValues()} ON scale.subject = r.subject AND scale.grade = r.grade
              WHERE r.score BETWEEN scale.loss AND scale.hoss)
        WHERE level <> expected`,
      scan: {
        table: "test_results",
        condition: `${score} BETWEEN scale.__loss AND scale.__hoss AND ${parsed("achievement_level")} <>
          CASE WHEN ${score} >= scale.__level4 THEN 4 WHEN ${score} >= scale.__level3 THEN 3
               WHEN ${score} >= scale.__level2 THEN 2 ELSE 1 END`,
        joins: scaleJoin,
      },
    },
  ];
}
