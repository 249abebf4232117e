/**
 * The upper bounds (exclusive) of the enrolment bands a school's size is shown in where its exact
 * enrolment is not published (the change-idea library's context); the last band is open.
 */
export const ENROLLMENT_BAND_BOUNDS = [300, 600, 1000] as const;

/**
 * A school × level's census-day enrolment as it may be shown: a band, never the count. A band
 * narrower than `minN` would tell a count below the minimum n, so bands are merged upwards until
 * each is at least `minN` wide; the lowest band starts at 0, so a very small school reads as
 * "fewer than …" like any other small school, and its count is not recoverable. Null when there is
 * no enrolment to show (unknown).
 */
export function enrollmentBand(enrollment: number | null, minN: number): string | null {
  if (enrollment === null || !Number.isFinite(enrollment) || enrollment < 0) return null;
  const bounds: number[] = [];
  let lower = 0;
  for (const upper of ENROLLMENT_BAND_BOUNDS) {
    if (upper - lower >= minN) {
      bounds.push(upper);
      lower = upper;
    }
  }
  let from = 0;
  for (const upper of bounds) {
    if (enrollment < upper) {
      return from === 0
        ? `fewer than ${upper.toLocaleString("en-US")}`
        : `${from.toLocaleString("en-US")}–${(upper - 1).toLocaleString("en-US")}`;
    }
    from = upper;
  }
  return `${from.toLocaleString("en-US")} or more`;
}
