/**
 * A school year is named by the calendar year of its spring: 2024 is the year from
 * July 1, 2023 to June 30, 2024 (California's fiscal and CALPADS year).
 */

/** First day of school year `year` (July 1 of the previous calendar year), as YYYY-MM-DD. */
export function schoolYearStart(year: number): string {
  return `${year - 1}-07-01`;
}

/** Last day of school year `year` (June 30), as YYYY-MM-DD. */
export function schoolYearEnd(year: number): string {
  return `${year}-06-30`;
}

/** Census day: the first Wednesday in October of the fall of school year `year`. */
export function censusDay(year: number): string {
  const october1 = new Date(Date.UTC(year - 1, 9, 1));
  const offset = (3 - october1.getUTCDay() + 7) % 7;
  return new Date(Date.UTC(year - 1, 9, 1 + offset)).toISOString().slice(0, 10);
}

/** Parses "2022-2025" or "2024" into the list of school years. */
export function parseYearRange(text: string): number[] {
  const match = /^(\d{4})(?:-(\d{4}))?$/.exec(text.trim());
  if (!match) throw new Error(`invalid year range "${text}": expected YYYY or YYYY-YYYY`);
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  if (last < first) throw new Error(`invalid year range "${text}": ${last} is before ${first}`);
  const years: number[] = [];
  for (let y = first; y <= last; y++) years.push(y);
  return years;
}
