import type { FromSchema } from "json-schema-to-ts";
import type { PlanReview } from "../workspace/plan-review-repository.ts";
import type { ProgressScore } from "../workspace/progress-score-repository.ts";
import type { CalendarQuarter } from "./calendar-quarter.ts";
import type { FacilitationQueue } from "./facilitation-queue.ts";
import type {
  FACILITATION_QUEUE,
  NETWORK_ROLLUP,
  PROGRESS_SCORE,
  QUARTER,
  REVIEW,
} from "./facilitation-schema.ts";
import type { NetworkRollup } from "./network-rollup.ts";
import { planSummaryJson } from "./plan-view.ts";
import { PROGRESS_SCALE } from "./progress-scale.ts";

/* Facilitation records as the API shows them ({@link FACILITATION_QUEUE} and its parts). */

export type ReviewJson = FromSchema<typeof REVIEW>;
export type FacilitationQueueJson = FromSchema<typeof FACILITATION_QUEUE>;
export type NetworkRollupJson = FromSchema<typeof NETWORK_ROLLUP>;
export type ProgressScoreJson = FromSchema<typeof PROGRESS_SCORE>;

/** Display names of users by id (missing: "user N"). */
export type NameOf = (userId: number) => string;

export function quarterJson(q: CalendarQuarter): FromSchema<typeof QUARTER> {
  return { key: q.key, start: q.start, end: q.end, months: [...q.months] };
}

export function reviewJson(r: PlanReview, nameOf: NameOf): ReviewJson {
  return {
    id: r.id,
    plan_id: r.planId,
    state: r.outcome ?? "submitted",
    submitted_by: nameOf(r.submittedBy),
    submitted_at: r.submittedAt.toISOString(),
    submission_note: r.submissionNote,
    comments: r.comments,
    reviewed_by: r.reviewedBy === null ? null : nameOf(r.reviewedBy),
    reviewed_at: r.reviewedAt?.toISOString() ?? null,
  };
}

export function progressScoreJson(s: ProgressScore): ProgressScoreJson {
  return {
    month: s.month,
    score: s.score,
    meaning: PROGRESS_SCALE.find((p) => p.score === s.score)?.meaning ?? "",
    note: s.note,
    entered_at: s.enteredAt.toISOString(),
  };
}

export function facilitationQueueJson(
  q: FacilitationQueue,
  plans: number,
  nameOf: NameOf,
): FacilitationQueueJson {
  return {
    today: q.today,
    quarter: quarterJson(q.quarter),
    plans,
    awaiting_review: q.awaitingReview.map((a) => ({
      plan: planSummaryJson(a.plan),
      review: reviewJson(a.review, nameOf),
    })),
    overdue_cycles: q.overdueCycles.map((o) => ({
      plan: planSummaryJson(o.plan),
      cycle_id: o.cycle.id,
      cycle_number: o.cycle.cycleNumber,
      school_code: o.cycle.schoolCode,
      title: o.cycle.title.trim() === "" ? o.cycle.changeIdea : o.cycle.title,
      due_on: o.cycle.dueOn!,
      days_late: o.daysLate,
    })),
    not_met: q.notMet.map((n) => ({
      plan: planSummaryJson(n.plan),
      last_held: n.lastHeld,
      next_scheduled: n.nextScheduled,
    })),
  };
}

export function networkRollupJson(r: NetworkRollup, nameOf: NameOf): NetworkRollupJson {
  return {
    quarter: quarterJson(r.quarter),
    months: [...r.months],
    teams: r.teams.map((t) => ({
      plan: planSummaryJson(t.plan),
      facilitator: t.plan.facilitatorId === null ? null : nameOf(t.plan.facilitatorId),
      met: t.met,
      meetings_held: t.meetingsHeld,
      cycles_started: t.cyclesStarted,
      cycles_completed: t.cyclesCompleted,
      decisions: { ...t.decisions },
      scores: [...t.scores],
    })),
    pairs: { ...r.pairs },
    communities: { ...r.communities },
    cycles_started: r.cyclesStarted,
    cycles_completed: r.cyclesCompleted,
    decisions: { ...r.decisions },
  };
}
