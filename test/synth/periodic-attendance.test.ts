import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateNetwork } from "../../src/synth/generate-network.ts";
import { type MonthAttendance, splitByMonth } from "../../src/synth/monthly-attendance.ts";
import { Random } from "../../src/synth/random.ts";
import { schoolCalendar } from "../../src/synth/school-calendar.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

describe("splitByMonth(calendar, from, to, absent, rng, out)", () => {
  it("spreads a stint's absences over its months, adding up exactly and never above a month's days", () => {
    const calendar = schoolCalendar(2025, 1);
    const rng = new Random(7, "split");
    const out: MonthAttendance[] = [];
    for (const [from, to, absent] of [
      [0, 179, 12],
      [30, 95, 66], // every day absent
      [100, 101, 1],
      [0, 179, 0],
    ] as const) {
      const count = splitByMonth(calendar, from, to, absent, rng, out);
      const months = out.slice(0, count);
      expect(months.reduce((s, m) => s + m.enrolled, 0)).toBe(to - from + 1);
      expect(months.reduce((s, m) => s + m.absent, 0)).toBe(absent);
      for (const m of months) expect(m.absent).toBeLessThanOrEqual(m.enrolled);
      expect(new Set(months.map((m) => m.month)).size).toBe(count);
    }
  });
});

describe("generateNetwork: monthly attendance, term marks and planted changes", () => {
  let dir: string;
  let db: Warehouse;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "synth-periodic-"));
    await generateNetwork(
      { students: 9000, districts: 3, years: [2024, 2025], seed: 17 },
      { outDir: dir },
    );
    db = await Warehouse.open(":memory:", { threads: 1 });
    for (const file of ["enrollments", "attendance_periods", "course_marks"])
      await db.run(
        `CREATE VIEW v_${file} AS SELECT * EXCLUDE (filename),
           regexp_extract(filename, 'districts/([0-9]{7})/', 1) AS district,
           regexp_extract(filename, '/([0-9]{4})/[a-z_]+[.]csv$', 1)::INT AS yr
         FROM read_csv('${dir}/districts/*/*/${file}.csv', filename = true,
           types = {'student_id': 'VARCHAR', 'school_code': 'VARCHAR'})`,
      );
    await db.run(
      `CREATE VIEW changes AS SELECT * FROM read_csv('${dir}/truth/planted_changes.csv',
         types = {'school_code': 'VARCHAR'})`,
    );
  }, 300_000);
  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes months that add up to every stint's yearly days enrolled and absent", async () => {
    const { bad, pairs } = await db.one<{ bad: number; pairs: number }>(
      `WITH y AS (SELECT yr, student_id, school_code, sum(days_enrolled) AS e, sum(days_absent) AS a
                  FROM v_enrollments GROUP BY ALL),
            m AS (SELECT yr, student_id, school_code, sum(days_enrolled) AS e, sum(days_absent) AS a
                  FROM v_attendance_periods GROUP BY ALL)
       SELECT count(*) FILTER (WHERE m.e IS DISTINCT FROM y.e OR m.a IS DISTINCT FROM y.a)::INT AS bad,
              count(*)::INT AS pairs
       FROM y FULL JOIN m USING (yr, student_id, school_code)`,
    );
    expect(pairs).toBeGreaterThan(8000);
    expect(bad).toBe(0);
  });

  it("has more absence in winter than in September, and each district its own calendar", async () => {
    const rate = async (months: string) =>
      (
        await db.one<{ r: number }>(
          `SELECT sum(days_absent) / sum(days_enrolled) AS r FROM v_attendance_periods
           WHERE yr = 2024 AND month(period_start) IN (${months})`,
        )
      ).r;
    expect(await rate("12, 1")).toBeGreaterThan(1.15 * (await rate("9")));
    const starts = await db.all<{ first: string }>(
      `SELECT strftime(min(entry_date), '%Y-%m-%d') AS first FROM v_enrollments WHERE yr = 2024
       GROUP BY district ORDER BY district`,
    );
    expect(new Set(starts.map((s) => s.first)).size).toBe(3);
  });

  it("writes term marks S1 and S2 for grades 6 to 12", async () => {
    const grades = await db.all<{ grade: number }>(
      `SELECT DISTINCT e.grade FROM v_course_marks c
       JOIN v_enrollments e ON e.yr = c.yr AND e.student_id = c.student_id AND e.school_code = c.school_code
       WHERE c.term IN ('S1', 'S2') ORDER BY e.grade`,
    );
    expect(grades.map((g) => g.grade)).toEqual([6, 7, 8, 9, 10, 11, 12]);
  });

  it("plants attendance and D/F changes in the last year at some schools, realized as planted", async () => {
    const kinds = await db.all<{ kind: string; n: number }>(
      "SELECT kind, count(*)::INT AS n FROM changes GROUP BY kind ORDER BY kind",
    );
    expect(kinds.map((k) => k.kind)).toEqual(["attendance", "df", "none"]);
    const attendance = await db.one<{ drop: number; planted: number; bad: number }>(
      `SELECT avg(rate_before - rate_after) AS drop, avg(size) AS planted,
         count(*) FILTER (WHERE rate_after >= rate_before)::INT AS bad
       FROM changes WHERE kind = 'attendance' AND year = 2025`,
    );
    expect(attendance.planted).toBeGreaterThanOrEqual(2);
    expect(attendance.drop).toBeGreaterThan(1);
    expect(attendance.bad).toBe(0);
    const df = await db.one<{ drop: number }>(
      `SELECT avg(rate_before - rate_after) AS drop FROM changes
       WHERE kind = 'df' AND rate_before IS NOT NULL AND rate_after IS NOT NULL`,
    );
    expect(df.drop).toBeGreaterThan(3);
  });
});
