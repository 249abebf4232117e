import type { DuckDBAppender } from "@duckdb/node-api";
import { SCHOOL_LEVELS, type SchoolLevel } from "../domain/codes.ts";
import { type Framework, levelGrades } from "../domain/framework/framework-schema.ts";
import { exactSumSql, exactVarPopSql } from "../measures/exact-sum-sql.ts";
import { METRIC_RESULTS_DDL } from "../measures/metric-results.ts";
import { schoolLevelGradesSql } from "../measures/school-attribution.ts";
import { sqlString } from "../measures/sql-text.ts";
import { studentGroupListsSql } from "../measures/student-groups.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { createAnalysisTable, dropAnalysisTable } from "./analysis-table.ts";
import { type FittedModel, fitGrowthModels, type GrowthWarning } from "./fit-growth-models.ts";
import { fractionalSchoolEffects } from "./fractional-school-effects.ts";
import { growthPlan } from "./growth-models.ts";
import { GROWTH_DDL, GROWTH_TABLES } from "./growth-tables.ts";
import { createSchoolCredits } from "./school-credit.ts";
import {
  type GrowthResult,
  type GrowthScale,
  type RawGroupEffect,
  schoolEffects,
} from "./school-effects.ts";
import {
  CREDITS_TABLE,
  computeResiduals,
  RESIDUALS_TABLE,
  type StageTwo,
} from "./student-residuals.ts";

/** Progress of {@link computeGrowth}: the step just finished, and how many of how many. */
export interface GrowthProgress {
  readonly step: string;
  readonly done: number;
  readonly total: number;
}

export interface ComputeGrowthOptions {
  readonly runId: string;
  /** School year (spring). */
  readonly year: number;
  readonly framework: Framework;
  readonly onProgress?: (progress: GrowthProgress) => void;
  /**
   * Only these districts' students enter the model (standardization, fits, school effects and
   * their scale); null or absent: every district.
   */
  readonly districts?: readonly string[] | null;
  /** Leave the temporary per-student tables (`growth_analysis`, `growth_residuals`, `growth_credits`) for inspection. */
  readonly keepWorkTables?: boolean;
}

/** What {@link computeGrowth} did. */
export interface GrowthSummary {
  readonly fitted: readonly FittedModel[];
  readonly stageTwo: readonly StageTwo[];
  readonly scales: readonly GrowthScale[];
  /** Rows written to `growth_results` and to `metric_results`. */
  readonly results: number;
  readonly metricRows: number;
  readonly warnings: readonly GrowthWarning[];
}

const STEPS = [
  "analysis table",
  "stage 1 fits",
  "residuals",
  "school credit",
  "school effects",
  "write",
];

/**
 * The CORE growth model (spec/growth.md) for one run and school year, for every growth measure
 * the framework defines: builds the analysis table, fits one within-school regression per subject
 * × grade (errors-in-variables corrected), computes residuals and school × level effects (a
 * school is one unit per level it serves, from the students credited in that level's grades), shrinks them,
 * scores them, and writes `growth_results`, `growth_coefficients`, `growth_fit`, `growth_scale`
 * and the `ela_growth` / `math_growth` rows of `metric_results` (replacing the run's rows for the
 * year), in one transaction. All per-student work is DuckDB SQL.
 */
export async function computeGrowth(
  warehouse: Warehouse,
  options: ComputeGrowthOptions,
): Promise<GrowthSummary> {
  const { runId, year, framework, onProgress } = options;
  if (!Number.isInteger(year)) throw new Error(`invalid school year "${year}"`);
  const plan = growthPlan(framework);
  let done = 0;
  const progress = (): void =>
    onProgress?.({ step: STEPS[done]!, done: ++done, total: STEPS.length });

  await createAnalysisTable(warehouse, {
    year,
    models: plan.models,
    settings: plan.settings,
    districts: options.districts ?? null,
  });
  progress();
  const { fitted, warnings } = await fitGrowthModels(warehouse, plan.models, plan.settings);
  progress();
  const stageTwo = await computeResiduals(warehouse, fitted, plan.settings.school_context);
  progress();
  await createSchoolCredits(warehouse, { year, models: fitted.map((f) => f.model) });
  progress();

  // Each school is estimated per level, from the students credited in that level's grades.
  const raw = await warehouse.all<
    RawGroupEffect & Record<string, unknown>
  >(`WITH lg(school_level, grade) AS (
  VALUES ${gradeLevels(framework).join(", ")}
),
g AS (
  SELECT c.*, lg.school_level,
    unnest(list_prepend('ALL', coalesce(m.groups, []::VARCHAR[]))) AS student_group
  FROM ${CREDITS_TABLE} c
  JOIN lg ON lg.grade = c.grade
  LEFT JOIN (${studentGroupListsSql(framework, year)}) m
    ON m.district_code = c.district_code AND m.student_id = c.student_id
),
-- per step-4 slope (one per subject, or one per grade): Var(δ̂)·(Σw·(m − m̄))²
k AS (
  SELECT subject, school_code, school_level, student_group, count(DISTINCT student_id) AS n,
    ${exactSumSql("weight")} AS weight, ${exactSumSql("weight * e2")} AS we2,
    ${exactSumSql("weight * weight * sigma2")} AS w2s2,
    any_value(slope_var) * ${exactSumSql("weight * m_dev")} ^ 2 AS slope_term
  FROM g GROUP BY subject, school_code, school_level, student_group, slope_key
),
t AS (
  SELECT subject, school_code, school_level, student_group, sum(n)::INTEGER AS n,
    ${exactSumSql("weight")} AS weight, ${exactSumSql("we2")} AS we2, ${exactSumSql("w2s2")} AS w2s2,
    ${exactSumSql("slope_term")} AS slope_term
  FROM k GROUP BY subject, school_code, school_level, student_group
)
SELECT subject, school_code, school_level, student_group, n, weight, we2 / weight AS effect,
  sqrt(w2s2 + slope_term) / weight AS se, sqrt(slope_term) / weight AS slope_se
FROM t
ORDER BY subject, student_group, school_code, school_level`);
  const fractional =
    plan.settings.high_school_credit === "fractional_indicators"
      ? await replaceByFractionalEffects(warehouse, { framework, year, fitted, raw })
      : [];
  const sds = await warehouse.all<{ subject: string; sd: number }>(
    `SELECT subject, sqrt(${exactVarPopSql("e2")}) AS sd FROM ${RESIDUALS_TABLE} GROUP BY subject`,
  );
  const results: GrowthResult[] = [];
  const scales: GrowthScale[] = [];
  for (const metric of plan.metrics) {
    const effects = schoolEffects(raw, {
      subject: metric.subject,
      minN: metric.minN,
      settings: plan.settings,
      studentSd: sds.find((s) => s.subject === metric.subject)?.sd ?? 1,
    });
    results.push(...effects.results);
    scales.push(...effects.scales);
  }
  progress();

  const allWarnings = [...warnings, ...fractional, ...scales.flatMap((s) => s.warnings)];
  const metricRows = await warehouse.transaction(async () => {
    for (const ddl of [...GROWTH_DDL, METRIC_RESULTS_DDL]) await warehouse.run(ddl);
    const where = `run_id = ${sqlString(runId)} AND year = ${year}`;
    for (const table of GROWTH_TABLES) await warehouse.run(`DELETE FROM ${table} WHERE ${where}`);
    await warehouse.run(
      `DELETE FROM metric_results WHERE ${where} AND metric IN ('ela_growth', 'math_growth')`,
    );
    await appendRows(warehouse, "growth_results", results, (a, r) => {
      a.appendVarchar(runId);
      a.appendInteger(year);
      a.appendVarchar(r.school_code);
      a.appendVarchar(r.subject);
      a.appendVarchar(r.student_group);
      a.appendInteger(r.n);
      for (const v of [
        r.weight,
        r.effect,
        r.se,
        r.effect_shrunk,
        r.se_shrunk,
        r.ci_low,
        r.ci_high,
        r.reliability,
        r.growth_score,
      ])
        a.appendDouble(v);
      a.appendInteger(r.level);
      a.appendBoolean(r.suppressed);
      a.appendVarchar(r.school_level);
    });
    await insertModelRows(warehouse, { runId, year, fitted, stageTwo, scales, warnings });
    let rows = 0;
    for (const metric of plan.metrics) {
      const before = await countMetricRows(warehouse, where);
      await warehouse.run(`INSERT INTO metric_results
  (run_id, year, school_code, school_level, metric, student_group, n, numerator, value, suppressed, participation, meets_floor)
SELECT r.run_id, r.year, r.school_code, l.school_level, ${sqlString(metric.metric)}, r.student_group, r.n,
  NULL, r.growth_score, r.suppressed, NULL, NULL
FROM growth_results r
JOIN (
  SELECT DISTINCT school_code, school_level
  FROM (${schoolLevelGradesSql(framework, year, metric.schoolLevels)})
) l ON l.school_code = r.school_code AND l.school_level = r.school_level
WHERE r.${where.replaceAll(" AND ", " AND r.")} AND r.subject = ${sqlString(metric.subject)}`);
      rows += (await countMetricRows(warehouse, where)) - before;
    }
    return rows;
  });
  progress();
  if (!options.keepWorkTables) {
    await dropAnalysisTable(warehouse);
    await warehouse.run(
      `DROP TABLE IF EXISTS ${RESIDUALS_TABLE}; DROP TABLE IF EXISTS ${CREDITS_TABLE}`,
    );
  }
  return { fitted, stageTwo, scales, results: results.length, metricRows, warnings: allWarnings };
}

/**
 * With `high_school_credit: fractional_indicators`: the effect and SE of each school at a level
 * whose growth comes only from high-school models (credit split over several schools) are taken
 * from the fractional-indicator regression (fractional-school-effects.ts) instead of the
 * credit-weighted mean of its students' residuals. Returns the regression's warnings.
 */
async function replaceByFractionalEffects(
  warehouse: Warehouse,
  args: {
    framework: Framework;
    year: number;
    fitted: readonly FittedModel[];
    raw: RawGroupEffect[];
  },
): Promise<GrowthWarning[]> {
  const { framework, year, fitted, raw } = args;
  const levelOf = (grade: number) =>
    SCHOOL_LEVELS.find((level) => levelGrades(framework, level).includes(grade));
  const highSchool = fitted.filter((f) => f.model.highSchool).map((f) => f.model.grade);
  const levels = new Set(
    highSchool
      .map(levelOf)
      .filter(
        (level) =>
          level !== undefined &&
          fitted.every((f) => f.model.highSchool || levelOf(f.model.grade) !== level),
      ),
  );
  const grades = highSchool.filter((g) => levels.has(levelOf(g)));
  const { effects, warnings } = await fractionalSchoolEffects(warehouse, {
    framework,
    year,
    grades,
  });
  const byKey = new Map(
    effects.map((e) => [`${e.subject}\u0000${e.school_code}\u0000${e.student_group}`, e]),
  );
  for (const r of raw) {
    if (!levels.has(r.school_level as SchoolLevel)) continue;
    const e = byKey.get(`${r.subject}\u0000${r.school_code}\u0000${r.student_group}`);
    if (!e) continue;
    r.effect = e.effect;
    r.se = e.se;
    r.slope_se = e.slope_se;
  }
  return warnings;
}

/** `('level', grade)` for every grade of every level of the framework (a grade has one level). */
function gradeLevels(framework: Framework): string[] {
  return SCHOOL_LEVELS.flatMap((level) =>
    levelGrades(framework, level).map((grade) => `(${sqlString(level)}, ${grade})`),
  );
}

async function countMetricRows(warehouse: Warehouse, where: string): Promise<number> {
  const { n } = await warehouse.one<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM metric_results WHERE ${where}`,
  );
  return n;
}

async function appendRows<T>(
  warehouse: Warehouse,
  table: string,
  rows: readonly T[],
  append: (appender: DuckDBAppender, row: T) => void,
): Promise<void> {
  const appender = await warehouse.connection.createAppender(table);
  try {
    for (const row of rows) {
      append(appender, row);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

async function insertModelRows(
  warehouse: Warehouse,
  args: {
    runId: string;
    year: number;
    fitted: readonly FittedModel[];
    stageTwo: readonly StageTwo[];
    scales: readonly GrowthScale[];
    warnings: readonly GrowthWarning[];
  },
): Promise<void> {
  const { runId, year, fitted, stageTwo, scales, warnings } = args;
  const num = (v: number | null | undefined): string =>
    v === null || v === undefined || !Number.isFinite(v) ? "NULL" : String(v);
  const json = (v: unknown): string => sqlString(JSON.stringify(v));
  const head = `${sqlString(runId)}, ${year}`;
  const coefficients: string[] = [];
  const fits: string[] = [];
  for (const f of fitted) {
    const key = `${head}, ${sqlString(f.model.subject)}, ${f.model.grade}`;
    f.terms.forEach((term, j) => {
      coefficients.push(
        `(${key}, 1, ${sqlString(term)}, ${num(f.fit.coefficients[j])}, ${num(f.fit.standardErrors[j])}, ${num(f.uncorrected.coefficients[j])}, ${num(f.uncorrected.standardErrors[j])})`,
      );
    });
    const s2 = stageTwo.find((s) => s.subject === f.model.subject && s.grade === f.model.grade);
    if (s2) {
      coefficients.push(
        `(${key}, 2, 'intercept', ${num(s2.intercept)}, ${num(s2.interceptSe)}, NULL, NULL)`,
      );
      coefficients.push(
        `(${key}, 2, 'school_mean_prior', ${num(s2.slope)}, ${num(s2.slopeSe)}, NULL, NULL)`,
      );
    }
    const modelWarnings = warnings.filter(
      (w) => w.subject === f.model.subject && w.grade === f.model.grade,
    );
    const subtracted = (prone: "same" | "other"): number => {
      const j = f.terms.indexOf(prone === "same" ? "prior_same" : "prior_other");
      return j < 0 ? 0 : (f.fit.eiv.subtracted[j] ?? 0);
    };
    fits.push(
      `(${key}, ${f.fit.n}, ${f.fit.groups}, ${f.terms.length}, ${f.fit.df}, ${num(f.fit.rSquaredWithin)}, ${num(Math.sqrt(f.fit.sigma2))}, ${num(Math.sqrt(f.uncorrected.sigma2))}, ${sqlString(f.fit.eiv.method)}, ${subtracted("same")}, ${subtracted("other")}, ${num(s2?.rSquared)}, ${json(f.dropped)}, ${json(modelWarnings.map(({ code, message }) => ({ code, message })))})`,
    );
  }
  if (coefficients.length > 0)
    await warehouse.run(`INSERT INTO growth_coefficients VALUES ${coefficients.join(",\n")}`);
  if (fits.length > 0) await warehouse.run(`INSERT INTO growth_fit VALUES ${fits.join(",\n")}`);
  if (scales.length > 0)
    await warehouse.run(
      `INSERT INTO growth_scale VALUES ${scales
        .map(
          (s) =>
            `(${head}, ${sqlString(s.subject)}, ${sqlString(s.student_group)}, ${s.schools}, ${num(s.centre)}, ${num(s.group_mean)}, ${num(s.omega)}, ${num(s.score_mean)}, ${num(s.score_sd)}, ${json(s.warnings.map(({ code, message }) => ({ code, message })))})`,
        )
        .join(",\n")}`,
    );
}
