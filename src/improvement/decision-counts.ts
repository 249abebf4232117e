import type { PdsaDecision } from "../workspace/workspace-schema.ts";

/** Adopt/adapt/abandon counts. */
export type DecisionCounts = Readonly<Record<PdsaDecision, number>>;

/** The decisions of `cycles`, counted (cycles not yet decided are not counted). */
export function decisionCounts(
  cycles: Iterable<{ readonly decision: PdsaDecision | null }>,
): DecisionCounts {
  const counts: Record<PdsaDecision, number> = { adopt: 0, adapt: 0, abandon: 0 };
  for (const c of cycles) if (c.decision !== null) counts[c.decision]++;
  return counts;
}

/** The sum of several decision counts. */
export function sumDecisionCounts(all: Iterable<DecisionCounts>): DecisionCounts {
  const sum: Record<PdsaDecision, number> = { adopt: 0, adapt: 0, abandon: 0 };
  for (const counts of all) for (const d of Object.keys(sum) as PdsaDecision[]) sum[d] += counts[d];
  return sum;
}
