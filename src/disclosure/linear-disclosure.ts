import type { Partition } from "./cell.ts";

const EPS = 1e-9;

/**
 * The hidden cells whose value the equations `total = Σ parts` pin down exactly, knowing every
 * other cell. A hidden cell j is determined iff the unit vector e_j lies in the row space of the
 * equations restricted to the hidden cells; in reduced row echelon form that is a row equal to e_j.
 * `known` lists hidden cells whose value the reader knows anyway (a numerator pinned to 0 by a
 * total whose rate is 0%); they add an equation each and are never reported themselves.
 */
export function linearlyDeterminedCells(
  hidden: ReadonlySet<string>,
  partitions: readonly Partition[],
  known: ReadonlySet<string> = new Set(),
): string[] {
  const columns = [...hidden].sort();
  const index = new Map(columns.map((id, i) => [id, i]));
  const rows: number[][] = [];
  for (const p of partitions) {
    const row = new Array<number>(columns.length).fill(0);
    let any = false;
    const total = index.get(p.total);
    if (total !== undefined) {
      row[total] = (row[total] ?? 0) - 1;
      any = true;
    }
    for (const part of p.parts) {
      const j = index.get(part);
      if (j !== undefined) {
        row[j] = (row[j] ?? 0) + 1;
        any = true;
      }
    }
    if (any) rows.push(row);
  }
  for (const id of known) {
    const j = index.get(id);
    if (j === undefined) continue;
    const row = new Array<number>(columns.length).fill(0);
    row[j] = 1;
    rows.push(row);
  }
  const pivots = reduce(rows, columns.length);
  const determined: string[] = [];
  for (const [r, c] of pivots) {
    const row = rows[r]!;
    const id = columns[c]!;
    if (!known.has(id) && row.every((v, j) => j === c || Math.abs(v) < EPS)) determined.push(id);
  }
  return determined;
}

/** In-place reduced row echelon form; returns (row, pivot column) pairs. */
function reduce(rows: number[][], width: number): [number, number][] {
  const pivots: [number, number][] = [];
  let r = 0;
  for (let c = 0; c < width && r < rows.length; c++) {
    let best = r;
    for (let i = r + 1; i < rows.length; i++) {
      if (Math.abs(rows[i]![c]!) > Math.abs(rows[best]![c]!)) best = i;
    }
    if (Math.abs(rows[best]![c]!) < EPS) continue;
    [rows[r], rows[best]] = [rows[best]!, rows[r]!];
    const pivotRow = rows[r]!;
    const pivot = pivotRow[c]!;
    for (let j = 0; j < width; j++) pivotRow[j] = pivotRow[j]! / pivot;
    for (let i = 0; i < rows.length; i++) {
      if (i === r) continue;
      const row = rows[i]!;
      const f = row[c]!;
      if (Math.abs(f) < EPS) continue;
      for (let j = 0; j < width; j++) row[j] = row[j]! - f * pivotRow[j]!;
    }
    pivots.push([r, c]);
    r++;
  }
  return pivots;
}
