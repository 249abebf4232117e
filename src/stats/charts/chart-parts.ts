import { StatsError } from "../stats-error.ts";

/**
 * The points that set a part's centre line and limits: the first `first` points of the part (the
 * whole part if it is shorter), or the points `from`…`to` (0-based indexes into the whole series,
 * inclusive, inside the part).
 * Points after the baseline are judged against the frozen centre line and limits.
 */
export type Baseline = { first: number } | { from: number; to: number };

/**
 * How a series is split and frozen. Without a layout the whole series is one part and every
 * point is in the baseline.
 */
export interface ChartLayout {
  /** Baseline of the first part (default: the whole part). */
  baseline?: Baseline;
  /**
   * Later parts, each starting at a known change (a new process, a new intervention): `start` is
   * the index of its first point; each part gets its own centre line and limits, from its own
   * baseline (default: the whole part).
   */
  parts?: readonly { start: number; baseline?: Baseline }[];
}

/** A part with its baseline resolved to indexes (all inclusive). */
export interface ResolvedPart {
  index: number;
  start: number;
  end: number;
  baselineStart: number;
  baselineEnd: number;
}

/**
 * The parts of a series of `length` points under `layout`.
 * @throws StatsError when a part start is out of order or out of range, or a baseline is empty or
 * leaves its part; the message names the value.
 */
export function resolveParts(length: number, layout: ChartLayout = {}): ResolvedPart[] {
  if (length === 0) throw new StatsError("too-few-observations", "the series has no points");
  const specs = [{ start: 0, baseline: layout.baseline }, ...(layout.parts ?? [])];
  return specs.map((spec, i) => {
    const next = specs[i + 1];
    const start = spec.start;
    const end = next === undefined ? length - 1 : next.start - 1;
    if (!Number.isInteger(start) || start < 0 || start >= length)
      throw new StatsError(
        "invalid-value",
        `part ${i} starts at point ${start}, expected an index from 1 to ${length - 1}`,
      );
    if (end < start)
      throw new StatsError(
        "invalid-value",
        `part ${i + 1} starts at point ${next?.start}, not after part ${i}'s start ${start}`,
      );
    const [baselineStart, baselineEnd] = resolveBaseline(spec.baseline, start, end, i);
    return { index: i, start, end, baselineStart, baselineEnd };
  });
}

function resolveBaseline(
  baseline: Baseline | undefined,
  start: number,
  end: number,
  part: number,
): [number, number] {
  if (baseline === undefined) return [start, end];
  if ("first" in baseline) {
    const k = baseline.first;
    if (!Number.isInteger(k) || k < 1)
      throw new StatsError(
        "invalid-value",
        `baseline of part ${part}: first ${k} points, expected a whole number ≥ 1`,
      );
    return [start, Math.min(end, start + k - 1)];
  }
  const { from, to } = baseline;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from > to || from < start || to > end)
    throw new StatsError(
      "invalid-value",
      `baseline of part ${part}: points ${from} to ${to}, expected a range inside the part's points ${start} to ${end}`,
    );
  return [from, to];
}
