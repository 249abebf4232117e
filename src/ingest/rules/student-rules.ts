import { present, type SqlCheck, stagingTable } from "../sql-check.ts";
import { SCAN_JOINS } from "./scan-joins.ts";

/** A column that must be given exactly when a condition on the row holds. */
const CONDITIONAL_FIELDS = [
  {
    rule: "disability-category",
    column: "disability_category",
    when: "swd = 'Y'",
    says: "swd = Y",
  },
  { rule: "elpac-level", column: "elpac_level", when: "el_status = 'EL'", says: "el_status = EL" },
  {
    rule: "reclassification-date",
    column: "reclassification_date",
    when: "el_status = 'RFEP'",
    says: "el_status = RFEP",
  },
] as const;

/**
 * students.csv rules:
 * - disability-category, elpac-level, reclassification-date (errors): the column is given if and
 *   only if swd = Y, el_status = EL, el_status = RFEP respectively;
 * - no-enrollment (warning): a student with no row in enrollments.csv (they count in no measure;
 *   a warning because a graduation-cohort student who left may still be listed).
 */
export function studentChecks(): SqlCheck[] {
  const students = stagingTable("students");
  const checks: SqlCheck[] = CONDITIONAL_FIELDS.flatMap(({ rule, column, when, says }) => [
    {
      rule,
      severity: "error" as const,
      file: "students.csv",
      column,
      reads: ["students"],
      sql: `SELECT line, coalesce(${column}, '') AS value,
          'value is blank but required when ${says}' AS message
        FROM ${students} WHERE (${when}) AND NOT ${present(column)}`,
      scan: { table: "students", condition: `(${when}) AND NOT ${present(column)}` },
    },
    {
      rule,
      severity: "error" as const,
      file: "students.csv",
      column,
      reads: ["students"],
      sql: `SELECT line, ${column} AS value,
          format('value "{}" is given but ${says} does not hold', ${column}) AS message
        FROM ${students} WHERE NOT coalesce(${when}, false) AND ${present(column)}`,
      scan: { table: "students", condition: `NOT coalesce(${when}, false) AND ${present(column)}` },
    },
  ]);
  checks.push({
    rule: "no-enrollment",
    severity: "warning",
    file: "students.csv",
    column: "student_id",
    reads: ["students", "enrollments"],
    sql: `SELECT s.line, s.student_id AS value,
        format('student "{}" has no row in enrollments.csv', s.student_id) AS message
      FROM ${students} s WHERE ${present("s.student_id")} AND NOT EXISTS (
        SELECT 1 FROM ${stagingTable("enrollments")} e WHERE e.student_id = s.student_id)`,
    scan: {
      table: "students",
      condition: `${present("student_id")} AND enrolled.__key IS NULL`,
      joins: SCAN_JOINS.enrolled(),
    },
  });
  return checks;
}
