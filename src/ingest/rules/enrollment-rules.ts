import { schoolYearEnd } from "../../domain/school-year.ts";
import type { Warehouse } from "../../warehouse/warehouse.ts";
import { type CheckContext, parsed, type SqlCheck, stagingTable } from "../sql-check.ts";
import type { KnockOn } from "../validation-report.ts";

/**
 * Impossible enrollment and discipline values (errors):
 * - days-absent: days_absent more than days_enrolled;
 * - exit-before-entry: exit_date before entry_date;
 * - discipline-enrollment: a disciplinary action at a school where the student was not enrolled
 *   on action_date (an open stint runs to the end of the school year).
 */
export function enrollmentChecks(ctx: CheckContext): SqlCheck[] {
  const enrollments = stagingTable("enrollments");
  return [
    {
      rule: "days-absent",
      severity: "error",
      file: "enrollments.csv",
      column: "days_absent",
      reads: ["enrollments"],
      sql: `SELECT line, days_absent AS value,
          format('value "{}" is more than days_enrolled "{}"', days_absent, days_enrolled) AS message
        FROM ${enrollments} WHERE ${parsed("days_absent")} > ${parsed("days_enrolled")}`,
      scan: {
        table: "enrollments",
        condition: `${parsed("days_absent")} > ${parsed("days_enrolled")}`,
      },
    },
    {
      rule: "exit-before-entry",
      severity: "error",
      file: "enrollments.csv",
      column: "exit_date",
      reads: ["enrollments"],
      sql: `SELECT line, exit_date AS value,
          format('value "{}" is before entry_date "{}"', exit_date, entry_date) AS message
        FROM ${enrollments} WHERE ${parsed("exit_date")} < ${parsed("entry_date")}`,
      scan: { table: "enrollments", condition: `${parsed("exit_date")} < ${parsed("entry_date")}` },
    },
    {
      rule: "discipline-enrollment",
      severity: "error",
      file: "discipline.csv",
      column: "action_date",
      reads: ["discipline", "enrollments"],
      // an action whose enrollment row was rejected is that rejection's knock-on (counted under
      // it by disciplineKnockOns), not an error of its own
      sql: `SELECT d.line, d.action_date AS value,
          format('value "{}": student {} is not enrolled at school {} on that date', d.action_date, d.student_id, d.school_code) AS message
        FROM ${stagingTable("discipline")} d
        WHERE ${notEnrolled(ctx)} AND NOT ${inRejectedEnrollment}`,
    },
  ];
}

/** The temporary table of the student and school of each enrollments.csv row that was rejected. */
export const REJECTED_ENROLLMENTS = "rejected_keys_enrollments";

const inRejectedEnrollment = `EXISTS (SELECT 1 FROM ${REJECTED_ENROLLMENTS} r
  WHERE r.student_id = d.student_id AND r.school_code = d.school_code)`;

/** SQL on discipline row `d`: an action on a date its student was not enrolled at its school. */
function notEnrolled(ctx: CheckContext): string {
  return `${parsed("d.action_date")} IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM ${stagingTable("enrollments")} e
    WHERE e.student_id = d.student_id AND e.school_code = d.school_code
      AND ${parsed("d.action_date")} BETWEEN ${parsed("e.entry_date")}
        AND coalesce(${parsed("e.exit_date")}, DATE '${schoolYearEnd(ctx.year)}'))`;
}

/**
 * How many actions of discipline.csv the discipline-enrollment rule leaves out because the
 * student's enrollment row at that school was rejected.
 */
export async function disciplineKnockOns(
  warehouse: Warehouse,
  ctx: CheckContext,
): Promise<KnockOn[]> {
  const { n } = await warehouse.one<{ n: number }>(
    `SELECT count(*) AS n FROM ${stagingTable("discipline")} d
      WHERE ${notEnrolled(ctx)} AND ${inRejectedEnrollment}`,
  );
  return n > 0
    ? [
        {
          rule: "discipline-enrollment",
          file: "discipline.csv",
          column: "student_id and school_code",
          count: n,
        },
      ]
    : [];
}
