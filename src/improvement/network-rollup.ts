import type { Plan } from "../workspace/plan-repository.ts";
import type { ProgressScore } from "../workspace/progress-score-repository.ts";
import { type CalendarQuarter, inQuarter, monthsEnding } from "./calendar-quarter.ts";
import { type DecisionCounts, decisionCounts, sumDecisionCounts } from "./decision-counts.ts";
import { metIn, type PlanActivity } from "./facilitation-queue.ts";
import { isoDay } from "./plan-view.ts";

/** Months of progress scores the roll-up shows: the year ending with the quarter. */
export const ROLLUP_MONTHS = 12;

/** One team's (plan's) activity in the quarter and its monthly scores. */
export interface TeamRollup {
  readonly plan: Plan;
  readonly met: boolean;
  readonly meetingsHeld: number;
  readonly cyclesStarted: number;
  readonly cyclesCompleted: number;
  /** Decisions of the cycles completed in the quarter. */
  readonly decisions: DecisionCounts;
  /** One per month of {@link NetworkRollup.months}; null: not entered. */
  readonly scores: readonly (number | null)[];
}

export interface KindTotals {
  readonly teams: number;
  readonly met: number;
}

/** The network's improvement work in a quarter. */
export interface NetworkRollup {
  readonly quarter: CalendarQuarter;
  readonly months: readonly string[];
  readonly teams: readonly TeamRollup[];
  readonly pairs: KindTotals;
  readonly communities: KindTotals;
  readonly cyclesStarted: number;
  readonly cyclesCompleted: number;
  readonly decisions: DecisionCounts;
}

/**
 * The hub's roll-up of quarter `q` over the plans given (those created before the quarter
 * ended): which pairs and communities met, PDSA cycles started and completed (decided) in the
 * quarter with their adopt/adapt/abandon decisions, and each team's self-assessed progress score
 * for the twelve months ending with the quarter. These are counts of the workspace's own records
 * (meetings, cycles, scores the teams typed), not figures about students, so they do not pass
 * through the disclosure rules.
 */
export function networkRollup(
  plans: readonly PlanActivity[],
  scores: readonly ProgressScore[],
  q: CalendarQuarter,
): NetworkRollup {
  const months = monthsEnding(q.months[2]!, ROLLUP_MONTHS);
  const byPlan = new Map<number, Map<string, number>>();
  for (const s of scores) {
    const m = byPlan.get(s.planId) ?? new Map<string, number>();
    m.set(s.month, s.score);
    byPlan.set(s.planId, m);
  }
  const teams = plans
    .filter((p) => isoDay(p.plan.createdAt) < q.end)
    .map((p): TeamRollup => {
      const started = p.cycles.filter((c) => inQuarter(isoDay(c.startedAt), q));
      const completed = p.cycles.filter(
        (c) => c.decision !== null && c.endedAt !== null && inQuarter(isoDay(c.endedAt), q),
      );
      const decisions = decisionCounts(completed);
      const own = byPlan.get(p.plan.id);
      return {
        plan: p.plan,
        met: metIn(p.meetings, q),
        meetingsHeld: p.meetings.filter((m) => m.held && inQuarter(isoDay(m.heldAt), q)).length,
        cyclesStarted: started.length,
        cyclesCompleted: completed.length,
        decisions,
        scores: months.map((m) => own?.get(m) ?? null),
      };
    });
  const totals = (kind: Plan["kind"]): KindTotals => {
    const of = teams.filter((t) => t.plan.kind === kind);
    return { teams: of.length, met: of.filter((t) => t.met).length };
  };
  const decisions = sumDecisionCounts(teams.map((t) => t.decisions));
  return {
    quarter: q,
    months,
    teams,
    pairs: totals("pair"),
    communities: totals("community"),
    cyclesStarted: teams.reduce((n, t) => n + t.cyclesStarted, 0),
    cyclesCompleted: teams.reduce((n, t) => n + t.cyclesCompleted, 0),
    decisions,
  };
}
