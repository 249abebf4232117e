import { centreRuns } from "./centre-runs.ts";
import type { ResolvedPart } from "./chart-parts.ts";
import type { ChartSignal, ChartWarning, Direction } from "./chart-result.ts";
import { monotoneStretches } from "./monotone-stretches.ts";
import { runsLimits } from "./runs-limits.ts";
import { signalEffect } from "./signal-effect.ts";

/** Rule lengths of the IHI run chart rules; the defaults are Perla, Provost & Murray's. */
export interface IhiRuleOptions {
  /** Points in a row on one side of the median that make a shift (default 6). */
  shift?: number;
  /** Points in a row going up or down that make a trend (default 5); null turns the rule off. */
  trend?: number | null;
  /** Useful points a part needs before the runs-count rule is applied (default 10). */
  minUsefulForRuns?: number;
}

export const IHI_DEFAULTS = { shift: 6, trend: 5, minUsefulForRuns: 10 } as const;

/**
 * The IHI run chart rules on one part of a series, against the part's median `centre`:
 * - shift: `shift` or more consecutive points all above or all below the median (points on the
 *   median skipped);
 * - trend: `trend` or more consecutive points all going up or all going down (a point equal to
 *   the one before skipped);
 * - too few / too many runs: the number of runs outside {@link runsLimits} for the number of
 *   useful points, once there are at least `minUsefulForRuns` of them.
 * The astronomical point is a judgement and comes from the caller (see `runChart`).
 */
export function ihiSignals(
  values: readonly (number | null)[],
  part: ResolvedPart,
  centre: number,
  direction: Direction,
  options: IhiRuleOptions = {},
): { signals: ChartSignal[]; warnings: ChartWarning[] } {
  const shift = options.shift ?? IHI_DEFAULTS.shift;
  const trend = options.trend === undefined ? IHI_DEFAULTS.trend : options.trend;
  const minUseful = options.minUsefulForRuns ?? IHI_DEFAULTS.minUsefulForRuns;
  const signals: ChartSignal[] = [];
  const warnings: ChartWarning[] = [];
  const runs = centreRuns(values, centre, part.start, part.end);
  for (const run of runs) {
    if (run.points.length >= shift)
      signals.push({
        rule: "shift",
        part: part.index,
        points: run.points,
        side: run.side,
        effect: signalEffect(run.side, direction),
        detail: { length: run.points.length, limit: shift },
      });
  }
  if (trend !== null) {
    for (const stretch of monotoneStretches(values, part.start, part.end)) {
      if (stretch.points.length >= trend)
        signals.push({
          rule: "trend",
          part: part.index,
          points: stretch.points,
          side: stretch.side,
          effect: signalEffect(stretch.side, direction),
          detail: { length: stretch.points.length, limit: trend },
        });
    }
  }
  const useful = runs.reduce((n, run) => n + run.points.length, 0);
  if (useful < minUseful) {
    warnings.push({
      code: "too-few-points-for-runs",
      part: part.index,
      message: `part ${part.index} has ${useful} points off the median; the runs rule needs ${minUseful}`,
    });
  } else {
    const { lower, upper } = runsLimits(useful);
    const observed = runs.length;
    const rule = observed < lower ? "too-few-runs" : observed > upper ? "too-many-runs" : null;
    if (rule !== null)
      signals.push({
        rule,
        part: part.index,
        points: runs.flatMap((run) => run.points),
        side: null,
        effect: "no_direction",
        detail: { runs: observed, runsLower: lower, runsUpper: upper, useful },
      });
  }
  return { signals, warnings };
}
