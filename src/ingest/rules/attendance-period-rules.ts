import { parsed, type SqlCheck, stagingTable } from "../sql-check.ts";

const FILE = "attendance_periods.csv";

/**
 * attendance_periods.csv against itself and enrollments.csv (errors):
 * - days-absent: days_absent more than days_enrolled;
 * - period-end-before-start: period_end before period_start;
 * - period-overlap: a period of a student at a school that overlaps an earlier-starting (or, on the
 *   same start, an earlier-listed) period of the same student and school;
 * - period-enrollment: a student's periods at a school add up to more days enrolled than their
 *   stints there in enrollments.csv (reported on the period where the running sum, in date order,
 *   first exceeds the year's days; a student with no stint at that school exceeds 0).
 * Periods outside the school year are the school-year rule's; unknown students and schools the
 * reference rule's.
 */
export function attendancePeriodChecks(): SqlCheck[] {
  const stg = stagingTable("attendance_periods");
  const start = parsed("period_start");
  const end = parsed("period_end");
  return [
    {
      rule: "days-absent",
      severity: "error",
      file: FILE,
      column: "days_absent",
      reads: ["attendance_periods"],
      sql: `SELECT line, days_absent AS value,
          format('value "{}" is more than days_enrolled "{}"', days_absent, days_enrolled) AS message
        FROM ${stg} WHERE ${parsed("days_absent")} > ${parsed("days_enrolled")}`,
      scan: {
        table: "attendance_periods",
        condition: `${parsed("days_absent")} > ${parsed("days_enrolled")}`,
      },
    },
    {
      rule: "period-end-before-start",
      severity: "error",
      file: FILE,
      column: "period_end",
      reads: ["attendance_periods"],
      sql: `SELECT line, period_end AS value,
          format('value "{}" is before period_start "{}"', period_end, period_start) AS message
        FROM ${stg} WHERE ${end} < ${start}`,
      scan: { table: "attendance_periods", condition: `${end} < ${start}` },
    },
    {
      rule: "period-overlap",
      severity: "error",
      file: FILE,
      column: "period_start",
      reads: ["attendance_periods"],
      sql: `SELECT p.line, p.period_start AS value,
          format('value "{}": this period ({} to {}) of student {} at school {} overlaps the one on line {} ({} to {})',
            p.period_start, p.period_start, p.period_end, p.student_id, p.school_code,
            any_value(q.line ORDER BY q.line), any_value(q.period_start ORDER BY q.line),
            any_value(q.period_end ORDER BY q.line)) AS message
        FROM ${stg} p JOIN ${stg} q
          ON q.student_id = p.student_id AND q.school_code = p.school_code AND q.line <> p.line
          AND q.${start} <= p.${end} AND q.${end} >= p.${start}
          AND (q.${start} < p.${start} OR (q.${start} = p.${start} AND q.line < p.line))
        GROUP BY p.line, p.period_start, p.period_end, p.student_id, p.school_code`,
    },
    {
      rule: "period-enrollment",
      severity: "error",
      file: FILE,
      column: "days_enrolled",
      reads: ["attendance_periods", "enrollments"],
      sql: `WITH yearly AS (
          SELECT student_id, school_code, sum(${parsed("days_enrolled")}) AS days
          FROM ${stagingTable("enrollments")} GROUP BY student_id, school_code
        ),
        running AS (
          SELECT p.line, p.days_enrolled, p.student_id, p.school_code,
            coalesce(y.days, 0) AS yearly,
            sum(p.${parsed("days_enrolled")}) OVER (PARTITION BY p.student_id, p.school_code
              ORDER BY p.${start}, p.line) AS so_far,
            p.${parsed("days_enrolled")} AS days
          FROM ${stg} p LEFT JOIN yearly y
            ON y.student_id = p.student_id AND y.school_code = p.school_code
          WHERE p.${parsed("days_enrolled")} IS NOT NULL
        )
        SELECT line, days_enrolled AS value,
          format('value "{}" brings student {}''s days enrolled at school {} in attendance_periods.csv to {}, more than the {} of their stints there in enrollments.csv',
            days_enrolled, student_id, school_code, so_far, yearly) AS message
        FROM running WHERE so_far > yearly AND so_far - days <= yearly`,
    },
  ];
}
