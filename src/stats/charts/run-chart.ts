import { quantileType7 } from "../quantile.ts";
import { StatsError } from "../stats-error.ts";
import { anhoejSignals } from "./anhoej-rules.ts";
import { type ChartLayout, type ResolvedPart, resolveParts } from "./chart-parts.ts";
import type {
  ChartPart,
  ChartPoint,
  ChartResult,
  ChartSignal,
  ChartWarning,
  Direction,
} from "./chart-result.ts";
import { type IhiRuleOptions, ihiSignals } from "./ihi-rules.ts";
import { checkSeries, presentValues } from "./series-values.ts";
import { signalEffect } from "./signal-effect.ts";

/** Fewer baseline points than this and the median is flagged as resting on a short baseline. */
export const RUN_CHART_MIN_BASELINE = 10;

export interface RunChartOptions extends ChartLayout {
  direction: Direction;
  /** IHI rules (the default, what educators are trained on) or Anhøj's. */
  rules?: "ihi" | "anhoej";
  /** Rule lengths for the IHI rules. */
  ihi?: IhiRuleOptions;
  /**
   * Points an advisor judged astronomical (obviously different from the rest). This is judgement,
   * not a formula: the engine reports the flag as a signal with its direction, it never guesses.
   */
  astronomical?: readonly number[];
}

/**
 * A run chart: the series with each part's median (from its baseline) as centre line, and the
 * signals of the chosen rule set in every part, points after the baseline judged against the
 * frozen median. Missing values (null) are drawn as gaps and skipped by every rule.
 * @throws StatsError on a non-finite value, a bad layout, a baseline with no values, or an
 * astronomical flag on a missing or non-existent point.
 */
export function runChart(
  values: readonly (number | null)[],
  options: RunChartOptions,
): ChartResult {
  checkSeries(values, "values");
  const ruleSet = options.rules ?? "ihi";
  const resolved = resolveParts(values.length, options);
  const signals: ChartSignal[] = [];
  const warnings: ChartWarning[] = [];
  const parts: ChartPart[] = [];
  const points: ChartPoint[] = [];
  for (const part of resolved) {
    const centre = baselineMedian(values, part, warnings);
    parts.push({ ...part, centre });
    for (let i = part.start; i <= part.end; i++)
      points.push({
        index: i,
        value: values[i] ?? null,
        part: part.index,
        baseline: i >= part.baselineStart && i <= part.baselineEnd,
        centre,
        lower: null,
        upper: null,
        sigma: null,
      });
    if (ruleSet === "ihi") {
      const found = ihiSignals(values, part, centre, options.direction, options.ihi);
      signals.push(...found.signals);
      warnings.push(...found.warnings);
    } else signals.push(...anhoejSignals(values, part, centre, options.direction));
  }
  signals.push(...astronomicalSignals(points, options.astronomical ?? [], options.direction));
  const missing = values.filter((v) => v === null).length;
  if (missing > 0)
    warnings.push({
      code: "missing-points",
      part: null,
      message: `${missing} of ${values.length} points have no value; the rules skip them`,
    });
  return { kind: "run", ruleSet, direction: options.direction, points, parts, signals, warnings };
}

function baselineMedian(
  values: readonly (number | null)[],
  part: ResolvedPart,
  warnings: ChartWarning[],
): number {
  const base = presentValues(values, part.baselineStart, part.baselineEnd);
  if (base.length === 0)
    throw new StatsError(
      "too-few-observations",
      `part ${part.index}: the baseline (points ${part.baselineStart} to ${part.baselineEnd}) has no values`,
    );
  if (base.length < RUN_CHART_MIN_BASELINE)
    warnings.push({
      code: "short-baseline",
      part: part.index,
      message: `part ${part.index}: the median rests on ${base.length} points (fewer than ${RUN_CHART_MIN_BASELINE})`,
    });
  return quantileType7(base, 0.5);
}

function astronomicalSignals(
  points: readonly ChartPoint[],
  flagged: readonly number[],
  direction: Direction,
): ChartSignal[] {
  return [...new Set(flagged)]
    .sort((a, b) => a - b)
    .map((index) => {
      const point = points[index];
      if (point === undefined || point.value === null || point.centre === null)
        throw new StatsError(
          "invalid-value",
          `astronomical point ${index}: there is no value at that index (series of ${points.length})`,
        );
      const side = point.value > point.centre ? "up" : point.value < point.centre ? "down" : null;
      return {
        rule: "astronomical" as const,
        part: point.part,
        points: [index],
        side,
        effect: signalEffect(side, direction),
        detail: {},
      };
    });
}
