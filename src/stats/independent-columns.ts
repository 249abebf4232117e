import { assertSquare, type MatrixLike } from "./matrix.ts";

/**
 * Which columns of a cross-product matrix X′X to keep so that the kept ones are linearly
 * independent: a column is dropped when its diagonal is not above `tolerance` × the largest
 * diagonal (no variation), or when, after scaling to a unit diagonal, its Cholesky pivot on the
 * columns already kept is not above `tolerance` (a combination of earlier columns). The first
 * test is relative to the largest diagonal (1e-14 of it at least, to catch the rounding residue
 * of a demeaned constant column), so columns on wildly different scales (beyond ~1e7 apart in
 * standard deviation) should be standardized first. Columns are
 * taken in order, so put the ones that must survive first. Returns the kept indices, ascending.
 */
export function independentColumns(xtx: MatrixLike, tolerance = 1e-9): number[] {
  const k = assertSquare(xtx, "X′X");
  const maxDiagonal = Math.max(0, ...xtx.map((row, i) => row[i]!));
  const kept: number[] = [];
  // rows of the Cholesky factor of the kept columns (scaled to unit diagonal)
  const factor: number[][] = [];
  for (let j = 0; j < k; j++) {
    const djj = xtx[j]![j]!;
    if (!(djj > 1e-14 * maxDiagonal) || !(djj > 0)) continue;
    const row: number[] = [];
    let pivot = 1;
    for (let p = 0; p < kept.length; p++) {
      const i = kept[p]!;
      let s = xtx[j]![i]! / Math.sqrt(djj * xtx[i]![i]!);
      for (let q = 0; q < p; q++) s -= row[q]! * factor[p]![q]!;
      const lji = s / factor[p]![p]!;
      row.push(lji);
      pivot -= lji * lji;
    }
    if (!(pivot > tolerance)) continue;
    row.push(Math.sqrt(pivot));
    factor.push(row);
    kept.push(j);
  }
  return kept;
}
