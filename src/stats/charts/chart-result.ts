/**
 * The one shape every chart in `src/stats/charts/` returns, so an API can send it as it is and a
 * page can draw it: the points with their centre line and limits, the parts the series is split
 * into, and the signals (which rule fired at which points, and whether that is good news).
 */

/** Which way is "good" for a measure: a rise in attendance is good, a rise in absence is not. */
export type Direction = "higher_is_better" | "lower_is_better";

/** What a signal means for the measure, given its direction of good. */
export type SignalEffect = "improvement" | "deterioration" | "no_direction";

/** Which side of the centre line, or which way, the points behind a signal went. */
export type SignalSide = "up" | "down";

/**
 * The rules the engine reports.
 * - run charts, IHI (Perla, Provost & Murray 2011): `shift`, `trend`, `too-few-runs`,
 *   `too-many-runs`, `astronomical` (a point an advisor flagged)
 * - run charts, Anhøj (qicharts2): `long-run`, `few-crossings`
 * - control charts: `outside-limits`, `shift`, `trend`, `two-of-three`, `fifteen-inner-third`
 */
export type SignalRule =
  | "shift"
  | "trend"
  | "too-few-runs"
  | "too-many-runs"
  | "astronomical"
  | "long-run"
  | "few-crossings"
  | "outside-limits"
  | "two-of-three"
  | "fifteen-inner-third";

/** One rule firing: on which points (0-based indexes into the series), which way, and what it means. */
export interface ChartSignal {
  rule: SignalRule;
  /** Index of the part the signal was found in (0 when the series is not split). */
  part: number;
  /**
   * The points that make the signal, in order. Points a rule skips (on the centre line for a
   * shift, equal to the previous one for a trend) are not listed: the signal spans
   * `points[0]`…`points[points.length − 1]`. For the runs-count rules, every useful point of the part.
   */
  points: number[];
  /** Up (above the centre, rising) or down; null for rules with no direction (number of runs). */
  side: SignalSide | null;
  effect: SignalEffect;
  /** The figures behind the rule, for the words under a chart. */
  detail: SignalDetail;
}

/** The figures a rule compared; only the ones that apply to the rule are set. */
export interface SignalDetail {
  /** Points counted in a shift, trend or long run. */
  length?: number;
  /** The length, number of runs or crossings the rule compared against. */
  limit?: number;
  /** Observed runs and the expected range (IHI runs rule). */
  runs?: number;
  runsLower?: number;
  runsUpper?: number;
  /** Points not on the centre line (runs rules). */
  useful?: number;
  /** Observed median crossings (Anhøj). */
  crossings?: number;
}

/** One point as drawn: null value or limits where there is nothing to draw. */
export interface ChartPoint {
  index: number;
  value: number | null;
  part: number;
  /** True when the point is in its part's baseline (it helped set the centre line and limits). */
  baseline: boolean;
  centre: number | null;
  /** Control limits (null for run charts, for a missing point, and for an MR chart's lower limit). */
  lower: number | null;
  upper: number | null;
  /** One sigma at this point, before clipping the limits (null for run charts). */
  sigma: number | null;
}

/** A stretch of the series with its own centre line: the whole series, or one side of a known change. */
export interface ChartPart {
  index: number;
  /** First and last point of the part (inclusive). */
  start: number;
  end: number;
  /** First and last point of the part's baseline (inclusive). */
  baselineStart: number;
  baselineEnd: number;
  centre: number;
}

export type ChartKind = "run" | "p" | "u" | "i" | "mr";

export type ChartRuleSet = "ihi" | "anhoej" | "spc";

/** Something the reader should know about the chart (a short baseline, a degenerate limit…). */
export interface ChartWarning {
  code: "short-baseline" | "too-few-points-for-runs" | "zero-sigma" | "missing-points";
  part: number | null;
  message: string;
}

export interface ChartResult {
  kind: ChartKind;
  ruleSet: ChartRuleSet;
  direction: Direction;
  points: ChartPoint[];
  parts: ChartPart[];
  signals: ChartSignal[];
  warnings: ChartWarning[];
}
