import { schoolYearEnd, schoolYearStart } from "../../domain/school-year.ts";
import { type CheckContext, parsed, type SqlCheck, stagingTable } from "../sql-check.ts";

const IN_YEAR_DATES = [
  { table: "enrollments", file: "enrollments.csv", column: "entry_date" },
  { table: "enrollments", file: "enrollments.csv", column: "exit_date" },
  { table: "discipline", file: "discipline.csv", column: "action_date" },
  { table: "attendance_periods", file: "attendance_periods.csv", column: "period_start" },
  { table: "attendance_periods", file: "attendance_periods.csv", column: "period_end" },
] as const;

/**
 * school-year (error): enrollment entry and exit dates, discipline action dates and attendance
 * period start and end dates must fall in
 * the school year (July 1 to June 30); a reclassification date may be any earlier date but not
 * after the year ends.
 */
export function schoolYearChecks(ctx: CheckContext): SqlCheck[] {
  const start = schoolYearStart(ctx.year);
  const end = schoolYearEnd(ctx.year);
  const checks: SqlCheck[] = IN_YEAR_DATES.map(({ table, file, column }) => ({
    rule: "school-year",
    severity: "error",
    file,
    column,
    reads: [table],
    sql: `SELECT line, ${column} AS value,
        format('value "{}" is outside school year ${ctx.year} (${start} to ${end})', ${column}) AS message
      FROM ${stagingTable(table)}
      WHERE ${parsed(column)} NOT BETWEEN DATE '${start}' AND DATE '${end}'`,
    scan: { table, condition: `${parsed(column)} NOT BETWEEN DATE '${start}' AND DATE '${end}'` },
  }));
  checks.push({
    rule: "school-year",
    severity: "error",
    file: "students.csv",
    column: "reclassification_date",
    reads: ["students"],
    sql: `SELECT line, reclassification_date AS value,
        format('value "{}" is after the end of school year ${ctx.year} (${end})', reclassification_date) AS message
      FROM ${stagingTable("students")}
      WHERE ${parsed("reclassification_date")} > DATE '${end}'`,
    scan: { table: "students", condition: `${parsed("reclassification_date")} > DATE '${end}'` },
  });
  return checks;
}
