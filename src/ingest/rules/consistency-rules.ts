import { type CheckContext, parsed, present, type SqlCheck, stagingTable } from "../sql-check.ts";

/**
 * Cross-field rules of single files (errors):
 * - grade-span: a school's low_grade above its high_grade;
 * - credits: credits_earned more than credits_attempted;
 * - cohort-entry-year: a graduation cohort entered grade 9 in another year than year − 3.
 */
export function consistencyChecks(ctx: CheckContext): SqlCheck[] {
  const entryYear = ctx.year - 3;
  return [
    {
      rule: "grade-span",
      severity: "error",
      file: "schools.csv",
      column: "low_grade",
      reads: ["schools"],
      sql: `SELECT line, low_grade AS value,
          format('value "{}" is above high_grade "{}"', low_grade, high_grade) AS message
        FROM ${stagingTable("schools")} WHERE ${parsed("low_grade")} > ${parsed("high_grade")}`,
      scan: {
        table: "schools",
        condition: `${parsed("low_grade")} > ${parsed("high_grade")}`,
      },
    },
    {
      rule: "credits",
      severity: "error",
      file: "course_marks.csv",
      column: "credits_earned",
      reads: ["course_marks"],
      sql: `SELECT line, credits_earned AS value,
          format('value "{}" is more than credits_attempted "{}"', credits_earned, credits_attempted) AS message
        FROM ${stagingTable("course_marks")}
        WHERE ${parsed("credits_earned")} > ${parsed("credits_attempted")}`,
      scan: {
        table: "course_marks",
        condition: `${parsed("credits_earned")} > ${parsed("credits_attempted")}`,
      },
    },
    {
      rule: "cohort-entry-year",
      severity: "error",
      file: "graduation_cohort.csv",
      column: "cohort_entry_year",
      reads: ["graduation_cohort"],
      sql: `SELECT line, cohort_entry_year AS value,
          format('value "{}" is not ${entryYear} (the ${ctx.year} four-year cohort entered grade 9 in ${entryYear})', cohort_entry_year) AS message
        FROM ${stagingTable("graduation_cohort")}
        WHERE ${present("cohort_entry_year")} AND ${parsed("cohort_entry_year")} IS DISTINCT FROM ${entryYear}`,
      scan: {
        table: "graduation_cohort",
        condition: `${present("cohort_entry_year")} AND ${parsed("cohort_entry_year")} IS DISTINCT FROM ${entryYear}`,
      },
    },
  ];
}
