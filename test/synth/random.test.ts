import { describe, expect, it } from "vitest";
import { binomialUpperTail, normalQuantile, Random } from "../../src/synth/random.ts";

describe("Random(seed, stream)", () => {
  it("repeats its sequence for the same seed and stream, and differs otherwise", () => {
    const draw = (r: Random): number[] => Array.from({ length: 8 }, () => r.uint32());
    expect(draw(new Random(42, "a"))).toEqual(draw(new Random(42, "a")));
    expect(draw(new Random(42, "a"))).not.toEqual(draw(new Random(43, "a")));
    expect(draw(new Random(42, "a"))).not.toEqual(draw(new Random(42, "b")));
    expect(draw(new Random(2 ** 40, ""))).not.toEqual(draw(new Random(0, "")));
  });

  it("draws uniforms in [0, 1) and standard normals with mean 0 and variance 1", () => {
    const r = new Random(1);
    let sum = 0;
    let sum2 = 0;
    const n = 200_000;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      if (!(u >= 0 && u < 1)) outside++;
      const z = r.normal();
      sum += z;
      sum2 += z * z;
    }
    expect(outside).toBe(0);
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.abs(sum2 / n - 1)).toBeLessThan(0.015);
  });

  it("samples Binomial(n, p) with mean np and variance np(1-p), also for p > 0.5", () => {
    const r = new Random(9);
    for (const [n, p] of [
      [180, 0.06],
      [180, 0.7],
      [31, 0.2],
    ] as const) {
      let sum = 0;
      let sum2 = 0;
      const draws = 50_000;
      for (let i = 0; i < draws; i++) {
        const k = r.binomial(n, p);
        if (k < 0 || k > n) throw new Error(`binomial draw ${k} outside 0..${n}`);
        sum += k;
        sum2 += k * k;
      }
      const mean = sum / draws;
      expect(mean).toBeCloseTo(n * p, 0);
      expect(sum2 / draws - mean * mean).toBeCloseTo(n * p * (1 - p), -0.3);
    }
  });
});

describe("binomialUpperTail(n, p, k)", () => {
  it("equals the tail summed from the binomial pmf", () => {
    const choose = (n: number, k: number): number => {
      let c = 1;
      for (let j = 1; j <= k; j++) c = (c * (n - k + j)) / j;
      return c;
    };
    for (const [n, p, k] of [
      [180, 0.06, 18],
      [40, 0.15, 4],
      [31, 0.02, 4],
    ] as const) {
      let tail = 0;
      for (let j = k; j <= n; j++) tail += choose(n, j) * p ** j * (1 - p) ** (n - j);
      expect(binomialUpperTail(n, p, k)).toBeCloseTo(tail, 10);
    }
  });
});

describe("normalQuantile(p)", () => {
  it("inverts the standard normal CDF", () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 8);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
  });
});
