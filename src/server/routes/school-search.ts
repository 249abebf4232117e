import type { FastifyInstance } from "fastify";
import { ERRORS, RUN_PARAMS } from "../../results/api-schemas.ts";
import { searchSchools, searchTerms } from "../../results/school-search.ts";
import { SCHOOL_SEARCH } from "../../results/school-search-schema.ts";
import { runDistrictAggregateAccess, runRow } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

/** Schools a search answers with at most. */
const SEARCH_LIMIT = 12;

/**
 * The school search of a run: the directory's schools of the run's year matching a query by name,
 * district or code, typos tolerated, each with its index level and tier (see `searchSchools`).
 */
export function registerSchoolSearchRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { runId: string }; Querystring: { q: string } }>(
    "/api/runs/:runId/search",
    {
      config: { access: runDistrictAggregateAccess(ctx) },
      schema: {
        tags: ["schools"],
        params: RUN_PARAMS,
        querystring: {
          type: "object",
          required: ["q"],
          properties: { q: { type: "string", maxLength: 200 } },
          additionalProperties: false,
        },
        response: { 200: SCHOOL_SEARCH, ...ERRORS },
      },
    },
    async (request) => {
      const run = await runRow(ctx, request.params.runId);
      const { q } = request.query;
      const schools = await ctx.read(() =>
        searchSchools(ctx.warehouse, run, searchTerms(q), SEARCH_LIMIT),
      );
      return { query: q, schools };
    },
  );
}
