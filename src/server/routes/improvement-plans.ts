import type { FastifyInstance, FastifyRequest } from "fastify";
import type { FromSchema } from "json-schema-to-ts";
import { canAccess } from "../../access/access-policy.ts";
import type { Principal } from "../../access/principal.ts";
import { NoSuchGroupError, type PlanDraft, planDraft } from "../../improvement/plan-draft.ts";
import {
  GROUP_REF,
  PLAN,
  PLAN_CHANGES,
  PLAN_DRAFT,
  PLAN_PARAMS,
  PLAN_SUMMARY,
} from "../../improvement/plan-schema.ts";
import {
  draftJson,
  isoDay,
  type PlanJson,
  planJson,
  planSummaryJson,
} from "../../improvement/plan-view.ts";
import { ERRORS, RUN_PARAMS } from "../../results/api-schemas.ts";
import type { Plan, PlanFilter } from "../../workspace/plan-repository.ts";
import { DuplicateKeyError, WorkspaceInputError } from "../../workspace/workspace-errors.ts";
import { BadRequestError, HttpError, NotFoundError } from "../http-errors.ts";
import { auditPlanWrite, planAccess, planResource, requestPlan } from "../plan-access.ts";
import { runResource, runRow } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

type GroupRefBody = FromSchema<typeof GROUP_REF>;
type PlanChanges = FromSchema<typeof PLAN_CHANGES>;

/** The most plans `GET /api/plans` answers at once. */
export const MAX_PLANS_PER_PAGE = 200;

const PLAN_ERRORS = { ...ERRORS, 409: { $ref: "ErrorBody#" } } as const;

/** A workspace rule broken by a request is the request's fault (400); a duplicate a conflict (409). */
export function workspaceHttpError(error: unknown): unknown {
  if (error instanceof WorkspaceInputError) return new BadRequestError(error.message);
  if (error instanceof DuplicateKeyError) return new HttpError(409, "conflict", error.message);
  return error;
}

/** The plans `who` may be shown: those of their school, district, or facilitation (all: the hub). */
export function visibleFilter(who: Principal): PlanFilter | null {
  switch (who.role) {
    case "hub_admin":
      return {};
    case "facilitator":
      return who.userId === null ? null : { facilitatorId: who.userId };
    case "district_admin":
      return who.districtCode === null ? null : { districtCodes: [who.districtCode] };
    case "school_staff":
      return who.schoolCode === null ? null : { schoolCodes: [who.schoolCode] };
    default:
      return null;
  }
}

/** The whole plan as the page shows it. */
export async function readPlan(ctx: ServerContext, plan: Plan): Promise<PlanJson> {
  const [problems, diagram, checklist, team, cycles, meetings, facilitator] = await Promise.all([
    ctx.planSections.problems(plan.id),
    ctx.planSections.diagram(plan.id),
    ctx.planSections.checklist(plan.id),
    ctx.planSections.team(plan.id),
    ctx.pdsaCycles.listForPlan(plan.id),
    ctx.meetings.listForPlan(plan.id),
    plan.facilitatorId === null ? undefined : ctx.users.findById(plan.facilitatorId),
  ]);
  return planJson(
    {
      plan,
      facilitator: facilitator?.displayName ?? null,
      problems,
      diagram,
      checklist,
      team,
      cycles,
      meetings,
    },
    ctx.templates,
    isoDay(ctx.clock()),
  );
}

/**
 * The improvement plans of pairs and communities (issue #17): the plan a run's identification
 * proposes (its problems of practice and aim, with figures disclosed as for a reader who sees
 * none of the schools' own cells, since a plan's figures are shared by all its members), creating
 * the plan from it, reading and editing it. A plan is reached by its schools' staff, their
 * district admins, its facilitator and the hub (src/access); anyone else gets 404. Every change is
 * written to the audit log.
 */
export function registerImprovementPlanRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const drafts = new WeakMap<FastifyRequest, PlanDraft>();
  /** The run's pair or community, drafted once per request (the access hook needs its schools). */
  async function draftOf(request: FastifyRequest, ref: GroupRefBody): Promise<PlanDraft> {
    const hit = drafts.get(request);
    if (hit) return hit;
    const run = await runRow(ctx, ref.run_id);
    try {
      const draft = await ctx.read(() =>
        planDraft(
          ctx,
          {
            runId: run.run_id,
            year: run.year,
            kind: ref.kind,
            schoolLevel: ref.school_level,
            groupKey: ref.group_key,
          },
          () => false,
        ),
      );
      drafts.set(request, draft);
      return draft;
    } catch (error) {
      if (error instanceof NoSuchGroupError) throw new HttpError(404, "not_found", error.message);
      throw error;
    }
  }
  const createAccess = (ref: (r: FastifyRequest) => GroupRefBody) => ({
    resources: async (request: FastifyRequest) => {
      const g = ref(request);
      const run = await runResource(ctx, g.run_id, request.principal);
      const draft = await draftOf(request, g);
      return [
        run,
        {
          kind: "improvement_plan" as const,
          action: "create" as const,
          schools: draft.schools.map((s) => s.schoolCode),
        },
      ];
    },
  });

  app.get<{ Querystring: Partial<GroupRefBody> & { page?: number; per_page?: number } }>(
    "/api/plans",
    {
      config: { access: { resources: () => [] } },
      schema: {
        tags: ["improvement"],
        summary:
          "the plans the user works on (none for anyone outside them), oldest first, a page at a time",
        querystring: {
          type: "object",
          properties: {
            ...GROUP_REF.properties,
            page: { type: "integer", minimum: 1, default: 1 },
            per_page: { type: "integer", minimum: 1, maximum: MAX_PLANS_PER_PAGE, default: 50 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: "object",
            required: ["plans", "total", "page", "per_page"],
            properties: {
              plans: { type: "array", items: PLAN_SUMMARY },
              total: { type: "integer", description: "how many plans match, on every page" },
              page: { type: "integer" },
              per_page: { type: "integer" },
            },
            additionalProperties: false,
          },
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const page = q.page ?? 1;
      const perPage = q.per_page ?? 50;
      const filter = visibleFilter(request.principal);
      if (filter === null) return { plans: [], total: 0, page, per_page: perPage };
      // The query's filters, the reader's visibility and the page are SQL (indexed); the policy
      // still has the last word on each plan (a school user's school must lie in their district).
      const found = await ctx.plans.page(
        {
          ...filter,
          ...(q.run_id ? { runId: q.run_id } : {}),
          ...(q.kind !== undefined ? { kind: q.kind } : {}),
          ...(q.school_level !== undefined ? { schoolLevel: q.school_level } : {}),
          ...(q.group_key !== undefined ? { groupKey: q.group_key } : {}),
        },
        { offset: (page - 1) * perPage, limit: perPage },
      );
      const plans = found.plans.filter(
        (p) => canAccess(request.principal, planResource(p, "read")).allowed,
      );
      return {
        plans: plans.map(planSummaryJson),
        total: plans.length === found.plans.length ? found.total : plans.length,
        page,
        per_page: perPage,
      };
    },
  );

  app.get<{ Params: { runId: string }; Querystring: Omit<GroupRefBody, "run_id"> }>(
    "/api/runs/:runId/plan-draft",
    {
      config: {
        access: createAccess((r) => ({
          ...(r.query as Omit<GroupRefBody, "run_id">),
          run_id: (r.params as { runId: string }).runId,
        })),
      },
      schema: {
        tags: ["improvement"],
        summary:
          "the plan a pair's or community's identification proposes, for those who may start it",
        params: RUN_PARAMS,
        querystring: {
          type: "object",
          required: ["kind", "school_level", "group_key"],
          properties: {
            kind: GROUP_REF.properties.kind,
            school_level: GROUP_REF.properties.school_level,
            group_key: GROUP_REF.properties.group_key,
          },
          additionalProperties: false,
        },
        response: { 200: PLAN_DRAFT, ...ERRORS },
      },
    },
    async (request) => {
      const ref = { ...request.query, run_id: request.params.runId };
      const draft = await draftOf(request, ref);
      const existing = await ctx.plans.findByGroup({
        runId: draft.runId,
        kind: draft.kind,
        schoolLevel: draft.schoolLevel,
        groupKey: draft.groupKey,
      });
      return draftJson(draft, existing?.id ?? null);
    },
  );

  app.post<{ Body: GroupRefBody }>(
    "/api/plans",
    {
      config: { access: createAccess((r) => r.body as GroupRefBody) },
      schema: {
        tags: ["improvement"],
        summary:
          "creates the plan of a run's pair or community from its identification (problems, aim, checklist)",
        body: GROUP_REF,
        response: { 201: PLAN, ...PLAN_ERRORS },
      },
    },
    async (request, reply) => {
      const draft = await draftOf(request, request.body);
      const who = request.principal;
      let plan: Plan;
      try {
        plan = await ctx.plans.create({
          kind: draft.kind,
          runId: draft.runId,
          schoolLevel: draft.schoolLevel,
          groupKey: draft.groupKey,
          title: draft.title,
          schools: draft.schools,
          facilitatorId: who.role === "facilitator" ? who.userId : null,
          aim: draft.aim,
          checklistTemplate: {
            id: ctx.templates.checklist.id,
            version: ctx.templates.checklist.version,
          },
          createdBy: who.userId!,
        });
        await ctx.planSections.replaceProblems(
          plan.id,
          draft.problems.map((p) => ({
            metric: p.metric,
            studentGroup: p.studentGroup,
            statement: p.statement,
          })),
        );
      } catch (error) {
        throw workspaceHttpError(error);
      }
      await auditPlanWrite(ctx, request, plan, "create", `plan ${plan.id}`);
      return reply.status(201).send(await readPlan(ctx, plan));
    },
  );

  app.get<{ Params: { planId: number } }>(
    "/api/plans/:planId",
    {
      config: { access: planAccess(ctx, "read") },
      schema: {
        tags: ["improvement"],
        summary:
          "a plan with its problems, aim, driver diagram, checklist, teams, cycles and meetings",
        params: PLAN_PARAMS,
        response: { 200: PLAN, ...ERRORS },
      },
    },
    async (request) => readPlan(ctx, requestPlan(request)),
  );

  app.put<{ Params: { planId: number }; Body: PlanChanges }>(
    "/api/plans/:planId",
    {
      config: { access: planAccess(ctx, "write") },
      schema: {
        tags: ["improvement"],
        summary: "changes a plan: each section given replaces the stored one",
        params: PLAN_PARAMS,
        body: PLAN_CHANGES,
        response: { 200: PLAN, ...PLAN_ERRORS },
      },
    },
    async (request) => {
      const plan = requestPlan(request);
      const b = request.body;
      const changed: string[] = [];
      try {
        if (b.title !== undefined || b.status !== undefined || b.aim || b.agreement) {
          await ctx.plans.update(plan.id, {
            ...(b.title !== undefined ? { title: b.title } : {}),
            ...(b.status !== undefined ? { status: b.status } : {}),
            ...(b.aim
              ? {
                  aim: {
                    what: b.aim.what,
                    metric: b.aim.metric,
                    studentGroup: b.aim.student_group,
                    baseline: b.aim.baseline,
                    target: b.aim.target,
                    by: b.aim.by,
                    forWhom: b.aim.for_whom,
                  },
                }
              : {}),
            ...(b.agreement ? { agreement: b.agreement } : {}),
          });
          changed.push("plan");
        }
        if (b.problems) {
          await ctx.planSections.replaceProblems(
            plan.id,
            b.problems.map((p) => ({
              metric: p.metric,
              studentGroup: p.student_group,
              statement: p.statement,
            })),
          );
          changed.push("problems");
        }
        if (b.drivers) {
          await ctx.planSections.replaceDiagram(plan.id, b.drivers);
          changed.push("driver diagram");
        }
        if (b.checklist) {
          await ctx.planSections.setChecklist(
            plan.id,
            b.checklist.map((c) => ({ itemKey: c.key, status: c.status, note: c.note })),
            new Set(ctx.templates.checklist.items.map((i) => i.key)),
          );
          changed.push("checklist");
        }
        if (b.team) {
          await ctx.planSections.replaceTeam(
            plan.id,
            b.team.map((m) => ({
              schoolCode: m.school_code,
              name: m.name,
              roleTitle: m.role_title,
            })),
            new Set(plan.schools.map((s) => s.schoolCode)),
          );
          changed.push("team");
        }
      } catch (error) {
        throw workspaceHttpError(error);
      }
      if (changed.length > 0) {
        await auditPlanWrite(
          ctx,
          request,
          plan,
          "update",
          `plan ${plan.id}: ${changed.join(", ")}`,
        );
      }
      const now = await ctx.plans.findById(plan.id);
      if (!now) throw new NotFoundError("plan", plan.id);
      return readPlan(ctx, now);
    },
  );
}
