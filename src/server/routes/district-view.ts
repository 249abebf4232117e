import type { FastifyInstance } from "fastify";
import { seesLocalMeasures } from "../../access/local-measures-access.ts";
import { DISTRICT_CODE, ERRORS, RUN_ID, RUN_SCHOOL_PARAMS } from "../../results/api-schemas.ts";
import { DistrictNotInRunError, readDistrictView } from "../../results/district-view.ts";
import { DISTRICT_VIEW, SCHOOL_LOCAL_MEASURES } from "../../results/district-view-schema.ts";
import { readSchoolLocalMeasures } from "../../results/school-local-measures.ts";
import { HttpError } from "../http-errors.ts";
import { runResource, runRow, runSchoolAggregateAccess } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

/**
 * The district view (every measure pooled over the district's students, by group, with the
 * network, peer districts and trends; local measures for the district's own admins and the hub)
 * and a school's local measures (for whoever may read its report).
 */
export function registerDistrictViewRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { runId: string; districtCode: string }; Querystring: { peers?: string } }>(
    "/api/runs/:runId/districts/:districtCode",
    {
      config: {
        access: {
          resources: async (r) => {
            const { runId, districtCode } = r.params as { runId: string; districtCode: string };
            return [
              await runResource(ctx, runId, r.principal),
              { kind: "aggregate", districtCode },
            ];
          },
        },
      },
      schema: {
        tags: ["districts"],
        params: {
          type: "object",
          required: ["runId", "districtCode"],
          properties: { runId: RUN_ID, districtCode: DISTRICT_CODE },
          additionalProperties: false,
        },
        querystring: {
          type: "object",
          properties: {
            peers: {
              type: "string",
              pattern: "^([0-9]{7})(,[0-9]{7}){0,9}$",
              description:
                "peer districts to compare with (comma-separated); default: the suggested ones",
            },
          },
          additionalProperties: false,
        },
        response: { 200: DISTRICT_VIEW, ...ERRORS },
      },
    },
    async (request) => {
      const { runId, districtCode } = request.params;
      const run = await runRow(ctx, runId);
      try {
        return await ctx.read(() =>
          readDistrictView(ctx, run, districtCode, {
            suppress: request.access?.suppress ?? true,
            local: seesLocalMeasures(request.principal, districtCode),
            peers: request.query.peers?.split(",") ?? [],
          }),
        );
      } catch (error) {
        // Not `not_found`: the run exists and may be read; it holds no results for the district.
        if (error instanceof DistrictNotInRunError)
          throw new HttpError(404, "no_results", error.message);
        throw error;
      }
    },
  );

  app.get<{ Params: { runId: string; schoolCode: string } }>(
    "/api/runs/:runId/schools/:schoolCode/local-measures",
    {
      config: { access: runSchoolAggregateAccess(ctx) },
      schema: {
        tags: ["districts"],
        params: RUN_SCHOOL_PARAMS,
        response: { 200: SCHOOL_LOCAL_MEASURES, ...ERRORS },
      },
    },
    async (request) => {
      const { runId, schoolCode } = request.params;
      await runRow(ctx, runId);
      return ctx.read(() =>
        readSchoolLocalMeasures(ctx, runId, schoolCode, request.access?.suppress ?? true),
      );
    },
  );
}
