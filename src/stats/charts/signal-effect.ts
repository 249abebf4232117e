import type { Direction, SignalEffect, SignalSide } from "./chart-result.ts";

/** Improvement when the points moved the way the measure's direction of good says, else deterioration. */
export function signalEffect(side: SignalSide | null, direction: Direction): SignalEffect {
  if (side === null) return "no_direction";
  return (side === "up") === (direction === "higher_is_better") ? "improvement" : "deterioration";
}
