import type { Random } from "./random.ts";
import type { SchoolCalendar } from "./school-calendar.ts";

/** One month of a stint: days enrolled and absent in it (month as months since July 1). */
export interface MonthAttendance {
  month: number;
  enrolled: number;
  absent: number;
}

/**
 * Splits a stint's absent days (days `from`…`to` of the calendar) over its months in proportion to
 * the days' absence weights (more in winter and next to breaks), never more than a month's
 * enrolled days: the months add up to `absent` exactly. Writes into `out` (reused, so the
 * simulator allocates nothing per student) and returns how many months it filled.
 */
export function splitByMonth(
  calendar: SchoolCalendar,
  from: number,
  to: number,
  absent: number,
  rng: Random,
  out: MonthAttendance[],
): number {
  let count = 0;
  let totalWeight = 0;
  const weights: number[] = WEIGHTS;
  for (let d = from; d <= to; d++) {
    const month = calendar.monthOf[d]!;
    if (count === 0 || out[count - 1]!.month !== month) {
      if (out.length <= count) out.push({ month, enrolled: 0, absent: 0 });
      const slot = out[count]!;
      slot.month = month;
      slot.enrolled = 0;
      slot.absent = 0;
      weights[count] = 0;
      count++;
    }
    out[count - 1]!.enrolled++;
    weights[count - 1]! += calendar.absenceWeight[d]!;
    totalWeight += calendar.absenceWeight[d]!;
  }
  let left = absent;
  let weightLeft = totalWeight;
  for (let k = 0; k < count && left > 0; k++) {
    const slot = out[k]!;
    const w = weights[k]!;
    const drawn = k === count - 1 ? left : rng.binomial(left, Math.min(1, w / weightLeft));
    slot.absent = Math.min(slot.enrolled, drawn);
    left -= slot.absent;
    weightLeft -= w;
  }
  // Months that filled up pass their excess on to months with room.
  for (let k = 0; k < count && left > 0; k++) {
    const slot = out[k]!;
    const room = Math.min(left, slot.enrolled - slot.absent);
    slot.absent += room;
    left -= room;
  }
  return count;
}

const WEIGHTS: number[] = [];
