import type { GrowthModelSettings } from "../domain/framework/growth-model-settings.ts";
import { exactSumSql } from "../measures/exact-sum-sql.ts";
import { independentColumns } from "../stats/independent-columns.ts";
import { StatsError } from "../stats/stats-error.ts";
import type { StatsWarning } from "../stats/stats-warning.ts";
import { fitWithinOls, type WithinOlsFit } from "../stats/within-ols.ts";
import type { WithinSums } from "../stats/within-sums.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { ANALYSIS_TABLE } from "./analysis-table.ts";
import type { GrowthModel } from "./growth-models.ts";
import { REGRESSORS } from "./regressors.ts";

/** A warning of the growth model, tagged with the model it concerns. */
export interface GrowthWarning {
  readonly subject: string;
  readonly grade?: number;
  readonly studentGroup?: string;
  readonly code: StatsWarning["code"] | "model-skipped";
  readonly message: string;
}

/** The stage-1 fit of one model (subject × grade). */
export interface FittedModel {
  readonly model: GrowthModel;
  /** Regressor names kept, in order; `coefficients[j]` belongs to `terms[j]`. */
  readonly terms: string[];
  /** Regressors dropped for lack of (independent) within-school variation. */
  readonly dropped: string[];
  /** The fit used for residuals: corrected when the correction is on, else `uncorrected`. */
  readonly fit: WithinOlsFit;
  readonly uncorrected: WithinOlsFit;
  /** Total error variance of each prior's column after the within transformation. */
  readonly errorVariance: { same: number; other: number };
  readonly warnings: GrowthWarning[];
}

interface SumsRow {
  subject: string;
  grade: number;
  n: number;
  groups: number;
  yy: number;
  err_same: number;
  err_other: number;
  err4_same: number;
  err4_other: number;
  [sum: string]: unknown;
}

/**
 * Stage 1 for every model: the within-school sufficient statistics are summed by DuckDB over
 * `growth_analysis`, and only the K×K solves run here. Per school × model the raw sums n, Σx,
 * Σxx′, Σxy, Σy², Σc and Σc² (c a prior's error variance); per model, summed over schools, the
 * within-school sums Σx̃x̃′ = Σ_s (Σxx′ − Σx·Σx′/n_s), Σx̃ỹ, ỹ′ỹ alike, and the
 * errors-in-variables totals Σ(1 − 1/n_s)c_i² and Σ((1 − 1/n_s)c_i²)². Every sum is exact in any
 * order (exactSumSql; the products of two 0/1 indicators are counts, exact as they are), so the
 * fit is the same for every thread count. Models with too few students are skipped with a
 * warning.
 */
export async function fitGrowthModels(
  warehouse: Warehouse,
  models: readonly GrowthModel[],
  settings: GrowthModelSettings,
): Promise<{ fitted: FittedModel[]; warnings: GrowthWarning[] }> {
  const k = REGRESSORS.length;
  const x = (j: number): string => REGRESSORS[j]!.name;
  const raw = (a: string, b: string, counts: boolean): string =>
    counts ? `sum(${a} * ${b})::DOUBLE` : exactSumSql(`${a} * ${b}`);
  const isIndicator = (j: number): boolean => REGRESSORS[j]!.indicator === true;
  const schoolSums = ["y", ...REGRESSORS.map((_, j) => x(j))].map((column, j) =>
    j > 0 && isIndicator(j - 1)
      ? `sum(${column})::DOUBLE AS s${j}`
      : `${exactSumSql(column)} AS s${j}`,
  );
  const within: string[] = [];
  for (let j = 0; j < k; j++) {
    schoolSums.push(`${raw(x(j), "y", false)} AS p${j}_y`);
    within.push(`${exactSumSql(`p${j}_y - s${j + 1} * s0 / n`)} AS xy_${j}`);
    for (let l = 0; l <= j; l++) {
      schoolSums.push(`${raw(x(j), x(l), isIndicator(j) && isIndicator(l))} AS p${j}_${l}`);
      within.push(`${exactSumSql(`p${j}_${l} - s${j + 1} * s${l + 1} / n`)} AS xx_${j}_${l}`);
    }
  }
  const rows = await warehouse.all<SumsRow>(`WITH s AS (
  SELECT subject, grade, count(*)::DOUBLE AS n, ${exactSumSql("y * y")} AS yy,
    ${exactSumSql("err_same")} AS c_same, ${exactSumSql("err_other")} AS c_other,
    ${exactSumSql("err_same * err_same")} AS c2_same, ${exactSumSql("err_other * err_other")} AS c2_other,
    ${schoolSums.join(",\n    ")}
  FROM ${ANALYSIS_TABLE} GROUP BY subject, grade, school_code
)
SELECT subject, grade, sum(n)::BIGINT AS n, count(*)::BIGINT AS groups,
  ${exactSumSql("yy - s0 * s0 / n")} AS yy,
  ${exactSumSql("(1 - 1 / n) * c_same")} AS err_same, ${exactSumSql("(1 - 1 / n) * c_other")} AS err_other,
  ${exactSumSql("(1 - 1 / n) ^ 2 * c2_same")} AS err4_same,
  ${exactSumSql("(1 - 1 / n) ^ 2 * c2_other")} AS err4_other,
  ${within.join(",\n  ")}
FROM s GROUP BY subject, grade`);

  const fitted: FittedModel[] = [];
  const warnings: GrowthWarning[] = [];
  for (const model of models) {
    const row = rows.find((r) => r.subject === model.subject && r.grade === model.grade);
    const tag = { subject: model.subject, grade: model.grade };
    if (!row) {
      warnings.push({
        ...tag,
        code: "model-skipped",
        message: `no ${model.subject} grade ${model.grade} students with a prior score`,
      });
      continue;
    }
    try {
      fitted.push(fitOne(model, row, settings));
    } catch (error) {
      if (!(error instanceof StatsError)) throw error;
      warnings.push({
        ...tag,
        code: "model-skipped",
        message: `${model.subject} grade ${model.grade} not fitted: ${error.message}`,
      });
    }
  }
  return { fitted, warnings: [...warnings, ...fitted.flatMap((f) => f.warnings)] };
}

function fitOne(model: GrowthModel, row: SumsRow, settings: GrowthModelSettings): FittedModel {
  const k = REGRESSORS.length;
  const value = (name: string): number => Number(row[name] ?? 0);
  const full = Array.from({ length: k }, (_, j) =>
    Array.from({ length: k }, (_, l) => value(j >= l ? `xx_${j}_${l}` : `xx_${l}_${j}`)),
  );
  const kept = independentColumns(full);
  const terms = kept.map((j) => REGRESSORS[j]!.name);
  if (terms[0] !== "prior_same") {
    throw new StatsError(
      "singular",
      `the same-subject prior has no variation within schools (N = ${row.n})`,
    );
  }
  const sums: WithinSums = {
    xtx: kept.map((j) => kept.map((l) => full[j]![l]!)),
    xty: kept.map((j) => value(`xy_${j}`)),
    yty: value("yy"),
    n: Number(row.n),
    groups: Number(row.groups),
  };
  const errorVariance = { same: value("err_same"), other: value("err_other") };
  const fourth = { same: value("err4_same"), other: value("err4_other") };
  const correctedColumn = (j: number): "same" | "other" | undefined => {
    const prone = REGRESSORS[j]!.errorProne;
    if (prone === "same") return "same";
    if (prone === "other" && settings.measurement_error.correct_other_subject_prior) return "other";
    return undefined;
  };
  const uncorrected = fitWithinOls(sums, { names: terms });
  let fit = uncorrected;
  if (settings.measurement_error.correct) {
    fit = fitWithinOls(sums, {
      names: terms,
      errorVariance: kept.map((j) => {
        const c = correctedColumn(j);
        return c ? errorVariance[c] : 0;
      }),
      errorFourthMoment: kept.map((j) => {
        const c = correctedColumn(j);
        return c ? fourth[c] : 0;
      }),
      smallSample: settings.measurement_error.small_sample,
    });
  }
  const tag = { subject: model.subject, grade: model.grade };
  return {
    model,
    terms,
    dropped: REGRESSORS.filter((_, j) => !kept.includes(j)).map((r) => r.name),
    fit,
    uncorrected,
    errorVariance,
    warnings: fit.warnings.map((w) => ({ ...tag, ...w })),
  };
}
