import type { FastifyInstance } from "fastify";
import { ERRORS, SCHOOL_PARAMS } from "../../results/api-schemas.ts";
import { readStudentList } from "../../results/student-list.ts";
import { STUDENT_LIST } from "../../results/student-list-schema.ts";
import { NotFoundError } from "../http-errors.ts";
import { writeAudit } from "../request-auth.ts";
import { districtOf } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

/**
 * Student-level rows: a school's students in a year with their flags. Only users of the school's
 * district (and that school, for school roles) may call it; every call, allowed or denied, is
 * written to the audit log with the number of students returned.
 */
export function registerStudentRoutes(app: FastifyInstance, ctx: ServerContext): void {
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
      const list = await ctx.read(() =>
        readStudentList(ctx.warehouse, ctx.framework, code, request.query.year),
      );
      if (list === null) throw new NotFoundError("students of school", code);
      if (request.access) request.access.studentIds = list.students.map((s) => s.student_id);
      await writeAudit(ctx, request, "allowed");
      return { school_code: code, year: list.year, students: list.students };
    },
  );
}
