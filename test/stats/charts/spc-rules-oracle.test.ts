import { describe, expect, it } from "vitest";
import { pChart } from "../../../src/stats/charts/p-chart.ts";
import { uChart } from "../../../src/stats/charts/u-chart.ts";
import { xmrChart } from "../../../src/stats/charts/xmr-chart.ts";
import { seededRandom } from "../random.ts";

// Control limits by the textbook formulas, written out directly, and the rules read off the
// series with plain loops and regular expressions, compared with the engine on random series.

interface Limits {
  centre: number;
  sigma: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
}

function shiftsAndTrends(values: (number | null)[], centre: number): string[] {
  const out: string[] = [];
  let signs = "";
  const at: number[] = [];
  values.forEach((v, i) => {
    if (v !== null && v !== centre) {
      signs += v > centre ? "u" : "d";
      at.push(i);
    }
  });
  for (const m of signs.matchAll(/u{8,}|d{8,}/g))
    out.push(`shift:${at.slice(m.index, m.index + m[0].length).join(",")}`);
  const kept: number[] = [];
  values.forEach((v, i) => {
    if (v !== null && (kept.length === 0 || values[kept[kept.length - 1]!] !== v)) kept.push(i);
  });
  let steps = "";
  for (let k = 1; k < kept.length; k++)
    steps += values[kept[k]!]! > values[kept[k - 1]!]! ? "+" : "-";
  for (const m of steps.matchAll(/\++|-+/g))
    if (m[0].length >= 5)
      out.push(`trend:${kept.slice(m.index, m.index + m[0].length + 1).join(",")}`);
  return out;
}

function oracleSignals(
  values: (number | null)[],
  l: Limits,
): { keys: string[]; twoOfThree: Set<number> } {
  const keys: string[] = [];
  values.forEach((v, i) => {
    if (v === null) return;
    if (v > l.upper[i]!) keys.push(`outside-limits:${i}`);
    if (v < l.lower[i]!) keys.push(`outside-limits:${i}`);
  });
  keys.push(...shiftsAndTrends(values, l.centre));
  const present = values.flatMap((v, i) => (v === null ? [] : [i]));
  const twoOfThree = new Set<number>();
  for (let k = 0; k + 2 < present.length; k++) {
    const w = present.slice(k, k + 3);
    for (const s of [1, -1]) {
      const beyond = w.filter((i) => (s * (values[i]! - l.centre)) / l.sigma[i]! > 2);
      if (beyond.length >= 2) for (const i of beyond) twoOfThree.add(i);
    }
  }
  return { keys: keys.sort(), twoOfThree };
}

function compare(
  chart: ReturnType<typeof pChart>,
  values: (number | null)[],
  l: Limits,
  label: string,
) {
  let worst = 0;
  let nullMismatch = 0;
  chart.points.forEach((p, i) => {
    if ((p.lower === null) !== (l.lower[i] === null)) nullMismatch++;
    else if (p.lower !== null)
      worst = Math.max(worst, Math.abs(p.lower - l.lower[i]!), Math.abs(p.upper! - l.upper[i]!));
  });
  if (nullMismatch > 0 || worst >= 1e-12)
    expect({ nullMismatch, worst }, label).toEqual({ nullMismatch: 0, worst: 0 });
  const { keys, twoOfThree } = oracleSignals(values, l);
  const got = chart.signals
    .filter((s) => s.rule !== "two-of-three")
    .map((s) => `${s.rule}:${s.points.join(",")}`)
    .sort();
  if (got.join("|") !== keys.join("|")) expect(got, label).toEqual(keys);
  const gotTwo = new Set(
    chart.signals.filter((s) => s.rule === "two-of-three").flatMap((s) => s.points),
  );
  expect(
    [...gotTwo].sort((a, b) => a - b),
    label,
  ).toEqual([...twoOfThree].sort((a, b) => a - b));
  return chart.signals.length;
}

describe("control charts against direct formulas and loop-and-regex rules", () => {
  const rng = seededRandom(16_4);

  it("p-charts: 600 random series with varying denominators (including 0 and 1) and a frozen baseline", () => {
    let signals = 0;
    for (let t = 0; t < 600; t++) {
      const length = 5 + rng.int(36);
      const base = 3 + rng.int(length - 3);
      const p0 = 0.05 + 0.4 * rng.uniform();
      const jump = rng.uniform() < 0.4 ? 0.1 * rng.uniform() : 0;
      const den = Array.from({ length }, () => {
        const r = rng.uniform();
        return r < 0.05 ? 0 : r < 0.1 ? 1 : 20 + rng.int(300);
      });
      den[0] = 50;
      const num = den.map((n, i) => {
        const p = Math.min(0.95, p0 + (i >= base ? jump : 0));
        let y = 0;
        for (let k = 0; k < n; k++) if (rng.uniform() < p) y++;
        return y;
      });
      let sy = 0;
      let sn = 0;
      for (let i = 0; i < base; i++) {
        sy += num[i]!;
        sn += den[i]!;
      }
      const pbar = sy / sn;
      const sigma = den.map((n) => (n === 0 ? null : Math.sqrt((pbar * (1 - pbar)) / n)));
      const limits: Limits = {
        centre: pbar,
        sigma,
        lower: sigma.map((s) => (s === null ? null : Math.max(0, pbar - 3 * s))),
        upper: sigma.map((s) => (s === null ? null : Math.min(1, pbar + 3 * s))),
      };
      const values = num.map((y, i) => (den[i] === 0 ? null : y / den[i]!));
      const chart = pChart(num, den, { direction: "lower_is_better", baseline: { first: base } });
      signals += compare(chart, values, limits, `p #${t}`);
    }
    expect(signals).toBeGreaterThan(300);
  });

  it("u-charts and I charts: 300 random series each", () => {
    let signals = 0;
    for (let t = 0; t < 300; t++) {
      const length = 5 + rng.int(30);
      const base = 3 + rng.int(length - 3);
      const exposure = Array.from({ length }, () => 100 + rng.int(2000));
      const counts = exposure.map((a, i) =>
        Math.round((a / 100) * (i >= base ? 1.5 : 1) * rng.uniform()),
      );
      const ubar =
        counts.slice(0, base).reduce((x, y) => x + y, 0) /
        exposure.slice(0, base).reduce((x, y) => x + y, 0);
      if (ubar === 0) continue;
      const us = exposure.map((a) => Math.sqrt(ubar / a));
      const u = uChart(counts, exposure, {
        direction: "lower_is_better",
        baseline: { first: base },
      });
      signals += compare(
        u,
        counts.map((c, i) => c / exposure[i]!),
        {
          centre: ubar,
          sigma: us,
          lower: us.map((s) => Math.max(0, ubar - 3 * s)),
          upper: us.map((s) => ubar + 3 * s),
        },
        `u #${t}`,
      );

      const x = Array.from(
        { length },
        (_, i) => Math.round(10 * (rng.normal() + (i >= base ? 1 : 0))) / 10,
      );
      const mean = x.slice(0, base).reduce((a, b) => a + b, 0) / base;
      let mrSum = 0;
      for (let i = 1; i < base; i++) mrSum += Math.abs(x[i]! - x[i - 1]!);
      const amr = mrSum / (base - 1);
      if (amr === 0) continue;
      const i = xmrChart(x, { direction: "higher_is_better", baseline: { first: base } }).i;
      signals += compare(
        i,
        x,
        {
          centre: mean,
          sigma: x.map(() => (2.66 * amr) / 3),
          lower: x.map(() => mean - 2.66 * amr),
          upper: x.map(() => mean + 2.66 * amr),
        },
        `i #${t}`,
      );
    }
    expect(signals).toBeGreaterThan(200);
  });
});
