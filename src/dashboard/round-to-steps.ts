/**
 * `value` in whole steps of 10^-digits, rounded half away from zero (CDE rounds before it bins):
 * toSteps(2.45, 1) = 25, toSteps(-2.45, 1) = -25. The small epsilon absorbs binary noise
 * (2.45 * 10 = 24.499999999999996).
 */
export function toSteps(value: number, digits: number): number {
  const scaled = Math.abs(value) * 10 ** digits;
  return Math.sign(value) * Math.floor(scaled + 0.5 + 1e-7);
}
