import type {
  ExitConditionFacts,
  ExitStepFacts,
  TierExitFacts,
  TierReasonFacts,
} from "./reason-facts.ts";

/** A measure of one accountability group as the exit computation reads it. */
export interface GroupMeasureCell {
  readonly metric: string;
  readonly studentGroup: string;
  readonly direction: "higher" | "lower";
  readonly level: number;
  readonly value: number;
  /** The signed change to the next level (null at the top level). */
  readonly change1: number | null;
}

/** Levels are whole numbers and means of them exact to far better than this. */
const EPS = 1e-9;

/**
 * What would take a priority or focus school out of its tier, from its tier's stored facts: each
 * entry rule it meets today (an index score at or below the priority cut-off, a graduation rate
 * below the floor, an accountability group whose mean level is at or below the priority cut-off
 * in level terms, a subgroup component at or below the focus cut-off), with what each must reach.
 * A group's `levelsNeeded` is the fewest whole levels more over its `measures(group)` that lift
 * its mean strictly above the cut-off; its steps are its measures one level up, weakest first (no threshold at the top level).
 * A school held below its entry rule has no condition: it leaves after `exitAfterYears` such
 * years. Null for a school in no tier (or facts not recorded).
 */
export function tierExitFacts(
  facts: TierReasonFacts<number> | null,
  measures: (group: string) => readonly GroupMeasureCell[],
): TierExitFacts<number> | null {
  if (facts === null || (facts.tier !== "priority" && facts.tier !== "focus")) return null;
  const base = {
    tier: facts.tier,
    yearsBelowEntry: facts.yearsBelowEntry,
    exitAfterYears: facts.rules.exitAfterYears,
  };
  if (facts.basis !== "entry") return { ...base, conditions: [] };
  const conditions: ExitConditionFacts<number>[] = [];
  const c = facts.cutoffs;
  if (facts.tier === "priority") {
    if (facts.priorityBy.index && c.priorityScore !== null)
      conditions.push({ kind: "index", score: facts.indexScore, cutoff: c.priorityScore });
    if (facts.priorityBy.graduation && facts.graduationRate !== null)
      conditions.push({
        kind: "graduation",
        rate: facts.graduationRate,
        atLeast: facts.rules.graduationRateBelow,
      });
    return { ...base, conditions };
  }
  if (facts.focusByGroupLevel && c.priorityLevel !== null) {
    for (const t of facts.triggers) {
      if (t.meanLevel > c.priorityLevel + EPS) continue;
      const cells = measures(t.group);
      const steps: ExitStepFacts<number>[] = [...cells]
        .sort((a, b) => a.level - b.level || (a.metric < b.metric ? -1 : 1))
        .map((m) => ({
          metric: m.metric,
          studentGroup: m.studentGroup,
          direction: m.direction,
          level: m.level,
          threshold: m.change1 === null ? null : m.value + m.change1,
        }));
      const sum = t.meanLevel * cells.length;
      const levelsNeeded =
        cells.length === 0 ? 1 : Math.floor(c.priorityLevel * cells.length - sum + EPS) + 1;
      conditions.push({
        kind: "group",
        group: t.group,
        meanLevel: t.meanLevel,
        cutoff: c.priorityLevel,
        levelsNeeded,
        steps,
      });
    }
  }
  if (
    facts.subgroupComponent !== null &&
    c.subgroupComponent !== null &&
    facts.subgroupComponent <= c.subgroupComponent
  )
    conditions.push({
      kind: "component",
      component: facts.subgroupComponent,
      cutoff: c.subgroupComponent,
    });
  return { ...base, conditions };
}
