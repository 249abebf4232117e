import { censusDay } from "../domain/school-year.ts";
import { INSTRUCTIONAL_DAYS } from "./parameters.ts";

/** The instructional days of one school year, as YYYY-MM-DD dates, and census day's index. */
export interface SchoolCalendar {
  readonly year: number;
  readonly days: readonly string[];
  /** Index in `days` of census day (the first Wednesday in October). */
  readonly censusIndex: number;
}

const DAY_MS = 86_400_000;

/**
 * A California-like calendar: school starts on the first Wednesday on or after August 12, runs
 * weekdays except Labor Day, Veterans Day, Thanksgiving week, a winter break (Dec 20 – Jan 3),
 * MLK Day, Presidents' Day, a spring break (the week of the first Monday on or after March 30) and
 * Memorial Day, and ends after INSTRUCTIONAL_DAYS days (early June).
 */
export function schoolCalendar(year: number): SchoolCalendar {
  let calendar = CACHE.get(year);
  if (!calendar) {
    calendar = buildCalendar(year);
    CACHE.set(year, calendar);
  }
  return calendar;
}

const CACHE = new Map<number, SchoolCalendar>();

function buildCalendar(year: number): SchoolCalendar {
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
  for (let t = Date.UTC(fall, 11, 20); t <= Date.UTC(year, 0, 3); t += DAY_MS) holidays.add(t);
  let springMonday = Date.UTC(year, 2, 30);
  while (new Date(springMonday).getUTCDay() !== 1) springMonday += DAY_MS;
  for (let d = 0; d < 5; d++) holidays.add(springMonday + d * DAY_MS);

  let t = Date.UTC(fall, 7, 12);
  while (new Date(t).getUTCDay() !== 3) t += DAY_MS;
  const days: string[] = [];
  while (days.length < INSTRUCTIONAL_DAYS) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !holidays.has(t)) {
      days.push(new Date(t).toISOString().slice(0, 10));
    }
    t += DAY_MS;
  }
  const census = censusDay(year);
  const censusIndex = days.indexOf(census);
  if (censusIndex < 0)
    throw new Error(`census day ${census} is not an instructional day of ${year}`);
  return { year, days, censusIndex };
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
