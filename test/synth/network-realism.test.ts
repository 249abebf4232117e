import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateNetwork } from "../../src/synth/generate-network.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

const FILES = [
  "schools",
  "students",
  "enrollments",
  "test_results",
  "discipline",
  "graduation_cohort",
  "survey_respondents",
];

describe("generateNetwork plants realistic rates and sane truth", () => {
  let dir: string;
  let db: Warehouse;
  const value = async (sql: string): Promise<number> => Number(Object.values(await db.one(sql))[0]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "synth-realism-"));
    await generateNetwork(
      { students: 24000, districts: 3, years: [2023, 2024, 2025], seed: 11 },
      { outDir: dir },
    );
    db = await Warehouse.open(":memory:", { threads: 1 });
    for (const file of FILES) {
      await db.run(
        `CREATE VIEW s_${file} AS SELECT * EXCLUDE (filename),
           regexp_extract(filename, 'districts/([0-9]{7})/', 1) AS district,
           regexp_extract(filename, '/([0-9]{4})/[a-z_]+[.]csv$', 1)::INT AS yr
         FROM read_csv('${dir}/districts/*/*/${file}.csv', filename = true, all_varchar = true)`,
      );
    }
    for (const file of ["school_growth_effects", "growth_parameters", "school_propensities"]) {
      await db.run(`CREATE VIEW t_${file} AS SELECT * FROM read_csv('${dir}/truth/${file}.csv')`);
    }
    await db.run(`CREATE TABLE stays AS
      SELECT yr, school_code, student_id, sum(days_enrolled::INT) AS days, sum(days_absent::INT) AS absent
      FROM s_enrollments GROUP BY ALL`);
  });
  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("has school chronic absence rates mostly between 5% and 45%", async () => {
    const rates = await db.one<{ p10: number; p90: number; overall: number }>(
      `WITH s AS (SELECT yr, school_code, count(*) AS n, avg((absent >= 0.1 * days)::INT) AS rate
                  FROM stays WHERE days >= 31 GROUP BY ALL HAVING n >= 30)
       SELECT quantile_cont(rate, 0.1) AS p10, quantile_cont(rate, 0.9) AS p90,
              (SELECT avg((absent >= 0.1 * days)::INT) FROM stays WHERE days >= 31) AS overall FROM s`,
    );
    expect(rates.p10).toBeGreaterThan(0.04);
    expect(rates.p90).toBeLessThan(0.45);
    expect(rates.overall).toBeGreaterThan(0.08);
    expect(rates.overall).toBeLessThan(0.3);
  });

  it("has school suspension rates of 0-15%, mostly 2-8%", async () => {
    const rates = await db.one<{ median: number; p90: number; overall: number }>(
      `WITH d AS (SELECT DISTINCT yr, school_code, student_id FROM s_discipline),
       s AS (SELECT e.yr, e.school_code, count(*) AS n, avg((d.student_id IS NOT NULL)::INT) AS rate
             FROM stays e LEFT JOIN d USING (yr, school_code, student_id) GROUP BY ALL HAVING n >= 30)
       SELECT median(rate) AS median, quantile_cont(rate, 0.9) AS p90,
              (SELECT count(*) FROM d) / (SELECT count(*) FROM stays) AS overall FROM s`,
    );
    expect(rates.median).toBeGreaterThan(0.01);
    expect(rates.median).toBeLessThan(0.08);
    expect(rates.p90).toBeLessThan(0.15);
    expect(rates.overall).toBeGreaterThan(0.015);
    expect(rates.overall).toBeLessThan(0.08);
  });

  it("graduates about 85% of the adjusted four-year cohort, with every kind of outcome", async () => {
    const rate = await value(
      `SELECT avg((outcome = 'GRD')::INT) FROM s_graduation_cohort WHERE outcome NOT IN ('TRO', 'EMI', 'DEC')`,
    );
    expect(rate).toBeGreaterThan(0.78);
    expect(rate).toBeLessThan(0.92);
    const outcomes = await db.all<{ outcome: string }>(
      `SELECT DISTINCT outcome FROM s_graduation_cohort`,
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(
      expect.arrayContaining(["GRD", "DRP", "CON", "TRO", "CHS"]),
    );
  });

  it("has group shares near California's, with EL concentrated in lower grades", async () => {
    const shares = await db.one<Record<string, number>>(
      `SELECT avg((el_status = 'EL')::INT) AS el, avg((swd = 'Y')::INT) AS swd, avg((foster = 'Y')::INT) AS foster,
              avg((homeless = 'Y')::INT) AS homeless, avg((sed = 'Y')::INT) AS sed FROM s_students`,
    );
    expect(shares.el).toBeGreaterThan(0.08);
    expect(shares.el).toBeLessThan(0.35);
    expect(shares.swd).toBeGreaterThan(0.08);
    expect(shares.swd).toBeLessThan(0.16);
    expect(shares.foster).toBeGreaterThan(0.002);
    expect(shares.foster).toBeLessThan(0.012);
    expect(shares.homeless).toBeGreaterThan(0.01);
    expect(shares.homeless).toBeLessThan(0.06);
    const byBand = await db.one<{ low: number; high: number }>(
      `WITH g AS (SELECT DISTINCT yr, student_id, grade::INT AS grade FROM s_enrollments)
       SELECT avg((el_status = 'EL')::INT) FILTER (WHERE grade <= 3) AS low,
              avg((el_status = 'EL')::INT) FILTER (WHERE grade >= 9) AS high
       FROM s_students JOIN g USING (yr, student_id)`,
    );
    expect(byBand.low).toBeGreaterThan(1.5 * byBand.high);
  });

  it("reclassifies 8-25% of last year's ELs a year, and mixes demographics differently by school", async () => {
    const reclassified = await value(
      `SELECT avg((b.el_status = 'RFEP')::INT) FROM s_students a JOIN s_students b
         ON a.student_id = b.student_id AND b.yr = a.yr + 1 WHERE a.el_status = 'EL'`,
    );
    expect(reclassified).toBeGreaterThan(0.08);
    expect(reclassified).toBeLessThan(0.25);
    const sed = await db.one<{ lowest: number; highest: number }>(
      `WITH s AS (SELECT e.school_code, avg((st.sed = 'Y')::INT) AS share, count(*) AS n
                  FROM stays e JOIN s_students st USING (yr, student_id) GROUP BY 1 HAVING n >= 100)
       SELECT min(share) AS lowest, max(share) AS highest FROM s`,
    );
    expect(sed.lowest).toBeLessThan(0.55);
    expect(sed.highest).toBeGreaterThan(0.85);
  });

  it("moves 5-10% of students mid-year and enrolls a few for under 31 days", async () => {
    const mobility = await db.one<{ movers: number; short: number }>(
      `WITH s AS (SELECT yr, student_id, count(*) AS stints, bool_or(exit_date IS NOT NULL) AS exited,
                         sum(days_enrolled::INT) AS days FROM s_enrollments GROUP BY ALL)
       SELECT avg((stints = 2 OR exited)::INT) AS movers, avg((days < 31)::INT) AS short FROM s`,
    );
    expect(mobility.movers).toBeGreaterThan(0.05);
    expect(mobility.movers).toBeLessThan(0.12);
    expect(mobility.short).toBeGreaterThan(0.002);
  });

  it("scores like Smarter Balanced: ~45% ELA and ~35% math met, SED gaps, persistent across years", async () => {
    const met = await db.all<{ subject: string; met: number; sd: number }>(
      `SELECT subject, avg((achievement_level::INT >= 3)::INT) AS met, stddev(scale_score::INT) AS sd
       FROM s_test_results GROUP BY 1 ORDER BY 1`,
    );
    expect(met[0]!.met).toBeGreaterThan(0.35);
    expect(met[0]!.met).toBeLessThan(0.6);
    expect(met[1]!.met).toBeGreaterThan(0.22);
    expect(met[1]!.met).toBeLessThan(0.5);
    const gap = await value(
      `SELECT (avg(scale_score::INT) FILTER (WHERE sed = 'N') - avg(scale_score::INT) FILTER (WHERE sed = 'Y'))
              / stddev(scale_score::INT)
       FROM s_test_results JOIN s_students USING (yr, student_id) WHERE subject = 'ELA' AND grade = '6'`,
    );
    expect(gap).toBeGreaterThan(0.2);
    expect(gap).toBeLessThan(1);
    const persistence = await value(
      `SELECT corr(a.scale_score::INT, b.scale_score::INT) FROM s_test_results a JOIN s_test_results b
         ON a.student_id = b.student_id AND a.subject = b.subject AND b.yr = a.yr + 1
        AND b.grade::INT = a.grade::INT + 1`,
    );
    expect(persistence).toBeGreaterThan(0.7);
    expect(persistence).toBeLessThan(0.92);
  });

  it("varies survey participation by school, some below the 50% student floor", async () => {
    const participation = await db.one<{ lowest: number; mean: number; parents: number }>(
      `WITH enrolled AS (SELECT yr, school_code, count(*) FILTER (WHERE grade::INT >= 4) AS students, count(*) AS all_students
                         FROM s_enrollments WHERE census_day = 'Y' GROUP BY ALL),
       r AS (SELECT yr, school_code, count(*) FILTER (WHERE respondent_type = 'student') AS students,
                    count(*) FILTER (WHERE respondent_type = 'parent') AS parents FROM s_survey_respondents GROUP BY ALL)
       SELECT min(r.students / e.students) AS lowest, avg(r.students / e.students) AS mean,
              avg(r.parents / e.all_students) AS parents
       FROM r JOIN enrolled e USING (yr, school_code) WHERE e.students >= 50`,
    );
    expect(participation.lowest).toBeLessThan(0.5);
    expect(participation.mean).toBeGreaterThan(0.55);
    expect(participation.mean).toBeLessThan(0.9);
    expect(participation.parents).toBeGreaterThan(0.15);
    expect(participation.parents).toBeLessThan(0.5);
  });

  it("plants school growth effects centred on 0 with SD ~0.15, one per school and subject", async () => {
    const effects = await db.one<{ n: number; mean: number; sd: number; schools: number }>(
      `SELECT count(*) AS n, avg(effect_z) AS mean, stddev(effect_z) AS sd,
              (SELECT count(DISTINCT school_code) FROM s_schools) AS schools FROM t_school_growth_effects`,
    );
    expect(effects.n).toBe(2 * effects.schools);
    expect(Math.abs(effects.mean)).toBeLessThan((3 * 0.15) / Math.sqrt(effects.n / 2));
    expect(effects.sd).toBeGreaterThan(0.1);
    expect(effects.sd).toBeLessThan(0.2);
  });

  it("realizes the target reliabilities (ELA 0.88, math 0.90) in the written scores", async () => {
    const rows = await db.all<{
      subject: string;
      grade: number;
      reliability: number;
      true_prior_slope: number;
    }>(
      `SELECT subject, grade, reliability, true_prior_slope FROM t_growth_parameters ORDER BY 1, 2`,
    );
    expect(rows).toHaveLength(12);
    for (const row of rows) {
      expect(row.reliability).toBeCloseTo(row.subject === "ELA" ? 0.88 : 0.9, 1);
      expect(Math.abs(row.reliability - (row.subject === "ELA" ? 0.88 : 0.9))).toBeLessThan(0.025);
      expect(row.true_prior_slope).toBeGreaterThan(0.6);
      expect(row.true_prior_slope).toBeLessThan(0.95);
    }
  });

  it("shows the planted effects in the data: mean residual gains by school track the true effects", async () => {
    const correlation = await value(
      `WITH pairs AS (
         SELECT b.yr, b.subject, b.grade, b.school_code, a.scale_score::INT AS prior, b.scale_score::INT AS current
         FROM s_test_results a JOIN s_test_results b ON a.student_id = b.student_id AND a.subject = b.subject
          AND b.yr = a.yr + 1 AND b.grade::INT = a.grade::INT + 1),
       fit AS (SELECT yr, subject, grade, regr_slope(current, prior) AS slope, regr_intercept(current, prior) AS icpt,
                      stddev(current) AS sd FROM pairs GROUP BY ALL),
       residual AS (SELECT p.school_code, p.subject, avg((current - icpt - slope * prior) / sd) AS effect, count(*) AS n
                    FROM pairs p JOIN fit USING (yr, subject, grade) GROUP BY ALL HAVING n >= 60)
       SELECT corr(r.effect, t.effect_z) FROM residual r JOIN t_school_growth_effects t USING (school_code, subject)`,
    );
    expect(correlation).toBeGreaterThan(0.6);
  });

  it("reports per school and year the expected chronic absence that the data realize", async () => {
    const fit = await db.one<{ r: number; gap: number; suspension: number }>(
      `WITH observed AS (SELECT yr, school_code, count(*) AS n, avg((absent >= 0.1 * days)::INT) AS chronic
                         FROM stays WHERE days >= 31 GROUP BY ALL HAVING n >= 100),
       d AS (SELECT DISTINCT yr, school_code, student_id FROM s_discipline),
       suspended AS (SELECT e.yr, e.school_code, avg((d.student_id IS NOT NULL)::INT) AS rate, count(*) AS n
                     FROM stays e LEFT JOIN d USING (yr, school_code, student_id) GROUP BY ALL HAVING n >= 100)
       SELECT corr(o.chronic, t.chronic_absence_expected) AS r, avg(abs(o.chronic - t.chronic_absence_expected)) AS gap,
              (SELECT corr(s.rate, t2.suspension_probability) FROM suspended s
                 JOIN t_school_propensities t2 ON t2.school_code = s.school_code AND t2.year = s.yr) AS suspension
       FROM observed o JOIN t_school_propensities t ON t.school_code = o.school_code AND t.year = o.yr`,
    );
    expect(fit.r).toBeGreaterThan(0.9);
    expect(fit.gap).toBeLessThan(0.03);
    expect(fit.suspension).toBeGreaterThan(0.6);
  });
});
