import * as Plot from "@observablehq/plot";
import type { HistoryBand } from "../api/types.ts";
import { LEVEL_COLORS } from "../format/level-band.ts";

/** A year on a history chart's x axis spans [year − ½, year + ½]. */
const HALF = 0.5;

/**
 * The y domain a history chart draws: its values with a margin on each side (a third of their
 * spread, at least a little), so the level bands around them show; `fallback` when none is shown.
 */
export function historyDomain(
  values: readonly number[],
  fallback: readonly [number, number],
): [number, number] {
  if (values.length === 0) return [fallback[0], fallback[1]];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = Math.max((hi - lo) / 3, Math.abs(hi) * 0.05, 0.05);
  return [lo - pad, hi + pad];
}

/**
 * Each year's level bands behind a history chart: one rectangle per level of the year's cut set,
 * in the level's colour, clipped to the chart's y `domain` (open ends reach its edge), each with a
 * tooltip ("2024: level 3, from −70.0 to −55.2"), and the level's number at the right edge of the
 * last year where the band is tall enough to read it.
 */
export function levelBandMarks(
  bands: readonly HistoryBand[],
  domain: readonly [number, number],
  format: (v: number) => string,
): Plot.Markish[] {
  const [lo, hi] = domain;
  const clipped = bands
    .map((b) => ({
      ...b,
      y1: Math.max(lo, b.lower ?? lo),
      y2: Math.min(hi, b.upper ?? hi),
    }))
    .filter((b) => b.y2 > b.y1);
  const last = Math.max(...bands.map((b) => b.year));
  const labelled = clipped.filter((b) => b.year === last && (b.y2 - b.y1) / (hi - lo) >= 0.09);
  const range = (b: HistoryBand) =>
    b.lower === null
      ? `below ${format(b.upper!)}`
      : b.upper === null
        ? `${format(b.lower)} or above`
        : `from ${format(b.lower)} to ${format(b.upper)}`;
  return [
    Plot.rect(clipped, {
      x1: (b) => b.year - HALF,
      x2: (b) => b.year + HALF,
      y1: "y1",
      y2: "y2",
      fill: (b) => LEVEL_COLORS[b.level]?.background ?? "#e5e7eb",
      fillOpacity: 0.32,
      title: (b) => `${b.year}: level ${b.level}, ${range(b)}`,
    }),
    Plot.text(labelled, {
      x: (b) => b.year + HALF,
      y: (b) => (b.y1 + b.y2) / 2,
      text: (b) => String(b.level),
      textAnchor: "end",
      dx: -2,
      fontSize: 9,
      fill: "#374151",
    }),
  ];
}

/** The x scale of a history chart: every year of the chain a tick, whole years written plainly. */
export function yearScale(years: readonly number[]): Plot.ScaleOptions {
  const first = years[0] ?? 0;
  const last = years.at(-1) ?? first;
  return {
    label: null,
    type: "linear",
    tickFormat: "d",
    ticks: [...years],
    domain: [first - HALF, last + HALF],
  };
}
