import type { Plan } from "../workspace/plan-repository.ts";
import type { WorkspaceRepositories } from "../workspace/workspace-repositories.ts";
import type { PlanActivity } from "./facilitation-queue.ts";

/** Reads the cycles, meetings and open review of each plan (a few queries for all of them). */
export async function readPlanActivity(
  repos: Pick<WorkspaceRepositories, "pdsaCycles" | "meetings" | "planReviews">,
  plans: readonly Plan[],
): Promise<PlanActivity[]> {
  const ids = plans.map((p) => p.id);
  const [cycles, meetings, open] = await Promise.all([
    repos.pdsaCycles.listForPlans(ids),
    repos.meetings.datesForPlans(ids),
    repos.planReviews.awaiting(ids),
  ]);
  const group = <T extends { planId: number }>(rows: readonly T[]) => {
    const out = new Map<number, T[]>();
    for (const r of rows) {
      const list = out.get(r.planId);
      if (list) list.push(r);
      else out.set(r.planId, [r]);
    }
    return out;
  };
  const cyclesOf = group(cycles);
  const meetingsOf = group(meetings);
  return plans.map((plan) => ({
    plan,
    cycles: cyclesOf.get(plan.id) ?? [],
    meetings: meetingsOf.get(plan.id) ?? [],
    awaitingReview: open.get(plan.id) ?? null,
  }));
}
