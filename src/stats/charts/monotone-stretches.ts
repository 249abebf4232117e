import type { SignalSide } from "./chart-result.ts";

/** Consecutive points each higher (up) or each lower (down) than the one before. */
export interface MonotoneStretch {
  side: SignalSide;
  points: number[];
}

/**
 * The maximal rising and falling stretches among `values[start..end]` (inclusive), for the trend
 * rule. Missing points are skipped; a point equal to the one before it is skipped too, so ties
 * neither add to nor break a trend ("count only one of them", Perla et al. 2011). A turning point
 * ends one stretch and starts the next, so neighbouring stretches share it.
 */
export function monotoneStretches(
  values: readonly (number | null)[],
  start: number,
  end: number,
): MonotoneStretch[] {
  const kept: number[] = [];
  for (let i = start; i <= end; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const last = kept[kept.length - 1];
    if (last !== undefined && values[last] === v) continue;
    kept.push(i);
  }
  const stretches: MonotoneStretch[] = [];
  let current: MonotoneStretch | undefined;
  for (let k = 1; k < kept.length; k++) {
    const side: SignalSide = values[kept[k]!]! > values[kept[k - 1]!]! ? "up" : "down";
    if (current?.side === side) current.points.push(kept[k]!);
    else {
      current = { side, points: [kept[k - 1]!, kept[k]!] };
      stretches.push(current);
    }
  }
  return stretches;
}
