import { invertSpd, solveSpd } from "../stats/matrix.ts";
import { StatsError } from "../stats/stats-error.ts";
import type { StatsWarning } from "../stats/stats-warning.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

/** A logistic regression fitted by {@link fitLogistic}: intercept first, then the features. */
export interface LogisticFit {
  readonly names: readonly string[];
  readonly coefficients: readonly number[];
  readonly standardErrors: readonly number[];
  readonly n: number;
  readonly iterations: number;
  readonly warnings: readonly StatsWarning[];
}

/** What to fit: rows of `from` (a table or subquery), 0/1 `outcome`, numeric `features`. */
export interface LogisticData {
  readonly from: string;
  /** SQL expression of the outcome, 0 or 1. */
  readonly outcome: string;
  /** Feature name → SQL expression (numeric, no nulls). */
  readonly features: Readonly<Record<string, string>>;
}

/** The linear predictor of `fit` over `features` as SQL (intercept + Σ β x). */
export function linearPredictorSql(
  fit: Pick<LogisticFit, "coefficients" | "names">,
  features: Readonly<Record<string, string>>,
): string {
  const terms = fit.names.slice(1).map((name, j) => {
    const expression = features[name];
    if (expression === undefined)
      throw new StatsError("invalid-value", `no SQL for feature "${name}"`);
    return `(${fit.coefficients[j + 1]!.toPrecision(17)}) * (${expression})`;
  });
  return [`(${fit.coefficients[0]!.toPrecision(17)})`, ...terms].join(" + ");
}

/** The probability `fit` gives, as SQL. */
export function probabilitySql(
  fit: Pick<LogisticFit, "coefficients" | "names">,
  features: Readonly<Record<string, string>>,
): string {
  return `1.0 / (1.0 + exp(-(${linearPredictorSql(fit, features)})))`;
}

/**
 * Maximum likelihood logistic regression by Newton–Raphson (iteratively reweighted least
 * squares). Each iteration is one DuckDB scan summing X′WX and the score X′(y − p) over the rows
 * (k(k+1)/2 + k sums, k = features + 1); the k×k solve is done here. Stops when no coefficient
 * moves by more than `tolerance`; throws when it has not after `maxIterations` (a feature that
 * separates the outcomes: then pass `ridge`, a penalty ½·ridge·‖β‖² on the coefficients but the
 * intercept, which keeps them finite). A feature constant over the rows is left out, with a
 * warning.
 */
export async function fitLogistic(
  warehouse: Warehouse,
  data: LogisticData,
  options: { maxIterations?: number; tolerance?: number; ridge?: number } = {},
): Promise<LogisticFit> {
  const ridge = options.ridge ?? 0;
  // A feature constant over the rows has no coefficient: it is left out, with a warning.
  const all = Object.entries(data.features);
  const spread = await warehouse.one<Record<string, number | null>>(
    `SELECT ${all.map(([, e], j) => `max(${e}) - min(${e}) AS s${j}`).join(", ")} FROM ${data.from}`,
  );
  const warnings: StatsWarning[] = [];
  const kept = all.filter(([name], j) => {
    const varies = Number(spread[`s${j}`] ?? 0) > 0;
    if (!varies)
      warnings.push({
        code: "constant-feature",
        message: `feature "${name}" is the same for every row: left out of the model`,
      });
    return varies;
  });
  const names = ["(intercept)", ...kept.map(([name]) => name)];
  const columns = ["1.0", ...kept.map(([, e]) => e)];
  const k = names.length;
  const maxIterations = options.maxIterations ?? 30;
  const tolerance = options.tolerance ?? 1e-10;
  const x = columns.map((_, j) => `x${j}`);
  const pairs: [number, number][] = [];
  for (let j = 0; j < k; j++) for (let l = 0; l <= j; l++) pairs.push([j, l]);
  let beta: number[] = new Array<number>(k).fill(0);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const eta = x.map((c, j) => `(${beta[j]!.toPrecision(17)}) * ${c}`).join(" + ");
    const row = await warehouse.one<Record<string, number>>(
      `WITH d AS (
         SELECT ${columns.map((c, j) => `CAST(${c} AS DOUBLE) AS x${j}`).join(", ")},
           CAST(${data.outcome} AS DOUBLE) AS y
         FROM ${data.from}
       ), p AS (SELECT *, 1.0 / (1.0 + exp(-(${eta}))) AS p FROM d)
       SELECT count(*)::DOUBLE AS n,
         ${pairs.map(([j, l]) => `sum(p * (1 - p) * x${j} * x${l}) AS h${j}_${l}`).join(", ")},
         ${x.map((c, j) => `sum(${c} * (y - p)) AS g${j}`).join(", ")}
       FROM p`,
    );
    const n = Number(row.n);
    if (n === 0)
      throw new StatsError("too-few-observations", "logistic regression: no rows to fit");
    // The ridge penalty ½λ‖β‖² (not on the intercept) adds λ to the Hessian's diagonal and −λβ
    // to the score.
    const hessian = Array.from({ length: k }, (_, j) =>
      Array.from(
        { length: k },
        (_, l) =>
          Number(row[j >= l ? `h${j}_${l}` : `h${l}_${j}`]) + (j === l && j > 0 ? ridge : 0),
      ),
    );
    const score = x.map((_, j) => Number(row[`g${j}`]) - (j > 0 ? ridge * beta[j]! : 0));
    const step = solveSpd(hessian, score, "X'WX");
    beta = beta.map((b, j) => b + step.solution[j]!);
    if (Math.max(...step.solution.map(Math.abs)) < tolerance) {
      const inverse = invertSpd(hessian, "X'WX");
      warnings.push(...step.warnings, ...inverse.warnings);
      return {
        names,
        coefficients: beta,
        standardErrors: inverse.inverse.map((r, j) => Math.sqrt(r[j]!)),
        n,
        iterations: iteration,
        warnings,
      };
    }
  }
  throw new StatsError(
    "singular",
    `logistic regression did not converge in ${maxIterations} iterations (a feature may separate the outcomes perfectly, or be constant)`,
  );
}
