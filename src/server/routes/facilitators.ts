import type { FastifyInstance } from "fastify";
import { ERRORS, NO_QUERY } from "../../results/api-schemas.ts";
import { FACILITATOR_LIST } from "../../results/facilitator-schema.ts";
import { facilitatorsOf } from "../../workspace/plan-facilitators.ts";
import type { ServerContext } from "../server-context.ts";
import { visibleFilter } from "./improvement-plans.ts";

/**
 * The facilitators of the improvement plans the signed-in reader may see, with their schools
 * (the support page filters its lists by them). Signed-in users only: plans are not public.
 */
export function registerFacilitatorRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get(
    "/api/facilitators",
    {
      config: { access: { resources: () => [{ kind: "own_account" }] } },
      schema: {
        tags: ["improvement"],
        querystring: NO_QUERY,
        response: { 200: FACILITATOR_LIST, ...ERRORS },
      },
    },
    async (request) => ({
      facilitators: await facilitatorsOf(
        ctx.plans,
        request.principal,
        visibleFilter(request.principal),
      ),
    }),
  );
}
