import { binomialHalfQuantile } from "./binomial-quantile.ts";
import { centreRuns } from "./centre-runs.ts";
import type { ResolvedPart } from "./chart-parts.ts";
import type { ChartSignal, Direction } from "./chart-result.ts";
import { signalEffect } from "./signal-effect.ts";

/** Longest run expected by chance among n useful points: round(log2(n) + 3). */
export function anhoejLongestRunLimit(useful: number): number {
  return Math.round(Math.log2(useful) + 3);
}

/** Fewest median crossings expected by chance among n useful points: qbinom(0.05, n − 1, 0.5). */
export function anhoejCrossingsLimit(useful: number): number {
  return binomialHalfQuantile(0.05, Math.max(useful - 1, 0));
}

/**
 * Anhøj's run chart rules on one part (as qicharts2's `runs.analysis`), with n the points not on
 * the median:
 * - long run: a run longer than round(log2(n) + 3) points;
 * - few crossings: fewer median crossings than qbinom(0.05, n − 1, 0.5).
 * Each keeps the false-signal rate near 5% whatever n is (Anhøj & Olesen 2014). There is no trend
 * rule: it was found "virtually useless" for detecting drift.
 */
export function anhoejSignals(
  values: readonly (number | null)[],
  part: ResolvedPart,
  centre: number,
  direction: Direction,
): ChartSignal[] {
  const runs = centreRuns(values, centre, part.start, part.end);
  const useful = runs.reduce((n, run) => n + run.points.length, 0);
  if (useful === 0) return [];
  const signals: ChartSignal[] = [];
  const longest = anhoejLongestRunLimit(useful);
  for (const run of runs) {
    if (run.points.length > longest)
      signals.push({
        rule: "long-run",
        part: part.index,
        points: run.points,
        side: run.side,
        effect: signalEffect(run.side, direction),
        detail: { length: run.points.length, limit: longest, useful },
      });
  }
  const crossings = runs.length - 1;
  const fewest = anhoejCrossingsLimit(useful);
  if (crossings < fewest)
    signals.push({
      rule: "few-crossings",
      part: part.index,
      points: runs.flatMap((run) => run.points),
      side: null,
      effect: "no_direction",
      detail: { crossings, limit: fewest, useful },
    });
  return signals;
}
