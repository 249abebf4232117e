import { TERMS } from "../domain/codes.ts";

/**
 * The nominal dates of each course-mark term of school year `year` (spring): course_marks.csv
 * carries a term code but no dates, so a term is placed on the calendar by convention — semesters
 * July–January and February–June, quarters July–October, November–January, February–March,
 * April–June, trimesters July–November, December–February, March–June, Y the whole year. Returns
 * a SQL `VALUES` list of `(term, period_start, period_end)`.
 */
export function termWindowsSql(year: number): string {
  const fall = year - 1;
  const febEnd = new Date(Date.UTC(year, 2, 0)).toISOString().slice(0, 10);
  const windows: Record<(typeof TERMS)[number], [string, string]> = {
    S1: [`${fall}-07-01`, `${year}-01-31`],
    S2: [`${year}-02-01`, `${year}-06-30`],
    Q1: [`${fall}-07-01`, `${fall}-10-31`],
    Q2: [`${fall}-11-01`, `${year}-01-31`],
    Q3: [`${year}-02-01`, `${year}-03-31`],
    Q4: [`${year}-04-01`, `${year}-06-30`],
    T1: [`${fall}-07-01`, `${fall}-11-30`],
    T2: [`${fall}-12-01`, febEnd],
    T3: [`${year}-03-01`, `${year}-06-30`],
    Y: [`${fall}-07-01`, `${year}-06-30`],
  };
  return `VALUES ${TERMS.map((t) => `('${t}', DATE '${windows[t][0]}', DATE '${windows[t][1]}')`).join(", ")}`;
}
