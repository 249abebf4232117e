import type { Plan } from "../workspace/plan-repository.ts";
import type { WorkspaceRepositories } from "../workspace/workspace-repositories.ts";

const DAY = 86_400_000;

/** A year of monthly scores, climbing the IHI scale; later teams start slower. */
const SCORES = [1, 1, 1.5, 1.5, 2, 2, 2.5, 2.5, 3, 3, 3, 3.5] as const;

/** Repositories whose clock reads `when` (so each record carries the date it would have had). */
export type DatedRepositories = (when: Date) => WorkspaceRepositories;

/**
 * The facilitation part of the demo (issue #17 point 5), over plans seeded from `start`: a year
 * of monthly progress scores per team, a first plan whose review asked for changes and was then
 * reviewed, and a second plan (the first when it is alone) submitted for review a year in (or
 * at `until`, when sooner) and still awaiting it. Nothing is dated after `until` (null: no end).
 * The submitter is a member district's admin when there is one, else the hub.
 */
export async function seedDemoFacilitation(
  repos: WorkspaceRepositories,
  dated: DatedRepositories,
  plans: readonly Plan[],
  input: { start: Date; until: Date | null; facilitatorId: number; hubId: number },
): Promise<void> {
  const until = input.until ?? new Date(8.64e15);
  const admins = await repos.users.list({ role: "district_admin" });
  const submitter = (plan: Plan) =>
    admins.find((a) => plan.schools.some((s) => s.districtCode === a.districtCode))?.id ??
    input.hubId;
  const at = (days: number) => new Date(input.start.getTime() + days * DAY);
  const y = input.start.getUTCFullYear();
  const m = input.start.getUTCMonth();
  for (const [i, plan] of plans.entries()) {
    for (let k = 0; k < 12; k++) {
      const lag = Math.min(k, i);
      const score = SCORES[k - lag] ?? 1;
      // Entered on the last day of the month.
      const enteredAt = new Date(Date.UTC(y, m + k + 1, 0, 17));
      if (enteredAt > until) break;
      await dated(enteredAt).progressScores.set({
        planId: plan.id,
        month: enteredAt.toISOString().slice(0, 7),
        score,
        note: k === 0 ? "Team and charter in place" : "",
        enteredBy: submitter(plan),
      });
    }
  }
  const [first] = plans;
  const waiting = plans[1] ?? first;
  if (first) {
    const asked = await dated(at(20)).planReviews.submit({
      planId: first.id,
      submittedBy: submitter(first),
      note: "Aim, driver diagram and first cycles ready for a look.",
    });
    await dated(at(24)).planReviews.answer(asked.id, {
      outcome: "changes_requested",
      comments:
        "The aim says how much but not by when for the second problem; tie change idea c2 to a measure.",
      reviewedBy: input.facilitatorId,
    });
    const again = await dated(at(40)).planReviews.submit({
      planId: first.id,
      submittedBy: submitter(first),
      note: "Dates added; the huddle now counts students discussed each week.",
    });
    await dated(at(43)).planReviews.answer(again.id, {
      outcome: "reviewed",
      comments: "Clear and measurable. Go ahead with the second ramp.",
      reviewedBy: input.facilitatorId,
    });
  }
  if (waiting) {
    await dated(new Date(Math.min(at(365).getTime(), until.getTime()))).planReviews.submit({
      planId: waiting.id,
      submittedBy: submitter(waiting),
      note: "We want to adopt day-2 calls school-wide and start a new problem.",
    });
  }
}
