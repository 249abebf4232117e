import { StatsError } from "../stats-error.ts";

/**
 * Checks a series: every value a finite number or null (a period with no figure).
 * @throws StatsError naming the first bad value and its index.
 */
export function checkSeries(values: readonly (number | null)[], name: string): void {
  values.forEach((v, i) => {
    if (v !== null && !Number.isFinite(v))
      throw new StatsError(
        "invalid-value",
        `${name}[${i}] is ${v}, expected a finite number or null`,
      );
  });
}

/** The non-missing values among indexes start…end (inclusive). */
export function presentValues(
  values: readonly (number | null)[],
  start: number,
  end: number,
): number[] {
  const out: number[] = [];
  for (let i = start; i <= end; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) out.push(v);
  }
  return out;
}
