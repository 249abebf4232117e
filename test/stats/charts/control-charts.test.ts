import { describe, expect, it } from "vitest";
import type { ChartResult, SignalRule } from "../../../src/stats/charts/chart-result.ts";
import { pChart } from "../../../src/stats/charts/p-chart.ts";
import { uChart } from "../../../src/stats/charts/u-chart.ts";
import { xmrChart } from "../../../src/stats/charts/xmr-chart.ts";

const only = (chart: ChartResult, rule: SignalRule) => chart.signals.filter((s) => s.rule === rule);
const hib = { direction: "higher_is_better" } as const;
const closeAll = (got: (number | null)[], want: number[]) => {
  expect(got).toHaveLength(want.length);
  for (const [i, g] of got.entries()) expect(g, `index ${i}`).toBeCloseTo(want[i]!, 12);
};

describe("pChart(numerators, denominators, options)", () => {
  // Reference figures from R 4.2.2: pbar <- sum(y[1:5])/sum(n[1:5]); pmax(0, pbar - 3*sqrt(pbar*(1-pbar)/n)) …
  const y = [12, 15, 9, 20, 11, 0, 30, 8, 1, 0];
  const n = [120, 140, 100, 160, 110, 0, 200, 90, 1, 50];

  it("freezes p̄ from the baseline and gives each point its own limits (checked against R)", () => {
    const chart = pChart(y, n, { ...hib, baseline: { first: 5 } });
    expect(chart.parts[0]!.centre).toBeCloseTo(0.106349206349206, 14);
    const shown = [0, 1, 2, 3, 4, 6, 7, 8, 9];
    closeAll(
      shown.map((i) => chart.points[i]!.lower),
      [
        0.0219221434525408, 0.028184934554712, 0.013863992724384, 0.0332332251137874,
        0.0181680150995515, 0.040952284635608, 0.00886123136864771, 0, 0,
      ],
    );
    closeAll(
      shown.map((i) => chart.points[i]!.upper),
      [
        0.190776269245872, 0.184513478143701, 0.198834419974029, 0.179465187584625,
        0.194530397598861, 0.171746128062805, 0.203837181329765, 1, 0.237143049776403,
      ],
    );
    expect(chart.points[5]).toMatchObject({ value: null, lower: null, upper: null, sigma: null });
    expect(chart.points[6]!.value).toBe(0.15);
  });

  it("handles a denominator of 1: limits p̄ ± 3√(p̄(1 − p̄)) clipped to [0, 1]", () => {
    const common = pChart([20, 25, 18, 22, 1], [100, 100, 100, 100, 1], {
      ...hib,
      baseline: { first: 4 },
    });
    expect(common.points[4]).toMatchObject({ value: 1, lower: 0, upper: 1 });
    expect(common.points[4]!.sigma).toBeCloseTo(Math.sqrt(0.2125 * 0.7875), 14);
    expect(only(common, "outside-limits")).toEqual([]);
    // with a rare event (p̄ = 1%), a single event out of 1 is beyond the upper limit
    const rare = pChart([1, 1, 1, 1, 1], [100, 100, 100, 100, 1], {
      direction: "lower_is_better",
      baseline: { first: 4 },
    });
    expect(rare.points[4]!.upper).toBeCloseTo(0.01 + 3 * Math.sqrt(0.01 * 0.99), 14);
    expect(only(rare, "outside-limits")).toEqual([
      {
        rule: "outside-limits",
        part: 0,
        points: [4],
        side: "up",
        effect: "deterioration",
        detail: {},
      },
    ]);
  });

  it("splits at a known change: each part has its own p̄ and limits", () => {
    const y2 = [10, 12, 11, 9, 10, 30, 31, 29, 30, 32];
    const n2 = new Array<number>(10).fill(100);
    const chart = pChart(y2, n2, { direction: "lower_is_better", parts: [{ start: 5 }] });
    expect(chart.parts.map((p) => [p.start, p.end, p.centre])).toEqual([
      [0, 4, 0.104],
      [5, 9, 0.304],
    ]);
    expect(chart.points[7]!.upper).toBeCloseTo(0.304 + 3 * Math.sqrt((0.304 * 0.696) / 100), 14);
    expect(chart.signals).toEqual([]);
    // without the split the jump is a run of signals against one p̄
    const whole = pChart(y2, n2, { direction: "lower_is_better", baseline: { first: 5 } });
    expect(only(whole, "outside-limits").map((s) => s.points[0])).toEqual([5, 6, 7, 8, 9]);
    expect(only(whole, "outside-limits")[0]!.effect).toBe("deterioration");
  });

  it("freezes a baseline inside a later part (part and freeze together)", () => {
    const y3 = [10, 12, 11, 9, 10, 30, 31, 29, 30, 32, 12, 11];
    const chart = pChart(y3, new Array<number>(12).fill(100), {
      direction: "lower_is_better",
      parts: [{ start: 5, baseline: { first: 4 } }],
    });
    expect(chart.parts[1]).toMatchObject({ start: 5, end: 11, baselineStart: 5, baselineEnd: 8 });
    expect(chart.parts[1]!.centre).toBeCloseTo(1.2 / 4, 14);
    expect(only(chart, "outside-limits").map((s) => [s.points[0], s.effect])).toEqual([
      [10, "improvement"],
      [11, "improvement"],
    ]);
  });

  it("names bad counts", () => {
    expect(() => pChart([1, 2], [10], hib)).toThrow(/numerators has 2 periods, denominators 1/);
    expect(() => pChart([1, 12], [10, 10], hib)).toThrow(
      /numerators\[1\] is 12, more than its denominator 10/,
    );
    expect(() => pChart([1, -1], [10, 10], hib)).toThrow(/numerators\[1\] is -1/);
    expect(() => pChart([1, null], [10, 10], hib)).toThrow(/numerators\[1\] is missing/);
    expect(() => pChart([0, 0], [0, 0], hib)).toThrow(/no period with a denominator/);
  });

  it("warns when p̄ is 0 and when the baseline is short", () => {
    const chart = pChart([0, 0, 0, 1], [50, 50, 50, 50], { ...hib, baseline: { first: 3 } });
    expect(chart.warnings.map((w) => w.code).sort()).toEqual(["short-baseline", "zero-sigma"]);
    expect(only(chart, "outside-limits").map((s) => s.points)).toEqual([[3]]);
  });
});

describe("uChart(counts, exposures, options)", () => {
  it("gives ū ± 3√(ū/a_i) with the lower limit floored at 0 (checked against R)", () => {
    const counts = [30, 50, 20, 80, 40, 60, 10, 120];
    const days = [4000, 5200, 3000, 6100, 4500, 5000, 3800, 4100];
    const chart = uChart(counts, days, { direction: "lower_is_better" });
    expect(chart.kind).toBe("u");
    expect(chart.parts[0]!.centre).toBeCloseTo(0.011484593837535, 14);
    closeAll(
      chart.points.map((p) => p.lower),
      [
        0.006401254764204, 0.00702621053841329, 0.00561485947279541, 0.00736822617767794,
        0.00669197579777115, 0.00693791714927544, 0.00626919799198879, 0.00646362938500068,
      ],
    );
    closeAll(
      chart.points.map((p) => p.upper),
      [
        0.016567932910866, 0.0159429771366567, 0.0173543282022746, 0.0156009614973921,
        0.0162772118772989, 0.0160312705257946, 0.0166999896830812, 0.0165055582900694,
      ],
    );
    expect(only(chart, "outside-limits").map((s) => [s.points[0], s.side, s.effect])).toEqual([
      [6, "down", "improvement"],
      [7, "up", "deterioration"],
    ]);
    const small = uChart([0, 1, 0], [10, 10, 10], hib);
    expect(small.points.every((p) => p.lower === 0)).toBe(true);
  });
});

describe("Laney's p′ and u′ charts (laney: true)", () => {
  it("multiply each sigma by σ_z = mean |Δz| / 1.128 over the baseline (checked against R)", () => {
    // R 4.2.2: cl <- sum(y[b])/sum(n[b]); z <- (p[b]-cl)/s[b]; sz <- mean(abs(diff(z)))/1.128
    const y = [412, 398, 455, 430, 401, 389, 470, 420, 350, 340, 330, 345];
    const n = [5100, 4950, 5300, 5200, 5000, 4900, 5400, 5150, 5050, 4980, 5020, 5100];
    const chart = pChart(y, n, {
      direction: "lower_is_better",
      baseline: { first: 8 },
      laney: true,
    });
    expect(chart.kind).toBe("p-prime");
    expect(chart.parts[0]!.centre).toBeCloseTo(0.0823170731707317, 14);
    closeAll(
      chart.points.map((p) => p.lower),
      [
        0.0725673043182621, 0.0724206830253701, 0.0727530312106962, 0.0726615071927124,
        0.0724702893033911, 0.0723703193914819, 0.0728420009766298, 0.0726147487304852,
        0.0725191570187681, 0.0724505364573258, 0.0724899239866715, 0.0725673043182621,
      ],
    );
    closeAll(
      chart.points.map((p) => p.upper),
      [
        0.0920668420232014, 0.0922134633160934, 0.0918811151307672, 0.091972639148751,
        0.0921638570380723, 0.0922638269499815, 0.0917921453648336, 0.0920193976109782,
        0.0921149893226954, 0.0921836098841376, 0.092144222354792, 0.0920668420232014,
      ],
    );
    expect(
      pChart(y, n, { direction: "lower_is_better", baseline: { first: 8 } }).points[0]!.upper,
    ).toBeCloseTo(0.0938629641613933, 14);
    const u = uChart(
      [30, 50, 20, 80, 40, 60, 10, 120],
      [4000, 5200, 3000, 6100, 4500, 5000, 3800, 4100],
      {
        direction: "lower_is_better",
        laney: true,
      },
    );
    expect(u.kind).toBe("u-prime");
    closeAll(
      u.points.map((p) => p.upper),
      [
        0.0320067691178764, 0.0294837322407829, 0.0351815606824585, 0.0281029656233383,
        0.0308330862447728, 0.0298401854267386, 0.0325399014128623, 0.0317549537495588,
      ],
    );
    expect(u.signals.filter((s) => s.rule === "outside-limits")).toEqual([]);
  });

  it("refuses a baseline with a single period", () => {
    expect(() =>
      pChart([5, 6], [100, 100], { ...hib, baseline: { first: 1 }, laney: true }),
    ).toThrow(/Laney's adjustment needs two baseline periods/);
  });
});

describe("xmrChart(values, options)", () => {
  // R 4.2.2: b <- x[1:16]; mean(b); mean(abs(diff(b))); and the screened mean of moving ranges
  const x = [5.1, 4.8, 5.6, 5.0, 12, 5.2, 4.9, 5.3, 5.5, 5.0, 6.1, 5.4, 5.2, 5.0, 5.3, 5.1, 9.5];

  it("gives x̄ ± 2.66 × mean moving range and an MR chart with UCL 3.267 × it (checked against R)", () => {
    const { i, mr } = xmrChart(x, { ...hib, baseline: { first: 16 } });
    expect(i.parts[0]!.centre).toBeCloseTo(5.65625, 13);
    expect(i.points[16]!.lower).toBeCloseTo(2.18051666666667, 12);
    expect(i.points[16]!.upper).toBeCloseTo(9.13198333333333, 12);
    expect(mr.parts[0]!.centre).toBeCloseTo(1.30666666666667, 13);
    expect(mr.points[3]!.upper).toBeCloseTo(4.26888, 12);
    expect(mr.points[0]!.value).toBeNull();
    expect(mr.points[4]!.value).toBeCloseTo(7, 12);
    expect(only(i, "outside-limits").map((s) => s.points[0])).toEqual([4, 16]);
    expect(mr.signals.map((s) => [s.points[0], s.effect])).toEqual([
      [4, "no_direction"],
      [5, "no_direction"],
      [16, "no_direction"],
    ]);
  });

  it("optionally drops moving ranges above 3.267 × their mean before setting the I limits (as qicharts2)", () => {
    const { i, mr } = xmrChart(x, { ...hib, baseline: { first: 16 }, screenMovingRanges: true });
    expect(i.points[0]!.lower).toBeCloseTo(4.46948076923077, 12);
    expect(i.points[0]!.upper).toBeCloseTo(6.84301923076923, 12);
    expect(mr.parts[0]!.centre).toBeCloseTo(1.30666666666667, 13);
  });

  it("takes moving ranges across a missing value but not across a split", () => {
    const { mr } = xmrChart([1, null, 4, 6, 20, 21], { ...hib, parts: [{ start: 4 }] });
    expect(mr.points.map((p) => p.value)).toEqual([null, null, 3, 2, null, 1]);
  });

  it("refuses a baseline without two values in a row", () => {
    expect(() => xmrChart([1, 2, 3], { ...hib, baseline: { first: 1 } })).toThrow(
      /has 1 value\(s\); an XmR chart needs two/,
    );
  });
});

describe("control chart rules (on an I chart with centre 11 and sigma 2.66 × 2 / 3)", () => {
  const up = [10, 12, 10, 12, 10, 12, 10, 12, 10, 12]; // ends above the centre line
  const down = [12, 10, 12, 10, 12, 10, 12, 10, 12, 10]; // ends below it
  const chart = (values: number[], options = {}) =>
    xmrChart(values, { ...hib, baseline: { first: 10 }, ...options }).i;

  it("has centre 11 and limits 11 ± 5.32", () => {
    const c = chart(up);
    expect(c.parts[0]!.centre).toBe(11);
    expect(c.points[0]!.lower).toBeCloseTo(5.68, 12);
    expect(c.points[0]!.upper).toBeCloseTo(16.32, 12);
    expect(c.signals).toEqual([]);
  });

  it("outside the limits: one point beyond either limit", () => {
    const c = chart([...up, 17, 5]);
    expect(only(c, "outside-limits").map((s) => [s.points, s.side])).toEqual([
      [[10], "up"],
      [[11], "down"],
    ]);
  });

  it("two of three consecutive points beyond two sigma on the same side", () => {
    expect(only(chart([...up, 15, 11.5, 15]), "two-of-three")).toEqual([
      {
        rule: "two-of-three",
        part: 0,
        points: [10, 12],
        side: "up",
        effect: "improvement",
        detail: {},
      },
    ]);
    expect(only(chart([...up, 15, 11.5, 11.5, 15]), "two-of-three")).toEqual([]);
    expect(only(chart([...up, 15, 11.5, 7]), "two-of-three")).toEqual([]);
  });

  it("shift: exactly 8 points on one side fires, 7 does not; the length is configurable", () => {
    const eight = chart([...down, ...new Array<number>(8).fill(11.5)]);
    expect(only(eight, "shift").map((s) => s.points)).toEqual([[10, 11, 12, 13, 14, 15, 16, 17]]);
    const seven = chart([...down, ...new Array<number>(7).fill(11.5), 10]);
    expect(only(seven, "shift")).toEqual([]);
    expect(
      only(
        chart([...down, ...new Array<number>(7).fill(11.5), 10], { rules: { shift: 7 } }),
        "shift",
      ),
    ).toHaveLength(1);
  });

  it("shift: a point on the centre line neither breaks nor counts", () => {
    const c = chart([...down, 11.5, 11.5, 11.5, 11.5, 11, 11.5, 11.5, 11.5, 11.5]);
    expect(only(c, "shift").map((s) => s.points)).toEqual([[10, 11, 12, 13, 15, 16, 17, 18]]);
  });

  it("trend: exactly 6 rising points fires, 5 does not", () => {
    const six = chart([...up, 10.1, 10.2, 10.3, 10.4, 10.5, 10.6]);
    expect(only(six, "trend").map((s) => [s.points, s.side])).toEqual([
      [[10, 11, 12, 13, 14, 15], "up"],
    ]);
    expect(only(chart([...up, 10.1, 10.2, 10.3, 10.4, 10.5]), "trend")).toEqual([]);
  });

  it("fifteen points within one sigma: only when asked for", () => {
    const values = [...up, 10.5, 11.5, 10.5, 11.5, 10.5];
    expect(only(chart(values), "fifteen-inner-third")).toEqual([]);
    const asked = chart(values, { rules: { fifteenInnerThird: true } });
    expect(only(asked, "fifteen-inner-third")[0]).toMatchObject({
      points: Array.from({ length: 15 }, (_, i) => i),
      side: null,
      effect: "no_direction",
    });
    expect(
      only(
        chart(values.slice(0, 14), { rules: { fifteenInnerThird: true } }),
        "fifteen-inner-third",
      ),
    ).toEqual([]);
  });

  it("labels the same rise improvement or deterioration by the measure's direction of good", () => {
    const rising = [...up, 17];
    expect(only(chart(rising), "outside-limits")[0]!.effect).toBe("improvement");
    const worse = xmrChart(rising, { direction: "lower_is_better", baseline: { first: 10 } }).i;
    expect(only(worse, "outside-limits")[0]!.effect).toBe("deterioration");
  });
});
