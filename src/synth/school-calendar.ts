import { censusDay } from "../domain/school-year.ts";
import { INSTRUCTIONAL_DAYS } from "./parameters.ts";

/** The instructional days of one school year, as YYYY-MM-DD dates, and census day's index. */
export interface SchoolCalendar {
  readonly year: number;
  /** Which district calendar ({@link CALENDAR_VARIANTS}): 0 is the default. */
  readonly variant: number;
  readonly days: readonly string[];
  /** Index in `days` of census day (the first Wednesday in October). */
  readonly censusIndex: number;
  /** Per day, its month as months since July 1 of the fall (0 = July … 11 = June). */
  readonly monthOf: Uint8Array;
  /**
   * Per day, how absence-prone it is relative to an ordinary day (mean 1 over the year): more in
   * winter (flu season) and on the school days next to a break, less in the first weeks.
   */
  readonly absenceWeight: Float64Array;
}

/**
 * The district calendars: 0 the default (late-August start), 1 an early start (first Monday on or
 * after August 5) with a two-week winter break and a February break week, 2 a start after Labor
 * Day with a spring break in April. Districts take them in turn (district index mod 3).
 */
export const CALENDAR_VARIANTS = 3;

const DAY_MS = 86_400_000;

/**
 * A California-like calendar: school starts on the first Wednesday on or after August 12, runs
 * weekdays except Labor Day, Veterans Day, Thanksgiving week, a winter break (Dec 20 – Jan 3),
 * MLK Day, Presidents' Day, a spring break (the week of the first Monday on or after March 30) and
 * Memorial Day, and ends after INSTRUCTIONAL_DAYS days (early June).
 */
export function schoolCalendar(year: number, variant = 0): SchoolCalendar {
  const key = year * CALENDAR_VARIANTS + variant;
  let calendar = CACHE.get(key);
  if (!calendar) {
    calendar = buildCalendar(year, variant);
    CACHE.set(key, calendar);
  }
  return calendar;
}

const CACHE = new Map<number, SchoolCalendar>();

function buildCalendar(year: number, variant: number): SchoolCalendar {
  if (!Number.isInteger(variant) || variant < 0 || variant >= CALENDAR_VARIANTS)
    throw new Error(`invalid calendar variant ${variant}: expected 0 to ${CALENDAR_VARIANTS - 1}`);
  const fall = year - 1;
  const holidays = new Set<number>([
    nthWeekday(fall, 8, 1, 1), // Labor Day
    Date.UTC(fall, 10, 11), // Veterans Day
    nthWeekday(year, 0, 1, 3), // MLK Day
    nthWeekday(year, 1, 1, 3), // Presidents' Day
    lastWeekday(year, 4, 1), // Memorial Day
  ]);
  const thanksgiving = nthWeekday(fall, 10, 4, 4);
  for (let d = -3; d <= 1; d++) holidays.add(thanksgiving + d * DAY_MS);
  const winterEnd = variant === 1 ? Date.UTC(year, 0, 5) : Date.UTC(year, 0, 3);
  for (let t = Date.UTC(fall, 11, variant === 1 ? 19 : 20); t <= winterEnd; t += DAY_MS)
    holidays.add(t);
  let springMonday = Date.UTC(year, variant === 2 ? 3 : 2, variant === 2 ? 6 : 30);
  while (new Date(springMonday).getUTCDay() !== 1) springMonday += DAY_MS;
  for (let d = 0; d < 5; d++) holidays.add(springMonday + d * DAY_MS);
  if (variant === 1) {
    const presidents = nthWeekday(year, 1, 1, 3);
    for (let d = 0; d < 5; d++) holidays.add(presidents + d * DAY_MS);
  }

  let t =
    variant === 1
      ? Date.UTC(fall, 7, 5)
      : variant === 2
        ? nthWeekday(fall, 8, 1, 1) + DAY_MS
        : Date.UTC(fall, 7, 12);
  const firstWeekday = variant === 0 ? 3 : variant === 1 ? 1 : 2;
  while (new Date(t).getUTCDay() !== firstWeekday) t += DAY_MS;
  const days: string[] = [];
  const times: number[] = [];
  while (days.length < INSTRUCTIONAL_DAYS) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !holidays.has(t)) {
      days.push(new Date(t).toISOString().slice(0, 10));
      times.push(t);
    }
    t += DAY_MS;
  }
  const census = censusDay(year);
  const censusIndex = days.indexOf(census);
  if (censusIndex < 0)
    throw new Error(`census day ${census} is not an instructional day of ${year}`);
  const monthOf = new Uint8Array(days.length);
  const absenceWeight = new Float64Array(days.length);
  let total = 0;
  times.forEach((time, i) => {
    const date = new Date(time);
    monthOf[i] = (date.getUTCMonth() + 6) % 12;
    let w = 1;
    const month = date.getUTCMonth();
    if (month === 11 || month === 0 || month === 1) w += 0.25;
    // A day just before or after a break of more than a long weekend.
    const gapBefore = i > 0 ? (time - times[i - 1]!) / DAY_MS : 0;
    const gapAfter = i < times.length - 1 ? (times[i + 1]! - time) / DAY_MS : 0;
    if (gapBefore > 4 || gapAfter > 4) w += 0.4;
    if (i < 15) w -= 0.2;
    if (i >= times.length - 10) w += 0.15;
    absenceWeight[i] = w;
    total += w;
  });
  for (let i = 0; i < absenceWeight.length; i++)
    absenceWeight[i] = (absenceWeight[i]! * days.length) / total;
  return { year, variant, days, censusIndex, monthOf, absenceWeight };
}

/** The n-th (1-based) given weekday of a month, as a UTC timestamp. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
  const day = 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
  return Date.UTC(year, month, day);
}

function lastWeekday(year: number, month: number, weekday: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  const back = (last.getUTCDay() - weekday + 7) % 7;
  return Date.UTC(year, month, last.getUTCDate() - back);
}
