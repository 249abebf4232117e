import { StatsError } from "../stats-error.ts";
import { type ResolvedPart, resolveParts } from "./chart-parts.ts";
import type {
  ChartPart,
  ChartPoint,
  ChartResult,
  ChartSignal,
  ChartWarning,
} from "./chart-result.ts";
import { type ControlChartOptions, type ControlPart, controlChart } from "./control-chart.ts";
import { checkSeries, presentValues } from "./series-values.ts";

/** 3 / d2 for moving ranges of two points (d2 = 1.128), as the charts print it. */
export const I_CHART_FACTOR = 2.66;
/** D4 for moving ranges of two points: the moving-range chart's upper limit over its mean. */
export const MR_CHART_FACTOR = 3.267;

export interface XmrChartOptions extends ControlChartOptions {
  /**
   * Drop baseline moving ranges above 3.267 × their mean and recompute the mean before setting the
   * I chart's limits (Provost & Murray; qicharts2 does this), so one jump does not widen them.
   * Default off: the limits are exactly x̄ ± 2.66 × mean moving range.
   */
  screenMovingRanges?: boolean;
}

/** The individuals chart and its moving-range chart. */
export interface XmrResult {
  i: ChartResult;
  mr: ChartResult;
}

/**
 * An XmR chart for one value per period (a school's mean score): the I chart with centre x̄ and
 * limits x̄ ± 2.66 × mean moving range, and the MR chart of |x_i − x_{i−1}| with centre the mean
 * moving range and upper limit 3.267 × it, both from each part's baseline. Moving ranges are taken
 * between consecutive present values of the same part (a part's first point has none). The MR chart
 * reports points above its limit, with no direction: they are about variation, not level.
 * @throws StatsError on a non-finite value, a bad layout, or a baseline with fewer than two values.
 */
export function xmrChart(values: readonly (number | null)[], options: XmrChartOptions): XmrResult {
  checkSeries(values, "values");
  const resolved = resolveParts(values.length, options);
  const ranges = movingRanges(values, resolved);
  const warnings: ChartWarning[] = [];
  const controlParts: ControlPart[] = [];
  const mrParts: ChartPart[] = [];
  const mrPoints: ChartPoint[] = [];
  const mrSignals: ChartSignal[] = [];
  for (const part of resolved) {
    const base = presentValues(values, part.baselineStart, part.baselineEnd);
    const baseRanges: number[] = [];
    for (let i = part.baselineStart; i <= part.baselineEnd; i++) {
      const r = ranges[i];
      if (r !== null && r !== undefined && r.from >= part.baselineStart) baseRanges.push(r.range);
    }
    if (baseRanges.length === 0)
      throw new StatsError(
        "too-few-observations",
        `part ${part.index}: the baseline (points ${part.baselineStart} to ${part.baselineEnd}) has ${base.length} value(s); an XmR chart needs two in a row`,
      );
    const mean = base.reduce((a, b) => a + b, 0) / base.length;
    const amr = average(baseRanges);
    const amrForLimits = options.screenMovingRanges
      ? average(baseRanges.filter((r) => r < MR_CHART_FACTOR * amr))
      : amr;
    const sigma = (I_CHART_FACTOR * amrForLimits) / 3;
    controlParts.push({ part, centre: mean, sigmaAt: () => sigma, baselineCount: base.length });
    const upper = MR_CHART_FACTOR * amr;
    mrParts.push({ ...part, centre: amr });
    for (let i = part.start; i <= part.end; i++) {
      const value = ranges[i]?.range ?? null;
      mrPoints.push({
        index: i,
        value,
        part: part.index,
        baseline: i >= part.baselineStart && i <= part.baselineEnd,
        centre: amr,
        lower: null,
        upper,
        sigma: null,
      });
      if (value !== null && value > upper)
        mrSignals.push({
          rule: "outside-limits",
          part: part.index,
          points: [i],
          side: "up",
          effect: "no_direction",
          detail: {},
        });
    }
  }
  const i = controlChart("i", values, controlParts, {}, options.direction, options.rules, warnings);
  const mr: ChartResult = {
    kind: "mr",
    ruleSet: "spc",
    direction: options.direction,
    points: mrPoints,
    parts: mrParts,
    signals: mrSignals,
    warnings: [],
  };
  return { i, mr };
}

/** |x_i − x_prev| with prev the previous present value in the same part; null where there is none. */
function movingRanges(
  values: readonly (number | null)[],
  parts: readonly ResolvedPart[],
): ({ range: number; from: number } | null)[] {
  const out: ({ range: number; from: number } | null)[] = values.map(() => null);
  for (const part of parts) {
    let previous = -1;
    for (let i = part.start; i <= part.end; i++) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      if (previous >= 0) out[i] = { range: Math.abs(v - values[previous]!), from: previous };
      previous = i;
    }
  }
  return out;
}

function average(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
