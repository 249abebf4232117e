import { centreRuns } from "./centre-runs.ts";
import type { ResolvedPart } from "./chart-parts.ts";
import type { ChartPoint, ChartSignal, Direction, SignalSide } from "./chart-result.ts";
import { monotoneStretches } from "./monotone-stretches.ts";
import { signalEffect } from "./signal-effect.ts";

/**
 * Which control chart rules run, and their lengths. The defaults are the IHI set (Provost &
 * Murray, The Health Care Data Guide): a point outside the limits, a shift of 8, a trend of 6,
 * two of three beyond two sigma. Western Electric uses the same shift of 8 and two of three.
 */
export interface SpcRuleOptions {
  /** Points in a row on one side of the centre line that make a shift (default 8); null turns the rule off. */
  shift?: number | null;
  /** Points in a row going up or down that make a trend (default 6); null turns the rule off. */
  trend?: number | null;
  /** Two of three consecutive points beyond two sigma on the same side (default on). */
  twoOfThree?: boolean;
  /** Fifteen or more consecutive points within one sigma of the centre (default off). */
  fifteenInnerThird?: boolean;
}

export const SPC_DEFAULTS = {
  shift: 8,
  trend: 6,
  twoOfThree: true,
  fifteenInnerThird: false,
} as const;

/**
 * The control chart rules on one part, each point judged against its own centre line and sigma
 * (`points` is the whole chart, indexed by position). Points on the centre line are skipped by the
 * shift rule and ties by the trend rule, as on a run chart; missing points are skipped by all.
 */
export function spcSignals(
  points: readonly ChartPoint[],
  part: ResolvedPart,
  centre: number,
  direction: Direction,
  options: SpcRuleOptions = {},
): ChartSignal[] {
  const shift = options.shift === undefined ? SPC_DEFAULTS.shift : options.shift;
  const trend = options.trend === undefined ? SPC_DEFAULTS.trend : options.trend;
  const values = points.map((p) => p.value);
  const signals: ChartSignal[] = [];
  const signal = (
    rule: ChartSignal["rule"],
    indexes: number[],
    side: SignalSide | null,
    detail: ChartSignal["detail"] = {},
  ): void => {
    signals.push({
      rule,
      part: part.index,
      points: indexes,
      side,
      effect: signalEffect(side, direction),
      detail,
    });
  };
  const present: ChartPoint[] = [];
  for (let i = part.start; i <= part.end; i++) {
    const p = points[i]!;
    if (p.value !== null && p.sigma !== null) present.push(p);
  }
  for (const p of present) {
    if (p.upper !== null && p.value! > p.upper) signal("outside-limits", [p.index], "up");
    else if (p.lower !== null && p.value! < p.lower) signal("outside-limits", [p.index], "down");
  }
  if (shift !== null)
    for (const run of centreRuns(values, centre, part.start, part.end))
      if (run.points.length >= shift)
        signal("shift", run.points, run.side, { length: run.points.length, limit: shift });
  if (trend !== null)
    for (const stretch of monotoneStretches(values, part.start, part.end))
      if (stretch.points.length >= trend)
        signal("trend", stretch.points, stretch.side, {
          length: stretch.points.length,
          limit: trend,
        });
  if (options.twoOfThree ?? SPC_DEFAULTS.twoOfThree)
    for (const side of ["up", "down"] as const)
      for (const cluster of twoOfThree(present, side)) signal("two-of-three", cluster, side);
  if (options.fifteenInnerThird ?? SPC_DEFAULTS.fifteenInnerThird)
    for (const stretch of innerThird(present))
      if (stretch.length >= 15)
        signal("fifteen-inner-third", stretch, null, { length: stretch.length, limit: 15 });
  return signals;
}

/** Distance from the centre in sigmas, signed so that positive is towards `side`. */
function towards(p: ChartPoint, side: SignalSide): number {
  const d = (p.value! - p.centre!) / p.sigma!;
  return side === "up" ? d : -d;
}

/**
 * Windows of three consecutive present points with at least two beyond 2σ on `side`; overlapping
 * windows merge into one signal listing the points beyond 2σ.
 */
function twoOfThree(present: readonly ChartPoint[], side: SignalSide): number[][] {
  const clusters: number[][] = [];
  let current: Set<number> | undefined;
  let lastWindowEnd = -1;
  for (let k = 0; k + 2 < present.length; k++) {
    const window = present.slice(k, k + 3);
    const beyond = window.filter((p) => towards(p, side) > 2).map((p) => p.index);
    if (beyond.length < 2) continue;
    if (current === undefined || k > lastWindowEnd) {
      current = new Set();
      clusters.push([]);
    }
    for (const i of beyond) current.add(i);
    clusters[clusters.length - 1] = [...current].sort((a, b) => a - b);
    lastWindowEnd = k + 2;
  }
  return clusters;
}

/** Maximal stretches of consecutive present points within one sigma of the centre line. */
function innerThird(present: readonly ChartPoint[]): number[][] {
  const stretches: number[][] = [];
  let current: number[] = [];
  for (const p of present) {
    if (Math.abs(towards(p, "up")) < 1) current.push(p.index);
    else {
      if (current.length > 0) stretches.push(current);
      current = [];
    }
  }
  if (current.length > 0) stretches.push(current);
  return stretches;
}
