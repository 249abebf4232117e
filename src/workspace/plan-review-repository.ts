import type { Selectable } from "kysely";
import { type Clock, systemClock } from "./clock.ts";
import {
  DuplicateKeyError,
  isUniqueViolation,
  NotFoundError,
  WorkspaceInputError,
} from "./workspace-errors.ts";
import type { PlanReviewsTable, ReviewOutcome, WorkspaceDb } from "./workspace-schema.ts";

/** A plan submitted for review and, once answered, the facilitator's outcome and comments. */
export interface PlanReview {
  readonly id: number;
  readonly planId: number;
  readonly submittedBy: number;
  readonly submittedAt: Date;
  readonly submissionNote: string;
  /** Null while the review is awaited. */
  readonly outcome: ReviewOutcome | null;
  readonly comments: string;
  readonly reviewedBy: number | null;
  readonly reviewedAt: Date | null;
}

/** Thrown when answering a review that has already been answered. */
export class ReviewAlreadyAnsweredError extends Error {
  constructor(readonly reviewId: number) {
    super(`review ${reviewId} has already been answered`);
    this.name = "ReviewAlreadyAnsweredError";
  }
}

function toReview(row: Selectable<PlanReviewsTable>): PlanReview {
  return {
    id: row.id,
    planId: row.plan_id,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    submissionNote: row.submission_note,
    outcome: row.outcome,
    comments: row.comments,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
  };
}

/**
 * The review of plans by their facilitator: submitted for review → reviewed or changes
 * requested (with comments). A plan has at most one open review; a second submission while one
 * is awaited is a {@link DuplicateKeyError}.
 */
export class PlanReviewRepository {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  async submit(input: { planId: number; submittedBy: number; note: string }): Promise<PlanReview> {
    try {
      const row = await this.db
        .insertInto("plan_reviews")
        .values({
          plan_id: input.planId,
          submitted_by: input.submittedBy,
          submitted_at: this.clock(),
          submission_note: input.note.trim(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toReview(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DuplicateKeyError("open review of plan", String(input.planId), error);
      }
      throw error;
    }
  }

  /** Answers an open review; changes requested must say which (comments). */
  async answer(
    id: number,
    input: { outcome: ReviewOutcome; comments: string; reviewedBy: number },
  ): Promise<PlanReview> {
    const comments = input.comments.trim();
    if (input.outcome === "changes_requested" && comments === "") {
      throw new WorkspaceInputError(
        "a request for changes needs comments saying which",
        "comments",
        input.comments,
      );
    }
    const row = await this.db
      .updateTable("plan_reviews")
      .set({
        outcome: input.outcome,
        comments,
        reviewed_by: input.reviewedBy,
        reviewed_at: this.clock(),
      })
      .where("id", "=", id)
      .where("outcome", "is", null)
      .returningAll()
      .executeTakeFirst();
    if (row) return toReview(row);
    if (await this.findById(id)) throw new ReviewAlreadyAnsweredError(id);
    throw new NotFoundError("review", id);
  }

  async findById(id: number): Promise<PlanReview | undefined> {
    const row = await this.db
      .selectFrom("plan_reviews")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row && toReview(row);
  }

  /** A plan's reviews, latest submission first. */
  async listForPlan(planId: number): Promise<PlanReview[]> {
    const rows = await this.db
      .selectFrom("plan_reviews")
      .selectAll()
      .where("plan_id", "=", planId)
      .orderBy("submitted_at", "desc")
      .orderBy("id", "desc")
      .execute();
    return rows.map(toReview);
  }

  /** The open reviews of the given plans (at most one each), by plan. */
  async awaiting(planIds: readonly number[]): Promise<Map<number, PlanReview>> {
    const out = new Map<number, PlanReview>();
    if (planIds.length === 0) return out;
    const rows = await this.db
      .selectFrom("plan_reviews")
      .selectAll()
      .where("plan_id", "in", [...planIds])
      .where("outcome", "is", null)
      .execute();
    for (const r of rows) out.set(r.plan_id, toReview(r));
    return out;
  }
}
