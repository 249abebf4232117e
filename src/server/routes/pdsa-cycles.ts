import type { FastifyInstance, FastifyRequest } from "fastify";
import type { FromSchema } from "json-schema-to-ts";
import {
  CYCLE,
  CYCLE_CHANGES,
  CYCLE_PARAMS,
  NEW_CYCLE,
  PLAN_PARAMS,
} from "../../improvement/plan-schema.ts";
import { cycleJson, isoDay } from "../../improvement/plan-view.ts";
import { ERRORS } from "../../results/api-schemas.ts";
import type { PdsaOutcome, PdsaPlanPart } from "../../workspace/pdsa-cycle-repository.ts";
import type { Plan } from "../../workspace/plan-repository.ts";
import { BadRequestError, NotFoundError } from "../http-errors.ts";
import { auditPlanWrite, planAccess, requestPlan } from "../plan-access.ts";
import type { ServerContext } from "../server-context.ts";
import { workspaceHttpError } from "./improvement-plans.ts";

type NewCycle = FromSchema<typeof NEW_CYCLE>;
type CycleChanges = FromSchema<typeof CYCLE_CHANGES>;

/** The repository's names for the API's cycle fields (only those given). */
function cycleChanges(b: CycleChanges): Partial<PdsaPlanPart> & Partial<PdsaOutcome> {
  const names: Record<keyof CycleChanges, keyof PdsaPlanPart | keyof PdsaOutcome> = {
    title: "title",
    change_idea: "changeIdea",
    change_idea_key: "changeIdeaKey",
    question: "question",
    prediction: "prediction",
    who: "who",
    what: "what",
    when: "when",
    where: "where",
    data_to_collect: "dataToCollect",
    due_on: "dueOn",
    ran_as_planned: "ranAsPlanned",
    what_happened: "whatHappened",
    results: "results",
    decision: "decision",
  };
  const out: Record<string, unknown> = {};
  for (const [api, value] of Object.entries(b)) {
    const name = names[api as keyof CycleChanges];
    if (name !== undefined && value !== undefined) out[name] = value;
  }
  return out as Partial<PdsaPlanPart> & Partial<PdsaOutcome>;
}

/** The school a new cycle is for: the body's, else the user's own school, else the lead school. */
function newCycleSchool(request: FastifyRequest, plan: Plan): string {
  const body = request.body as NewCycle | undefined;
  return body?.school_code ?? request.principal.schoolCode ?? plan.schoolCode;
}

/**
 * PDSA cycles of a plan: each school runs its own (school staff write their own school's cycles
 * only; every member reads all of them), numbered within the plan and chained into ramps.
 */
export function registerPdsaCycleRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Params: { planId: number }; Body: NewCycle }>(
    "/api/plans/:planId/cycles",
    {
      config: { access: planAccess(ctx, "write_cycle", newCycleSchool) },
      schema: {
        tags: ["improvement"],
        summary: "plans a PDSA cycle of one of the plan's schools (the next number of the plan)",
        params: PLAN_PARAMS,
        body: NEW_CYCLE,
        response: { 201: CYCLE, ...ERRORS },
      },
    },
    async (request, reply) => {
      const plan = requestPlan(request);
      const school = newCycleSchool(request, plan);
      if (!plan.schools.some((s) => s.schoolCode === school)) {
        throw new BadRequestError(`school "${school}" is not in plan ${plan.id}`);
      }
      const b = request.body;
      try {
        const cycle = await ctx.pdsaCycles.start({
          ...cycleChanges(b),
          planId: plan.id,
          changeIdea: b.change_idea,
          prediction: b.prediction,
          schoolCode: school,
          parentCycleId: b.parent_cycle_id ?? null,
          createdBy: request.principal.userId,
        });
        const outcome = cycleChanges({
          ...(b.ran_as_planned !== undefined ? { ran_as_planned: b.ran_as_planned } : {}),
          ...(b.what_happened !== undefined ? { what_happened: b.what_happened } : {}),
          ...(b.results !== undefined ? { results: b.results } : {}),
          ...(b.decision !== undefined ? { decision: b.decision } : {}),
        });
        const saved =
          Object.keys(outcome).length > 0 ? await ctx.pdsaCycles.update(cycle.id, outcome) : cycle;
        await auditPlanWrite(
          ctx,
          request,
          plan,
          "create",
          `PDSA cycle ${saved.id} of plan ${plan.id}`,
          school,
        );
        return reply.status(201).send(cycleJson(saved, isoDay(ctx.clock())));
      } catch (error) {
        throw workspaceHttpError(error);
      }
    },
  );

  const storedSchool = async (request: FastifyRequest, plan: Plan) => {
    const { cycleId } = request.params as { cycleId: number };
    const cycle = await ctx.pdsaCycles.findById(cycleId);
    if (!cycle || cycle.planId !== plan.id) throw new NotFoundError("PDSA cycle", cycleId);
    return cycle.schoolCode;
  };

  app.put<{ Params: { planId: number; cycleId: number }; Body: CycleChanges }>(
    "/api/plans/:planId/cycles/:cycleId",
    {
      config: { access: planAccess(ctx, "write_cycle", storedSchool) },
      schema: {
        tags: ["improvement"],
        summary:
          "changes a PDSA cycle: its plan, what happened, the results against the prediction, and adopt/adapt/abandon",
        params: CYCLE_PARAMS,
        body: CYCLE_CHANGES,
        response: { 200: CYCLE, ...ERRORS },
      },
    },
    async (request) => {
      const plan = requestPlan(request);
      try {
        const cycle = await ctx.pdsaCycles.update(
          request.params.cycleId,
          cycleChanges(request.body),
        );
        await auditPlanWrite(
          ctx,
          request,
          plan,
          "update",
          `PDSA cycle ${cycle.id} of plan ${plan.id}`,
          cycle.schoolCode,
        );
        return cycleJson(cycle, isoDay(ctx.clock()));
      } catch (error) {
        throw workspaceHttpError(error);
      }
    },
  );
}
