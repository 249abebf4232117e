import { StatsError } from "../stats-error.ts";
import { resolveParts } from "./chart-parts.ts";
import type { ChartResult, ChartWarning, Direction } from "./chart-result.ts";
import { controlChart } from "./control-chart.ts";
import { laneyFactor } from "./laney-factor.ts";
import { pooled, ratios } from "./rate-series.ts";
import type { SpcRuleOptions } from "./spc-rules.ts";

/** One school year of a count-per-exposure series (days absent per day enrolled), period by period. */
export interface SeasonalYear {
  readonly counts: readonly (number | null)[];
  readonly exposures: readonly (number | null)[];
  /**
   * Each period's seasonal index (see `seasonalIndex`): how far its calendar month runs above or
   * below the year as a whole. Null where none is known: the period is a gap.
   */
  readonly season: readonly (number | null)[];
}

/** Periods at the start of the year that set its level, by default: August to October, or September to November. */
export const SEASONAL_ANCHOR = 3;

/**
 * The seasonal chart's rules by default: the control chart rules without the shift rule. A shift
 * of 8 is rare (≈1%) around a known centre line; here the centre is estimated from 3 months, and
 * every later point shares its error (any two deviations from it correlate by about 0.25), so
 * long runs on one side come far more often than the rule allows for. A real change of level
 * still shows as points outside the limits or two of three beyond 2σ.
 */
export const SEASONAL_RULES: SpcRuleOptions = { shift: null };

export interface SeasonalChartOptions {
  direction: Direction;
  /** The first `anchor` periods of the current year set its centre line (default {@link SEASONAL_ANCHOR}). */
  anchor?: number;
  /** Default {@link SEASONAL_RULES}. */
  rules?: SpcRuleOptions;
}

/**
 * A seasonally adjusted u′-chart of one school year, for a monthly rate whose months differ for
 * reasons every year shares (fewer absences in the first weeks, more in winter and next to
 * breaks) and whose level moves from one year to the next (new students, a different year):
 *
 * - each period's expected exposure is e_i = exposure_i × season_i and its value the seasonally
 *   adjusted rate u_i = count_i / e_i;
 * - the centre line is this year's level, ū = Σ counts / Σ e over the first `anchor` periods (the
 *   baseline), so a school is judged against itself this year, not against last year's students;
 * - σ_i = σ_z·√(ū/e_i + ū/E_A) after the baseline, where E_A = Σ e over the baseline: the second
 *   term is the uncertainty of ū itself, which a baseline of three months does not make
 *   negligible (σ_z·√(ū/e_i) inside the baseline);
 * - σ_z is Laney's factor of the previous year's adjusted series around its own level (the
 *   month-to-month variation a binomial or Poisson model does not explain), never below 1: a
 *   year of ten months estimates it roughly, and a factor under 1 would narrow the limits on the
 *   strength of that noise alone (limits are only widened for overdispersion, as in
 *   Spiegelhalter's funnel plots).
 *
 * Limits at ū ± 3σ_i (lower floored at 0); the rules ({@link SEASONAL_RULES} by default) run on
 * the current year only. bench/periodic-detection.ts measures how it finds planted changes and
 * how often it signals at schools that did not change.
 * @throws StatsError when a year's arrays differ in length, a count or exposure is not a count,
 * the baseline has no exposure, or the previous year has fewer than two periods to estimate σ_z.
 */
export function seasonalChart(
  current: SeasonalYear,
  previous: SeasonalYear,
  options: SeasonalChartOptions,
): ChartResult {
  const anchor = options.anchor ?? SEASONAL_ANCHOR;
  const before = adjusted(previous, "previous");
  const beforeBase = pooled(previous.counts, before.expected, 0, before.values.length - 1, 0);
  const beforeLevel = beforeBase.numerator / beforeBase.denominator;
  const factor = laneyFactor(
    before.values,
    beforeLevel,
    (i) => Math.sqrt(beforeLevel / before.expected[i]!),
    0,
    before.values.length - 1,
  );
  if (factor === null)
    throw new StatsError(
      "too-few-observations",
      `the previous year has ${beforeBase.count} periods with a value; the month-to-month variation needs at least two`,
    );
  const sigmaZ = Math.max(1, factor);
  const now = adjusted(current, "current");
  const [part] = resolveParts(now.values.length, { baseline: { first: anchor } });
  const base = pooled(current.counts, now.expected, part!.baselineStart, part!.baselineEnd, 0);
  const level = base.numerator / base.denominator;
  const anchorVariance = level / base.denominator;
  const warnings: ChartWarning[] = [];
  return controlChart(
    "seasonal-u",
    now.values,
    [
      {
        part: part!,
        centre: level,
        // The limits' width rests on the previous year, their centre on the baseline.
        baselineCount: beforeBase.count + base.count,
        sigmaAt: (i) => {
          const own = level / now.expected[i]!;
          return sigmaZ * Math.sqrt(i <= part!.baselineEnd ? own : own + anchorVariance);
        },
      },
    ],
    { min: 0 },
    options.direction,
    options.rules ?? SEASONAL_RULES,
    warnings,
  );
}

/** Expected exposures (exposure × seasonal index) and adjusted rates of a year. */
function adjusted(
  year: SeasonalYear,
  name: string,
): { expected: (number | null)[]; values: (number | null)[] } {
  if (year.season.length !== year.exposures.length)
    throw new StatsError(
      "dimension-mismatch",
      `${name} year: ${year.exposures.length} exposures but ${year.season.length} seasonal indexes`,
    );
  const expected = year.exposures.map((x, i) => {
    const s = year.season[i];
    if (s !== null && s !== undefined && !(Number.isFinite(s) && s > 0))
      throw new StatsError(
        "invalid-value",
        `${name} year: seasonal index ${s} at period ${i}, expected a number above 0 or null`,
      );
    return x === null || s === null || s === undefined ? null : x * s;
  });
  const counts = year.counts.map((c, i) => (expected[i] === null ? null : c));
  return { expected, values: ratios(counts, expected, `${name} counts`, `${name} exposures`) };
}
