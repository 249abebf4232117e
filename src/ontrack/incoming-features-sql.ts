import type { OntrackDefinition } from "./ontrack-definition.ts";

/**
 * The features of the lanes' model, one per name, as SQL over {@link incomingFeaturesSql}'s
 * columns: what a high school knows of an incoming 9th grader from the 8th-grade year (z-scores
 * within the year's 8th graders; a missing mark or test leaves the z at 0 with its flag set).
 */
export const INCOMING_FEATURES: Readonly<Record<string, string>> = {
  attendance: "attendance_z",
  gpa: "gpa_z",
  gpa_missing: "gpa_missing",
  df_marks: "df_marks",
  test_score: "test_z",
  test_missing: "test_missing",
  suspended: "suspended",
  moved: "moved",
};

/**
 * One row per student enrolled in grade `definition.grade − 1` in school year `year − 1` (the
 * 8th graders who would enter 9th grade in `year`), keyed by district and student, with the
 * features of {@link INCOMING_FEATURES}: attendance rate (1 − absent/enrolled over the year's
 * stints), GPA and D/F marks of the year's letter marks (the definition's `gpa_points`; D and F:
 * points ≤ 1), the mean of the ELA and math scale scores' z within the tested grade, any
 * suspension or expulsion, and more than one school in the year.
 */
export function incomingFeaturesSql(definition: OntrackDefinition, year: number): string {
  const prior = year - 1;
  const grade = definition.grade - 1;
  const points = Object.entries(definition.gpa_points);
  const pointsSql =
    points.length > 0
      ? `(VALUES ${points.map(([m, p]) => `('${m}', ${p})`).join(", ")}) AS gp(mark, points)`
      : "(SELECT NULL::VARCHAR, NULL::DOUBLE WHERE false) AS gp(mark, points)";
  return `WITH cohort AS (
  SELECT district_code, student_id,
    1 - sum(days_absent)::DOUBLE / nullif(sum(days_enrolled), 0) AS attendance,
    (count(DISTINCT school_code) > 1)::INTEGER AS moved
  FROM enrollments WHERE year = ${prior} AND grade = ${grade}
  GROUP BY ALL
),
marks AS (
  SELECT cm.district_code, cm.student_id, avg(gp.points) AS gpa,
    count(*) FILTER (WHERE gp.points <= 1) AS df_marks
  FROM course_marks cm JOIN ${pointsSql} ON gp.mark = cm.mark
  WHERE cm.year = ${prior}
  GROUP BY ALL
),
tests AS (
  SELECT district_code, student_id, avg(z) AS test
  FROM (
    SELECT district_code, student_id,
      (scale_score - avg(scale_score) OVER (PARTITION BY subject))
        / nullif(stddev_pop(scale_score) OVER (PARTITION BY subject), 0) AS z
    FROM test_results WHERE year = ${prior} AND grade = ${grade}
  ) GROUP BY ALL
),
suspensions AS (
  SELECT DISTINCT district_code, student_id FROM discipline WHERE year = ${prior}
),
joined AS (
  SELECT c.district_code, c.student_id, c.attendance, c.moved, m.gpa,
    coalesce(m.df_marks, 0)::DOUBLE AS df_marks, t.test,
    (s.student_id IS NOT NULL)::INTEGER AS suspended
  FROM cohort c
  LEFT JOIN marks m USING (district_code, student_id)
  LEFT JOIN tests t USING (district_code, student_id)
  LEFT JOIN suspensions s USING (district_code, student_id)
)
SELECT district_code, student_id,
  coalesce((attendance - avg(attendance) OVER ()) / nullif(stddev_pop(attendance) OVER (), 0), 0) AS attendance_z,
  coalesce((gpa - avg(gpa) OVER ()) / nullif(stddev_pop(gpa) OVER (), 0), 0) AS gpa_z,
  (gpa IS NULL)::INTEGER AS gpa_missing,
  df_marks,
  coalesce(test, 0) AS test_z,
  (test IS NULL)::INTEGER AS test_missing,
  suspended, moved
FROM joined`;
}
