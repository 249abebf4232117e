import type { Plan } from "../workspace/plan-repository.ts";
import type { WorkspaceRepositories } from "../workspace/workspace-repositories.ts";
import { quarterOf } from "./calendar-quarter.ts";
import type { PlanOpenWork } from "./facilitation-queue.ts";

const midnight = (day: string) => new Date(`${day}T00:00:00Z`);

/**
 * Reads what the facilitation list needs of each plan on `today` (`YYYY-MM-DD`, UTC), three
 * queries for all of them, each returning only open work: cycles with no decision due before
 * today, one row per plan summing up its meetings in today's calendar quarter, and open reviews.
 */
export async function readOpenWork(
  repos: Pick<WorkspaceRepositories, "pdsaCycles" | "meetings" | "planReviews">,
  plans: readonly Plan[],
  today: string,
): Promise<PlanOpenWork[]> {
  const ids = plans.map((p) => p.id);
  const quarter = quarterOf(today);
  const [overdue, meetings, open] = await Promise.all([
    repos.pdsaCycles.overdueForPlans(ids, today),
    repos.meetings.quarterForPlans(ids, {
      from: midnight(quarter.start),
      today: midnight(today),
      until: midnight(quarter.end),
    }),
    repos.planReviews.awaiting(ids),
  ]);
  const overdueOf = new Map<number, (typeof overdue)[number][]>();
  for (const c of overdue) {
    const list = overdueOf.get(c.planId);
    if (list) list.push(c);
    else overdueOf.set(c.planId, [c]);
  }
  return plans.map((plan) => ({
    plan,
    overdueCycles: overdueOf.get(plan.id) ?? [],
    meetings: meetings.get(plan.id) ?? { met: false, lastHeld: null, nextScheduled: null },
    awaitingReview: open.get(plan.id) ?? null,
  }));
}
