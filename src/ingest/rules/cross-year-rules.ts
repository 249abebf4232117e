import { type CheckContext, parsed, present, type SqlCheck, stagingTable } from "../sql-check.ts";

/**
 * Cross-year consistency against what the warehouse holds for other years (any district:
 * student ids are statewide). The nearest other year is named in the message.
 * - cross-year-gender, cross-year-race (warnings): a student's gender or race differs;
 * - cross-year-grade (error): the grade goes down, or rises by more than one per year;
 * - cross-year-el (error): a student RFEP in an earlier year is EL in a later year;
 * - cross-year-reclassification (error): the reclassification date differs between years.
 */
export function crossYearChecks(ctx: CheckContext): SqlCheck[] {
  const y = ctx.year;
  const students = stagingTable("students");
  // one pass over the submission's students joined with their rows of other years (a student
  // can have several, so the pass is not the students table's own)
  const otherYears = {
    other_years: {
      source: `SELECT student_id AS __key, year AS __year, gender AS __gender,
          race_ethnicity AS __race_ethnicity, el_status AS __el_status,
          reclassification_date AS __reclassification_date
        FROM students WHERE year <> ${y}`,
      on: "other_years.__key = student_id",
    },
  };
  const scan = (condition: string) => ({
    table: "students",
    pass: "students-other-years",
    condition,
    joins: otherYears,
  });
  const nearest = (partition: string) =>
    `QUALIFY row_number() OVER (PARTITION BY ${partition} ORDER BY abs(w.year - ${y}), w.year) = 1`;
  const changed = (rule: string, column: string): SqlCheck => ({
    rule,
    severity: "warning",
    file: "students.csv",
    column,
    reads: ["students"],
    sql: `SELECT s.line, s.${column} AS value,
        format('value "{}" differs from "{}" in {} (district {})', s.${column}, w.${column}, w.year, w.district_code) AS message
      FROM ${students} s JOIN students w ON w.student_id = s.student_id AND w.year <> ${y}
      WHERE ${present(`s.${column}`)} AND w.${column} <> s.${column}
      ${nearest("s.line")}`,
    scan: scan(`${present(column)} AND other_years.__${column} <> ${column}`),
  });
  return [
    changed("cross-year-gender", "gender"),
    changed("cross-year-race", "race_ethnicity"),
    {
      rule: "cross-year-grade",
      severity: "error",
      file: "enrollments.csv",
      column: "grade",
      reads: ["enrollments"],
      sql: `WITH cur AS (
          SELECT student_id, max(g) AS grade, arg_max(line, g) AS line
          FROM (SELECT student_id, line, ${parsed("grade")} AS g FROM ${stagingTable("enrollments")})
          WHERE g IS NOT NULL GROUP BY student_id),
        other AS (
          SELECT e.student_id, e.year, max(e.grade) AS grade, min(e.district_code) AS district_code
          FROM enrollments e WHERE e.year <> ${y} AND e.student_id IN (SELECT student_id FROM cur)
          GROUP BY e.student_id, e.year)
        SELECT c.line, CAST(c.grade AS VARCHAR) AS value,
          CASE
            WHEN w.year < ${y} AND c.grade < w.grade THEN format('value "{}" is lower than grade {} in {} (district {})', c.grade, w.grade, w.year, w.district_code)
            WHEN w.year < ${y} THEN format('value "{}" is more than {} grade(s) above grade {} in {} (district {})', c.grade, ${y} - w.year, w.grade, w.year, w.district_code)
            WHEN w.grade < c.grade THEN format('value "{}" is higher than grade {} in the later year {} (district {})', c.grade, w.grade, w.year, w.district_code)
            ELSE format('value "{}" is more than {} grade(s) below grade {} in the later year {} (district {})', c.grade, w.year - ${y}, w.grade, w.year, w.district_code)
          END AS message
        FROM cur c JOIN other w ON w.student_id = c.student_id
        WHERE (w.year < ${y} AND (c.grade < w.grade OR c.grade - w.grade > ${y} - w.year))
           OR (w.year > ${y} AND (w.grade < c.grade OR w.grade - c.grade > w.year - ${y}))
        ${nearest("c.student_id")}`,
    },
    {
      rule: "cross-year-el",
      severity: "error",
      file: "students.csv",
      column: "el_status",
      reads: ["students"],
      sql: `SELECT s.line, s.el_status AS value,
          CASE WHEN w.year < ${y}
            THEN format('value "{}": the student was reclassified (RFEP) in {} (district {}) and cannot return to EL', s.el_status, w.year, w.district_code)
            ELSE format('value "{}": the student is EL in the later year {} (district {}), an RFEP student cannot return to EL', s.el_status, w.year, w.district_code)
          END AS message
        FROM ${students} s JOIN students w ON w.student_id = s.student_id AND w.year <> ${y}
        WHERE (w.year < ${y} AND w.el_status = 'RFEP' AND s.el_status = 'EL')
           OR (w.year > ${y} AND w.el_status = 'EL' AND s.el_status = 'RFEP')
        ${nearest("s.line")}`,
      scan: scan(`(other_years.__year < ${y} AND other_years.__el_status = 'RFEP' AND el_status = 'EL')
          OR (other_years.__year > ${y} AND other_years.__el_status = 'EL' AND el_status = 'RFEP')`),
    },
    {
      rule: "cross-year-reclassification",
      severity: "error",
      file: "students.csv",
      column: "reclassification_date",
      reads: ["students"],
      sql: `SELECT s.line, s.reclassification_date AS value,
          format('value "{}" differs from reclassification date {} given in {} (district {})', s.reclassification_date, w.reclassification_date, w.year, w.district_code) AS message
        FROM ${students} s JOIN students w ON w.student_id = s.student_id AND w.year <> ${y}
        WHERE w.reclassification_date IS NOT NULL AND ${parsed("s.reclassification_date")} <> w.reclassification_date
        ${nearest("s.line")}`,
      scan: scan(
        `other_years.__reclassification_date IS NOT NULL AND ${parsed("reclassification_date")} <> other_years.__reclassification_date`,
      ),
    },
  ];
}
