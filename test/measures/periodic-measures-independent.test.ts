import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computePeriodicMeasures } from "../../src/measures/compute-periodic-measures.ts";
import type { PeriodicResult } from "../../src/measures/periodic-results-table.ts";
import type { Warehouse } from "../../src/warehouse/warehouse.ts";
import {
  defaultFramework,
  enrollment,
  insert,
  openWarehouse,
  type Rows,
  school,
  schoolCode,
  sid,
  student,
  YEAR,
} from "./fixture.ts";

/**
 * A small planted network (fixed seed) whose periodic measures are computed a second time here,
 * student by student in plain loops, with none of the SQL's devices (no group sets, no running
 * sums, no month columns): leavers, late entrants, two stints in one month, several periods in a
 * month, students with no attendance, actions outside any stint, marks at two levels.
 */

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(16);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

/** The school year's months, as `YYYY-MM`. */
const MONTHS = ["08", "09", "10", "11", "12", "01", "02", "03", "04", "05", "06"].map(
  (m) => `${Number(m) >= 7 ? YEAR - 1 : YEAR}-${m}`,
);
const ISO = (month: string, day: number) => `${month}-${String(day).padStart(2, "0")}`;
const lastDay = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return ISO(month, new Date(Date.UTC(y, m, 0)).getUTCDate());
};

interface Student {
  n: number;
  race: string;
  sed: boolean;
  el: string;
  swd: boolean;
  /** Has a students.csv row (else counted in ALL only). */
  listed: boolean;
}
interface Stint {
  n: number;
  schoolN: number;
  grade: number;
  entry: string;
  exit: string | null;
}
interface Period {
  n: number;
  schoolN: number;
  start: string;
  end: string;
  enrolled: number;
  absent: number;
}
interface Action {
  n: number;
  schoolN: number;
  date: string;
  action: string;
}
interface Mark {
  n: number;
  schoolN: number;
  term: string;
  mark: string;
}

// School 1 elementary (K–5), 2 middle (6–8), 3 K–8 serving both levels, 4 high (9–12).
const SCHOOLS: [number, string, number, number][] = [
  [1, "elementary", 0, 5],
  [2, "middle", 6, 8],
  [3, "elementary;middle", 0, 8],
  [4, "high", 9, 12],
];

const students: Student[] = [];
const stints: Stint[] = [];
const periods: Period[] = [];
const actions: Action[] = [];
const marks: Mark[] = [];
for (let n = 1; n <= 160; n++) {
  students.push({
    n,
    race: pick(["HI", "WH", "AS", "AA", "NR"]),
    sed: random() < 0.5,
    el: pick(["EO", "EL", "RFEP", "IFEP"]),
    swd: random() < 0.15,
    listed: random() < 0.95,
  });
  const [schoolN, , low, high] = pick(SCHOOLS);
  const grade = int(low, high);
  const first = int(0, 3); // month index of entry (late entrants)
  const leaves = random() < 0.2;
  const last = leaves ? int(first, MONTHS.length - 1) : MONTHS.length - 1;
  const entry = ISO(MONTHS[first]!, int(1, 25));
  const exit = leaves ? ISO(MONTHS[last]!, int(1, 28)) : null;
  stints.push({ n, schoolN, grade, entry, exit });
  // A second stint starting in the month of the first one's exit (the month counts once).
  if (leaves && last < MONTHS.length - 2 && random() < 0.5)
    stints.push({ n, schoolN, grade, entry: ISO(MONTHS[last]!, 28), exit: null });
  const attends = random() < 0.92;
  for (let m = first; m <= MONTHS.length - 1 && attends; m++) {
    if (leaves && m > last && random() < 0.7) break;
    const enrolled = m === first ? int(0, 12) : int(15, 22);
    const chronicRisk = random() < 0.25 ? 0.3 : 0.05;
    const absent = Math.min(enrolled, Math.round(enrolled * chronicRisk * random() * 2));
    // Sometimes the district's periods are half months: two periods start in the month.
    if (random() < 0.2 && enrolled >= 2) {
      const half = Math.floor(enrolled / 2);
      const halfAbsent = Math.min(half, Math.floor(absent / 2));
      const month = MONTHS[m]!;
      periods.push({
        n,
        schoolN,
        start: ISO(month, 1),
        end: ISO(month, 15),
        enrolled: half,
        absent: halfAbsent,
      });
      periods.push({
        n,
        schoolN,
        start: ISO(month, 16),
        end: lastDay(month),
        enrolled: enrolled - half,
        absent: absent - halfAbsent,
      });
    } else
      periods.push({
        n,
        schoolN,
        start: ISO(MONTHS[m]!, 1),
        end: lastDay(MONTHS[m]!),
        enrolled,
        absent,
      });
  }
  for (let k = 0; k < 3; k++)
    if (random() < 0.15)
      actions.push({
        n,
        schoolN,
        date: ISO(pick(MONTHS), int(1, 28)),
        action: pick(["OSS", "ISS", "EXP", "DET"]),
      });
  if (grade >= 6)
    for (const term of ["S1", "S2", "Q1"])
      if (random() < 0.8)
        for (let c = 0; c < int(1, 3); c++)
          marks.push({ n, schoolN, term, mark: pick(["A", "B", "C", "D", "F", "P", "D-", "W"]) });
}

/** The student's reporting groups besides ALL (as studentGroupListsSql reads them). */
function groupsOf(n: number): string[] {
  const s = students.find((x) => x.n === n)!;
  if (!s.listed) return ["ALL"];
  const groups = ["ALL"];
  if (s.race !== "NR") groups.push(s.race);
  if (s.el === "EL") groups.push("EL");
  if (s.el === "RFEP") groups.push("RFEP");
  if (s.sed) groups.push("SED");
  if (s.swd) groups.push("SWD");
  return groups;
}

/** The levels a school serves that a grade belongs to. */
function levelsOf(schoolN: number, grade: number): string[] {
  const levels = SCHOOLS.find((s) => s[0] === schoolN)![1].split(";");
  return levels.filter((level) => {
    const [low, high] = defaultFramework.school_levels[level as "elementary"].grades;
    return grade >= low && grade <= high;
  });
}

type Figures = Map<string, { n: number; numerator: number; denominator: number }>;
const key = (schoolN: number, level: string, group: string, label: string) =>
  `${schoolCode(schoolN)}|${level}|${group}|${label}`;
function add(into: Figures, k: string, n: number, numerator: number, denominator: number) {
  const f = into.get(k) ?? { n: 0, numerator: 0, denominator: 0 };
  f.n += n;
  f.numerator += numerator;
  f.denominator += denominator;
  into.set(k, f);
}

/** The student × school's level for the absence measures: their highest grade there. */
function absenceLevel(n: number, schoolN: number): string | undefined {
  const settings = defaultFramework.measures.chronic_absence!;
  const grades = stints
    .filter((s) => s.n === n && s.schoolN === schoolN && settings.grades.includes(s.grade))
    .map((s) => s.grade);
  if (grades.length === 0) return undefined;
  return levelsOf(schoolN, Math.max(...grades)).find((l) =>
    (settings.school_levels as readonly string[]).includes(l),
  );
}

function expectedMonthlyAbsence(): Figures {
  const out: Figures = new Map();
  for (const s of students)
    for (const schoolN of [1, 2, 3, 4]) {
      const level = absenceLevel(s.n, schoolN);
      if (!level) continue;
      for (const month of MONTHS) {
        const mine = periods.filter(
          (p) => p.n === s.n && p.schoolN === schoolN && p.start.startsWith(month),
        );
        const enrolled = mine.reduce((t, p) => t + p.enrolled, 0);
        const absent = mine.reduce((t, p) => t + p.absent, 0);
        if (enrolled === 0) continue;
        for (const g of groupsOf(s.n)) add(out, key(schoolN, level, g, month), 1, absent, enrolled);
      }
    }
  return out;
}

function expectedChronicToDate(): Figures {
  const { min_days_enrolled: min, absence_threshold_percent: threshold } =
    defaultFramework.measures.chronic_absence!;
  const out: Figures = new Map();
  // Which school × level × group has a student with a period in each month.
  const present = new Set<string>();
  for (const s of students)
    for (const schoolN of [1, 2, 3, 4]) {
      const level = absenceLevel(s.n, schoolN);
      if (!level) continue;
      let enrolled = 0;
      let absent = 0;
      for (const month of MONTHS) {
        const mine = periods.filter(
          (p) => p.n === s.n && p.schoolN === schoolN && p.start.startsWith(month),
        );
        enrolled += mine.reduce((t, p) => t + p.enrolled, 0);
        absent += mine.reduce((t, p) => t + p.absent, 0);
        const counted = enrolled >= min;
        const chronic = counted && 100 * absent >= threshold * enrolled;
        for (const g of groupsOf(s.n)) {
          const k = key(schoolN, level, g, month);
          if (mine.length > 0) present.add(k);
          add(out, k, counted ? 1 : 0, chronic ? 1 : 0, counted ? 1 : 0);
        }
      }
    }
  for (const [k, f] of out) if (!present.has(k) || f.n === 0) out.delete(k);
  return out;
}

function expectedSuspensions(): Figures {
  const settings = defaultFramework.measures.suspension!;
  const out: Figures = new Map();
  const monthOf = (date: string) => date.slice(0, 7);
  for (const s of students)
    for (const schoolN of [1, 2, 3, 4]) {
      const mine = stints.filter(
        (t) => t.n === s.n && t.schoolN === schoolN && settings.grades.includes(t.grade),
      );
      const levels = new Set(
        mine.flatMap((t) =>
          levelsOf(schoolN, t.grade).filter((l) =>
            (settings.school_levels as readonly string[]).includes(l),
          ),
        ),
      );
      for (const level of levels)
        for (const month of MONTHS) {
          const enrolled = mine.some(
            (t) =>
              levelsOf(schoolN, t.grade).includes(level) &&
              monthOf(t.entry) <= month &&
              monthOf(t.exit ?? `${YEAR}-06-30`) >= month,
          );
          const count = actions.filter(
            (a) =>
              a.n === s.n &&
              a.schoolN === schoolN &&
              (settings.actions as readonly string[]).includes(a.action) &&
              monthOf(a.date) === month,
          ).length;
          for (const g of groupsOf(s.n))
            add(out, key(schoolN, level, g, month), enrolled ? 1 : 0, count, enrolled ? 1 : 0);
        }
    }
  for (const [k, f] of out) if (f.n === 0) out.delete(k);
  return out;
}

function expectedDfRate(): Figures {
  const dOrF = defaultFramework.measures.hs_readiness?.d_or_f_marks ?? ["D+", "D", "D-", "F"];
  const out: Figures = new Map();
  for (const s of students)
    for (const schoolN of [1, 2, 3, 4]) {
      const grades = stints
        .filter((t) => t.n === s.n && t.schoolN === schoolN && t.grade >= 6)
        .map((t) => t.grade);
      if (grades.length === 0) continue;
      for (const level of levelsOf(schoolN, Math.max(...grades)))
        for (const term of ["S1", "S2", "Q1"]) {
          const letters = marks.filter(
            (m) =>
              m.n === s.n &&
              m.schoolN === schoolN &&
              m.term === term &&
              !["P", "NP", "I", "W"].includes(m.mark),
          );
          if (letters.length === 0) continue;
          const df = letters.some((m) => (dOrF as readonly string[]).includes(m.mark)) ? 1 : 0;
          for (const g of groupsOf(s.n))
            add(out, key(schoolN, level, g, `${YEAR} ${term}`), 1, df, 1);
        }
    }
  return out;
}

function asFigures(rows: PeriodicResult[], measure: string): Figures {
  const out: Figures = new Map();
  for (const r of rows.filter((x) => x.measure === measure)) {
    const label = measure === "df_rate_term" ? `${YEAR} ${r.period_label}` : r.period_label;
    const k = `${r.school_code}|${r.school_level}|${r.student_group}|${label}`;
    expect(out.has(k), `one row per ${k}`).toBe(false);
    out.set(k, { n: r.n, numerator: r.numerator, denominator: r.denominator });
  }
  return out;
}

const sorted = (f: Figures) => [...f].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe("computePeriodicMeasures on a planted network", () => {
  let w: Warehouse;
  let rows: PeriodicResult[];
  beforeAll(async () => {
    w = await openWarehouse();
    await insert(
      w,
      "schools",
      SCHOOLS.map(([n, levels, low, high]) =>
        school(n, levels, { low_grade: low, high_grade: high }),
      ),
    );
    await insert(
      w,
      "students",
      students
        .filter((s) => s.listed)
        .map((s) =>
          student(s.n, { race_ethnicity: s.race, sed: s.sed, el_status: s.el, swd: s.swd }),
        ),
    );
    await insert(
      w,
      "enrollments",
      stints.map((t) =>
        enrollment(t.n, t.schoolN, t.grade, { entry_date: t.entry, exit_date: t.exit }),
      ),
    );
    await insert(
      w,
      "attendance_periods",
      periods.map((p) => ({
        student_id: sid(p.n),
        school_code: schoolCode(p.schoolN),
        period_start: p.start,
        period_end: p.end,
        days_enrolled: p.enrolled,
        days_absent: p.absent,
      })) as Rows,
    );
    await insert(
      w,
      "discipline",
      actions.map((a, i) => ({
        action_id: `a${i}`,
        student_id: sid(a.n),
        school_code: schoolCode(a.schoolN),
        action: a.action,
        action_date: a.date,
        days: 1,
      })),
    );
    await insert(
      w,
      "course_marks",
      marks.map((m, i) => ({
        student_id: sid(m.n),
        school_code: schoolCode(m.schoolN),
        term: m.term,
        course_id: `C${i}`,
        subject_area: "MATH",
        mark: m.mark,
        credits_attempted: 5,
        credits_earned: 5,
      })),
    );
    await computePeriodicMeasures(w, { runId: "planted", year: YEAR, framework: defaultFramework });
    rows = await w.all<PeriodicResult & Record<string, unknown>>(
      "SELECT * FROM periodic_results WHERE run_id = 'planted'",
    );
  });
  afterAll(() => w.close());

  it("monthly_absence_rate matches a student-by-student count for every school × level × group × month", () => {
    const expected = expectedMonthlyAbsence();
    expect(expected.size).toBeGreaterThan(100);
    expect(sorted(asFigures(rows, "monthly_absence_rate"))).toEqual(sorted(expected));
  });

  it("chronic_absence_to_date matches each student's days to date, leavers and late entrants included", () => {
    const expected = expectedChronicToDate();
    expect(expected.size).toBeGreaterThan(100);
    expect(sorted(asFigures(rows, "chronic_absence_to_date"))).toEqual(sorted(expected));
  });

  it("suspensions_per_month matches each student's months enrolled and actions", () => {
    const expected = expectedSuspensions();
    expect([...expected.values()].some((f) => f.numerator > 0)).toBe(true);
    expect(sorted(asFigures(rows, "suspensions_per_month"))).toEqual(sorted(expected));
  });

  it("df_rate_term matches each student's letter marks per term", () => {
    const expected = expectedDfRate();
    expect(expected.size).toBeGreaterThan(20);
    expect(sorted(asFigures(rows, "df_rate_term"))).toEqual(sorted(expected));
  });
});
