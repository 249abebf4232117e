import { join } from "node:path";
import { CsvFileWriter } from "./csv-file-writer.ts";
import type { NetworkLayout } from "./network-layout.ts";
import type { Random } from "./random.ts";

/** What a school was planted to change within the year, from `startDay` on. */
export interface PlantedChange {
  readonly kind: "attendance" | "df";
  /** The year (index into the network's years) the change happens in. */
  readonly yearIndex: number;
  /** Months since July 1 of the fall (4 = November … 7 = February) the change starts in. */
  readonly startMonth: number;
  /**
   * attendance: percentage points taken off the school's daily absence rate (2–4, at most
   * {@link MAX_RELATIVE_DROP} of it);
   * df: GPA points added to every mark's latent GPA (0.3–0.6), which lowers the D/F rate.
   */
  readonly size: number;
}

/** Share of schools planted with an attendance change, and with a D/F change. */
export const CHANGE_SHARES = { attendance: 0.25, df: 0.15 } as const;
/**
 * At most this share of a school's usual daily absence is taken off: a school absent 5% of days
 * drops at most 2 points, not 4 (a halved absence rate in months would be beyond what attendance
 * work achieves, and school chronic absence rates would leave their realistic range).
 */
export const MAX_RELATIVE_DROP = 0.4;
/** Planted sizes: attendance in percentage points of daily absence, D/F in GPA points. */
export const CHANGE_SIZES = {
  attendance: { min: 2, max: 4 },
  df: { min: 0.3, max: 0.6 },
} as const;

/**
 * The planted within-year changes of a network: some schools improve attendance or their D/F rate
 * from the first school day of a month (November to February) of the network's last year, the
 * others do not change. Also collects what the change realized (rates before and after) for
 * truth/planted_changes.csv.
 */
export class PlantedChanges {
  private readonly changes = new Map<number, PlantedChange>();
  /** Per school: absent and enrolled days before and after the start (change year only). */
  private readonly realized = new Map<number, Float64Array>();
  private readonly startDates = new Map<number, string>();

  constructor(
    private readonly layout: NetworkLayout,
    private readonly years: readonly number[],
    rng: Random,
  ) {
    const yearIndex = years.length - 1;
    for (const school of layout.schools) {
      const u = rng.next();
      const startMonth = 4 + rng.int(4);
      const v = rng.next();
      if (u < CHANGE_SHARES.attendance) {
        const { min, max } = CHANGE_SIZES.attendance;
        this.changes.set(school.index, {
          kind: "attendance",
          yearIndex,
          startMonth,
          size: min + (max - min) * v,
        });
      } else if (u < CHANGE_SHARES.attendance + CHANGE_SHARES.df) {
        const { min, max } = CHANGE_SIZES.df;
        this.changes.set(school.index, {
          kind: "df",
          yearIndex,
          startMonth,
          size: min + (max - min) * v,
        });
      }
    }
  }

  /** The school's change if it happens in that year. */
  changeOf(school: number, yearIndex: number): PlantedChange | undefined {
    const change = this.changes.get(school);
    return change && change.yearIndex === yearIndex ? change : undefined;
  }

  /** Notes the first instructional day of the change at a school (its district's calendar). */
  setStartDate(school: number, date: string): void {
    this.startDates.set(school, date);
  }

  /** Adds a month of attendance at a changed school, before or after the start. */
  addAttendance(school: number, after: boolean, enrolled: number, absent: number): void {
    const k = after ? 2 : 0;
    const sums = this.sums(school);
    sums[k]! += absent;
    sums[k + 1]! += enrolled;
  }

  /** Adds a term's marks at a changed school, before or after the start. */
  addMarks(school: number, after: boolean, marks: number, dOrF: number): void {
    const k = after ? 6 : 4;
    const sums = this.sums(school);
    sums[k]! += dOrF;
    sums[k + 1]! += marks;
  }

  private sums(school: number): Float64Array {
    let sums = this.realized.get(school);
    if (!sums) {
      sums = new Float64Array(8);
      this.realized.set(school, sums);
    }
    return sums;
  }

  /** Writes truth/planted_changes.csv (every school, changed or not); returns its row count. */
  write(dir: string): number {
    const out = new CsvFileWriter(join(dir, "planted_changes.csv"), [
      "school_code",
      "kind",
      "year",
      "start_date",
      "size",
      "unit",
      "rate_before",
      "rate_after",
    ]);
    const schools = [...this.layout.schools].sort((a, b) =>
      a.code < b.code ? -1 : a.code > b.code ? 1 : 0,
    );
    for (const school of schools) {
      const change = this.changes.get(school.index);
      if (!change) {
        out.write(`${school.code},none,,,,,,`);
        continue;
      }
      const sums = this.realized.get(school.index) ?? new Float64Array(8);
      const k = change.kind === "attendance" ? 0 : 4;
      const rate = (num: number, den: number) => (den > 0 ? ((100 * num) / den).toFixed(4) : "");
      out.write(
        [
          school.code,
          change.kind,
          this.years[change.yearIndex],
          this.startDates.get(school.index) ?? "",
          change.size.toFixed(4),
          change.kind === "attendance" ? "percentage points of daily absence" : "GPA points",
          rate(sums[k]!, sums[k + 1]!),
          rate(sums[k + 2]!, sums[k + 3]!),
        ].join(","),
      );
    }
    out.close();
    return out.rows;
  }
}
