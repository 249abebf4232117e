import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Framework } from "../../src/domain/framework/framework-schema.ts";
import { computeGrowth, type GrowthSummary } from "../../src/growth/compute-growth.ts";
import { discoverSubmissions } from "../../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../../src/ingest/ingest-submissions.ts";
import { generateNetwork } from "../../src/synth/generate-network.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

/** A synthetic network to recover: `collab synth` options, and the year growth is computed for. */
export interface RecoveryNetwork {
  readonly students: number;
  readonly districts: number;
  readonly years: readonly [number, number];
  readonly seed: number;
  /** Planted contextual effect (generator option; default 0). */
  readonly contextualEffect?: number;
}

/** How well one subject's reported school × level effects recover the planted ones. */
export interface SubjectRecovery {
  readonly subject: "ELA" | "MATH";
  /** Reported (not suppressed) school × level units of the ALL group. */
  readonly units: number;
  readonly correlation: number;
  /** Mean of shrunk − target. */
  readonly bias: number;
  /** Slope of the target on the shrunk estimate (1 when the shrunk estimates are calibrated). */
  readonly slope: number;
  /** Slope of the raw (centred, unshrunk) estimate on the target (below 1: diluted). */
  readonly rawSlope: number;
  /** Share of 95% intervals that cover the target. */
  readonly coverage: number;
  /** Share of raw (unshrunk) effect ± 1.96·se that cover the target. */
  readonly rawCoverage: number;
  /** The between-school variance ω the engine shrank with (growth_scale, ALL group, every unit). */
  readonly omega: number;
  /** Variance (n − 1) of the targets of the reported units: the ω the network actually has. */
  readonly trueVariance: number;
  /** Coverage and raw slope of the units of each level. */
  readonly byLevel: Readonly<
    Record<string, { units: number; coverage: number; rawSlope: number; correlation: number }>
  >;
}

/** A generated, ingested network and its planted truth, open for one or more growth runs. */
export interface RecoveryWorkspace {
  readonly network: RecoveryNetwork;
  readonly dir: string;
  readonly warehouse: Warehouse;
  close(): void;
}

/** Generates `network` with the synthetic generator into a temporary folder and ingests it. */
export async function openRecoveryNetwork(
  network: RecoveryNetwork,
  options: { threads?: number } = {},
): Promise<RecoveryWorkspace> {
  const dir = mkdtempSync(join(tmpdir(), "growth-recovery-"));
  const [from, to] = network.years;
  await generateNetwork(
    {
      students: network.students,
      districts: network.districts,
      years: Array.from({ length: to - from + 1 }, (_, i) => from + i),
      seed: network.seed,
      contextualEffect: network.contextualEffect ?? 0,
    },
    { outDir: dir },
  );
  const warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"), {
    threads: options.threads ?? 2,
  });
  const outcomes = await ingestSubmissions(warehouse, discoverSubmissions(dir));
  const refused = outcomes.filter((o) => o.status !== "accepted");
  if (refused.length > 0) throw new Error(`${refused.length} submissions were not accepted`);
  return {
    network,
    dir,
    warehouse,
    close: () => {
      warehouse.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Computes growth for the network's last year under `framework` (run id `runId`) and measures
 * recovery of the planted effects: each school's own (`target`, default) or the blend of its
 * grade-11 students' schools (`blended`), see {@link createRecoveryTargets}.
 */
export async function measureRecovery(
  workspace: RecoveryWorkspace,
  framework: Framework,
  options: { runId?: string; target?: "target" | "blended" } = {},
): Promise<{ summary: GrowthSummary; subjects: SubjectRecovery[] }> {
  const runId = options.runId ?? "recovery";
  const target = options.target ?? "target";
  const year = workspace.network.years[1];
  const { warehouse } = workspace;
  const summary = await computeGrowth(warehouse, { runId, year, framework, keepWorkTables: true });
  await createRecoveryTargets(warehouse, framework, join(workspace.dir, "truth"), year);
  const subjects: SubjectRecovery[] = [];
  for (const subject of ["ELA", "MATH"] as const) {
    const rows = await warehouse.all<{
      school_level: string;
      effect: number;
      se: number;
      effect_shrunk: number;
      ci_low: number;
      ci_high: number;
      target: number;
      unplanted: number;
    }>(
      `SELECT r.school_level, r.effect, r.se, r.effect_shrunk, r.ci_low, r.ci_high, t.${target} AS target, t.unplanted::INTEGER AS unplanted
       FROM growth_results r
       JOIN recovery_targets t
         ON t.school_code = r.school_code AND t.school_level = r.school_level AND t.subject = r.subject
       WHERE r.run_id = '${runId}' AND r.year = ${year} AND r.subject = '${subject}'
         AND r.student_group = 'ALL' AND NOT r.suppressed
       ORDER BY r.school_code, r.school_level`,
    );
    if (rows.some((r) => r.unplanted > 0))
      throw new Error("a credited school has no planted effect");
    const estimates = rows.map((r) => r.effect_shrunk);
    const truth = rows.map((r) => r.target);
    const covered = rows.map((r) => r.ci_low <= r.target && r.target <= r.ci_high);
    const byLevel: Record<
      string,
      { units: number; coverage: number; rawSlope: number; correlation: number }
    > = {};
    for (const level of new Set(rows.map((r) => r.school_level))) {
      const at = rows.flatMap((r, i) => (r.school_level === level ? [i] : []));
      byLevel[level] = {
        units: at.length,
        coverage: at.filter((i) => covered[i]).length / at.length,
        rawSlope: regressionSlope(
          at.map((i) => truth[i]!),
          at.map((i) => rows[i]!.effect),
        ),
        correlation: correlation(
          at.map((i) => estimates[i]!),
          at.map((i) => truth[i]!),
        ),
      };
    }
    const scale = await warehouse.one<{ omega: number }>(
      `SELECT omega FROM growth_scale WHERE run_id = '${runId}' AND year = ${year} AND subject = '${subject}' AND student_group = 'ALL'`,
    );
    const meanTarget = truth.reduce((a, v) => a + v, 0) / truth.length;
    subjects.push({
      subject,
      units: rows.length,
      omega: scale.omega,
      trueVariance: truth.reduce((a, v) => a + (v - meanTarget) ** 2, 0) / (truth.length - 1),
      correlation: correlation(estimates, truth),
      bias: estimates.reduce((a, v, i) => a + v - truth[i]!, 0) / rows.length,
      slope: regressionSlope(estimates, truth),
      rawSlope: regressionSlope(
        truth,
        rows.map((r) => r.effect),
      ),
      coverage: covered.filter(Boolean).length / rows.length,
      rawCoverage:
        rows.filter((r) => Math.abs(r.effect - r.target) <= 1.959964 * r.se).length / rows.length,
      byLevel,
    });
  }
  return { summary, subjects };
}

/** One line per subject: units, correlation, bias, calibration slope, coverage (by level). */
export function formatRecovery(label: string, subjects: readonly SubjectRecovery[]): string {
  return subjects
    .map((s) => {
      const levels = Object.entries(s.byLevel)
        .map(
          ([level, v]) =>
            `${level} ${(100 * v.coverage).toFixed(1)}% of ${v.units} r ${v.correlation.toFixed(2)} raw slope ${v.rawSlope.toFixed(2)}`,
        )
        .join(", ");
      return `${label} ${s.subject}: ${s.units} units, r ${s.correlation.toFixed(3)}, bias ${s.bias.toFixed(4)}, slope ${s.slope.toFixed(3)}, raw slope ${s.rawSlope.toFixed(3)}, coverage ${(100 * s.coverage).toFixed(1)}% (${levels}), raw ${(100 * s.rawCoverage).toFixed(1)}%, ω ${s.omega.toFixed(4)} vs true ${s.trueVariance.toFixed(4)}`;
    })
    .join("\n");
}

/**
 * The planted effect each reported school × level effect estimates (`recovery_targets`: subject,
 * school_code, school_level, target), from the generator's per-grade planted effects
 * (truth/school_growth_effects_by_grade.csv, in SDs of the observed scores):
 *
 * - In SDs of the computed year's scores of the grade: truth/ expresses effects in the SD of the
 *   grade's scores over all generated years, step 1 standardizes by the year's own SD, and on a
 *   one-district network the two differ by up to ±6% per grade (10,000 students, seed 4: ELA
 *   grade 4 98.3 points in 2025 against 94.4 over 2022–2025), so each planted effect is rescaled
 *   by (all years' SD / the year's SD) from growth_parameters.csv and test_results.
 * - Per grade, relative to the grade's students: step 1 standardizes scores within subject ×
 *   grade × year, so the mean growth of a grade — and with it the student-weighted mean effect
 *   of the schools serving that grade — is not identifiable; only effects relative to it are.
 * - `target`: the school's own planted effect. A grade-11 student's growth carries the mean
 *   effect of the schools of grades 9, 10 and 11 (the generator's: one per year, the school of
 *   test day; school-credit.ts splits the same way over enrollments), so the grade's mean is
 *   the credit-weighted mean over students of that blend.
 * - `blended`: what the credit-weighted mean of residuals estimates (framework
 *   `high_school_credit: credit_weighted_mean`): the credit-weighted mean over the school's
 *   students of their blends, so a school whose students spent grade 9 elsewhere reports a mix
 *   of its own and their first schools' effects. Equal to `target` for grades 4–8.
 * - A school × level is the credit-weighted mean over the students credited in that level's
 *   grades.
 */
export async function createRecoveryTargets(
  warehouse: Warehouse,
  framework: Framework,
  truthDir: string,
  year: number,
): Promise<void> {
  const csv = (file: string) =>
    `read_csv('${join(truthDir, file)}', header = true, types = {'school_code': 'VARCHAR'})`;
  const levels = (["elementary", "middle", "high"] as const).flatMap((level) => {
    const [low, high] = framework.school_levels[level].grades;
    return Array.from({ length: high - low + 1 }, (_, i) => `('${level}', ${low + i})`);
  });
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE recovery_targets AS
WITH lg(school_level, grade) AS (VALUES ${levels.join(", ")}),
-- the SD step 1 standardizes by (the year's) against the SD truth/ expresses effects in (all years')
year_sd AS (
  SELECT subject, grade, stddev_pop(scale_score) AS sd FROM test_results WHERE year = ${year} GROUP BY ALL
),
credited AS (
  SELECT c.subject, c.grade, lg.school_level, c.student_id, c.school_code, c.weight,
    coalesce(g.effect_sd, s.effect_sd) * p.observed_sd / y.sd AS planted
  FROM growth_credits c
  JOIN lg ON lg.grade = c.grade
  JOIN read_csv('${join(truthDir, "growth_parameters.csv")}', header = true) p ON p.subject = c.subject AND p.grade = c.grade
  JOIN year_sd y ON y.subject = c.subject AND y.grade = c.grade
  LEFT JOIN ${csv("school_growth_effects_by_grade.csv")} g
    ON g.school_code = c.school_code AND g.subject = c.subject AND g.grade = c.grade
  LEFT JOIN ${csv("school_growth_effects.csv")} s ON s.school_code = c.school_code AND s.subject = c.subject
),
student AS (
  SELECT subject, grade, student_id, sum(weight * planted) / sum(weight) AS planted
  FROM credited GROUP BY subject, grade, student_id
),
grade_mean AS (SELECT subject, grade, avg(planted) AS mean FROM student GROUP BY subject, grade)
SELECT c.subject, c.school_code, c.school_level,
  sum(c.weight * (c.planted - g.mean)) / sum(c.weight) AS target,
  sum(c.weight * (s.planted - g.mean)) / sum(c.weight) AS blended,
  count(*) FILTER (WHERE c.planted IS NULL) AS unplanted
FROM credited c
JOIN student s ON s.subject = c.subject AND s.grade = c.grade AND s.student_id = c.student_id
JOIN grade_mean g ON g.subject = c.subject AND g.grade = c.grade
GROUP BY c.subject, c.school_code, c.school_level`);
}

export function correlation(a: readonly number[], b: readonly number[]): number {
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

/** OLS slope of y on x. */
function regressionSlope(x: readonly number[], y: readonly number[]): number {
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  x.forEach((v, i) => {
    sxy += (v - mx) * (y[i]! - my);
    sxx += (v - mx) ** 2;
  });
  return sxy / sxx;
}
