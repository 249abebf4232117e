import type { FastifyInstance } from "fastify";
import type { FromSchema } from "json-schema-to-ts";
import {
  NEW_REVIEW_REQUEST,
  REVIEW,
  REVIEW_ANSWER,
  REVIEW_LIST,
  REVIEW_PARAMS,
} from "../../improvement/facilitation-schema.ts";
import { reviewJson } from "../../improvement/facilitation-view.ts";
import { PLAN_PARAMS } from "../../improvement/plan-schema.ts";
import { ERRORS } from "../../results/api-schemas.ts";
import { ReviewAlreadyAnsweredError } from "../../workspace/plan-review-repository.ts";
import { userNames } from "../../workspace/user-names.ts";
import { HttpError, NotFoundError } from "../http-errors.ts";
import { auditPlanWrite, planAccess, requestPlan } from "../plan-access.ts";
import type { ServerContext } from "../server-context.ts";
import { workspaceHttpError } from "./improvement-plans.ts";

type NewRequest = FromSchema<typeof NEW_REVIEW_REQUEST>;
type Answer = FromSchema<typeof REVIEW_ANSWER>;

const REVIEW_ERRORS = { ...ERRORS, 409: { $ref: "ErrorBody#" } } as const;

/**
 * The review of a plan by its facilitator: the team (any member who may write the plan) submits
 * it for review, with a note; the plan's facilitator, or the hub, answers `reviewed` or
 * `changes_requested` with comments. One review is open at a time (a second submission is a
 * 409). Every step is audited.
 */
export function registerPlanReviewRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { planId: number } }>(
    "/api/plans/:planId/reviews",
    {
      config: { access: planAccess(ctx, "read") },
      schema: {
        tags: ["improvement"],
        summary: "the plan's reviews: each submission and the facilitator's answer, latest first",
        params: PLAN_PARAMS,
        response: { 200: REVIEW_LIST, ...ERRORS },
      },
    },
    async (request) => {
      const reviews = await ctx.planReviews.listForPlan(requestPlan(request).id);
      const nameOf = await userNames(
        ctx.users,
        reviews.flatMap((r) => [r.submittedBy, r.reviewedBy]),
      );
      return { reviews: reviews.map((r) => reviewJson(r, nameOf)) };
    },
  );

  app.post<{ Params: { planId: number }; Body: NewRequest }>(
    "/api/plans/:planId/reviews",
    {
      config: { access: planAccess(ctx, "write") },
      schema: {
        tags: ["improvement"],
        summary: "submits the plan for its facilitator's review",
        params: PLAN_PARAMS,
        body: NEW_REVIEW_REQUEST,
        response: { 201: REVIEW, ...REVIEW_ERRORS },
      },
    },
    async (request, reply) => {
      const plan = requestPlan(request);
      try {
        const review = await ctx.planReviews.submit({
          planId: plan.id,
          submittedBy: request.principal.userId!,
          note: request.body.note ?? "",
        });
        await auditPlanWrite(
          ctx,
          request,
          plan,
          "submit_for_review",
          `plan ${plan.id}: review ${review.id}`,
        );
        const nameOf = await userNames(ctx.users, [review.submittedBy]);
        return reply.status(201).send(reviewJson(review, nameOf));
      } catch (error) {
        throw workspaceHttpError(error);
      }
    },
  );

  app.put<{ Params: { planId: number; reviewId: number }; Body: Answer }>(
    "/api/plans/:planId/reviews/:reviewId",
    {
      config: { access: planAccess(ctx, "review") },
      schema: {
        tags: ["improvement"],
        summary: "answers a submitted plan: reviewed, or changes requested (with comments)",
        params: REVIEW_PARAMS,
        body: REVIEW_ANSWER,
        response: { 200: REVIEW, ...REVIEW_ERRORS },
      },
    },
    async (request) => {
      const plan = requestPlan(request);
      const { reviewId } = request.params;
      const found = await ctx.planReviews.findById(reviewId);
      if (!found || found.planId !== plan.id) throw new NotFoundError("review", reviewId);
      try {
        const review = await ctx.planReviews.answer(reviewId, {
          outcome: request.body.outcome,
          comments: request.body.comments,
          reviewedBy: request.principal.userId!,
        });
        await auditPlanWrite(
          ctx,
          request,
          plan,
          "review",
          `plan ${plan.id}: review ${review.id} ${review.outcome}`,
        );
        const nameOf = await userNames(ctx.users, [review.submittedBy, review.reviewedBy]);
        return reviewJson(review, nameOf);
      } catch (error) {
        if (error instanceof ReviewAlreadyAnsweredError) {
          throw new HttpError(409, "conflict", error.message);
        }
        throw workspaceHttpError(error);
      }
    },
  );
}
