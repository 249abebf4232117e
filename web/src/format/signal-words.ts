import type { ChartSignal, PeriodicPoint } from "../api/types.ts";

/** A periodic value in its unit: "12.4%", "3.1 per 100 students". Null is an em dash. */
export function formatPeriodic(unit: string, value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return unit === "percent" ? `${value.toFixed(1)}%` : `${value.toFixed(2)} ${unit}`;
}

/** A period's month (or term) in words: "Feb 2025"; a term label as it is. */
export function periodName(point: Pick<PeriodicPoint, "period_start" | "period_label">): string {
  if (!/^\d{4}-\d{2}$/.test(point.period_label)) return point.period_label;
  const d = new Date(`${point.period_start}T00:00:00Z`);
  return d.toLocaleString("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
}

/** What a rule found, in words, for a reader who does not know the rule's name. */
function ruleWords(s: ChartSignal): string {
  const up = s.side === "up";
  const d = s.detail;
  switch (s.rule) {
    case "outside-limits":
      return `${s.points.length === 1 ? "a point" : `${s.points.length} points`} ${up ? "above the upper" : "below the lower"} control limit`;
    case "shift":
      return `${d.length ?? s.points.length} points in a row ${up ? "above" : "below"} the centre line (a shift)`;
    case "trend":
      return `${d.length ?? s.points.length} points in a row ${up ? "rising" : "falling"} (a trend)`;
    case "two-of-three":
      return `two of three points more than two sigma ${up ? "above" : "below"} the centre line`;
    case "fifteen-inner-third":
      return `${d.length ?? s.points.length} points in a row hugging the centre line`;
    case "too-few-runs":
      return `too few runs around the median (${d.runs} runs; ${d.runsLower} or more expected)`;
    case "too-many-runs":
      return `too many runs around the median (${d.runs} runs; ${d.runsUpper} or fewer expected)`;
    case "long-run":
      return `a run of ${d.length} points ${up ? "above" : "below"} the median, longer than ${d.limit}`;
    case "few-crossings":
      return `the median is crossed ${d.crossings} times, fewer than ${d.limit}`;
    case "astronomical":
      return "a point flagged as obviously different";
  }
}

const EFFECT = {
  improvement: "Improvement",
  deterioration: "Deterioration",
  no_direction: "Unusual variation",
} as const;

/** Each rule by a short name, as a table cell names it. */
const RULE_NAMES: Readonly<Record<ChartSignal["rule"], string>> = {
  "outside-limits": "outside the limits",
  shift: "shift",
  trend: "trend",
  "two-of-three": "two of three beyond two sigma",
  "fifteen-inner-third": "hugging the centre line",
  "too-few-runs": "too few runs",
  "too-many-runs": "too many runs",
  "long-run": "long run",
  "few-crossings": "few crossings",
  astronomical: "astronomical point",
};

/** A signal in a few words, for the cells of the points it covers: "Improvement (shift)". */
export function signalLabel(signal: Pick<ChartSignal, "effect" | "rule">): string {
  return `${EFFECT[signal.effect]} (${RULE_NAMES[signal.rule]})`;
}

/**
 * A signal as one sentence: what it means for the measure, what the rule saw and when.
 * "Improvement: 5 points in a row below the lower control limit, Feb 2025 to Jun 2025."
 */
export function signalSentence(
  signal: ChartSignal,
  points: readonly Pick<PeriodicPoint, "period_start" | "period_label">[],
): string {
  const first = points[signal.points[0] ?? -1];
  const last = points[signal.points.at(-1) ?? -1];
  const when =
    first && last
      ? first === last
        ? `, ${periodName(first)}`
        : `, ${periodName(first)} to ${periodName(last)}`
      : "";
  return `${EFFECT[signal.effect]}: ${ruleWords(signal)}${when}.`;
}
