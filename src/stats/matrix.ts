import { StatsError } from "./stats-error.ts";
import type { StatsWarning } from "./stats-warning.ts";

/** A dense matrix as rows. Row-major, small (k ≤ ~100): these are normal-equation sized. */
export type Matrix = number[][];
/** A read-only view of a dense matrix. */
export type MatrixLike = readonly (readonly number[])[];

/** Condition number (1-norm, after scaling to a unit diagonal) above which a solve warns. */
export const NEAR_SINGULAR_CONDITION = 1e10;

/** Pivot (on the unit-diagonal scaled matrix) at or below which the matrix counts as singular. */
const SINGULAR_PIVOT = 1e-13;

/** A Cholesky factorization A = D⁻¹ L L′ D⁻¹ of a symmetric positive-definite matrix. */
export interface SpdFactorization {
  readonly size: number;
  /** 1-norm condition number of the matrix scaled to a unit diagonal (Jacobi equilibration). */
  readonly conditionNumber: number;
  /** log |A|. */
  readonly logDeterminant: number;
  /** x with A x = b. */
  solve(b: readonly number[]): number[];
  /** A⁻¹ (symmetric). */
  inverse(): Matrix;
}

/** Throws unless `a` is a square matrix of finite numbers; returns its size. */
export function assertSquare(a: MatrixLike, name = "matrix"): number {
  const k = a.length;
  a.forEach((row, i) => {
    if (row.length !== k) {
      throw new StatsError(
        "dimension-mismatch",
        `${name} row ${i} has ${row.length} entries, expected ${k}`,
      );
    }
    row.forEach((value, j) => {
      if (!Number.isFinite(value)) {
        throw new StatsError(
          "invalid-value",
          `${name}[${i}][${j}] is ${value}, expected a finite number`,
        );
      }
    });
  });
  return k;
}

/**
 * Cholesky-factors a symmetric positive-definite matrix (only the lower triangle is read).
 * The matrix is first scaled to a unit diagonal, which makes the pivot test and the condition
 * number independent of the columns' units (scale scores vs 0/1 indicators).
 * @throws StatsError `not-positive-definite` (a pivot < 0) or `singular` (a pivot ≈ 0), naming the column.
 */
export function factorSpd(a: MatrixLike, name = "matrix"): SpdFactorization {
  const k = assertSquare(a, name);
  const scale = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const d = a[i]![i]!;
    if (!(d > 0)) {
      throw new StatsError(
        d === 0 ? "singular" : "not-positive-definite",
        `${name} is not positive definite: diagonal entry ${i} is ${d}`,
      );
    }
    scale[i] = 1 / Math.sqrt(d);
  }
  const l = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    let pivot = 1;
    for (let p = 0; p < j; p++) pivot -= l[j * k + p]! ** 2;
    if (!(pivot > SINGULAR_PIVOT)) {
      throw new StatsError(
        pivot < -SINGULAR_PIVOT ? "not-positive-definite" : "singular",
        `${name} is ${pivot < -SINGULAR_PIVOT ? "not positive definite" : "singular"}: column ${j} is (nearly) a combination of columns 0..${j - 1} (scaled pivot ${pivot.toExponential(3)})`,
      );
    }
    const ljj = Math.sqrt(pivot);
    l[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = a[i]![j]! * scale[i]! * scale[j]!;
      for (let p = 0; p < j; p++) s -= l[i * k + p]! * l[j * k + p]!;
      l[i * k + j] = s / ljj;
    }
  }
  const solveScaled = (rhs: Float64Array): Float64Array => {
    for (let i = 0; i < k; i++) {
      let s = rhs[i]!;
      for (let p = 0; p < i; p++) s -= l[i * k + p]! * rhs[p]!;
      rhs[i] = s / l[i * k + i]!;
    }
    for (let i = k - 1; i >= 0; i--) {
      let s = rhs[i]!;
      for (let p = i + 1; p < k; p++) s -= l[p * k + i]! * rhs[p]!;
      rhs[i] = s / l[i * k + i]!;
    }
    return rhs;
  };
  const solve = (b: readonly number[]): number[] => {
    if (b.length !== k) {
      throw new StatsError(
        "dimension-mismatch",
        `right-hand side has ${b.length} entries, ${name} is ${k}×${k}`,
      );
    }
    const rhs = Float64Array.from(b, (value, i) => value * scale[i]!);
    return Array.from(solveScaled(rhs), (value, i) => value * scale[i]!);
  };
  const scaledInverse = (): Float64Array[] => {
    const columns: Float64Array[] = [];
    for (let j = 0; j < k; j++) {
      const e = new Float64Array(k);
      e[j] = 1;
      columns.push(solveScaled(e));
    }
    return columns;
  };
  const invScaled = scaledInverse();
  let normA = 0;
  let normInv = 0;
  for (let j = 0; j < k; j++) {
    let colA = 0;
    let colInv = 0;
    for (let i = 0; i < k; i++) {
      const aij = (i >= j ? a[i]![j]! : a[j]![i]!) * scale[i]! * scale[j]!;
      colA += Math.abs(aij);
      colInv += Math.abs(invScaled[j]![i]!);
    }
    normA = Math.max(normA, colA);
    normInv = Math.max(normInv, colInv);
  }
  let logDeterminant = 0;
  for (let i = 0; i < k; i++)
    logDeterminant += 2 * Math.log(l[i * k + i]!) - 2 * Math.log(scale[i]!);
  return {
    size: k,
    conditionNumber: normA * normInv,
    logDeterminant,
    solve,
    inverse: () =>
      Array.from({ length: k }, (_, i) =>
        Array.from({ length: k }, (_, j) => invScaled[j]![i]! * scale[i]! * scale[j]!),
      ),
  };
}

/** A warning for a factorization whose condition number exceeds {@link NEAR_SINGULAR_CONDITION}. */
export function conditionWarnings(f: SpdFactorization, name = "matrix"): StatsWarning[] {
  if (f.conditionNumber <= NEAR_SINGULAR_CONDITION) return [];
  return [
    {
      code: "near-singular",
      message: `${name} is nearly singular (condition number ${f.conditionNumber.toExponential(2)}); results may be inaccurate`,
    },
  ];
}

/** Solves A x = b for symmetric positive-definite A, warning when A is near-singular. */
export function solveSpd(
  a: MatrixLike,
  b: readonly number[],
  name = "matrix",
): { solution: number[]; warnings: StatsWarning[] } {
  const f = factorSpd(a, name);
  return { solution: f.solve(b), warnings: conditionWarnings(f, name) };
}

/** Inverts a symmetric positive-definite matrix, warning when it is near-singular. */
export function invertSpd(
  a: MatrixLike,
  name = "matrix",
): { inverse: Matrix; warnings: StatsWarning[] } {
  const f = factorSpd(a, name);
  return { inverse: f.inverse(), warnings: conditionWarnings(f, name) };
}

/** Whether a symmetric matrix is (numerically) positive definite. */
export function isPositiveDefinite(a: MatrixLike): boolean {
  try {
    factorSpd(a);
    return true;
  } catch (error) {
    if (
      error instanceof StatsError &&
      error.code !== "invalid-value" &&
      error.code !== "dimension-mismatch"
    ) {
      return false;
    }
    throw error;
  }
}

/** A B for conforming dense matrices. */
export function multiply(a: MatrixLike, b: MatrixLike): Matrix {
  const inner = b.length;
  return a.map((row, i) => {
    if (row.length !== inner) {
      throw new StatsError(
        "dimension-mismatch",
        `left row ${i} has ${row.length} entries, right has ${inner} rows`,
      );
    }
    const width = b[0]?.length ?? 0;
    const out = new Array<number>(width).fill(0);
    for (let p = 0; p < inner; p++) {
      const aip = row[p]!;
      const bp = b[p]!;
      for (let j = 0; j < width; j++) out[j]! += aip * bp[j]!;
    }
    return out;
  });
}

/** A x. */
export function multiplyVector(a: MatrixLike, x: readonly number[]): number[] {
  return a.map((row) => {
    if (row.length !== x.length) {
      throw new StatsError(
        "dimension-mismatch",
        `matrix row has ${row.length} entries, vector has ${x.length}`,
      );
    }
    let s = 0;
    for (let j = 0; j < x.length; j++) s += row[j]! * x[j]!;
    return s;
  });
}

/** x′ A y (x′ A x when y is omitted). */
export function quadraticForm(
  a: MatrixLike,
  x: readonly number[],
  y: readonly number[] = x,
): number {
  const ay = multiplyVector(a, y);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * ay[i]!;
  return s;
}
