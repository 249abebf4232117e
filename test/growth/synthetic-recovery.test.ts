import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { computeGrowth, type GrowthSummary } from "../../src/growth/compute-growth.ts";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

const YEAR = 2024;

function readCsv(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, "utf8").trim().split("\n");
  const names = header!.split(",");
  return lines.map((line) => {
    const values = line.split(",");
    return Object.fromEntries(names.map((n, i) => [n, values[i] ?? ""]));
  });
}

function correlation(a: readonly number[], b: readonly number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  a.forEach((v, i) => {
    sab += (v - ma) * (b[i]! - mb);
    saa += (v - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}

/**
 * Recovery against the synthetic generator's planted truth (`collab synth`, then ingest): a
 * 60,000-student network of 4 districts over 2021–2024, growth for 2024.
 */
describe("computeGrowth on a synthetic network recovers the generator's planted truth", () => {
  let network: string;
  let warehouse: Warehouse;
  let summary: GrowthSummary;

  beforeAll(async () => {
    network = mkdtempSync(join(tmpdir(), "growth-recovery-"));
    execFileSync(
      process.execPath,
      [
        "bin/collab.mjs",
        "synth",
        "--out",
        network,
        "--students",
        "60000",
        "--districts",
        "4",
        "--years",
        "2021-2024",
        "--seed",
        "3",
      ],
      { stdio: "ignore" },
    );
    warehouse = await Warehouse.open(":memory:", { threads: 2 });
    const outcomes = await ingestSubmissions(warehouse, discoverSubmissions(network));
    expect(outcomes.every((o) => o.status === "accepted")).toBe(true);
    summary = await computeGrowth(warehouse, {
      runId: "recovery",
      year: YEAR,
      framework: loadFramework("frameworks/core-sqii.yaml"),
    });
  }, 180_000);
  afterAll(() => {
    warehouse?.close();
    rmSync(network, { recursive: true, force: true });
  });

  for (const subject of ["ELA", "MATH"] as const) {
    it(`${subject}: shrunk school effects correlate with the planted ones, without bias`, async () => {
      const planted = new Map(
        readCsv(join(network, "truth", "school_growth_effects.csv"))
          .filter((r) => r.subject === subject)
          .map((r) => [r.school_code!, Number(r.effect_sd)]),
      );
      const rows = await warehouse.all<{
        school_code: string;
        school_levels: string;
        effect_shrunk: number;
        ci_low: number;
        ci_high: number;
      }>(
        `SELECT r.school_code, s.school_levels, r.effect_shrunk, r.ci_low, r.ci_high FROM growth_results r
         JOIN (SELECT DISTINCT school_code, school_levels FROM schools WHERE year = ${YEAR}) s USING (school_code)
         WHERE r.run_id = 'recovery' AND r.subject = '${subject}' AND r.student_group = 'ALL' AND NOT r.suppressed
         ORDER BY r.school_code`,
      );
      const matched = rows.filter((r) => planted.has(r.school_code));
      expect(matched.length).toBeGreaterThan(60);
      const truth = matched.map((r) => planted.get(r.school_code)!);
      // effects are relative to the average school: centre the truth the same way
      const mean = truth.reduce((a, v) => a + v, 0) / truth.length;
      const centred = truth.map((v) => v - mean);
      const estimates = matched.map((r) => r.effect_shrunk);
      const r = correlation(estimates, centred);
      const bias = estimates.reduce((a, v, i) => a + v - centred[i]!, 0) / matched.length;
      const covered = matched.map(
        (row, i) => row.ci_low <= centred[i]! && centred[i]! <= row.ci_high,
      );
      const coverageOf = (keep: (levels: string) => boolean): number => {
        const kept = covered.filter((_, i) => keep(matched[i]!.school_levels));
        return kept.filter(Boolean).length / kept.length;
      };
      const coverage = coverageOf(() => true);
      const withoutHigh = coverageOf((levels) => levels !== "high");
      console.info(
        `${subject}: ${matched.length} schools, correlation ${r.toFixed(3)}, mean bias ${bias.toFixed(4)}, 95% coverage ${(100 * coverage).toFixed(1)}% (${(100 * withoutHigh).toFixed(1)}% without the 9-12 high schools, ${(100 * coverageOf((levels) => levels === "middle")).toFixed(1)}% middle)`,
      );
      expect(r).toBeGreaterThan(0.9);
      expect(Math.abs(bias)).toBeLessThan(0.03);
      // Before the within-school step-4 slope (student-residuals.ts) coverage was 73% (ELA) and
      // 70% (math), middle schools 56% / 31%: the school-grade mean prior carried the school's
      // own effect and step 4 removed 40% of it.
      // Known remaining gap, so these are guards below the [90%, 99%] target: now 88% / 93%
      // without the 12 high schools, 84% / 91% overall. The high schools (grade-11 model) cover
      // 58% / 75% with errors ~1.6× / 1.2× their standard error; truth units, the credit split,
      // heteroskedasticity and LOSS/HOSS clamping were measured and do not explain it.
      expect(withoutHigh).toBeGreaterThanOrEqual(0.85);
      expect(withoutHigh).toBeLessThanOrEqual(0.99);
      expect(coverage).toBeGreaterThanOrEqual(0.8);
    });

    it(`${subject}: the corrected prior slope is closer to the planted slope than the uncorrected one`, async () => {
      const parameters = readCsv(join(network, "truth", "growth_parameters.csv")).filter(
        (r) => r.subject === subject,
      );
      const sds = await warehouse.all<{ year: number; grade: number; sd: number }>(
        `SELECT year, grade, stddev_pop(scale_score) AS sd FROM test_results WHERE subject = '${subject}' GROUP BY ALL`,
      );
      const sd = (year: number, grade: number) =>
        sds.find((s) => s.year === year && s.grade === grade)!.sd;
      for (const p of parameters) {
        const grade = Number(p.grade);
        const priorGrade = Number(p.prior_grade);
        const lag = grade === 11 ? 3 : 1;
        // planted slope in score points per point, rescaled to z-scores of the observed scores
        const target = (Number(p.true_prior_slope) * sd(YEAR - lag, priorGrade)) / sd(YEAR, grade);
        const fit = summary.fitted.find(
          (f) => f.model.subject === subject && f.model.grade === grade,
        )!;
        const corrected = fit.fit.coefficients[0]!;
        const naive = fit.uncorrected.coefficients[0]!;
        console.info(
          `${subject} grade ${grade}: planted ${target.toFixed(3)}, corrected ${corrected.toFixed(3)}, uncorrected ${naive.toFixed(3)}`,
        );
        expect(Math.abs(corrected - target)).toBeLessThan(Math.abs(naive - target));
      }
    });
  }
});
