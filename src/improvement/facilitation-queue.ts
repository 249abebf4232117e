import type { MeetingDate, MeetingQuarter } from "../workspace/meeting-repository.ts";
import type { OpenCycle, PdsaCycle } from "../workspace/pdsa-cycle-repository.ts";
import type { Plan } from "../workspace/plan-repository.ts";
import type { PlanReview } from "../workspace/plan-review-repository.ts";
import { type CalendarQuarter, inQuarter, quarterOf } from "./calendar-quarter.ts";
import { daysLate, isOverdue } from "./cycle-overdue.ts";
import { isoDay } from "./plan-view.ts";

/** One plan's work, as read from the workspace. */
export interface PlanActivity {
  readonly plan: Plan;
  readonly cycles: readonly PdsaCycle[];
  readonly meetings: readonly MeetingDate[];
  /** Its open review, if the team has submitted the plan and it awaits the answer. */
  readonly awaitingReview: PlanReview | null;
}

/** A cycle past its due date with no decision. */
export interface OverdueCycle {
  readonly plan: Plan;
  readonly cycle: OpenCycle;
  readonly daysLate: number;
}

/** A plan whose schools have held no meeting in the quarter. */
export interface UnmetPlan {
  readonly plan: Plan;
  /** The day of its latest meeting held, before `today`. */
  readonly lastHeld: string | null;
  /** Its next meeting scheduled in the quarter from `today` on, if any. */
  readonly nextScheduled: string | null;
}

/** What needs a facilitator across their plans on `today`. */
export interface FacilitationQueue {
  readonly today: string;
  readonly quarter: CalendarQuarter;
  /** Open reviews, oldest submission first. */
  readonly awaitingReview: readonly { readonly plan: Plan; readonly review: PlanReview }[];
  /** Most days late first. */
  readonly overdueCycles: readonly OverdueCycle[];
  /** Plans (not closed) that have not met this quarter. */
  readonly notMet: readonly UnmetPlan[];
}

/** Whether the plan's schools held a meeting in `q` (a meeting marked held, dated in the quarter). */
export function metIn(meetings: readonly MeetingDate[], q: CalendarQuarter): boolean {
  return meetings.some((m) => m.held && inQuarter(isoDay(m.heldAt), q));
}

/**
 * What the facilitation list reads of one open plan: only its open work, selected in SQL
 * ({@link readOpenWork}), never every cycle and meeting.
 */
export interface PlanOpenWork {
  readonly plan: Plan;
  /** Its cycles with no decision, due before today. */
  readonly overdueCycles: readonly OpenCycle[];
  /** Its meetings in today's quarter: held in it, the latest held, the next scheduled in it. */
  readonly meetings: MeetingQuarter;
  readonly awaitingReview: PlanReview | null;
}

/**
 * The facilitator's list for `today` (`YYYY-MM-DD`, UTC) over the plans given: plans awaiting
 * review, PDSA cycles overdue (due before today, no decision yet) and plans whose schools have not
 * met this calendar quarter. Closed plans need nothing.
 */
export function facilitationQueue(
  plans: readonly PlanOpenWork[],
  today: string,
): FacilitationQueue {
  const quarter = quarterOf(today);
  const open = plans.filter((p) => p.plan.status !== "closed");
  const awaitingReview = open
    .flatMap((p) => (p.awaitingReview ? [{ plan: p.plan, review: p.awaitingReview }] : []))
    .sort((a, b) => a.review.submittedAt.getTime() - b.review.submittedAt.getTime());
  const overdueCycles = open
    .flatMap((p) =>
      p.overdueCycles
        .filter((c) => isOverdue(c, today))
        .map((cycle) => ({ plan: p.plan, cycle, daysLate: daysLate(cycle.dueOn!, today) })),
    )
    .sort((a, b) => b.daysLate - a.daysLate || a.plan.id - b.plan.id || a.cycle.id - b.cycle.id);
  const notMet = open
    .filter((p) => !p.meetings.met)
    .map((p) => ({
      plan: p.plan,
      lastHeld: p.meetings.lastHeld === null ? null : isoDay(p.meetings.lastHeld),
      nextScheduled: p.meetings.nextScheduled === null ? null : isoDay(p.meetings.nextScheduled),
    }));
  return { today, quarter, awaitingReview, overdueCycles, notMet };
}
