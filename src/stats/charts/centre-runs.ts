import type { SignalSide } from "./chart-result.ts";

/** A run: consecutive useful points on one side of the centre line. */
export interface CentreRun {
  side: SignalSide;
  points: number[];
}

/**
 * The runs about `centre` among `values[start..end]` (inclusive). Missing points and points
 * exactly on the centre line are skipped: they neither extend nor break a run (Perla et al.
 * 2011). The number of runs is the number of crossings + 1.
 */
export function centreRuns(
  values: readonly (number | null)[],
  centre: number,
  start: number,
  end: number,
): CentreRun[] {
  const runs: CentreRun[] = [];
  let current: CentreRun | undefined;
  for (let i = start; i <= end; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === centre) continue;
    const side: SignalSide = v > centre ? "up" : "down";
    if (current?.side === side) current.points.push(i);
    else {
      current = { side, points: [i] };
      runs.push(current);
    }
  }
  return runs;
}
