import { describe, expect, it } from "vitest";
import type { ChartResult, Direction } from "../../../src/stats/charts/chart-result.ts";
import { runChart } from "../../../src/stats/charts/run-chart.ts";
import { seededRandom } from "../random.ts";

// An independent reading of the rules, written differently from the engine: the series becomes a
// string of signs and the rules become regular expressions over it; the runs limits come from a
// dynamic programme over arrangements, the crossings limit from a floating-point binomial sum.

type Found = { rule: string; points: number[]; side: "up" | "down" | null };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Arrangements of a points of one kind and b of the other, counted by number of runs. */
function runsCountsByDp(a: number, b: number): number[] {
  // ways[i][j][last][r]: i of kind A and j of kind B placed, last kind, r runs so far
  const n = a + b;
  let ways = new Map<string, number>([["0,0,-1,0", 1]]);
  for (let step = 0; step < n; step++) {
    const next = new Map<string, number>();
    for (const [key, w] of ways) {
      const [i, j, last, r] = key.split(",").map(Number) as [number, number, number, number];
      if (i < a) {
        const k = `${i + 1},${j},0,${last === 0 ? r : r + 1}`;
        next.set(k, (next.get(k) ?? 0) + w);
      }
      if (j < b) {
        const k = `${i},${j + 1},1,${last === 1 ? r : r + 1}`;
        next.set(k, (next.get(k) ?? 0) + w);
      }
    }
    ways = next;
  }
  const counts = new Array<number>(n + 1).fill(0);
  for (const [key, w] of ways) counts[Number(key.split(",")[3])]! += w;
  return counts;
}

const limitsCache = new Map<number, [number, number]>();

function oracleRunsLimits(n: number): [number, number] {
  const hit = limitsCache.get(n);
  if (hit !== undefined) return hit;
  const counts = runsCountsByDp(n >> 1, n - (n >> 1));
  const total = counts.reduce((x, y) => x + y, 0);
  let cum = 0;
  let lo = -1;
  let hi = -1;
  counts.forEach((c, r) => {
    cum += c;
    if (lo < 0 && cum >= 0.025 * total) lo = r;
    if (hi < 0 && cum >= 0.975 * total) hi = r;
  });
  limitsCache.set(n, [lo, hi]);
  return [lo, hi];
}

function oracleQbinom05(size: number): number {
  let pmf = 0.5 ** size;
  let cum = 0;
  for (let x = 0; x <= size; x++) {
    cum += pmf;
    if (cum >= 0.05) return x;
    pmf = (pmf * (size - x)) / (x + 1);
  }
  return size;
}

function oracle(values: (number | null)[], baselineEnd: number, rules: "ihi" | "anhoej"): Found[] {
  const base = values.slice(0, baselineEnd + 1).filter((v): v is number => v !== null);
  const m = median(base);
  let signs = "";
  const at: number[] = [];
  values.forEach((v, i) => {
    if (v === null || v === m) return;
    signs += v > m ? "u" : "d";
    at.push(i);
  });
  const found: Found[] = [];
  const runs = [...signs.matchAll(/u+|d+/g)];
  const side = (c: string) => (c === "u" || c === "+" ? "up" : "down") as "up" | "down";
  if (rules === "ihi") {
    for (const r of signs.matchAll(/u{6,}|d{6,}/g))
      found.push({
        rule: "shift",
        points: at.slice(r.index, r.index + r[0].length),
        side: side(r[0][0]!),
      });
    const kept: number[] = [];
    values.forEach((v, i) => {
      if (v !== null && (kept.length === 0 || values[kept[kept.length - 1]!] !== v)) kept.push(i);
    });
    let steps = "";
    for (let k = 1; k < kept.length; k++)
      steps += values[kept[k]!]! > values[kept[k - 1]!]! ? "+" : "-";
    // a rising stretch of p points is p − 1 rises; maximal stretches share their turning point
    for (const t of steps.matchAll(/\++|-+/g))
      if (t[0].length >= 4)
        found.push({
          rule: "trend",
          points: kept.slice(t.index, t.index + t[0].length + 1),
          side: side(t[0][0]!),
        });
    if (signs.length >= 10) {
      const [lo, hi] = oracleRunsLimits(signs.length);
      if (runs.length < lo) found.push({ rule: "too-few-runs", points: at, side: null });
      if (runs.length > hi) found.push({ rule: "too-many-runs", points: at, side: null });
    }
  } else if (signs.length > 0) {
    const longest = Math.round(Math.log2(signs.length) + 3);
    for (const r of runs)
      if (r[0].length > longest)
        found.push({
          rule: "long-run",
          points: at.slice(r.index, r.index + r[0].length),
          side: side(r[0][0]!),
        });
    const crossings = [...signs.matchAll(/(?=ud|du)/g)].length;
    if (crossings < oracleQbinom05(Math.max(signs.length - 1, 0)))
      found.push({ rule: "few-crossings", points: at, side: null });
  }
  return found;
}

const key = (f: Found) => `${f.rule}:${f.side}:${f.points.join(",")}`;
const engine = (chart: ChartResult): string[] =>
  chart.signals.map((s) => key({ rule: s.rule, points: s.points, side: s.side })).sort();

describe("run chart rules against an independent regex-over-signs implementation", () => {
  it("agree on 4,000 random series (ties, points on the median, gaps, frozen baselines)", () => {
    const rng = seededRandom(20261207);
    let signals = 0;
    const seen = new Set<string>();
    for (let t = 0; t < 4000; t++) {
      const length = 1 + rng.int(40);
      const levels = 2 + rng.int(6);
      const drift = rng.uniform() < 0.3 ? rng.int(3) : 0;
      const values: (number | null)[] = Array.from({ length }, (_, i) =>
        rng.uniform() < 0.08 ? null : rng.int(levels) + (i > length / 2 ? drift : 0),
      );
      if (!values.some((v) => v !== null)) values[0] = 1;
      const firstPresent = values.findIndex((v) => v !== null);
      const baselineEnd =
        rng.uniform() < 0.5 ? length - 1 : firstPresent + rng.int(length - firstPresent);
      const rules = rng.uniform() < 0.5 ? "ihi" : "anhoej";
      const direction: Direction = rng.uniform() < 0.5 ? "higher_is_better" : "lower_is_better";
      const chart = runChart(values, {
        direction,
        rules,
        baseline: { from: 0, to: baselineEnd },
      });
      const expected = oracle(values, baselineEnd, rules).map(key).sort();
      const got = engine(chart);
      if (got.join("|") !== expected.join("|"))
        expect(got, JSON.stringify({ values, baselineEnd, rules })).toEqual(expected);
      for (const s of chart.signals) {
        seen.add(s.rule);
        expect(s.effect).toBe(
          s.side === null
            ? "no_direction"
            : (s.side === "up") === (direction === "higher_is_better")
              ? "improvement"
              : "deterioration",
        );
      }
      signals += chart.signals.length;
    }
    // the random series exercise every rule, not only the quiet case
    expect([...seen].sort()).toEqual([
      "few-crossings",
      "long-run",
      "shift",
      "too-few-runs",
      "too-many-runs",
      "trend",
    ]);
    expect(signals).toBeGreaterThan(1000);
  });
});
