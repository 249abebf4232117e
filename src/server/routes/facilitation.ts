import type { FastifyInstance } from "fastify";
import type { FromSchema } from "json-schema-to-ts";
import { canAccess } from "../../access/access-policy.ts";
import { facilitationQueue } from "../../improvement/facilitation-queue.ts";
import {
  FACILITATION_QUEUE,
  FACILITATOR_ASSIGNMENT,
  FACILITATOR_CHOICE,
} from "../../improvement/facilitation-schema.ts";
import { facilitationQueueJson } from "../../improvement/facilitation-view.ts";
import { PLAN_PARAMS } from "../../improvement/plan-schema.ts";
import { isoDay } from "../../improvement/plan-view.ts";
import { readOpenWork } from "../../improvement/read-open-work.ts";
import { ERRORS, NO_QUERY } from "../../results/api-schemas.ts";
import type { Plan } from "../../workspace/plan-repository.ts";
import { userNames } from "../../workspace/user-names.ts";
import { BadRequestError } from "../http-errors.ts";
import { auditPlanWrite, planAccess, planResource, requestPlan } from "../plan-access.ts";
import type { ServerContext } from "../server-context.ts";
import { visibleFilter } from "./improvement-plans.ts";

type Assignment = FromSchema<typeof FACILITATOR_ASSIGNMENT>;

/** The plan's facilitator and the active facilitator accounts that could take it. */
async function facilitatorChoice(ctx: ServerContext, plan: Plan) {
  const candidates = await ctx.users.list({ role: "facilitator" });
  const current =
    plan.facilitatorId === null ? undefined : await ctx.users.findById(plan.facilitatorId);
  return {
    facilitator: current ? { id: current.id, name: current.displayName } : null,
    candidates: candidates
      .map((u) => ({ id: u.id, name: u.displayName }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id),
  };
}

/**
 * Facilitation (issue #17 point 5): a facilitator's list of what needs them across their plans
 * (plans awaiting review, PDSA cycles overdue, plans that have not met this quarter), and who
 * facilitates a plan — assigned by the hub or a member school's district admin, audited.
 */
export function registerFacilitationRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get(
    "/api/facilitation",
    {
      config: { access: { resources: () => [{ kind: "facilitation" as const }] } },
      schema: {
        tags: ["improvement"],
        summary:
          "what needs the facilitator today across the plans they may read: reviews awaited, cycles overdue, plans not met this quarter",
        querystring: NO_QUERY,
        response: { 200: FACILITATION_QUEUE, ...ERRORS },
      },
    },
    async (request) => {
      const who = request.principal;
      const filter = visibleFilter(who);
      const plans = (
        filter === null ? [] : await ctx.plans.list({ ...filter, statuses: ["draft", "active"] })
      ).filter((p) => canAccess(who, planResource(p, "read")).allowed);
      const today = isoDay(ctx.clock());
      const queue = facilitationQueue(await readOpenWork(ctx, plans, today), today);
      const nameOf = await userNames(
        ctx.users,
        queue.awaitingReview.map((a) => a.review.submittedBy),
      );
      return facilitationQueueJson(queue, plans.length, nameOf);
    },
  );

  app.get<{ Params: { planId: number } }>(
    "/api/plans/:planId/facilitator",
    {
      config: { access: planAccess(ctx, "assign") },
      schema: {
        tags: ["improvement"],
        summary: "the plan's facilitator and the facilitator accounts that may be assigned",
        params: PLAN_PARAMS,
        response: { 200: FACILITATOR_CHOICE, ...ERRORS },
      },
    },
    async (request) => facilitatorChoice(ctx, requestPlan(request)),
  );

  app.put<{ Params: { planId: number }; Body: Assignment }>(
    "/api/plans/:planId/facilitator",
    {
      config: { access: planAccess(ctx, "assign") },
      schema: {
        tags: ["improvement"],
        summary: "assigns the plan's facilitator (or takes them off with null)",
        params: PLAN_PARAMS,
        body: FACILITATOR_ASSIGNMENT,
        response: { 200: FACILITATOR_CHOICE, ...ERRORS },
      },
    },
    async (request) => {
      const plan = requestPlan(request);
      const id = request.body.facilitator_id;
      if (id !== null) {
        const user = await ctx.users.findById(id);
        if (user?.role !== "facilitator" || user.disabledAt !== null) {
          throw new BadRequestError(`user ${id} is not an active facilitator account`);
        }
      }
      const now = await ctx.plans.assignFacilitator(plan.id, id);
      await auditPlanWrite(
        ctx,
        request,
        plan,
        "assign_facilitator",
        `plan ${plan.id}: facilitator ${plan.facilitatorId ?? "none"} → ${id ?? "none"}`,
      );
      return facilitatorChoice(ctx, now);
    },
  );
}
