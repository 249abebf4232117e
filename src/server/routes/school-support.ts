import type { FastifyInstance } from "fastify";
import { canAccess } from "../../access/access-policy.ts";
import type { Principal } from "../../access/principal.ts";
import { readerSeesCellsOf } from "../../disclosure/hidden-cells.ts";
import { planProgress } from "../../improvement/plan-progress.ts";
import { isoDay, schoolPlanJson } from "../../improvement/plan-view.ts";
import { ERRORS, RUN_SCHOOL_PARAMS } from "../../results/api-schemas.ts";
import { shownCommunityList, shownPairingList } from "../../results/pairing-list.ts";
import { schoolExists } from "../../results/school-directory.ts";
import { SCHOOL_SUPPORT } from "../../results/school-support-schema.ts";
import { NotFoundError } from "../http-errors.ts";
import { planResource } from "../plan-access.ts";
import { runRow, runSchoolAggregateAccess } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";
import { visibleFilter } from "./improvement-plans.ts";

/**
 * A school's support beside its report's tier: its pairs and communities of practice in the run
 * (public; their reasons rendered for the reader by the same disclosure as the support page's
 * lists) and its improvement plans with their aims and progress, only those the reader may read
 * (src/access: the plan's schools' staff, their district admins, its facilitator, the hub). The
 * public and everyone outside a plan get `plans: []`, as `GET /api/plans` gives them, so the
 * answer does not tell whether a plan exists.
 */
export function registerSchoolSupportRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { runId: string; schoolCode: string } }>(
    "/api/runs/:runId/schools/:schoolCode/support",
    {
      config: { access: runSchoolAggregateAccess(ctx) },
      schema: {
        tags: ["reports"],
        summary:
          "the school's pairs and communities of practice in the run, and the improvement plans of the school the reader may read (aim and progress)",
        params: RUN_SCHOOL_PARAMS,
        response: { 200: SCHOOL_SUPPORT, ...ERRORS },
      },
    },
    async (request) => {
      const { runId, schoolCode } = request.params;
      const run = await runRow(ctx, runId);
      const sees = readerSeesCellsOf(request.principal);
      const [exists, pairings, communities] = await ctx.read(async () => [
        await schoolExists(ctx.warehouse, schoolCode),
        await shownPairingList(ctx, run.run_id, sees),
        await shownCommunityList(ctx, run.run_id, sees),
      ]);
      if (!exists) throw new NotFoundError("school", schoolCode);
      // Rows as served (their shape is COMMUNITY_ROW, checked by the response schema).
      const members: readonly Record<string, unknown>[] = communities ?? [];
      const own = members.filter((r) => r.school_code === schoolCode);
      const ids = new Set(own.map((r) => r.community_id).filter((id) => id !== null));
      return {
        run_id: run.run_id,
        school_code: schoolCode,
        pairings_computed: pairings !== null,
        pairings: (pairings ?? []).filter(
          (r) => r.school_code === schoolCode || r.partner_code === schoolCode,
        ),
        communities: members.filter(
          (r) =>
            r.school_code === schoolCode || (r.community_id !== null && ids.has(r.community_id)),
        ),
        workspace: visibleFilter(request.principal) !== null,
        plans: await readablePlans(ctx, request.principal, schoolCode),
      };
    },
  );
}

/** The school's plans `who` may read, newest first, each with its aim and progress. */
async function readablePlans(ctx: ServerContext, who: Principal, schoolCode: string) {
  if (visibleFilter(who) === null) return [];
  const plans = (await ctx.plans.list({ schoolCodes: [schoolCode] })).filter(
    (p) => canAccess(who, planResource(p, "read")).allowed,
  );
  const today = isoDay(ctx.clock());
  const shown = await Promise.all(
    plans.map(async (p) => {
      const [cycles, meetings, facilitator] = await Promise.all([
        ctx.pdsaCycles.listForPlan(p.id),
        ctx.meetings.listForPlan(p.id),
        p.facilitatorId === null ? undefined : ctx.users.findById(p.facilitatorId),
      ]);
      return schoolPlanJson(
        p,
        facilitator?.displayName ?? null,
        planProgress(cycles, meetings, today),
      );
    }),
  );
  return shown.reverse();
}
