import type { FastifyInstance } from "fastify";
import { parseQuarter, quarterOf } from "../../improvement/calendar-quarter.ts";
import { NETWORK_ROLLUP, ROLLUP_QUERY } from "../../improvement/facilitation-schema.ts";
import { networkRollupJson } from "../../improvement/facilitation-view.ts";
import { networkRollup } from "../../improvement/network-rollup.ts";
import { isoDay } from "../../improvement/plan-view.ts";
import { readPlanActivity } from "../../improvement/read-plan-activity.ts";
import { ERRORS } from "../../results/api-schemas.ts";
import { userNames } from "../../workspace/user-names.ts";
import type { ServerContext } from "../server-context.ts";

/**
 * The hub's roll-up of the network's improvement work in a calendar quarter (default: this one):
 * pairs and communities that met, PDSA cycles started and completed with their adopt/adapt/abandon
 * decisions, and each team's monthly progress score over the year. Counts of workspace records,
 * no student figures (nothing here is derived from student data, so no disclosure pass applies).
 */
export function registerNetworkRollupRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Querystring: { quarter?: string } }>(
    "/api/network/rollup",
    {
      config: { access: { resources: () => [{ kind: "network_rollup" as const }] } },
      schema: {
        tags: ["improvement"],
        summary:
          "the network's pairs and communities in a quarter: who met, cycles started and completed, decisions, monthly progress scores",
        querystring: ROLLUP_QUERY,
        response: { 200: NETWORK_ROLLUP, ...ERRORS },
      },
    },
    async (request) => {
      const q = request.query.quarter
        ? parseQuarter(request.query.quarter)
        : quarterOf(isoDay(ctx.clock()));
      const plans = await ctx.plans.list();
      const [activity, scores] = await Promise.all([
        readPlanActivity(ctx, plans),
        ctx.progressScores.list(plans.map((p) => p.id)),
      ]);
      const nameOf = await userNames(
        ctx.users,
        plans.map((p) => p.facilitatorId),
      );
      return networkRollupJson(networkRollup(activity, scores, q), nameOf);
    },
  );
}
