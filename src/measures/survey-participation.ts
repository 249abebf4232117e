import type { SchoolLevel } from "../domain/codes.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import { schoolLevelGradesSql } from "./school-attribution.ts";
import { sqlNumbers } from "./sql-text.ts";

/** A survey participation floor per school level, in percent. */
export type FloorByLevel = Readonly<Record<SchoolLevel, number>>;

/**
 * Census enrollment per school × level: distinct students with a census-day stint at the school in
 * `grades` (within the level's grades). A SELECT of `(school_code, school_level, population)`.
 */
export function censusEnrollmentSql(
  framework: Framework,
  year: number,
  levels: readonly SchoolLevel[],
  grades: readonly number[],
): string {
  return `SELECT a.school_code, a.school_level, count(DISTINCT e.student_id) AS population
FROM enrollments e
JOIN (${schoolLevelGradesSql(framework, year, levels)}) a
  ON a.school_code = e.school_code AND a.grade = e.grade
WHERE e.year = ${year} AND e.census_day AND e.grade IN ${sqlNumbers(grades)}
GROUP BY a.school_code, a.school_level`;
}

/**
 * Participation per school × level: 100 × distinct respondents (`respondent_id` in
 * `respondents`) ÷ `population` (a SELECT of school_code, school_level, population), and whether
 * it reaches the level's floor. No population (or zero) gives NULL participation, below floor.
 * A SELECT of `(school_code, school_level, participation, meets_floor)`.
 */
export function participationSql(
  respondents: string,
  population: string,
  floor: FloorByLevel,
): string {
  return `SELECT q.school_code, q.school_level, q.participation,
  coalesce(q.participation >= CASE q.school_level
    WHEN 'elementary' THEN ${floor.elementary}
    WHEN 'middle' THEN ${floor.middle}
    WHEN 'high' THEN ${floor.high} END, false) AS meets_floor
FROM (
  SELECT r.school_code, r.school_level,
    100.0 * count(DISTINCT r.respondent_id) / nullif(max(p.population), 0) AS participation
  FROM (${respondents}) r
  LEFT JOIN (${population}) p ON p.school_code = r.school_code AND p.school_level = r.school_level
  GROUP BY r.school_code, r.school_level
) q`;
}
