import { SCHOOL_LEVELS, type SchoolLevel } from "../domain/codes.ts";
import { type Framework, levelGrades } from "../domain/framework/framework-schema.ts";
import { sqlStrings } from "./sql-text.ts";

/**
 * Which students count for which school at which level. A school is reported at each level listed
 * in its `school_levels` (schools.csv); at a level it counts only the students in that level's
 * grades (framework `school_levels.*.grades`). A K-8 school is thus an elementary school for its
 * TK-5 students and a middle school for its 6-8 students.
 *
 * Returns a SELECT of `(school_code, school_level, grade)` for school year `year`, limited to the
 * measure's `levels`. Join a student row on school_code and grade to get its level.
 */
export function schoolLevelGradesSql(
  framework: Framework,
  year: number,
  levels: readonly SchoolLevel[],
): string {
  const pairs = SCHOOL_LEVELS.filter((l) => levels.includes(l)).flatMap((level) =>
    levelGrades(framework, level).map((grade) => `('${level}', ${grade})`),
  );
  if (pairs.length === 0)
    return "SELECT NULL::VARCHAR AS school_code, NULL::VARCHAR AS school_level, NULL::INTEGER AS grade WHERE false";
  return `SELECT s.school_code, lg.school_level, lg.grade
FROM schools s
JOIN (VALUES ${pairs.join(", ")}) AS lg(school_level, grade)
  ON list_contains(string_split(s.school_levels, ';'), lg.school_level)
WHERE s.year = ${year}`;
}

/**
 * For rows that carry no grade (graduation cohorts, staff and parents without a child's grade):
 * a SELECT of `(school_code, school_level)` for every level the school serves among `levels`.
 */
export function schoolLevelsSql(year: number, levels: readonly SchoolLevel[]): string {
  return `SELECT s.school_code, sl.school_level
FROM schools s, unnest(string_split(s.school_levels, ';')) AS sl(school_level)
WHERE s.year = ${year} AND sl.school_level IN ${sqlStrings(levels)}`;
}
