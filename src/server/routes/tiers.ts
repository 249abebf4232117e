import type { FastifyInstance } from "fastify";
import { readerSeesCellsOf } from "../../disclosure/hidden-cells.ts";
import { DISTRICT_CODE, ERRORS, RUN_PARAMS } from "../../results/api-schemas.ts";
import { shownTierList } from "../../results/tier-list.ts";
import { TIER_LIST } from "../../results/tier-schema.ts";
import { runDistrictAggregateAccess } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

/**
 * Support tiers of a run: every school's tier, the facts it rests on and its reason, with its
 * index, each figure as the reader may see it (see `shownTierList`).
 */
export function registerTierRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { runId: string }; Querystring: { tier?: string; district?: string } }>(
    "/api/runs/:runId/tiers",
    {
      config: { access: runDistrictAggregateAccess(ctx) },
      schema: {
        tags: ["results"],
        params: RUN_PARAMS,
        querystring: {
          type: "object",
          properties: {
            tier: { type: "string", enum: ["priority", "focus", "partner_eligible", "none"] },
            district: DISTRICT_CODE,
          },
          additionalProperties: false,
        },
        response: {
          200: TIER_LIST,
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const sees = readerSeesCellsOf(request.principal);
      const schools = await ctx.read(() =>
        shownTierList(ctx, request.params.runId, request.query, sees),
      );
      return { schools };
    },
  );
}
