import type { FastifyInstance, FastifyRequest } from "fastify";
import type { FromSchema } from "json-schema-to-ts";
import { canAccess } from "../../access/access-policy.ts";
import {
  MEASURE_PARAMS,
  NEW_PROCESS_MEASURE,
  PLAN_EVIDENCE,
  PROCESS_MEASURE,
  PROCESS_MEASURE_CHANGES,
  PROCESS_VALUE,
  PROCESS_VALUE_BODY,
  VALUE_PARAMS,
} from "../../improvement/evidence-schema.ts";
import {
  planEvidence,
  planGroups,
  processMeasureJson,
  readShownSchoolSeries,
  type ShownSchoolSeries,
} from "../../improvement/plan-evidence.ts";
import { PLAN_PARAMS } from "../../improvement/plan-schema.ts";
import { PERIODIC_MEASURES } from "../../measures/periodic-results-table.ts";
import { ERRORS } from "../../results/api-schemas.ts";
import type { SeasonalContext } from "../../results/periodic-chart.ts";
import { readPeriodicRows } from "../../results/periodic-series.ts";
import type { Plan } from "../../workspace/plan-repository.ts";
import type { ProcessMeasure } from "../../workspace/process-measure-repository.ts";
import { BadRequestError, NotFoundError } from "../http-errors.ts";
import { auditPlanWrite, planAccess, requestPlan } from "../plan-access.ts";
import { districtOf, runRow } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";
import { workspaceHttpError } from "./improvement-plans.ts";

type NewMeasure = FromSchema<typeof NEW_PROCESS_MEASURE>;
type MeasureChanges = FromSchema<typeof PROCESS_MEASURE_CHANGES>;
type ValueBody = FromSchema<typeof PROCESS_VALUE_BODY>;

/**
 * The published run a plan's warehouse charts come from: the newest year's current publication,
 * when it is not older than the plan's own run (the plan's work runs in that year or later).
 */
async function evidenceRun(ctx: ServerContext, plan: Plan) {
  const newest = (await ctx.published.currentByYear())[0];
  if (!newest) return null;
  if (plan.runId !== null) {
    const own = await runRow(ctx, plan.runId).catch(() => null);
    if (own && own.year > newest.year) return null;
  }
  return { runId: newest.runId, year: newest.year };
}

/** The names of the users who entered values (for "entered by"). */
async function enteredBy(ctx: ServerContext, measures: readonly ProcessMeasure[]) {
  const ids = new Set(measures.flatMap((m) => m.values.map((v) => v.enteredBy)));
  const names = new Map<number, string>();
  for (const id of ids) {
    const user = await ctx.users.findById(id);
    if (user) names.set(id, user.displayName || user.email);
  }
  return names;
}

/**
 * Evidence of progress of a plan (issue #17 point 4):
 * - `GET /api/plans/:planId/evidence`: the plan's charts — the newest published run's periodic
 *   measures of its schools for its problems' groups, each school's figures through the disclosure
 *   pass for this reader (suppressed unless the reader may see that school's cells; monthly absence
 *   seasonally adjusted by its previous year as this reader is shown it, `ctx.seasonal`), and the team's
 *   process measures — each with the plan's PDSA cycles and meetings as annotations, and in words
 *   which charts show a real change since the plan began;
 * - process measures: a team defines one (name, unit, chart, direction of good) and enters dated
 *   values; every write is audited.
 * Plan members only (src/access); anyone else gets 404.
 */
export function registerPlanEvidenceRoutes(app: FastifyInstance, ctx: ServerContext): void {
  /** The plan's measure named in the URL; 404 for a measure of another plan. */
  async function measureOf(request: FastifyRequest, plan: Plan): Promise<ProcessMeasure> {
    const { measureId } = request.params as { measureId: number };
    const measure = await ctx.processMeasures.findById(measureId);
    if (!measure || measure.planId !== plan.id)
      throw new NotFoundError("process measure", measureId);
    return measure;
  }
  function checkSchool(plan: Plan, school: string | null | undefined): void {
    if (school != null && !plan.schools.some((s) => s.schoolCode === school))
      throw new BadRequestError(`school "${school}" is not in plan ${plan.id}`);
  }

  app.get<{ Params: { planId: number } }>(
    "/api/plans/:planId/evidence",
    {
      config: { access: planAccess(ctx, "read") },
      schema: {
        tags: ["improvement"],
        summary:
          "the plan's charts (periodic measures of its schools and groups, its process measures) with its cycles and meetings as annotations, and which show a real change since the plan began",
        params: PLAN_PARAMS,
        response: { 200: PLAN_EVIDENCE, ...ERRORS },
      },
    },
    async (request) => {
      const plan = requestPlan(request);
      const [problems, cycles, meetings, processMeasures, run] = await Promise.all([
        ctx.planSections.problems(plan.id),
        ctx.pdsaCycles.listForPlan(plan.id),
        ctx.meetings.listForPlan(plan.id),
        ctx.processMeasures.listForPlan(plan.id),
        evidenceRun(ctx, plan),
      ]);
      const series = new Map<string, ShownSchoolSeries>();
      const seasonal = new Map<string, SeasonalContext>();
      const groups = planGroups(problems);
      const row = run ? await runRow(ctx, run.runId) : null;
      if (run && row) {
        for (const s of plan.schools) {
          // Each school's cells as this reader may see them (their own school, district, the hub).
          const { suppress } = canAccess(request.principal, {
            kind: "aggregate",
            districtCode: districtOf(s.schoolCode),
            schoolCode: s.schoolCode,
          });
          const shown = await ctx.read(() =>
            readShownSchoolSeries(
              ctx.warehouse,
              ctx.framework,
              run.runId,
              s.schoolCode,
              plan.schoolLevel,
              suppress,
            ),
          );
          series.set(s.schoolCode, shown);
          // A seasonal measure's previous year, as this reader is shown it, at the same level.
          for (const info of PERIODIC_MEASURES.filter((m) => m.seasonal && shown.has(m.id))) {
            const level =
              plan.schoolLevel ??
              (
                await ctx.read(() =>
                  readPeriodicRows(ctx.warehouse, run.runId, s.schoolCode, { measure: info.id }),
                )
              )[0]?.school_level;
            if (!level) continue;
            for (const group of groups) {
              if (!shown.get(info.id)?.has(group)) continue;
              const context = await ctx.seasonal.of(row, {
                districtCode: districtOf(s.schoolCode),
                schoolCode: s.schoolCode,
                level,
                measure: info.id,
                group,
                suppress,
              });
              if (context) seasonal.set(`${s.schoolCode}|${info.id}|${group}`, context);
            }
          }
        }
      }
      return planEvidence({
        plan,
        cycles,
        meetings,
        groups,
        run,
        series,
        seasonal,
        processMeasures,
        userNames: await enteredBy(ctx, processMeasures),
      });
    },
  );

  app.post<{ Params: { planId: number }; Body: NewMeasure }>(
    "/api/plans/:planId/measures",
    {
      config: { access: planAccess(ctx, "write") },
      schema: {
        tags: ["improvement"],
        summary:
          "adds a process measure the team keeps (name, unit, run or XmR chart, direction of good)",
        params: PLAN_PARAMS,
        body: NEW_PROCESS_MEASURE,
        response: { 201: PROCESS_MEASURE, ...ERRORS, 409: { $ref: "ErrorBody#" } },
      },
    },
    async (request, reply) => {
      const plan = requestPlan(request);
      const b = request.body;
      checkSchool(plan, b.school_code);
      try {
        const m = await ctx.processMeasures.create({
          planId: plan.id,
          name: b.name,
          unit: b.unit,
          chart: b.chart,
          direction: b.direction,
          schoolCode: b.school_code ?? null,
          description: b.description ?? "",
          createdBy: request.principal.userId!,
        });
        await auditPlanWrite(
          ctx,
          request,
          plan,
          "create",
          `process measure ${m.id} of plan ${plan.id}`,
          m.schoolCode,
        );
        return reply.status(201).send(processMeasureJson(m, new Map()));
      } catch (error) {
        throw workspaceHttpError(error);
      }
    },
  );

  app.put<{ Params: { planId: number; measureId: number }; Body: MeasureChanges }>(
    "/api/plans/:planId/measures/:measureId",
    {
      config: { access: planAccess(ctx, "write") },
      schema: {
        tags: ["improvement"],
        summary: "changes a process measure's definition",
        params: MEASURE_PARAMS,
        body: PROCESS_MEASURE_CHANGES,
        response: { 200: PROCESS_MEASURE, ...ERRORS, 409: { $ref: "ErrorBody#" } },
      },
    },
    async (request) => {
      const plan = requestPlan(request);
      const measure = await measureOf(request, plan);
      const b = request.body;
      checkSchool(plan, b.school_code);
      try {
        const m = await ctx.processMeasures.update(measure.id, {
          ...(b.name !== undefined ? { name: b.name } : {}),
          ...(b.unit !== undefined ? { unit: b.unit } : {}),
          ...(b.chart !== undefined ? { chart: b.chart } : {}),
          ...(b.direction !== undefined ? { direction: b.direction } : {}),
          ...(b.school_code !== undefined ? { schoolCode: b.school_code } : {}),
          ...(b.description !== undefined ? { description: b.description } : {}),
        });
        await auditPlanWrite(
          ctx,
          request,
          plan,
          "update",
          `process measure ${m.id} of plan ${plan.id}`,
          m.schoolCode,
        );
        return processMeasureJson(m, await enteredBy(ctx, [m]));
      } catch (error) {
        throw workspaceHttpError(error);
      }
    },
  );

  app.delete<{ Params: { planId: number; measureId: number } }>(
    "/api/plans/:planId/measures/:measureId",
    {
      config: { access: planAccess(ctx, "write") },
      schema: {
        tags: ["improvement"],
        summary: "takes a process measure away with all its values",
        params: MEASURE_PARAMS,
        response: {
          200: {
            type: "object",
            required: ["deleted", "values"],
            properties: {
              deleted: { type: "integer", description: "the measure's id" },
              values: { type: "integer", description: "how many values went with it" },
            },
            additionalProperties: false,
          },
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const plan = requestPlan(request);
      const measure = await measureOf(request, plan);
      const values = await ctx.processMeasures.delete(measure.id);
      if (values === null) throw new NotFoundError("process measure", measure.id);
      await auditPlanWrite(
        ctx,
        request,
        plan,
        "delete",
        `process measure ${measure.id} of plan ${plan.id} ("${measure.name}", ${values} values)`,
        measure.schoolCode,
      );
      return { deleted: measure.id, values };
    },
  );

  app.put<{ Params: { planId: number; measureId: number; date: string }; Body: ValueBody }>(
    "/api/plans/:planId/measures/:measureId/values/:date",
    {
      config: { access: planAccess(ctx, "write") },
      schema: {
        tags: ["improvement"],
        summary: "enters a process measure's value of a day (replacing one entered before)",
        params: VALUE_PARAMS,
        body: PROCESS_VALUE_BODY,
        response: { 200: PROCESS_VALUE, ...ERRORS },
      },
    },
    async (request) => {
      const plan = requestPlan(request);
      const measure = await measureOf(request, plan);
      const who = request.principal;
      try {
        const v = await ctx.processMeasures.recordValue(measure.id, {
          date: request.params.date,
          value: request.body.value,
          note: request.body.note ?? "",
          enteredBy: who.userId!,
        });
        await auditPlanWrite(
          ctx,
          request,
          plan,
          "update",
          `process measure ${measure.id} of plan ${plan.id}: value of ${v.date}`,
          measure.schoolCode,
        );
        const name = (await ctx.users.findById(who.userId!))?.displayName ?? "";
        return {
          date: v.date,
          value: v.value,
          note: v.note,
          entered_by: name,
          entered_at: v.enteredAt.toISOString(),
        };
      } catch (error) {
        throw workspaceHttpError(error);
      }
    },
  );

  app.delete<{ Params: { planId: number; measureId: number; date: string } }>(
    "/api/plans/:planId/measures/:measureId/values/:date",
    {
      config: { access: planAccess(ctx, "write") },
      schema: {
        tags: ["improvement"],
        summary: "takes a process measure's value of a day away; answers the measure as it is now",
        params: VALUE_PARAMS,
        response: { 200: PROCESS_MEASURE, ...ERRORS },
      },
    },
    async (request) => {
      const plan = requestPlan(request);
      const measure = await measureOf(request, plan);
      if (!(await ctx.processMeasures.deleteValue(measure.id, request.params.date)))
        throw new NotFoundError("value", `${request.params.date} of measure ${measure.id}`);
      await auditPlanWrite(
        ctx,
        request,
        plan,
        "delete",
        `process measure ${measure.id} of plan ${plan.id}: value of ${request.params.date}`,
        measure.schoolCode,
      );
      const now = (await ctx.processMeasures.findById(measure.id))!;
      return processMeasureJson(now, await enteredBy(ctx, [now]));
    },
  );
}
