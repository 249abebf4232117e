import type { Framework } from "../domain/framework/framework-schema.ts";
import { readRows, selectList } from "../warehouse/read-rows.ts";
import { omitColumns, type RowOf } from "../warehouse/row-shape.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { STUDENT_LIST } from "./student-list-schema.ts";

/** A student of a school's list as read: the API's row without its `note`. */
export const STUDENT_ROW = omitColumns(STUDENT_LIST.properties.students.items, ["note"]);
export type StudentRow = RowOf<typeof STUDENT_ROW>;

const LATEST_YEAR = {
  type: "object",
  required: ["year"],
  additionalProperties: false,
  properties: { year: { type: ["integer", "null"] } },
} as const;

/** A school's students in one year, with the flags the framework's measures count. */
export interface StudentList {
  readonly year: number;
  readonly students: StudentRow[];
}

/**
 * A school's students in `year` (default the latest year the school has enrollments), one row
 * per student: grade, groups (race, English status, SED, SWD, foster, homeless), days enrolled
 * and absent, chronically absent and suspended by the framework's rules, test levels and scale
 * scores; null when the school has no enrollments. Student-level data: the caller audits every
 * call. Call inside the reader's serialized read.
 */
export async function readStudentList(
  warehouse: Warehouse,
  framework: Framework,
  schoolCode: string,
  year?: number,
): Promise<StudentList | null> {
  const district = schoolCode.slice(0, 7);
  const absence = framework.measures.chronic_absence;
  const suspension = framework.measures.suspension;
  const threshold = absence?.absence_threshold_percent ?? 10;
  const minDays = absence?.min_days_enrolled ?? 31;
  const actions = (suspension?.actions ?? ["OSS", "ISS", "EXP"])
    .map((a) => `'${a.replace(/'/g, "")}'`)
    .join(", ");
  const listed =
    year ??
    (
      await readRows(
        warehouse,
        "enrollments",
        LATEST_YEAR,
        "SELECT max(year) AS year FROM enrollments WHERE district_code = ? AND school_code = ?",
        [district, schoolCode],
      )
    )[0]?.year;
  if (listed === null || listed === undefined) return null;
  const source: Record<keyof typeof STUDENT_ROW.properties, string> = {
    student_id: "e.student_id",
    grade: "e.grade",
    race_ethnicity: "s.race_ethnicity",
    el_status: "s.el_status",
    sed: "s.sed",
    swd: "s.swd",
    foster: "s.foster",
    homeless: "s.homeless",
    days_enrolled: "e.days_enrolled",
    days_absent: "e.days_absent",
    chronically_absent: `CASE WHEN e.days_enrolled >= ${minDays} THEN 100.0 * e.days_absent / e.days_enrolled >= ${threshold} END`,
    suspended: "susp.student_id IS NOT NULL",
    ela_level: "t.ela_level",
    math_level: "t.math_level",
    ela_scale_score: "t.ela_scale_score",
    math_scale_score: "t.math_scale_score",
  };
  const students = await readRows(
    warehouse,
    "enrollments, students and test_results",
    STUDENT_ROW,
    `WITH stints AS (
       SELECT student_id, max(grade) AS grade, sum(days_enrolled)::INTEGER AS days_enrolled, sum(days_absent)::INTEGER AS days_absent
       FROM enrollments WHERE district_code = ? AND year = ? AND school_code = ? GROUP BY student_id),
     tests AS (
       SELECT student_id,
         max(achievement_level) FILTER (WHERE subject = 'ELA') AS ela_level,
         max(achievement_level) FILTER (WHERE subject = 'MATH') AS math_level,
         max(scale_score) FILTER (WHERE subject = 'ELA') AS ela_scale_score,
         max(scale_score) FILTER (WHERE subject = 'MATH') AS math_scale_score
       FROM test_results WHERE district_code = ? AND year = ? AND school_code = ? GROUP BY student_id),
     susp AS (
       SELECT DISTINCT student_id FROM discipline
       WHERE district_code = ? AND year = ? AND school_code = ? AND action IN (${actions}))
     SELECT ${selectList(STUDENT_ROW, (c) => source[c])}
     FROM stints e
     JOIN students s ON s.district_code = ? AND s.year = ? AND s.student_id = e.student_id
     LEFT JOIN tests t ON t.student_id = e.student_id
     LEFT JOIN susp ON susp.student_id = e.student_id
     ORDER BY e.student_id`,
    [
      ...[district, listed, schoolCode],
      ...[district, listed, schoolCode],
      ...[district, listed, schoolCode],
      ...[district, listed],
    ],
  );
  return { year: listed, students };
}
