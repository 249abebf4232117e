import { StatsError } from "./stats-error.ts";

/** Options of {@link solveAssignment}. */
export interface AssignmentOptions {
  /** How many rows each column can take: one number for all columns or one per column (default 1). */
  capacity?: number | readonly number[];
  /** Caliper: entries above it are forbidden (as are Infinity and NaN entries). */
  maxCost?: number;
}

/** An optimal assignment. */
export interface AssignmentResult {
  /** Column given to each row, or null when the row stays unassigned. */
  rowToColumn: (number | null)[];
  /** Rows left without a column (no feasible column, or feasible columns all used). */
  unassignedRows: number[];
  assignedCount: number;
  /** Sum of the costs of the assigned pairs. */
  totalCost: number;
  /** Rows assigned to each column (≤ its capacity). */
  columnLoad: number[];
}

/**
 * Exact minimum-cost assignment of rows (e.g. schools needing a partner) to columns (partners)
 * with per-column capacities and forbidden pairs. The objective is lexicographic: first assign
 * as MANY rows as possible, then minimize the total cost among those assignments.
 *
 * Method: columns are repeated `capacity` times, one "unassigned" slot per row is added with cost
 * (1, 0) — one unit of a primary penalty, nothing in cost — and feasible pairs cost (0, c). The
 * shortest-augmenting-path Hungarian algorithm (Kuhn–Munkres with potentials, as Jonker–Volgenant)
 * then runs on these pairs compared lexicographically, so no "big M" can swamp real costs.
 * O(n²·m) for n rows and m = Σ capacity + n slots.
 * @throws StatsError on a ragged matrix, a −Infinity cost or an invalid capacity.
 */
export function solveAssignment(
  cost: readonly (readonly number[])[],
  options: AssignmentOptions = {},
): AssignmentResult {
  const n = cost.length;
  const cols =
    n > 0 ? cost[0]!.length : typeof options.capacity === "object" ? options.capacity.length : 0;
  const capacity = capacities(options.capacity, cols);
  const maxCost = options.maxCost ?? Number.POSITIVE_INFINITY;
  const a = new Float64Array(n * cols);
  for (let i = 0; i < n; i++) {
    const row = cost[i]!;
    if (row.length !== cols) {
      throw new StatsError(
        "dimension-mismatch",
        `cost row ${i} has ${row.length} entries, expected ${cols}`,
      );
    }
    for (let j = 0; j < cols; j++) {
      const c = row[j]!;
      if (c === Number.NEGATIVE_INFINITY) {
        throw new StatsError("invalid-value", `cost[${i}][${j}] is -Infinity`);
      }
      a[i * cols + j] = Number.isFinite(c) && c <= maxCost ? c : Number.POSITIVE_INFINITY;
    }
  }
  // slot s (1-based) → column, or −1 for an "unassigned" slot
  const slotColumn: number[] = [-2];
  for (let j = 0; j < cols; j++) for (let c = 0; c < capacity[j]!; c++) slotColumn.push(j);
  for (let i = 0; i < n; i++) slotColumn.push(-1);
  const m = slotColumn.length - 1;
  const slotCol = Int32Array.from(slotColumn);

  const INF = Number.POSITIVE_INFINITY;
  const u1 = new Float64Array(n + 1);
  const u2 = new Float64Array(n + 1);
  const v1 = new Float64Array(m + 1);
  const v2 = new Float64Array(m + 1);
  const p = new Int32Array(m + 1); // row (1-based) in slot, 0 = free
  const way = new Int32Array(m + 1);
  const min1 = new Float64Array(m + 1);
  const min2 = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);

  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    min1.fill(INF);
    min2.fill(INF);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      const base = (i0 - 1) * cols;
      const ui1 = u1[i0]!;
      const ui2 = u2[i0]!;
      let d1 = INF;
      let d2 = INF;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const col = slotCol[j]!;
        let c1: number;
        let c2: number;
        if (col < 0) {
          c1 = 1 - ui1 - v1[j]!;
          c2 = -ui2 - v2[j]!;
        } else {
          const c = a[base + col]!;
          if (c === INF) {
            c1 = INF;
            c2 = 0;
          } else {
            c1 = -ui1 - v1[j]!;
            c2 = c - ui2 - v2[j]!;
          }
        }
        if (c1 < min1[j]! || (c1 === min1[j]! && c2 < min2[j]!)) {
          min1[j] = c1;
          min2[j] = c2;
          way[j] = j0;
        }
        if (min1[j]! < d1 || (min1[j]! === d1 && min2[j]! < d2)) {
          d1 = min1[j]!;
          d2 = min2[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          const r = p[j]!;
          u1[r]! += d1;
          u2[r]! += d2;
          v1[j]! -= d1;
          v2[j]! -= d2;
        } else {
          min1[j]! -= d1;
          min2[j]! -= d2;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }

  const rowToColumn: (number | null)[] = new Array(n).fill(null);
  const columnLoad = new Array<number>(cols).fill(0);
  let totalCost = 0;
  for (let j = 1; j <= m; j++) {
    const row = p[j]!;
    const col = slotCol[j]!;
    if (row === 0 || col < 0) continue;
    rowToColumn[row - 1] = col;
    columnLoad[col]!++;
    totalCost += a[(row - 1) * cols + col]!;
  }
  const unassignedRows: number[] = [];
  rowToColumn.forEach((col, i) => {
    if (col === null) unassignedRows.push(i);
  });
  return {
    rowToColumn,
    unassignedRows,
    assignedCount: n - unassignedRows.length,
    totalCost,
    columnLoad,
  };
}

function capacities(capacity: number | readonly number[] | undefined, cols: number): number[] {
  const list =
    typeof capacity === "object" ? [...capacity] : new Array<number>(cols).fill(capacity ?? 1);
  if (list.length !== cols) {
    throw new StatsError(
      "dimension-mismatch",
      `capacity has ${list.length} entries, cost matrix has ${cols} columns`,
    );
  }
  list.forEach((c, j) => {
    if (!Number.isInteger(c) || c < 0) {
      throw new StatsError(
        "invalid-value",
        `capacity ${c} of column ${j} is not a whole number ≥ 0`,
      );
    }
  });
  return list;
}
