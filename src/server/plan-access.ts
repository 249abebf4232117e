import type { FastifyRequest } from "fastify";
import { canAccess, type PlanAction, type Resource } from "../access/access-policy.ts";
import type { Plan } from "../workspace/plan-repository.ts";
import { NotFoundError } from "./http-errors.ts";
import type { RouteAccess } from "./route-access.ts";
import type { ServerContext } from "./server-context.ts";

const plans = new WeakMap<FastifyRequest, Plan>();

/** The policy resource of `plan` for `action`. */
export function planResource(
  plan: Plan,
  action: PlanAction,
  cycleSchool?: string | null,
): Resource {
  return {
    kind: "improvement_plan",
    action,
    schools: plan.schools.map((s) => s.schoolCode),
    facilitatorId: plan.facilitatorId,
    ...(cycleSchool !== undefined ? { cycleSchool } : {}),
  };
}

/**
 * The access of a route under `/api/plans/:planId`: the plan, for `action`. A plan the user may not
 * read answers 404 exactly as a plan that does not exist, so its existence does not leak; a member
 * who reads it but may not do `action` (a partner school writing the other school's cycle) gets
 * the access hook's 403. `cycleSchool` names the school a PDSA cycle write is for (from the body
 * or the stored cycle).
 */
export function planAccess(
  ctx: ServerContext,
  action: PlanAction,
  cycleSchool?: (request: FastifyRequest, plan: Plan) => Promise<string | null> | string | null,
): RouteAccess {
  return {
    resources: async (request) => {
      const id = (request.params as { planId: number }).planId;
      const plan = await ctx.plans.findById(id);
      if (!plan || !canAccess(request.principal, planResource(plan, "read")).allowed) {
        throw new NotFoundError("plan", id);
      }
      plans.set(request, plan);
      return [
        planResource(plan, action, cycleSchool ? await cycleSchool(request, plan) : undefined),
      ];
    },
  };
}

/** The plan the access hook read for this request (routes declared with {@link planAccess}). */
export function requestPlan(request: FastifyRequest): Plan {
  const plan = plans.get(request);
  if (!plan) throw new Error(`no plan was read for ${request.url}`);
  return plan;
}

/** Writes the audit entry of a change to the workspace. */
export async function auditPlanWrite(
  ctx: ServerContext,
  request: FastifyRequest,
  plan: Plan,
  action: string,
  what: string,
  schoolCode: string | null = null,
): Promise<void> {
  await ctx.audit.record({
    userId: request.principal.userId,
    role: request.principal.role,
    action,
    resource: what,
    districtCode: (schoolCode ?? plan.schoolCode).slice(0, 7),
    schoolCode: schoolCode ?? plan.schoolCode,
    ip: request.ip,
    outcome: "allowed",
  });
}
