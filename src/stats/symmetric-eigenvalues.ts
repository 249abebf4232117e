import { assertSquare, type MatrixLike } from "./matrix.ts";

/**
 * Eigenvalues of a small symmetric matrix, ascending, by cyclic Jacobi rotations (accurate to
 * working precision; fine for k ≤ ~60). Only symmetric input is meaningful: the lower triangle
 * is mirrored.
 */
export function symmetricEigenvalues(a: MatrixLike): number[] {
  const k = assertSquare(a, "symmetric matrix");
  const m = Array.from({ length: k }, (_, i) =>
    Float64Array.from({ length: k }, (_, j) => (i >= j ? a[i]![j]! : a[j]![i]!)),
  );
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < k; i++) {
      diag += m[i]![i]! ** 2;
      for (let j = i + 1; j < k; j++) off += m[i]![j]! ** 2;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = m[p]![q]!;
        if (apq === 0) continue;
        const theta = (m[q]![q]! - m[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          const mrp = m[r]![p]!;
          const mrq = m[r]![q]!;
          m[r]![p] = c * mrp - s * mrq;
          m[r]![q] = s * mrp + c * mrq;
        }
        for (let r = 0; r < k; r++) {
          const mpr = m[p]![r]!;
          const mqr = m[q]![r]!;
          m[p]![r] = c * mpr - s * mqr;
          m[q]![r] = s * mpr + c * mqr;
        }
      }
    }
  }
  return Array.from({ length: k }, (_, i) => m[i]![i]!).sort((x, y) => x - y);
}
