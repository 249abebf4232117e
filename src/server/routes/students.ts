import type { FastifyInstance, FastifyRequest } from "fastify";
import { ERRORS, SCHOOL_PARAMS } from "../../results/api-schemas.ts";
import { studentExportCsv } from "../../results/student-export.ts";
import { filterStudents, STUDENT_FLAGS, type StudentFlag } from "../../results/student-filter.ts";
import { readStudentList } from "../../results/student-list.ts";
import { STUDENT_LIST } from "../../results/student-list-schema.ts";
import { NotFoundError } from "../http-errors.ts";
import { writeAudit } from "../request-auth.ts";
import { districtOf } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

const YEAR = { type: "integer", minimum: 2000, maximum: 2100 } as const;

/** Who may read a school's students: its district's users (and that school's, for school roles). */
function studentAccess(audit: string) {
  return {
    audit,
    resources: (r: FastifyRequest) => {
      const code = (r.params as { schoolCode: string }).schoolCode;
      return [{ kind: "student_data" as const, districtCode: districtOf(code), schoolCode: code }];
    },
  };
}

/**
 * Student-level rows: a school's students in a year with their flags, as JSON for the page and
 * as a CSV export. Only users of the school's district (and that school, for school roles) may
 * call them; every call, allowed or denied, is written to the audit log with the students
 * returned (the export as `students_export`).
 */
export function registerStudentRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { schoolCode: string }; Querystring: { year?: number } }>(
    "/api/schools/:schoolCode/students",
    {
      config: { access: studentAccess("students") },
      schema: {
        tags: ["students"],
        params: SCHOOL_PARAMS,
        querystring: {
          type: "object",
          properties: { year: YEAR },
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
      const list = await ctx.read(() =>
        readStudentList(ctx.warehouse, ctx.framework, code, request.query.year),
      );
      if (list === null) throw new NotFoundError("students of school", code);
      if (request.access) request.access.studentIds = list.students.map((s) => s.student_id);
      await writeAudit(ctx, request, "allowed");
      return { school_code: code, year: list.year, students: list.students };
    },
  );

  app.get<{
    Params: { schoolCode: string };
    Querystring: { year?: number; grade?: number; group?: StudentFlag[] };
  }>(
    "/api/schools/:schoolCode/students/export",
    {
      config: { access: studentAccess("students_export") },
      schema: {
        tags: ["students"],
        description:
          "A school's students as CSV (one grade and the groups all rows belong to, when given): the rows the student page shows under the same filter.",
        params: SCHOOL_PARAMS,
        querystring: {
          type: "object",
          properties: {
            year: YEAR,
            grade: { type: "integer", minimum: -1, maximum: 12 },
            group: { type: "array", items: { type: "string", enum: STUDENT_FLAGS } },
          },
          additionalProperties: false,
        },
        response: { 200: { type: "string", description: "CSV, one row per student" }, ...ERRORS },
      },
    },
    async (request, reply) => {
      const code = request.params.schoolCode;
      const { year, grade, group } = request.query;
      const list = await ctx.read(() => readStudentList(ctx.warehouse, ctx.framework, code, year));
      if (list === null) throw new NotFoundError("students of school", code);
      const students = filterStudents(list.students, { grade, groups: group });
      if (request.access) request.access.studentIds = students.map((s) => s.student_id);
      await writeAudit(ctx, request, "allowed");
      return reply
        .header("content-disposition", `attachment; filename="students-${code}-${list.year}.csv"`)
        .type("text/csv; charset=utf-8")
        .send(studentExportCsv(students));
    },
  );
}
