/**
 * How a measure's values read (percent, scale points, growth score, survey mean): one formatter
 * for the server's sentences and the web app's pages (web/src/format/format-value.ts re-exports it).
 */
const PERCENT_METRICS = new Set([
  "chronic_absence",
  "suspension",
  "graduation",
  "ela_performance",
  "math_performance",
  "el_redesignation",
  "hs_readiness",
]);

/** How a measure's values read: percent, scale points, a growth score or a survey mean. */
export function unitOf(metric: string): "percent" | "points" | "score" | "mean" {
  if (metric.includes("distance_from_standard")) return "points";
  if (metric.endsWith("_growth")) return "score";
  if (metric.startsWith("sel_")) return "mean";
  if (PERCENT_METRICS.has(metric) || metric.startsWith("culture_climate")) return "percent";
  return "mean";
}

/** A measure's value in words: "36.3%", "−55.7 points", "50.0", "3.41". Null is an em dash. */
export function formatValue(metric: string, value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  switch (unitOf(metric)) {
    case "percent":
      return `${value.toFixed(1)}%`;
    case "points":
      return `${signed(value, 1)} points`;
    case "score":
      return value.toFixed(1);
    case "mean":
      return value.toFixed(2);
  }
}

/** A change in the measure's unit with its sign: "+2.2 pts", "−0.03". */
export function formatChange(metric: string, change: number | null | undefined): string {
  if (change === null || change === undefined || Number.isNaN(change)) return "—";
  const unit = unitOf(metric);
  // Small steps keep a second decimal so that "−0.01" does not read as "0.0".
  const digits = unit === "mean" || Math.abs(change) < 0.1 ? 2 : 1;
  const suffix = unit === "percent" ? " pts" : unit === "points" ? " points" : "";
  return `${signed(change, digits)}${suffix}`;
}

/** A number with an explicit sign, using the true minus sign. */
export function signed(value: number, digits: number): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return text;
  return `${value < 0 ? "−" : "+"}${text}`;
}

/** An index score as shown everywhere (one decimal). */
export function formatIndex(score: number | null | undefined): string {
  return score === null || score === undefined ? "—" : score.toFixed(1);
}
