import { describe, expect, it } from "vitest";
import {
  inverseNormalCdf,
  normalCdf,
  normalDensity,
  normalSurvival,
} from "../../src/stats/normal.ts";

/**
 * [x, Φ(x), 1 − Φ(x)] computed by python3 `decimal` at 60 digits (series for |x| < 3, the Mills
 * ratio continued fraction beyond), at the exact binary value of x, then rounded to double.
 */
const REFERENCE: [number, number, number][] = [
  [-37.5, 4.605353009581955e-308, 1.0],
  [-37, 5.725571222524577e-300, 1.0],
  [-30, 4.906713927148187e-198, 1.0],
  [-20, 2.7536241186062337e-89, 1.0],
  [-12, 1.776482112077679e-33, 1.0],
  [-8, 6.220960574271784e-16, 0.9999999999999993],
  [-5.657, 7.702088172177601e-9, 0.9999999922979118],
  [-5, 2.866515718791939e-7, 0.9999997133484281],
  [-3.5, 0.00023262907903552504, 0.9997673709209645],
  [-3, 0.0013498980316300946, 0.9986501019683699],
  [-1.96, 0.024997895148220435, 0.9750021048517795],
  [-1, 0.15865525393145705, 0.8413447460685429],
  [-0.6744, 0.2500285213729406, 0.7499714786270594],
  [-0.3, 0.3820885778110474, 0.6179114221889527],
  [0, 0.5, 0.5],
  [1e-17, 0.5, 0.5],
  [0.1, 0.539827837277029, 0.460172162722971],
  [0.5, 0.6914624612740131, 0.3085375387259869],
  [0.67449, 0.7500000793818263, 0.2499999206181737],
  [0.7, 0.758036347776927, 0.24196365222307303],
  [1, 0.8413447460685429, 0.15865525393145705],
  [2, 0.9772498680518208, 0.02275013194817921],
  [2.9, 0.998134186699616, 0.0018658133003840384],
  [5.6, 0.9999999892824097, 1.071759025831093e-8],
  [6, 0.9999999990134123, 9.86587645037698e-10],
  [8, 0.9999999999999993, 6.220960574271784e-16],
  [9, 1.0, 1.1285884059538405e-19],
];

function expectRelative(actual: number, expected: number, tolerance: number): void {
  if (expected === 0) expect(actual).toBe(0);
  else expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(tolerance);
}

describe("normalCdf(x)", () => {
  it("matches 50-digit reference values to 1e-15 relative, from x = −37.5 to 9", () => {
    for (const [x, lower, upper] of REFERENCE) {
      expectRelative(normalCdf(x), lower, 1e-15);
      expectRelative(normalSurvival(x), upper, 1e-15);
    }
  });

  it("gives the textbook values", () => {
    expectRelative(normalCdf(-1.96), 0.024997895148220435, 1e-15);
    expectRelative(normalCdf(1), 0.8413447460685429, 1e-15);
    expectRelative(normalCdf(-8), 6.22096057427178e-16, 1e-14);
    expectRelative(normalCdf(-37.5), 4.605353e-308, 1e-6);
    expect(normalCdf(0)).toBe(0.5);
  });

  it("is symmetric: Φ(−x) = 1 − Φ(x) computed in the accurate tail", () => {
    for (const x of [0.2, 0.9, 1.5, 4, 7.5, 15, 30]) expect(normalCdf(-x)).toBe(normalSurvival(x));
  });

  it("is increasing across the branch boundaries of the approximation", () => {
    const xs = [-38, -37.6, -5.66, -5.65, -0.6745, -0.6744, 0.6744, 0.6745, 5.65, 5.66];
    for (let i = 1; i < xs.length; i++)
      expect(normalCdf(xs[i]!)).toBeGreaterThanOrEqual(normalCdf(xs[i - 1]!));
  });

  it("saturates at 0 and 1 and propagates NaN", () => {
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(40)).toBe(1);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });

  it("has density φ(0) = 1/√(2π)", () => {
    expect(normalDensity(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
  });
});

describe("inverseNormalCdf(p)", () => {
  it("gives the 97.5% quantile 1.959963984540054", () => {
    expect(inverseNormalCdf(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(inverseNormalCdf(0.5)).toBe(0);
  });

  it("inverts normalCdf to 1e-15·(1 + x²) relative in p (the problem's conditioning), p = 1e-300 … 1 − 1e-9", () => {
    const ps = [
      1e-300,
      1e-100,
      1e-20,
      1e-11,
      1e-5,
      0.001,
      0.02,
      0.075,
      0.3,
      0.5,
      0.7,
      0.925,
      0.99,
      1 - 1e-9,
    ];
    for (const p of ps) {
      const x = inverseNormalCdf(p);
      expectRelative(normalCdf(x), p, 1e-15 * (1 + x * x));
    }
  });

  it("inverts the reference table back to x", () => {
    for (const [x, lower] of REFERENCE) {
      if (lower > 1e-300 && lower < 0.999) expect(inverseNormalCdf(lower)).toBeCloseTo(x, 11);
    }
  });

  it("maps 0 and 1 to ∓∞ and rejects probabilities outside [0, 1]", () => {
    expect(inverseNormalCdf(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(inverseNormalCdf(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => inverseNormalCdf(1.5)).toThrow(/probability 1.5 is not in \[0, 1\]/);
    expect(() => inverseNormalCdf(Number.NaN)).toThrow(/probability NaN/);
  });
});
