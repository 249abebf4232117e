import { sqlString, sqlStrings } from "../measures/sql-text.ts";
import { termWindowsSql } from "../measures/term-windows.ts";
import type { OntrackDefinition } from "./ontrack-definition.ts";

const valuesOf = (entries: [string, number][], columns: string): string =>
  entries.length > 0
    ? `(VALUES ${entries.map(([k, v]) => `(${sqlString(k)}, ${v})`).join(", ")}) AS ${columns}`
    : `(SELECT NULL::VARCHAR, NULL::DOUBLE WHERE false) AS ${columns}`;

/**
 * The statements that (re)write `ontrack_students` for school year `year` under `definition`: for
 * every student enrolled in the definition's grade, at each grading period of the school they are
 * enrolled in on the period's last day, what is known by then (everything dated on or before the
 * period's end, across the district's schools):
 *
 * - grading periods: the terms in which the school gave its students of the grade any mark, each
 *   placed on the calendar by {@link termWindowsSql} (course_marks carry no dates);
 * - credits earned, against the pace the definition expects by the term's end
 *   (`credit_pace[term]` × `min_credits`; no pace for the term: not judged on credits);
 * - semester failures in core courses (`semester_failures_per_mark` per failing mark, by term),
 *   and failing marks in any course;
 * - GPA over letter marks (`gpa_points`; other marks do not count; none: no GPA);
 * - days enrolled and absent from the attendance periods ended by then;
 * - suspension days of actions begun by then.
 *
 * On track: every on-track rule the definition has is met (no rules: null). Flags: each flag the
 * definition has (absent: null), and their count. A term with no marks for a student still
 * counts when the student was enrolled on its last day: credits stay where they were.
 */
export function ontrackStudentsSql(definition: OntrackDefinition, year: number): string[] {
  const d = definition;
  const id = sqlString(d.id);
  const failing = sqlStrings(d.failing_marks);
  const core = sqlStrings(d.core_subjects);
  const points = valuesOf(Object.entries(d.gpa_points) as [string, number][], "gp(mark, points)");
  const perMark = valuesOf(
    Object.entries(d.semester_failures_per_mark) as [string, number][],
    "sf(term, failures)",
  );
  const pace = valuesOf(Object.entries(d.credit_pace) as [string, number][], "pc(term, share)");
  const rules: string[] = [];
  if (d.on_track.min_credits !== undefined)
    rules.push("(s.credits_expected IS NULL OR s.credits_earned >= s.credits_expected)");
  if (d.on_track.max_core_semester_failures !== undefined)
    rules.push(`s.core_semester_failures <= ${d.on_track.max_core_semester_failures}`);
  const f = d.flags;
  const flag = (set: boolean, condition: string) =>
    set ? `coalesce(${condition}, false)` : "NULL::BOOLEAN";
  const flags = {
    attendance: flag(
      f.attendance_missed_share !== undefined,
      `s.days_enrolled > 0 AND s.days_absent >= ${f.attendance_missed_share} * s.days_enrolled`,
    ),
    failure: flag(f.any_failure === true, "s.failing_marks > 0"),
    gpa: flag(f.gpa_at_or_below !== undefined, `s.gpa <= ${f.gpa_at_or_below}`),
    suspension: flag(f.suspension_days !== undefined, `s.suspension_days >= ${f.suspension_days}`),
  };
  const windows = `(${termWindowsSql(year)}) AS tw(term, period_start, period_end)`;
  return [
    `DELETE FROM ontrack_students WHERE year = ${year} AND definition_id = ${id} AND definition_version = ${d.version}`,
    `INSERT INTO ontrack_students
WITH stints AS (
  SELECT district_code, student_id, school_code, entry_date, coalesce(exit_date, DATE '9999-12-31') AS exit_date
  FROM enrollments WHERE year = ${year} AND grade = ${d.grade}
),
marks AS (
  SELECT cm.district_code, cm.student_id, cm.school_code, cm.term, tw.period_end, cm.subject_area,
    cm.mark, cm.credits_earned
  FROM course_marks cm JOIN ${windows} ON tw.term = cm.term
  WHERE cm.year = ${year}
    AND EXISTS (SELECT 1 FROM stints st WHERE st.district_code = cm.district_code AND st.student_id = cm.student_id)
),
periods AS (
  SELECT DISTINCT m.school_code, m.term, m.period_end
  FROM marks m JOIN stints st ON st.district_code = m.district_code AND st.student_id = m.student_id
    AND st.school_code = m.school_code
),
followed AS (
  SELECT st.district_code, st.student_id, st.school_code, p.term, p.period_end
  FROM stints st JOIN periods p ON p.school_code = st.school_code
  WHERE st.entry_date <= p.period_end AND st.exit_date >= p.period_end
),
to_date AS (
  SELECT f.district_code, f.student_id, f.term, f.period_end,
    coalesce(sum(m.credits_earned), 0) AS credits_earned,
    coalesce(sum(sf.failures) FILTER (WHERE m.mark IN ${failing} AND m.subject_area IN ${core}), 0) AS core_semester_failures,
    count(m.mark) FILTER (WHERE m.mark IN ${failing}) AS failing_marks,
    avg(gp.points) AS gpa
  FROM followed f
  LEFT JOIN marks m ON m.district_code = f.district_code AND m.student_id = f.student_id
    AND m.period_end <= f.period_end
  LEFT JOIN ${points} ON gp.mark = m.mark
  LEFT JOIN ${perMark} ON sf.term = m.term
  GROUP BY ALL
),
attendance AS (
  SELECT f.district_code, f.student_id, f.term,
    coalesce(sum(a.days_enrolled), 0) AS days_enrolled, coalesce(sum(a.days_absent), 0) AS days_absent
  FROM followed f LEFT JOIN attendance_periods a ON a.year = ${year}
    AND a.district_code = f.district_code AND a.student_id = f.student_id AND a.period_end <= f.period_end
  GROUP BY ALL
),
suspensions AS (
  SELECT f.district_code, f.student_id, f.term, coalesce(sum(x.days), 0) AS suspension_days
  FROM followed f LEFT JOIN discipline x ON x.year = ${year}
    AND x.district_code = f.district_code AND x.student_id = f.student_id AND x.action_date <= f.period_end
  GROUP BY ALL
),
s AS (
  SELECT f.district_code, f.school_code, f.student_id, f.term, f.period_end,
    t.credits_earned,
    ${d.on_track.min_credits !== undefined ? `pc.share * ${d.on_track.min_credits}` : "NULL::DOUBLE"} AS credits_expected,
    t.core_semester_failures, t.failing_marks, t.gpa,
    a.days_enrolled, a.days_absent, x.suspension_days
  FROM followed f
  JOIN to_date t USING (district_code, student_id, term)
  JOIN attendance a USING (district_code, student_id, term)
  JOIN suspensions x USING (district_code, student_id, term)
  LEFT JOIN ${pace} ON pc.term = f.term
)
SELECT ${year}, ${id}, ${d.version}, s.district_code, s.school_code, s.student_id, s.term, s.period_end,
  s.credits_earned, s.credits_expected, s.core_semester_failures, s.failing_marks, s.gpa,
  s.days_enrolled, s.days_absent, s.suspension_days,
  ${rules.length > 0 ? rules.join(" AND ") : "NULL::BOOLEAN"},
  ${flags.attendance}, ${flags.failure}, ${flags.gpa}, ${flags.suspension},
  (coalesce(${flags.attendance}, false)::INTEGER + coalesce(${flags.failure}, false)::INTEGER
    + coalesce(${flags.gpa}, false)::INTEGER + coalesce(${flags.suspension}, false)::INTEGER)
FROM s`,
  ];
}
