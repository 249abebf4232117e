import type { FastifyInstance } from "fastify";
import { DISTRICT_CODE, ERRORS, SCHOOL_LEVEL, SCHOOL_PARAMS } from "../../results/api-schemas.ts";
import { readSchool, readSchools } from "../../results/school-directory.ts";
import { SCHOOL } from "../../results/school-schema.ts";
import { NotFoundError } from "../http-errors.ts";
import { districtOf } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

/** Schools: the directory (filters by district, level, name, year) and one school. */
export function registerSchoolRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Querystring: { district?: string; level?: string; q?: string; year?: number } }>(
    "/api/schools",
    {
      config: {
        access: {
          resources: (r) => [
            {
              kind: "aggregate",
              districtCode: (r.query as { district?: string }).district ?? null,
            },
          ],
        },
      },
      schema: {
        tags: ["schools"],
        querystring: {
          type: "object",
          properties: {
            district: DISTRICT_CODE,
            level: SCHOOL_LEVEL,
            q: { type: "string", maxLength: 100 },
            year: { type: "integer", minimum: 2000, maximum: 2100 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: "object",
            required: ["schools"],
            additionalProperties: false,
            properties: { schools: { type: "array", items: SCHOOL } },
          },
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const schools = await ctx.read(() => readSchools(ctx.warehouse, request.query));
      return { schools };
    },
  );

  app.get<{ Params: { schoolCode: string } }>(
    "/api/schools/:schoolCode",
    {
      config: {
        access: {
          resources: (r) => {
            const code = (r.params as { schoolCode: string }).schoolCode;
            return [{ kind: "aggregate", districtCode: districtOf(code), schoolCode: code }];
          },
        },
      },
      schema: {
        tags: ["schools"],
        params: SCHOOL_PARAMS,
        response: {
          200: {
            type: "object",
            required: ["school"],
            additionalProperties: false,
            properties: { school: SCHOOL },
          },
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const code = request.params.schoolCode;
      const school = await ctx.read(() => readSchool(ctx.warehouse, code));
      if (school === null) throw new NotFoundError("school", code);
      return { school };
    },
  );
}
