import type { ExitConditionFacts, Figure, TierExitFacts } from "../identification/reason-facts.ts";
import type { HiddenCells } from "./hidden-cells.ts";

const WITHHELD: Figure = { value: null, withheld: true };
const figure = (value: number, hide: boolean): Figure =>
  hide ? WITHHELD : { value, withheld: false };

/**
 * What would take a school out of its tier ({@link TierExitFacts}) as one reader may see it, by
 * the same decisions as its tier reason: the index score when its index uses a hidden cell, each
 * network cut-off that is a withheld school's exact figure, the graduation rate when its cell is
 * hidden, and a group's levels, thresholds and mean when a cell of the group's measures is hidden
 * (a threshold is a cut point, but quoted as "to reach level L + 1" it tells the level).
 */
export function shownTierExit(
  exit: TierExitFacts<number> | null,
  at: { readonly school_code: string; readonly school_level: string },
  hidden: HiddenCells,
): TierExitFacts<Figure> | null {
  if (exit === null) return null;
  const { school_code: school, school_level: level } = at;
  const conditions = exit.conditions.map((c): ExitConditionFacts<Figure> => {
    switch (c.kind) {
      case "index":
        return {
          kind: "index",
          score: figure(c.score, hidden.index(school, level)),
          cutoff: figure(c.cutoff, hidden.cutoff("priorityScore", c.cutoff)),
        };
      case "graduation":
        return {
          kind: "graduation",
          rate: figure(c.rate, hidden.cell(school, level, "graduation", "ALL")),
          atLeast: c.atLeast,
        };
      case "component":
        return {
          kind: "component",
          component: figure(c.component, hidden.index(school, level)),
          cutoff: figure(c.cutoff, hidden.cutoff("subgroupComponent", c.cutoff)),
        };
      default: {
        const isHidden = c.steps.map((s) => hidden.cell(school, level, s.metric, s.studentGroup));
        const anyHidden = isHidden.some(Boolean);
        // The level-terms cut-off is a school's score / 10.
        const cutoffHidden = hidden.cutoff("priorityScore", c.cutoff * 10);
        return {
          kind: "group",
          group: c.group,
          meanLevel: figure(c.meanLevel, anyHidden),
          cutoff: figure(c.cutoff, cutoffHidden),
          levelsNeeded: figure(c.levelsNeeded, anyHidden || cutoffHidden),
          steps: c.steps.map((s, i) => ({
            ...s,
            level: figure(s.level, isHidden[i]!),
            threshold: s.threshold === null ? null : figure(s.threshold, isHidden[i]!),
          })),
        };
      }
    }
  });
  return { ...exit, conditions };
}
