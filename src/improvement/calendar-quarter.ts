/** A calendar quarter: January–March is Q1. Days are `YYYY-MM-DD` in UTC, like due dates. */
export interface CalendarQuarter {
  /** `YYYY-Qn`. */
  readonly key: string;
  /** Its first day. */
  readonly start: string;
  /** The first day of the next quarter (exclusive end). */
  readonly end: string;
  /** Its three months, `YYYY-MM`. */
  readonly months: readonly string[];
}

const KEY = /^([0-9]{4})-Q([1-4])$/;

/** Thrown for a quarter key that is not `YYYY-Qn`. */
export class InvalidQuarterError extends Error {
  constructor(readonly value: string) {
    super(`invalid quarter "${value}" (expected YYYY-Qn, e.g. 2026-Q4)`);
    this.name = "InvalidQuarterError";
  }
}

const pad = (n: number) => String(n).padStart(2, "0");

function quarter(year: number, q: number): CalendarQuarter {
  const first = (q - 1) * 3 + 1;
  const next = q === 4 ? `${year + 1}-01-01` : `${year}-${pad(first + 3)}-01`;
  return {
    key: `${year}-Q${q}`,
    start: `${year}-${pad(first)}-01`,
    end: next,
    months: [0, 1, 2].map((i) => `${year}-${pad(first + i)}`),
  };
}

/** The quarter holding `day` (`YYYY-MM-DD`). */
export function quarterOf(day: string): CalendarQuarter {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return quarter(year, Math.floor((month - 1) / 3) + 1);
}

/** The quarter named `key` (`YYYY-Qn`). */
export function parseQuarter(key: string): CalendarQuarter {
  const m = KEY.exec(key);
  if (!m) throw new InvalidQuarterError(key);
  return quarter(Number(m[1]), Number(m[2]));
}

/** Whether `day` (`YYYY-MM-DD`) lies in `q`. */
export function inQuarter(day: string, q: CalendarQuarter): boolean {
  return day >= q.start && day < q.end;
}

/** The `count` months (`YYYY-MM`) ending with `last`, oldest first. */
export function monthsEnding(last: string, count: number): string[] {
  const year = Number(last.slice(0, 4));
  const month = Number(last.slice(5, 7)) - 1;
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const m = year * 12 + month - i;
    out.push(`${Math.floor(m / 12)}-${pad((m % 12) + 1)}`);
  }
  return out;
}
