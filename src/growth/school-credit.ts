import { exactSumSql } from "../measures/exact-sum-sql.ts";
import { sqlNumbers, sqlString } from "../measures/sql-text.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import type { GrowthModel } from "./growth-models.ts";
import { CREDITS_TABLE, RESIDUALS_TABLE } from "./student-residuals.ts";

/**
 * Which schools a student's growth is credited to, and with what weight (the temporary table
 * `growth_credits`: the residual rows with `school_code` and `weight`).
 *
 * - Grades 4–8: the school where the student tested, weight 1.
 * - The high-school grade (11, prior three years earlier): the student's credit is split equally
 *   over the years of the span (grades 9, 10, 11 = years t−2, t−1, t), and a year's share equally
 *   over the distinct schools where the student had an enrollment in grades 9–12 that year (any
 *   district of the network). Years without any such enrollment (the student was outside the
 *   network) give their share to the years found; a student with no enrollment found at all is
 *   credited wholly to the school where they tested.
 */
export async function createSchoolCredits(
  warehouse: Warehouse,
  args: { year: number; models: readonly GrowthModel[] },
): Promise<void> {
  const { year, models } = args;
  const highSchool = models.filter((m) => m.highSchool);
  const hsKeys = highSchool.map((m) => `(${sqlString(m.subject)}, ${m.grade}, ${m.lag})`);
  const oneYear = `SELECT r.subject, r.grade, r.student_id, r.district_code, r.school_code, 1.0 AS weight, r.e2, r.sigma2, r.m_dev, r.slope_var, r.slope_key
FROM ${RESIDUALS_TABLE} r
${hsKeys.length > 0 ? "WHERE NOT EXISTS (SELECT 1 FROM hs WHERE hs.subject = r.subject AND hs.grade = r.grade)" : ""}`;
  if (hsKeys.length === 0) {
    await warehouse.run(`CREATE OR REPLACE TEMP TABLE ${CREDITS_TABLE} AS ${oneYear}`);
    return;
  }
  const maxLag = Math.max(...highSchool.map((m) => m.lag));
  const spanYears = Array.from({ length: maxLag }, (_, i) => year - i);
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE ${CREDITS_TABLE} AS
WITH hs(subject, grade, lag) AS (VALUES ${hsKeys.join(", ")}),
hs_students AS (
  SELECT r.*, hs.lag FROM ${RESIDUALS_TABLE} r JOIN hs ON hs.subject = r.subject AND hs.grade = r.grade
),
stints AS (
  SELECT DISTINCT e.student_id, e.year, e.school_code
  FROM enrollments e
  WHERE e.year IN ${sqlNumbers(spanYears)} AND e.grade BETWEEN 9 AND 12
    AND e.student_id IN (SELECT student_id FROM hs_students)
),
spread AS (
  SELECT r.subject, r.grade, r.student_id, r.district_code, s.school_code, r.e2, r.sigma2,
    r.m_dev, r.slope_var, r.slope_key,
    1.0 / (count(DISTINCT s.year) OVER (PARTITION BY r.subject, r.student_id)
      * count(*) OVER (PARTITION BY r.subject, r.student_id, s.year)) AS weight
  FROM hs_students r
  JOIN stints s ON s.student_id = r.student_id AND s.year > ${year} - r.lag
)
${oneYear}
UNION ALL
SELECT subject, grade, student_id, district_code, school_code, ${exactSumSql("weight")} AS weight, any_value(e2) AS e2, any_value(sigma2) AS sigma2,
  any_value(m_dev) AS m_dev, any_value(slope_var) AS slope_var, any_value(slope_key) AS slope_key
FROM spread GROUP BY subject, grade, student_id, district_code, school_code
UNION ALL
SELECT r.subject, r.grade, r.student_id, r.district_code, r.school_code, 1.0, r.e2, r.sigma2,
  r.m_dev, r.slope_var, r.slope_key
FROM hs_students r
WHERE NOT EXISTS (SELECT 1 FROM spread s WHERE s.subject = r.subject AND s.student_id = r.student_id)`);
}
