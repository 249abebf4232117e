import type { FastifyInstance } from "fastify";
import { ERRORS, SCHOOL_PARAMS } from "../../results/api-schemas.ts";
import { STUDENT_LIST } from "../../results/student-list-schema.ts";
import { NotFoundError } from "../http-errors.ts";
import { writeAudit } from "../request-auth.ts";
import { districtOf } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

interface StudentRow extends Record<string, unknown> {
  student_id: string;
}

/**
 * Student-level rows: a school's students in a year with their flags. Only users of the school's
 * district (and that school, for school roles) may call it; every call, allowed or denied, is
 * written to the audit log with the number of students returned.
 */
export function registerStudentRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const absence = ctx.framework.measures.chronic_absence;
  const suspension = ctx.framework.measures.suspension;
  const threshold = absence?.absence_threshold_percent ?? 10;
  const minDays = absence?.min_days_enrolled ?? 31;
  const actions = (suspension?.actions ?? ["OSS", "ISS", "EXP"])
    .map((a) => `'${a.replace(/'/g, "")}'`)
    .join(", ");

  app.get<{ Params: { schoolCode: string }; Querystring: { year?: number } }>(
    "/api/schools/:schoolCode/students",
    {
      config: {
        access: {
          audit: "students",
          resources: (r) => {
            const code = (r.params as { schoolCode: string }).schoolCode;
            return [{ kind: "student_data", districtCode: districtOf(code), schoolCode: code }];
          },
        },
      },
      schema: {
        tags: ["students"],
        params: SCHOOL_PARAMS,
        querystring: {
          type: "object",
          properties: { year: { type: "integer", minimum: 2000, maximum: 2100 } },
          additionalProperties: false,
        },
        response: {
          200: STUDENT_LIST,
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const code = request.params.schoolCode;
      const district = districtOf(code);
      const rows = await ctx.read(async () => {
        const year =
          request.query.year ??
          ((
            await ctx.warehouse.all<{ year: number }>(
              "SELECT max(year) AS year FROM enrollments WHERE district_code = ? AND school_code = ?",
              [district, code],
            )
          )[0]?.year as number | null);
        if (year === null || year === undefined)
          return { year: null, students: [] as StudentRow[] };
        const students = await ctx.warehouse.all<StudentRow>(
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
           SELECT e.student_id, e.grade, s.race_ethnicity, s.el_status, s.sed, s.swd, e.days_enrolled, e.days_absent,
             CASE WHEN e.days_enrolled >= ${minDays} THEN 100.0 * e.days_absent / e.days_enrolled >= ${threshold} END AS chronically_absent,
             susp.student_id IS NOT NULL AS suspended,
             t.ela_level, t.math_level, t.ela_scale_score, t.math_scale_score
           FROM stints e
           JOIN students s ON s.district_code = ? AND s.year = ? AND s.student_id = e.student_id
           LEFT JOIN tests t ON t.student_id = e.student_id
           LEFT JOIN susp ON susp.student_id = e.student_id
           ORDER BY e.student_id`,
          [district, year, code, district, year, code, district, year, code, district, year],
        );
        return { year, students };
      });
      if (rows.year === null) throw new NotFoundError("students of school", code);
      if (request.access) request.access.studentIds = rows.students.map((s) => s.student_id);
      await writeAudit(ctx, request, "allowed");
      return { school_code: code, year: rows.year, students: rows.students };
    },
  );
}
