import {
  conditionWarnings,
  factorSpd,
  type Matrix,
  type MatrixLike,
  multiply,
  quadraticForm,
} from "./matrix.ts";
import { StatsError } from "./stats-error.ts";
import type { StatsWarning } from "./stats-warning.ts";
import { symmetricEigenvalues } from "./symmetric-eigenvalues.ts";
import type { WithinSums } from "./within-sums.ts";

/** Options of {@link fitWithinOls}. */
export interface WithinOlsOptions {
  /**
   * Errors-in-variables correction: for each column j, the total error variance Λ_j to subtract
   * from X̃′X̃[j][j] (0 for error-free columns). Build it with `withinErrorVarianceFromCsem` or
   * `withinErrorVarianceFromReliability`. Errors of different columns are assumed independent.
   */
  errorVariance?: readonly number[];
  /**
   * For the standard errors of the corrected fit: Σ_i ((1 − 1/n_s) c_ij²)² per column. Default
   * Λ_j²/N, exact when every student has the same error variance and schools are equal-sized,
   * a lower bound otherwise.
   */
  errorFourthMoment?: readonly number[];
  /**
   * What to do when the corrected system is not safely positive definite (Fuller's smallest root
   * λ̂ < 1 + 1/df): `"fuller"` (default) subtracts (λ̂ − α/df)·Λ instead of Λ, a Fuller (1987,
   * §2.5.1)-type modification that keeps the system positive definite; `"naive"` falls back to
   * uncorrected OLS. Either way a warning is returned.
   */
  smallSample?: "fuller" | "naive";
  /** α of the Fuller modification (default 1). */
  fullerAlpha?: number;
  /** Column names, used in warnings and errors. */
  names?: readonly string[];
}

/** How the errors-in-variables correction was applied. */
export type EivMethod = "none" | "corrected" | "fuller" | "naive-fallback";

/** A fixed-effects (within) least-squares fit. */
export interface WithinOlsFit {
  coefficients: number[];
  standardErrors: number[];
  /** Covariance of the coefficients (see {@link fitWithinOls} for how it is computed). */
  covariance: Matrix;
  /** M⁻¹, M = X̃′X̃ − (applied correction); the bread of a sandwich covariance. */
  bread: Matrix;
  /** σ̂² = residual SS / df. */
  sigma2: number;
  /** Σ (ỹ − x̃′β̂)², computed from the sums for any β̂: ỹ′ỹ − 2β̂′X̃′ỹ + β̂′X̃′X̃β̂. */
  residualSs: number;
  /** 1 − residual SS / ỹ′ỹ. */
  rSquaredWithin: number;
  /** N − S − K. */
  df: number;
  n: number;
  groups: number;
  eiv: {
    method: EivMethod;
    /** Amount actually subtracted from each diagonal entry. */
    subtracted: number[];
    /** Fuller's smallest root of |M_ZZ − λ·diag(0, Λ)| = 0 (Z = (ỹ, X̃)), when a correction was asked. */
    smallestRoot?: number;
  };
  warnings: StatsWarning[];
}

/**
 * Least squares with group fixed effects from the within sufficient statistics only:
 * β̂ = (X̃′X̃ − Λ)⁻¹ X̃′ỹ, with Λ = 0 unless an errors-in-variables correction is asked.
 *
 * Without correction the covariance is σ̂²(X̃′X̃)⁻¹, σ̂² = RSS/(N − S − K), which equals `lm` with
 * group dummies. With correction the residual variance uses y − x′β̂_EIV (so it carries the
 * propagated prior error) and the covariance approximates the corrected-score sandwich
 * M⁻¹(Σψψ′)M⁻¹ from the sums: Σψψ′ ≈ σ̂²X̃′X̃ + diag(β̂_j²·Σc⁴_j), which assumes homoskedastic
 * errors and normal measurement error. For the exact sandwich, sum ψ_iψ_i′ in SQL and call
 * {@link sandwichCovariance} with `fit.bread`.
 * @throws StatsError when X̃′X̃ is singular or there are no residual degrees of freedom.
 */
export function fitWithinOls(sums: WithinSums, options: WithinOlsOptions = {}): WithinOlsFit {
  const k = sums.xty.length;
  const names = options.names ?? Array.from({ length: k }, (_, j) => `x${j}`);
  if (sums.xtx.length !== k) {
    throw new StatsError(
      "dimension-mismatch",
      `X̃′X̃ has ${sums.xtx.length} rows, X̃′ỹ has ${k} entries`,
    );
  }
  const df = sums.n - sums.groups - k;
  if (df <= 0) {
    throw new StatsError(
      "too-few-observations",
      `no residual degrees of freedom: N = ${sums.n}, groups = ${sums.groups}, K = ${k}`,
    );
  }
  const warnings: StatsWarning[] = [];
  const naive = factorSpd(sums.xtx, `X̃′X̃ (${names.join(", ")})`);
  warnings.push(...conditionWarnings(naive, "X̃′X̃"));

  const lambda = validateErrorVariance(options.errorVariance, k, names);
  let factor = 0;
  let method: EivMethod = "none";
  let smallestRoot: number | undefined;
  if (lambda.some((v) => v > 0)) {
    smallestRoot = fullerSmallestRoot(sums, lambda);
    method = "corrected";
    factor = 1;
    if (smallestRoot < 1 + 1 / df) {
      const corrected = `X̃′X̃ − Λ is not safely positive definite (Fuller's smallest root ${smallestRoot.toPrecision(4)} < 1 + 1/df)`;
      if ((options.smallSample ?? "fuller") === "fuller") {
        factor = Math.max(0, smallestRoot - (options.fullerAlpha ?? 1) / df);
        method = "fuller";
        warnings.push({
          code: "eiv-fuller-modification",
          message: `${corrected}; subtracting ${factor.toPrecision(4)}·Λ instead (Fuller modification)`,
        });
      } else {
        factor = 0;
        method = "naive-fallback";
        warnings.push({
          code: "eiv-fallback-naive",
          message: `${corrected}; using uncorrected OLS`,
        });
      }
    }
  }
  const subtracted = lambda.map((v) => v * factor);
  const m = sums.xtx.map((row, i) => row.map((v, j) => (i === j ? v - subtracted[i]! : v)));
  const mf = factor === 0 ? naive : factorSpd(m, "X̃′X̃ − Λ");
  if (mf !== naive) warnings.push(...conditionWarnings(mf, "X̃′X̃ − Λ"));
  const beta = mf.solve(sums.xty);
  const bread = mf.inverse();

  let xtyBeta = 0;
  for (let j = 0; j < k; j++) xtyBeta += beta[j]! * sums.xty[j]!;
  const residualSs = Math.max(0, sums.yty - 2 * xtyBeta + quadraticForm(sums.xtx, beta));
  const sigma2 = residualSs / df;

  let covariance: Matrix;
  if (factor === 0) {
    covariance = bread.map((row) => row.map((v) => v * sigma2));
  } else {
    const fourth = options.errorFourthMoment ?? lambda.map((v) => (v * v) / sums.n);
    const meat = sums.xtx.map((row, i) =>
      row.map((v, j) => v * sigma2 + (i === j ? beta[i]! ** 2 * fourth[i]! * factor * factor : 0)),
    );
    covariance = sandwichCovariance(bread, meat);
  }
  return {
    coefficients: beta,
    standardErrors: covariance.map((row, j) => Math.sqrt(Math.max(0, row[j]!))),
    covariance,
    bread,
    sigma2,
    residualSs,
    rSquaredWithin: sums.yty > 0 ? 1 - residualSs / sums.yty : Number.NaN,
    df,
    n: sums.n,
    groups: sums.groups,
    eiv: smallestRoot === undefined ? { method, subtracted } : { method, subtracted, smallestRoot },
    warnings,
  };
}

/** B M B′ (B symmetric here), the sandwich covariance with bread B and meat M. */
export function sandwichCovariance(bread: MatrixLike, meat: MatrixLike): Matrix {
  const out = multiply(multiply(bread, meat), bread);
  // symmetrize away rounding
  return out.map((row, i) => row.map((v, j) => (v + out[j]![i]!) / 2));
}

function validateErrorVariance(
  errorVariance: readonly number[] | undefined,
  k: number,
  names: readonly string[],
): number[] {
  if (errorVariance === undefined) return new Array<number>(k).fill(0);
  if (errorVariance.length !== k) {
    throw new StatsError(
      "dimension-mismatch",
      `errorVariance has ${errorVariance.length} entries, expected ${k}`,
    );
  }
  errorVariance.forEach((v, j) => {
    if (!(Number.isFinite(v) && v >= 0)) {
      throw new StatsError(
        "invalid-value",
        `error variance ${v} for ${names[j]} is not a finite number ≥ 0`,
      );
    }
  });
  return [...errorVariance];
}

/**
 * Smallest root λ̂ of |M_ZZ − λ·diag(0, Λ)| = 0 for Z = (ỹ, X̃). With E the error-prone columns
 * and F the others (ỹ included), the roots are the eigenvalues of Λ_E^{-1/2} S Λ_E^{-1/2}, S the
 * Schur complement M_EE − M_EF M_FF⁻¹ M_FE. λ̂ > 1 is needed for the corrected fit to leave a
 * positive residual variance and a positive-definite X̃′X̃ − Λ.
 */
function fullerSmallestRoot(sums: WithinSums, lambda: readonly number[]): number {
  const zz = (a: number, b: number): number =>
    a === 0
      ? b === 0
        ? sums.yty
        : sums.xty[b - 1]!
      : b === 0
        ? sums.xty[a - 1]!
        : sums.xtx[a - 1]![b - 1]!;
  const e: number[] = [];
  const f: number[] = [0];
  for (let j = 0; j < lambda.length; j++) (lambda[j]! > 0 ? e : f).push(j + 1);
  const s = e.map((a) => e.map((b) => zz(a, b)));
  try {
    const ff = factorSpd(f.map((a) => f.map((b) => zz(a, b))));
    for (let bi = 0; bi < e.length; bi++) {
      const x = ff.solve(f.map((a) => zz(a, e[bi]!)));
      for (let ai = 0; ai < e.length; ai++) {
        let dot = 0;
        f.forEach((a, fi) => {
          dot += zz(e[ai]!, a) * x[fi]!;
        });
        s[ai]![bi]! -= dot;
      }
    }
  } catch (error) {
    // ỹ exactly fitted by the error-free columns: no room for any correction.
    if (error instanceof StatsError) return 0;
    throw error;
  }
  const scaled = s.map((row, i) =>
    row.map((v, j) => v / Math.sqrt(lambda[e[i]! - 1]! * lambda[e[j]! - 1]!)),
  );
  return symmetricEigenvalues(scaled)[0]!;
}
