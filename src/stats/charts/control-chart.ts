import type { ChartLayout, ResolvedPart } from "./chart-parts.ts";
import type {
  ChartKind,
  ChartPart,
  ChartPoint,
  ChartResult,
  ChartWarning,
  Direction,
} from "./chart-result.ts";
import { type SpcRuleOptions, spcSignals } from "./spc-rules.ts";

/** Fewer baseline points than this and the limits are flagged as trial limits. */
export const CONTROL_CHART_MIN_BASELINE = 12;

/** Options every control chart takes: the layout (baseline, parts), the direction of good, the rules. */
export interface ControlChartOptions extends ChartLayout {
  direction: Direction;
  rules?: SpcRuleOptions;
}

/** A part's centre line and its sigma at each point (null where the point has no value). */
export interface ControlPart {
  part: ResolvedPart;
  centre: number;
  sigmaAt: (index: number) => number | null;
  /** Values in the baseline, for the short-baseline warning. */
  baselineCount: number;
}

/**
 * Assembles a Shewhart chart from per-part centre lines and per-point sigmas: limits at centre
 * ± 3σ clipped to `bounds` (a proportion cannot leave [0, 1], a rate cannot go below 0), then the
 * control chart rules in each part.
 */
export function controlChart(
  kind: Exclude<ChartKind, "run" | "mr">,
  values: readonly (number | null)[],
  controlParts: readonly ControlPart[],
  bounds: { min?: number; max?: number },
  direction: Direction,
  rules: SpcRuleOptions | undefined,
  warnings: ChartWarning[],
): ChartResult {
  const min = bounds.min ?? Number.NEGATIVE_INFINITY;
  const max = bounds.max ?? Number.POSITIVE_INFINITY;
  const points: ChartPoint[] = [];
  const parts: ChartPart[] = [];
  for (const { part, centre, sigmaAt, baselineCount } of controlParts) {
    parts.push({ ...part, centre });
    if (baselineCount < CONTROL_CHART_MIN_BASELINE)
      warnings.push({
        code: "short-baseline",
        part: part.index,
        message: `part ${part.index}: the limits rest on ${baselineCount} points (fewer than ${CONTROL_CHART_MIN_BASELINE}); treat them as trial limits`,
      });
    let zeroSigma = false;
    for (let i = part.start; i <= part.end; i++) {
      const value = values[i] ?? null;
      const sigma = value === null ? null : sigmaAt(i);
      if (sigma === 0) zeroSigma = true;
      points.push({
        index: i,
        value,
        part: part.index,
        baseline: i >= part.baselineStart && i <= part.baselineEnd,
        centre,
        lower: sigma === null ? null : Math.max(min, centre - 3 * sigma),
        upper: sigma === null ? null : Math.min(max, centre + 3 * sigma),
        sigma,
      });
    }
    if (zeroSigma)
      warnings.push({
        code: "zero-sigma",
        part: part.index,
        message: `part ${part.index}: the centre line is ${centre} and sigma is 0, so any other value is outside the limits`,
      });
  }
  const signals = controlParts.flatMap(({ part, centre }) =>
    spcSignals(points, part, centre, direction, rules),
  );
  const missing = values.filter((v) => v === null).length;
  if (missing > 0)
    warnings.push({
      code: "missing-points",
      part: null,
      message: `${missing} of ${values.length} points have no value; the rules skip them`,
    });
  return { kind, ruleSet: "spc", direction, points, parts, signals, warnings };
}
