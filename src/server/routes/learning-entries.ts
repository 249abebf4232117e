import type { FastifyInstance, FastifyRequest } from "fastify";
import type { FromSchema } from "json-schema-to-ts";
import {
  LEARNING_CHANGES,
  LEARNING_ENTRY,
  LEARNING_LIST,
  LEARNING_PARAMS,
  NEW_LEARNING_ENTRY,
} from "../../improvement/learning-schema.ts";
import { learningEntryJson, learningListJson } from "../../improvement/learning-view.ts";
import { PLAN_PARAMS } from "../../improvement/plan-schema.ts";
import { ERRORS } from "../../results/api-schemas.ts";
import type { LearningChanges } from "../../workspace/learning-entry-repository.ts";
import type { Plan } from "../../workspace/plan-repository.ts";
import { NotFoundError } from "../http-errors.ts";
import { auditPlanWrite, planAccess, requestPlan } from "../plan-access.ts";
import type { ServerContext } from "../server-context.ts";
import { workspaceHttpError } from "./improvement-plans.ts";

type NewEntry = FromSchema<typeof NEW_LEARNING_ENTRY>;
type EntryChanges = FromSchema<typeof LEARNING_CHANGES>;

/** The repository's names for the API's fields (only those given). */
function entryChanges(b: EntryChanges): LearningChanges {
  return {
    ...(b.direction !== undefined ? { direction: b.direction } : {}),
    ...(b.partner_code !== undefined ? { partnerCode: b.partner_code } : {}),
    ...(b.entry_date !== undefined ? { entryDate: b.entry_date } : {}),
    ...(b.text !== undefined ? { text: b.text } : {}),
    ...(b.cycle_id !== undefined ? { cycleId: b.cycle_id } : {}),
    ...(b.meeting_id !== undefined ? { meetingId: b.meeting_id } : {}),
  };
}

/** The school a new entry is for: the body's, else the user's own school, else the lead school. */
function newEntrySchool(request: FastifyRequest, plan: Plan): string {
  const body = request.body as NewEntry | undefined;
  return body?.school_code ?? request.principal.schoolCode ?? plan.schoolCode;
}

/**
 * Two-way learning of a pair or community: every member reads both sides; each school's staff
 * record, correct and take back their own school's entries (its district admins, the facilitator
 * and the hub any school's). Outside the plan every route answers 404.
 */
export function registerLearningEntryRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { planId: number } }>(
    "/api/plans/:planId/learning",
    {
      config: { access: planAccess(ctx, "read") },
      schema: {
        tags: ["improvement"],
        summary: "what each school of the plan took from its partners and gave them, side by side",
        params: PLAN_PARAMS,
        response: { 200: LEARNING_LIST, ...ERRORS },
      },
    },
    async (request) => {
      const plan = requestPlan(request);
      return learningListJson(plan, await ctx.learning.listForPlan(plan.id));
    },
  );

  app.post<{ Params: { planId: number }; Body: NewEntry }>(
    "/api/plans/:planId/learning",
    {
      config: { access: planAccess(ctx, "write_learning", newEntrySchool) },
      schema: {
        tags: ["improvement"],
        summary: "records what one school of the plan took from a partner or gave one",
        params: PLAN_PARAMS,
        body: NEW_LEARNING_ENTRY,
        response: { 201: LEARNING_ENTRY, ...ERRORS },
      },
    },
    async (request, reply) => {
      const plan = requestPlan(request);
      const school = newEntrySchool(request, plan);
      const b = request.body;
      try {
        const entry = await ctx.learning.add({
          ...entryChanges(b),
          planId: plan.id,
          schoolCode: school,
          direction: b.direction,
          entryDate: b.entry_date,
          text: b.text,
          createdBy: request.principal.userId ?? 0,
        });
        await auditPlanWrite(
          ctx,
          request,
          plan,
          "create",
          `learning entry ${entry.id} of plan ${plan.id}`,
          school,
        );
        return reply.status(201).send(learningEntryJson(entry));
      } catch (error) {
        throw workspaceHttpError(error);
      }
    },
  );

  const storedSchool = async (request: FastifyRequest, plan: Plan) => {
    const { entryId } = request.params as { entryId: number };
    const entry = await ctx.learning.findById(entryId);
    if (!entry || entry.planId !== plan.id) throw new NotFoundError("learning entry", entryId);
    return entry.schoolCode;
  };

  app.put<{ Params: { planId: number; entryId: number }; Body: EntryChanges }>(
    "/api/plans/:planId/learning/:entryId",
    {
      config: { access: planAccess(ctx, "write_learning", storedSchool) },
      schema: {
        tags: ["improvement"],
        summary:
          "corrects a learning entry (its own school's staff, or a district admin, the facilitator, the hub)",
        params: LEARNING_PARAMS,
        body: LEARNING_CHANGES,
        response: { 200: LEARNING_ENTRY, ...ERRORS },
      },
    },
    async (request) => {
      const plan = requestPlan(request);
      try {
        const entry = await ctx.learning.update(request.params.entryId, entryChanges(request.body));
        await auditPlanWrite(
          ctx,
          request,
          plan,
          "update",
          `learning entry ${entry.id} of plan ${plan.id}`,
          entry.schoolCode,
        );
        return learningEntryJson(entry);
      } catch (error) {
        throw workspaceHttpError(error);
      }
    },
  );

  app.delete<{ Params: { planId: number; entryId: number } }>(
    "/api/plans/:planId/learning/:entryId",
    {
      config: { access: planAccess(ctx, "write_learning", storedSchool) },
      schema: {
        tags: ["improvement"],
        summary: "takes a learning entry back; answers the entry as it was",
        params: LEARNING_PARAMS,
        response: { 200: LEARNING_ENTRY, ...ERRORS },
      },
    },
    async (request) => {
      const plan = requestPlan(request);
      const entry = await ctx.learning.findById(request.params.entryId);
      if (!entry) throw new NotFoundError("learning entry", request.params.entryId);
      await ctx.learning.remove(entry.id);
      await auditPlanWrite(
        ctx,
        request,
        plan,
        "delete",
        `learning entry ${entry.id} of plan ${plan.id}`,
        entry.schoolCode,
      );
      return learningEntryJson(entry);
    },
  );
}
