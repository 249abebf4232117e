/**
 * `node bin/run-ts.mjs bench/periodic-detection.ts --students 40000 --districts 4 --seeds 31,32,33 [--chart seasonal-u-anchored|seasonal-u|p-prime|p|run] [--rules limits|ihi] [--cache DIR]`
 *
 * How well a chart finds the planted within-year changes (issue #16): per seed, generates a
 * two-year network (the planted changes are in the second year), ingests it, computes the
 * periodic measures of both years, and charts each school's all-students monthly absence (its
 * levels together) with the first year as the frozen baseline. Prints
 * - detection: of the schools planted with an attendance change and n ≥ 100 students, the share
 *   with an improvement signal completed within 3 months of the change (its month or the 2 after);
 * - false signals: of the schools with no planted change, the share with any signal (either
 *   direction) completed in the second year; improvement signals only, and schools with n ≥ 100.
 *
 * Charts: `p-prime` / `p` the raw monthly rate on a Laney p′ / plain p-chart; `seasonal-u` the
 * observed ÷ expected absences (expected from the district's seasonal index of the baseline year
 * and the school's baseline rate) on a Laney u′-chart; `seasonal-u-anchored` (default) the same
 * with the school's second-year level taken from its first three second-year months (August to
 * October, before any planted change). Rules: `limits` (default) a point outside the limits only;
 * `ihi` also a shift of 8 and two of three beyond 2σ. Never asserts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadFramework } from "../src/domain/framework/load-framework.ts";
import { discoverSubmissions } from "../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../src/ingest/ingest-submissions.ts";
import { computePeriodicMeasures } from "../src/measures/compute-periodic-measures.ts";
import type { ChartResult } from "../src/stats/charts/chart-result.ts";
import { pChart } from "../src/stats/charts/p-chart.ts";
import { runChart } from "../src/stats/charts/run-chart.ts";
import type { SpcRuleOptions } from "../src/stats/charts/spc-rules.ts";
import { uChart } from "../src/stats/charts/u-chart.ts";
import { generateNetwork } from "../src/synth/generate-network.ts";
import { Warehouse } from "../src/warehouse/warehouse.ts";

const args = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : (args[i + 1] ?? fallback);
}
const students = Number(option("students", "40000"));
const districts = Number(option("districts", "4"));
const seeds = option("seeds", "31,32,33").split(",").map(Number);
const chart = option("chart", "seasonal-u-anchored");
/** Which control chart rules: `ihi` (outside limits, shift of 8, two of three), `limits` (outside limits only). */
const rules = option("rules", "limits");
const RULES: Record<string, SpcRuleOptions> = {
  ihi: { shift: 8, trend: null },
  limits: { shift: 1000, trend: null, twoOfThree: false },
};
/** A folder to keep each seed's series in (and read them from on the next run). */
const cache = option("cache", "");
const years = [2024, 2025];
/** Second-year months that set a school's level in the anchored chart (August to October). */
const ANCHOR_MONTHS = 3;
const framework = loadFramework("frameworks/core-sqii.yaml");

interface Planted {
  kind: string;
  startMonth: string;
}

function readPlanted(dir: string): Map<string, Planted> {
  const lines = readFileSync(join(dir, "truth", "planted_changes.csv"), "utf8")
    .trim()
    .split("\n");
  const out = new Map<string, Planted>();
  for (const line of lines.slice(1)) {
    const [code, kind, , start] = line.split(",") as [string, string, string, string];
    out.set(code, { kind, startMonth: start.slice(0, 7) });
  }
  return out;
}

/** The index at which a signal is complete: its `limit`-th point, or its last. */
function completedAt(signal: ChartResult["signals"][number]): number {
  const limit = signal.detail.limit;
  const k =
    limit !== undefined && limit <= signal.points.length ? limit - 1 : signal.points.length - 1;
  return signal.points[k]!;
}

function drawChart(
  series: readonly SeriesRow[],
  season: ReadonlyMap<string, number>,
  baselineEnd: number,
): ChartResult {
  const baseline = { from: 0, to: baselineEnd };
  const numerators = series.map((r) => r.numerator);
  const denominators = series.map((r) => r.denominator);
  if (chart === "seasonal-u" || chart === "seasonal-u-anchored") {
    // Observed absences per expected absences: days enrolled × the district's seasonal index of
    // the month (baseline year) × the school's level: its baseline-year rate, or (anchored) for
    // second-year months its rate in the second year's first ANCHOR_MONTHS months (before any
    // planted change), so a school whose students changed between years is judged against its
    // own level this year. A u′-chart of that ratio, limits from the baseline year.
    const indexOf = (r: SeriesRow) =>
      season.get(`${r.school_code.slice(0, 7)}/${r.month.slice(5)}`) ?? 1;
    const level = (from: number, to: number) => {
      let a = 0;
      let e = 0;
      for (let i = from; i <= to; i++) {
        a += numerators[i]!;
        e += denominators[i]! * indexOf(series[i]!);
      }
      return a / e;
    };
    const before = level(0, baselineEnd);
    const anchored =
      chart === "seasonal-u-anchored"
        ? level(baselineEnd + 1, Math.min(series.length - 1, baselineEnd + ANCHOR_MONTHS))
        : before;
    const expected = series.map(
      (r, i) => r.denominator * indexOf(r) * (i <= baselineEnd ? before : anchored),
    );
    return uChart(numerators, expected, {
      direction: "lower_is_better",
      baseline,
      laney: true,
      rules: RULES[rules] ?? RULES.ihi,
    });
  }
  if (chart === "run")
    return runChart(
      numerators.map((y, i) => y / denominators[i]!),
      { direction: "lower_is_better", baseline },
    );
  return pChart(numerators, denominators, {
    direction: "lower_is_better",
    baseline,
    laney: chart === "p-prime",
  });
}

interface SeriesRow {
  school_code: string;
  month: string;
  year: number;
  n: number;
  numerator: number;
  denominator: number;
}

/** Each school's monthly absence (all students, its levels together) over both years. */
async function buildSeries(
  seed: number,
): Promise<{ rows: SeriesRow[]; planted: Map<string, Planted> }> {
  const file = cache ? join(cache, `series-${seed}-${students}-${districts}.json`) : "";
  if (file && existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as {
      rows: SeriesRow[];
      planted: [string, Planted][];
    };
    return { rows: saved.rows, planted: new Map(saved.planted) };
  }
  const dir = mkdtempSync(join(tmpdir(), `periodic-detection-${seed}-`));
  await generateNetwork({ students, districts, years, seed }, { outDir: dir });
  const warehouse = await Warehouse.open(":memory:", { threads: 2 });
  const outcomes = await ingestSubmissions(warehouse, discoverSubmissions(dir));
  const rejected = outcomes.filter((o) => o.status !== "accepted");
  if (rejected.length > 0) throw new Error(`seed ${seed}: ${rejected.length} submissions rejected`);
  for (const year of years)
    await computePeriodicMeasures(warehouse, { runId: `r${year}`, year, framework });
  const rows = await warehouse.all<SeriesRow & Record<string, unknown>>(
    `SELECT school_code, period_label AS month, year, sum(n)::INTEGER AS n,
       sum(numerator) AS numerator, sum(denominator) AS denominator
     FROM periodic_results WHERE measure = 'monthly_absence_rate' AND student_group = 'ALL'
     GROUP BY ALL ORDER BY school_code, month`,
  );
  warehouse.close();
  const planted = readPlanted(dir);
  rmSync(dir, { recursive: true, force: true });
  if (file) writeFileSync(file, JSON.stringify({ rows, planted: [...planted] }));
  return { rows, planted };
}

/**
 * Each district's seasonal index per calendar month in the baseline year: its month's absence
 * rate over its year's rate (districts keep their own calendars).
 */
function seasonalIndex(rows: readonly SeriesRow[]): Map<string, number> {
  const sums = new Map<string, [number, number]>();
  const add = (key: string, r: SeriesRow) => {
    const s = sums.get(key) ?? [0, 0];
    s[0] += r.numerator;
    s[1] += r.denominator;
    sums.set(key, s);
  };
  for (const r of rows) {
    if (r.year !== years[0]) continue;
    const district = r.school_code.slice(0, 7);
    add(`${district}/${r.month.slice(5)}`, r);
    add(district, r);
  }
  const out = new Map<string, number>();
  for (const [key, [a, d]] of sums) {
    if (!key.includes("/")) continue;
    const [ya, yd] = sums.get(key.slice(0, 7))!;
    out.set(key, a / d / (ya / yd));
  }
  return out;
}

const totals = {
  changed: 0,
  detected: 0,
  unchanged: 0,
  falseAny: 0,
  falseGood: 0,
  unchangedLarge: 0,
  falseLarge: 0,
  skipped: 0,
};
const fired: Record<string, number> = {};
for (const seed of seeds) {
  const started = performance.now();
  const { rows, planted } = await buildSeries(seed);
  const season = seasonalIndex(rows);
  const bySchool = new Map<string, typeof rows>();
  for (const r of rows) bySchool.set(r.school_code, [...(bySchool.get(r.school_code) ?? []), r]);
  const seedTotals = { changed: 0, detected: 0, unchanged: 0, falseAny: 0 };
  for (const [code, series] of bySchool) {
    const change = planted.get(code);
    if (!change || change.kind === "df") continue;
    const first = series.filter((r) => r.year === years[0]).length;
    if (first < 3 || first === series.length) {
      totals.skipped++;
      continue;
    }
    const current = series.filter((r) => r.year === years[1]);
    const n = Math.min(...current.map((r) => r.n));
    const result = drawChart(series, season, first - 1);
    const completions = result.signals.map((s) => ({ at: completedAt(s), effect: s.effect }));
    if (change.kind === "attendance") {
      if (n < 100) continue;
      const c = series.findIndex((r) => r.month === change.startMonth);
      const detected = completions.some(
        (s) => s.effect === "improvement" && s.at >= c && s.at <= c + 2,
      );
      seedTotals.changed++;
      if (detected) seedTotals.detected++;
    } else {
      const inYear = completions.filter((s) => s.at >= first);
      for (const signal of result.signals)
        if (completedAt(signal) >= first) fired[signal.rule] = (fired[signal.rule] ?? 0) + 1;
      seedTotals.unchanged++;
      if (inYear.length > 0) seedTotals.falseAny++;
      if (inYear.some((s) => s.effect === "improvement")) totals.falseGood++;
      if (n >= 100) {
        totals.unchangedLarge++;
        if (inYear.length > 0) totals.falseLarge++;
      }
    }
  }
  totals.changed += seedTotals.changed;
  totals.detected += seedTotals.detected;
  totals.unchanged += seedTotals.unchanged;
  totals.falseAny += seedTotals.falseAny;
  console.log(
    `seed ${seed}: detected ${seedTotals.detected}/${seedTotals.changed} changed schools (n >= 100); false signals ${seedTotals.falseAny}/${seedTotals.unchanged} unchanged school-years (${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
}
const pct = (a: number, b: number) => (b > 0 ? ((100 * a) / b).toFixed(1) : "n/a");
console.log(
  `\n${chart} chart of monthly absence (all students), baseline the year before, ${students} students x ${seeds.length} seeds`,
);
console.log(
  `detection rate within 3 months: ${pct(totals.detected, totals.changed)}% (${totals.detected}/${totals.changed}; target >= 90%)`,
);
console.log(
  `false-signal rate of unchanged schools per school-year: ${pct(totals.falseAny, totals.unchanged)}% (${totals.falseAny}/${totals.unchanged}; target <= 10%); improvement signals only: ${pct(totals.falseGood, totals.unchanged)}%; schools with n >= 100: ${pct(totals.falseLarge, totals.unchangedLarge)}% (${totals.falseLarge}/${totals.unchangedLarge})`,
);
console.log(`rules fired at unchanged schools in the second year: ${JSON.stringify(fired)}`);
if (totals.skipped > 0) console.log(`schools without both years: ${totals.skipped}`);
