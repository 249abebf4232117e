import type { Cell, Partition } from "../../src/disclosure/cell.ts";

/**
 * An attacker who knows every shown cell (n and numerator), the partitions (total = Σ parts) and
 * that every hidden cell holds at least one student, with 0 ≤ numerator ≤ n. For each hidden cell
 * it searches nonnegative integer solutions of the whole system and reports the cells whose n or
 * numerator takes a single value in every solution. Independent of the code under test: plain
 * depth-first search with interval pruning, no linear algebra.
 */
export function recoverableCells(
  cells: readonly Cell[],
  partitions: readonly Partition[],
  hidden: ReadonlySet<string>,
): { n: string[]; numerator: string[] } {
  const byId = new Map(cells.map((c) => [c.id, c]));
  const vars = [...hidden].sort();
  const maxN = Math.max(...cells.map((c) => c.n));
  const withK = cells.every((c) => c.numerator !== null);
  // Variables: n_j at 2j, k_j at 2j+1.
  const equations: { terms: [number, number][]; rhs: number }[] = [];
  for (const p of partitions) {
    for (const field of withK ? (["n", "numerator"] as const) : (["n"] as const)) {
      const terms: [number, number][] = [];
      let rhs = 0;
      const add = (id: string, coef: number) => {
        const j = vars.indexOf(id);
        if (j >= 0) terms.push([2 * j + (field === "n" ? 0 : 1), coef]);
        else rhs -= coef * (byId.get(id)![field] as number);
      };
      add(p.total, -1);
      for (const part of p.parts) add(part, 1);
      if (terms.length > 0) equations.push({ terms, rhs });
      else if (rhs !== 0) throw new Error(`shown cells violate partition ${p.total}`);
    }
  }
  const width = vars.length * 2;
  // Static interval propagation over the equations narrows each variable before searching.
  const lo: number[] = Array.from({ length: width }, (_, v) => (v % 2 === 0 ? 1 : 0));
  const hi = Array.from({ length: width }, () => maxN);
  for (let changed = true; changed; ) {
    changed = false;
    for (const { terms, rhs } of equations) {
      for (const [v, coef] of terms) {
        let restLo = 0;
        let restHi = 0;
        for (const [u, c] of terms) {
          if (u === v) continue;
          restLo += c > 0 ? c * lo[u]! : c * hi[u]!;
          restHi += c > 0 ? c * hi[u]! : c * lo[u]!;
        }
        // coef·x = rhs − rest, coef = ±1
        const a = coef > 0 ? rhs - restHi : restLo - rhs;
        const b = coef > 0 ? rhs - restLo : restHi - rhs;
        if (a > lo[v]!) {
          lo[v] = a;
          changed = true;
        }
        if (b < hi[v]!) {
          hi[v] = b;
          changed = true;
        }
      }
    }
    for (let v = 1; v < width; v += 2) {
      if (hi[v]! > hi[v - 1]!) {
        hi[v] = hi[v - 1]!;
        changed = true;
      }
    }
  }
  const bounds = (v: number, x: (number | undefined)[]): [number, number] => {
    if (v % 2 === 0) return [lo[v]!, hi[v]!];
    return [lo[v]!, Math.min(hi[v]!, x[v - 1] ?? hi[v]!)];
  };
  const order = [...Array(vars.length * 2).keys()].filter((v) => withK || v % 2 === 0);

  const feasible = (x: (number | undefined)[]) =>
    equations.every(({ terms, rhs }) => {
      let lo = 0;
      let hi = 0;
      for (const [v, coef] of terms) {
        const value = x[v];
        const [a, b] = value === undefined ? bounds(v, x) : [value, value];
        lo += coef > 0 ? coef * a : coef * b;
        hi += coef > 0 ? coef * b : coef * a;
      }
      return lo <= rhs && rhs <= hi;
    });

  /** A solution with x[fixedVar] ≠ avoid (when given), or undefined. */
  const solve = (fixedVar?: number, avoid?: number): number[] | undefined => {
    const x: (number | undefined)[] = new Array(width).fill(undefined);
    const sequence = fixedVar === undefined ? order : [fixedVar - (fixedVar % 2), ...order];
    const seen = new Set<number>();
    const ordered = sequence.filter((v) => !seen.has(v) && seen.add(v));
    if (fixedVar !== undefined && fixedVar % 2 === 1) {
      ordered.splice(ordered.indexOf(fixedVar), 1);
      ordered.splice(1, 0, fixedVar);
    }
    let steps = 0;
    const go = (i: number): boolean => {
      if (++steps > 2_000_000) throw new Error("search too large for the brute-force attacker");
      if (i === ordered.length) return true;
      const v = ordered[i]!;
      const [a, b] = bounds(v, x);
      for (let value = a; value <= b; value++) {
        if (v === fixedVar && value === avoid) continue;
        x[v] = value;
        if (feasible(x) && go(i + 1)) return true;
      }
      x[v] = undefined;
      return false;
    };
    return go(0) ? (x as number[]) : undefined;
  };

  const first = solve();
  if (!first) throw new Error("no solution: the shown table is inconsistent");
  const n: string[] = [];
  const numerator: string[] = [];
  vars.forEach((id, j) => {
    if (!solve(2 * j, first[2 * j])) n.push(id);
    if (withK && !solve(2 * j + 1, first[2 * j + 1])) numerator.push(id);
  });
  return { n, numerator };
}
