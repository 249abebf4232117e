import { describe, expect, it } from "vitest";
import { type AssignmentResult, solveAssignment } from "../../src/stats/assignment.ts";
import { seededRandom } from "./random.ts";

/** Every assignment of rows to a column or nothing within capacities: max count, then min cost. */
function bruteForce(
  cost: number[][],
  capacity: number[],
  maxCost = Infinity,
): { count: number; cost: number } {
  const n = cost.length;
  const load = capacity.map(() => 0);
  let best = { count: -1, cost: Infinity };
  const visit = (i: number, count: number, total: number): void => {
    if (i === n) {
      if (count > best.count || (count === best.count && total < best.cost - 1e-12))
        best = { count, cost: total };
      return;
    }
    visit(i + 1, count, total);
    for (let j = 0; j < capacity.length; j++) {
      const c = cost[i]![j]!;
      if (!Number.isFinite(c) || c > maxCost || load[j]! >= capacity[j]!) continue;
      load[j]!++;
      visit(i + 1, count + 1, total + c);
      load[j]!--;
    }
  };
  visit(0, 0, 0);
  return best;
}

/** Min-cost max-flow by successive shortest paths (Bellman–Ford): an independent exact solver. */
function minCostMaxFlow(
  cost: number[][],
  capacity: number[],
  maxCost = Infinity,
): { count: number; cost: number } {
  const n = cost.length;
  const cols = capacity.length;
  const source = n + cols;
  const sink = source + 1;
  const edges: { to: number; cap: number; cost: number; rev: number }[][] = Array.from(
    { length: sink + 1 },
    () => [],
  );
  const add = (from: number, to: number, cap: number, c: number): void => {
    edges[from]!.push({ to, cap, cost: c, rev: edges[to]!.length });
    edges[to]!.push({ to: from, cap: 0, cost: -c, rev: edges[from]!.length - 1 });
  };
  for (let i = 0; i < n; i++) add(source, i, 1, 0);
  for (let j = 0; j < cols; j++) add(n + j, sink, capacity[j]!, 0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < cols; j++) {
      const c = cost[i]![j]!;
      if (Number.isFinite(c) && c <= maxCost) add(i, n + j, 1, c);
    }
  }
  let count = 0;
  let total = 0;
  for (;;) {
    const dist = new Array<number>(sink + 1).fill(Infinity);
    const prev: [number, number][] = new Array(sink + 1);
    dist[source] = 0;
    for (let round = 0; round <= sink; round++) {
      let changed = false;
      for (let v = 0; v <= sink; v++) {
        if (dist[v] === Infinity) continue;
        edges[v]!.forEach((e, k) => {
          if (e.cap > 0 && dist[v]! + e.cost < dist[e.to]! - 1e-12) {
            dist[e.to] = dist[v]! + e.cost;
            prev[e.to] = [v, k];
            changed = true;
          }
        });
      }
      if (!changed) break;
    }
    if (dist[sink] === Infinity) return { count, cost: total };
    for (let v = sink; v !== source; ) {
      const [u, k] = prev[v]!;
      const e = edges[u]![k]!;
      e.cap--;
      edges[v]![e.rev]!.cap++;
      v = u;
    }
    count++;
    total += dist[sink]!;
  }
}

function expectConsistent(
  result: AssignmentResult,
  cost: number[][],
  capacity: number[],
  maxCost = Infinity,
): void {
  const load = capacity.map(() => 0);
  let total = 0;
  for (const [i, j] of result.rowToColumn.entries()) {
    if (j === null) continue;
    const c = cost[i]![j]!;
    expect(Number.isFinite(c) && c <= maxCost).toBe(true);
    load[j]!++;
    total += c;
  }
  for (const [j, l] of load.entries()) expect(l).toBeLessThanOrEqual(capacity[j]!);
  expect(result.columnLoad).toEqual(load);
  expect(result.totalCost).toBeCloseTo(total, 9);
  expect(result.unassignedRows).toEqual(
    result.rowToColumn.flatMap((j, i) => (j === null ? [i] : [])),
  );
}

function randomInstance(
  rng: ReturnType<typeof seededRandom>,
  rows: number,
  cols: number,
  integerCosts: boolean,
) {
  const capacity = Array.from({ length: cols }, () => 1 + rng.int(2));
  const cost = Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => {
      if (rng.uniform() < 0.3) return Infinity;
      return integerCosts ? rng.int(4) : Math.round(rng.uniform() * 1e6) / 1e3 - 100;
    }),
  );
  return { cost, capacity };
}

describe("solveAssignment(cost, { capacity, maxCost })", () => {
  it("matches brute force on 600 random small instances (capacity 1–2, forbidden pairs, ties)", () => {
    const rng = seededRandom(4242);
    for (let t = 0; t < 600; t++) {
      const rows = rng.int(7);
      const cols = 1 + rng.int(5);
      const { cost, capacity } = randomInstance(rng, rows, cols, t % 2 === 0);
      const maxCost = t % 3 === 0 ? (t % 2 === 0 ? 2 : 200) : Infinity;
      const result = solveAssignment(cost, { capacity, maxCost });
      const best = bruteForce(cost, capacity, maxCost);
      expect(result.assignedCount).toBe(best.count);
      expect(result.totalCost).toBeCloseTo(best.cost, 9);
      expectConsistent(result, cost, capacity, maxCost);
    }
  });

  it("matches an independent min-cost max-flow solver on medium instances", () => {
    const rng = seededRandom(77);
    for (let t = 0; t < 10; t++) {
      const { cost, capacity } = randomInstance(rng, 40, 25, t % 2 === 0);
      const result = solveAssignment(cost, { capacity });
      const reference = minCostMaxFlow(cost, capacity);
      expect(result.assignedCount).toBe(reference.count);
      expect(result.totalCost).toBeCloseTo(reference.cost, 9);
      expectConsistent(result, cost, capacity);
    }
  });

  it("prefers assigning more rows over a lower total cost", () => {
    // row 0 can use column 0 (cost 10) or column 1 (cost 1); row 1 only column 1 (cost 1)
    const result = solveAssignment([
      [10, 1],
      [Infinity, 1],
    ]);
    expect(result.rowToColumn).toEqual([0, 1]);
    expect(result.totalCost).toBe(11);
  });

  it("leaves a row with no feasible column unassigned and reports it", () => {
    const result = solveAssignment(
      [
        [1, 5],
        [9, 8],
        [2, Infinity],
      ],
      { maxCost: 6 },
    );
    expect(result.unassignedRows).toEqual([1]);
    expect(result.rowToColumn).toEqual([1, null, 0]);
    expect(result.totalCost).toBe(7);
  });

  it("gives a column with capacity 2 two rows", () => {
    const result = solveAssignment(
      [
        [1, 9],
        [1, 9],
        [1, 9],
      ],
      { capacity: [2, 1] },
    );
    expect(result.columnLoad).toEqual([2, 1]);
    expect(result.totalCost).toBe(11);
  });

  it("handles more rows than slots, empty matrices and all-forbidden rows", () => {
    expect(solveAssignment([[3], [1], [2]]).rowToColumn).toEqual([null, 0, null]);
    expect(solveAssignment([]).assignedCount).toBe(0);
    expect(solveAssignment([], { capacity: [1, 2] }).columnLoad).toEqual([0, 0]);
    expect(solveAssignment([[Infinity, Number.NaN]]).unassignedRows).toEqual([0]);
  });

  it("names invalid input", () => {
    expect(() => solveAssignment([[1, 2], [3]])).toThrow(/cost row 1 has 1 entries, expected 2/);
    expect(() => solveAssignment([[1, -Infinity]])).toThrow(/cost\[0\]\[1\] is -Infinity/);
    expect(() => solveAssignment([[1, 2]], { capacity: [1, 1.5] })).toThrow(
      /capacity 1.5 of column 1/,
    );
    expect(() => solveAssignment([[1, 2]], { capacity: [1] })).toThrow(/capacity has 1 entries/);
  });

  it("solves 500 rows × 1,000 columns with capacity 2 and a caliper in a few seconds", () => {
    const rng = seededRandom(2024);
    const rows = 500;
    const cols = 1000;
    const points = (k: number) =>
      Array.from({ length: k }, () => [rng.normal(), rng.normal(), rng.normal()]);
    const need = points(rows);
    const partners = points(cols);
    const cost = need.map((a) =>
      partners.map((b) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!)),
    );
    const started = performance.now();
    const result = solveAssignment(cost, { capacity: 2, maxCost: 1.5 });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `assignment 500×1000, capacity 2, caliper 1.5: ${seconds.toFixed(2)} s, ${result.assignedCount} assigned`,
    );
    expectConsistent(result, cost, new Array(cols).fill(2), 1.5);
    const reachable = cost.filter((row) => row.some((c) => c <= 1.5)).length;
    expect(result.assignedCount).toBe(reachable);
    expect(seconds).toBeLessThan(20);
  });

  it("solves a dense 500 × 1,000 instance where every row competes for the same few columns", () => {
    const rng = seededRandom(7);
    // every row prefers low-index columns: long augmenting paths
    const cost = Array.from({ length: 500 }, () =>
      Array.from({ length: 1000 }, (_, j) => j / 100 + rng.uniform()),
    );
    const started = performance.now();
    const result = solveAssignment(cost, { capacity: 2 });
    const seconds = (performance.now() - started) / 1000;
    console.log(`assignment 500×1000 dense, capacity 2: ${seconds.toFixed(2)} s`);
    expectConsistent(result, cost, new Array(1000).fill(2));
    expect(result.assignedCount).toBe(500);
    expect(seconds).toBeLessThan(30);
  });
});
