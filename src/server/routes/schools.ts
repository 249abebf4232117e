import type { FastifyInstance } from "fastify";
import { DISTRICT_CODE, ERRORS, SCHOOL_LEVEL, SCHOOL_PARAMS } from "../../results/api-schemas.ts";
import { SCHOOL } from "../../results/school-schema.ts";
import { NotFoundError } from "../http-errors.ts";
import { districtOf } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

interface SchoolRow extends Record<string, unknown> {
  school_code: string;
  school_levels: string;
}

/** Each school's latest row (or its row in `year`), as shown by the API. */
export function schoolsSql(where: string[], year?: number): string {
  const filters = [...where, ...(year !== undefined ? [`year = ${Number(year)}`] : [])];
  return `SELECT school_code, school_name, district_code, district_name, year, low_grade, high_grade,
            school_levels, title_i, charter, latitude, longitude
          FROM schools ${filters.length ? `WHERE ${filters.join(" AND ")}` : ""}
          QUALIFY row_number() OVER (PARTITION BY school_code ORDER BY year DESC) = 1
          ORDER BY school_code`;
}

export function shownSchool(row: SchoolRow): Record<string, unknown> {
  return { ...row, school_levels: row.school_levels.split(";") };
}

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
      const { district, level, q, year } = request.query;
      const where: string[] = [];
      const params: string[] = [];
      if (district) {
        where.push("district_code = ?");
        params.push(district);
      }
      if (level) {
        where.push("list_contains(string_split(school_levels, ';'), ?)");
        params.push(level);
      }
      if (q) {
        where.push("school_name ILIKE ?");
        params.push(`%${q}%`);
      }
      const rows = await ctx.read(() =>
        ctx.warehouse.all<SchoolRow>(schoolsSql(where, year), params),
      );
      return { schools: rows.map(shownSchool) };
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
      const rows = await ctx.read(() =>
        ctx.warehouse.all<SchoolRow>(schoolsSql(["school_code = ?"]), [code]),
      );
      if (rows.length === 0) throw new NotFoundError("school", code);
      return { school: shownSchool(rows[0]!) };
    },
  );
}
