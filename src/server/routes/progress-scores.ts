import type { FastifyInstance } from "fastify";
import type { FromSchema } from "json-schema-to-ts";
import {
  MONTH_PARAMS,
  PROGRESS_SCORE,
  PROGRESS_SCORE_ENTRY,
  PROGRESS_SCORES_OF_PLAN,
} from "../../improvement/facilitation-schema.ts";
import { progressScoreJson } from "../../improvement/facilitation-view.ts";
import { PLAN_PARAMS } from "../../improvement/plan-schema.ts";
import { isoDay } from "../../improvement/plan-view.ts";
import { PROGRESS_SCALE } from "../../improvement/progress-scale.ts";
import { ERRORS } from "../../results/api-schemas.ts";
import { BadRequestError } from "../http-errors.ts";
import { auditPlanWrite, planAccess, requestPlan } from "../plan-access.ts";
import type { ServerContext } from "../server-context.ts";
import { workspaceHttpError } from "./improvement-plans.ts";

type Entry = FromSchema<typeof PROGRESS_SCORE_ENTRY>;

/**
 * A team's monthly self-assessed progress score on the IHI scale (0.5–5.0): read by the plan's
 * readers, entered by those who may write the plan, for this month or an earlier one (entering a
 * month again replaces its score). Audited.
 */
export function registerProgressScoreRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { planId: number } }>(
    "/api/plans/:planId/progress-scores",
    {
      config: { access: planAccess(ctx, "read") },
      schema: {
        tags: ["improvement"],
        summary: "the team's monthly progress scores, with the scale they are chosen from",
        params: PLAN_PARAMS,
        response: { 200: PROGRESS_SCORES_OF_PLAN, ...ERRORS },
      },
    },
    async (request) => {
      const scores = await ctx.progressScores.list([requestPlan(request).id]);
      return {
        scale: PROGRESS_SCALE.map((s) => ({ score: s.score, meaning: s.meaning })),
        scores: scores.map(progressScoreJson),
      };
    },
  );

  app.put<{ Params: { planId: number; month: string }; Body: Entry }>(
    "/api/plans/:planId/progress-scores/:month",
    {
      config: { access: planAccess(ctx, "write") },
      schema: {
        tags: ["improvement"],
        summary: "enters the team's progress score for a month (this month or an earlier one)",
        params: MONTH_PARAMS,
        body: PROGRESS_SCORE_ENTRY,
        response: { 200: PROGRESS_SCORE, ...ERRORS },
      },
    },
    async (request) => {
      const plan = requestPlan(request);
      const { month } = request.params;
      const thisMonth = isoDay(ctx.clock()).slice(0, 7);
      if (month > thisMonth) {
        throw new BadRequestError(`month ${month} has not begun (this month is ${thisMonth})`);
      }
      try {
        const saved = await ctx.progressScores.set({
          planId: plan.id,
          month,
          score: request.body.score,
          note: request.body.note ?? "",
          enteredBy: request.principal.userId!,
        });
        await auditPlanWrite(
          ctx,
          request,
          plan,
          "progress_score",
          `plan ${plan.id}: progress ${month} = ${saved.score.toFixed(1)}`,
        );
        return progressScoreJson(saved);
      } catch (error) {
        throw workspaceHttpError(error);
      }
    },
  );
}
