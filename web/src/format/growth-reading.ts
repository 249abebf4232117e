import type { GrowthRow } from "../api/types.ts";
import { signed } from "./format-value.ts";
import { type Band, bandOfLevel } from "./level-band.ts";

/** How a growth level reads once its 95% interval is taken into account. */
export interface GrowthReading {
  /** The level's band, or "not distinguishable from average" when the interval includes average. */
  readonly words: Band | "not distinguishable from average";
  /** The interval in words, when it changed the band's words (else null). */
  readonly interval: string | null;
}

/** An effect in hundredths of a standard deviation, as the growth tables show it. */
export function effectText(effect: number): string {
  return signed(effect * 100, 1);
}

/**
 * A growth level in words that its interval supports (as EVAAS and CORE report growth): "below
 * average" or "above average" only when the school's 95% interval excludes average (an effect of
 * 0, the growth of students like them), else "not distinguishable from average" with the interval
 * in words. Without an interval the band stands.
 */
export function growthReading(
  level: number,
  band: string | null | undefined,
  interval: Pick<GrowthRow, "ci_low" | "ci_high"> | undefined,
): GrowthReading {
  const words = (band as Band | null | undefined) ?? bandOfLevel(level);
  if (words === "average" || !interval || interval.ci_low === null || interval.ci_high === null)
    return { words, interval: null };
  const { ci_low: low, ci_high: high } = interval;
  const supported = words === "below average" ? high < 0 : low > 0;
  if (supported) return { words, interval: null };
  return {
    words: "not distinguishable from average",
    interval: `its 95% interval, ${effectText(low)} to ${effectText(high)} hundredths of a standard deviation, includes average (0)`,
  };
}
