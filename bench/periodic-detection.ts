/**
 * `node bin/run-ts.mjs bench/periodic-detection.ts --students 40000 --districts 4 --seeds 31,32,33 [--chart default|control|run] [--cache DIR]`
 *
 * How well the chart the API serves finds the planted within-year changes (issue #16): per seed,
 * generates a two-year network (the planted changes are in the second year), ingests it, computes
 * the periodic measures of both years (runs `r2024` and `r2025`), and charts each school × level's
 * all-students monthly absence of the second year with `periodicChart` — the function behind
 * `GET …/periodic/monthly_absence_rate/chart` — given what the route gives it: the same series
 * of the year before and its district's seasonal index of the year before (`readDistrictSeason`,
 * `seasonalIndex`). Prints, per seed and for all seeds:
 * - detection: of the series of schools planted with an attendance change and n ≥ 100 students
 *   in every month, the share with an improvement signal complete within 3 months of the change
 *   (its month or the 2 after);
 * - false signals: of the series of schools with no planted change, the share with any signal
 *   (either direction, any rule, any month of the second year).
 *
 * Charts (`--chart`): `default` what the API draws by default, for monthly absence the seasonally
 * adjusted u′-chart (`seasonalChart`: this year's level from its first 3 months, limits widened by
 * last year's month-to-month variation, never narrowed, and by the uncertainty of the level), with
 * the default control chart rules (outside the limits, shift of 8, trend of 6, two of three beyond
 * 2σ); `control` the plain Laney p′-chart of the year with its first 3 months as baseline; `run` a
 * run chart with the same baseline. Never asserts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadFramework } from "../src/domain/framework/load-framework.ts";
import { discoverSubmissions } from "../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../src/ingest/ingest-submissions.ts";
import { computePeriodicMeasures } from "../src/measures/compute-periodic-measures.ts";
import { periodicMeasure } from "../src/measures/periodic-results-table.ts";
import { type PeriodicChartQuery, periodicChart } from "../src/results/periodic-chart.ts";
import type { PeriodicPoint } from "../src/results/periodic-schema.ts";
import { readDistrictSeason } from "../src/results/periodic-season.ts";
import type { ChartSignal } from "../src/stats/charts/chart-result.ts";
import { type SeasonTotal, seasonalIndex } from "../src/stats/charts/seasonal-index.ts";
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
const chart = option("chart", "default");
const QUERIES: Record<string, PeriodicChartQuery> = {
  default: {},
  control: { chart: "control", baseline: 3 },
  run: { chart: "run", baseline: 3 },
};
const query = QUERIES[chart];
if (!query)
  throw new Error(`--chart "${chart}": expected one of ${Object.keys(QUERIES).join(", ")}`);
/** A folder to keep each seed's series in (and read them from on the next run). */
const cache = option("cache", "");
const years = [2024, 2025] as const;
const MEASURE = "monthly_absence_rate";
const info = periodicMeasure(MEASURE)!;
const framework = loadFramework("frameworks/core-sqii.yaml");

interface Planted {
  kind: string;
  startMonth: string;
}

interface SeriesRow {
  school_code: string;
  school_level: string;
  year: number;
  period_start: string;
  period_end: string;
  period_label: string;
  n: number;
  numerator: number;
  denominator: number;
  value: number;
}

interface SeedData {
  rows: SeriesRow[];
  planted: Map<string, Planted>;
  /** Each district's monthly totals in the first year. */
  season: Map<string, SeasonTotal[]>;
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

/** Every school × level's all-students monthly absence over both years, and the districts' first-year totals. */
async function seedData(seed: number): Promise<SeedData> {
  const file = cache ? join(cache, `series-v3-${seed}-${students}-${districts}.json`) : "";
  if (file && existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as {
      rows: SeriesRow[];
      planted: [string, Planted][];
      season: [string, SeasonTotal[]][];
    };
    return { rows: saved.rows, planted: new Map(saved.planted), season: new Map(saved.season) };
  }
  const dir = mkdtempSync(join(tmpdir(), `periodic-detection-${seed}-`));
  await generateNetwork({ students, districts, years: [...years], seed }, { outDir: dir });
  const warehouse = await Warehouse.open(":memory:", { threads: 2 });
  const outcomes = await ingestSubmissions(warehouse, discoverSubmissions(dir));
  const rejected = outcomes.filter((o) => o.status !== "accepted");
  if (rejected.length > 0) throw new Error(`seed ${seed}: ${rejected.length} submissions rejected`);
  for (const year of years)
    await computePeriodicMeasures(warehouse, { runId: `r${year}`, year, framework });
  const rows = await warehouse.all<SeriesRow & Record<string, unknown>>(
    `SELECT school_code, school_level, year, strftime(period_start, '%Y-%m-%d') AS period_start,
       strftime(period_end, '%Y-%m-%d') AS period_end, period_label, n, numerator, denominator, value
     FROM periodic_results WHERE measure = '${MEASURE}' AND student_group = 'ALL'
     ORDER BY school_code, school_level, period_start`,
  );
  const season = new Map<string, SeasonTotal[]>();
  for (const district of new Set(rows.map((r) => r.school_code.slice(0, 7))))
    season.set(district, await readDistrictSeason(warehouse, `r${years[0]}`, district, MEASURE));
  warehouse.close();
  const planted = readPlanted(dir);
  rmSync(dir, { recursive: true, force: true });
  if (file)
    writeFileSync(file, JSON.stringify({ rows, planted: [...planted], season: [...season] }));
  return { rows, planted, season };
}

function pointOf(r: SeriesRow): PeriodicPoint {
  return {
    period_start: r.period_start,
    period_end: r.period_end,
    period_label: r.period_label,
    n: r.n,
    numerator: r.numerator,
    denominator: r.denominator,
    value: r.value,
    suppressed: false,
    suppression_reason: null,
  };
}

/** The point at which a signal is complete: a shift's or trend's `limit`-th point, the second of two of three, else its first. */
function completedAt(signal: ChartSignal): number {
  const k =
    signal.detail.limit !== undefined
      ? signal.detail.limit - 1
      : signal.rule === "two-of-three"
        ? 1
        : 0;
  return signal.points[Math.min(k, signal.points.length - 1)]!;
}

const totals = { changed: 0, detected: 0, unchanged: 0, falseAny: 0, falseGood: 0, skipped: 0 };
const fired: Record<string, number> = {};
const notes: Record<string, number> = {};
for (const seed of seeds) {
  const started = performance.now();
  const { rows, planted, season } = await seedData(seed);
  const indexes = new Map([...season].map(([d, t]) => [d, seasonalIndex(t)]));
  const bySeries = new Map<string, SeriesRow[]>();
  for (const r of rows) {
    const key = `${r.school_code}/${r.school_level}`;
    const list = bySeries.get(key);
    if (list) list.push(r);
    else bySeries.set(key, [r]);
  }
  const seedTotals = { changed: 0, detected: 0, unchanged: 0, falseAny: 0 };
  for (const series of bySeries.values()) {
    const code = series[0]!.school_code;
    const change = planted.get(code);
    if (!change || change.kind === "df") continue;
    const previous = series.filter((r) => r.year === years[0]).map(pointOf);
    const currentRows = series.filter((r) => r.year === years[1]);
    if (previous.length < 3 || currentRows.length === 0) {
      totals.skipped++;
      continue;
    }
    const current = currentRows.map(pointOf);
    const { chart: result, note } = periodicChart(current, info, query, {
      previous,
      season: indexes.get(code.slice(0, 7))!,
    });
    if (note)
      notes[note.replace(/[0-9.]+/g, "#")] = (notes[note.replace(/[0-9.]+/g, "#")] ?? 0) + 1;
    const signals = result?.signals ?? [];
    const n = Math.min(...currentRows.map((r) => r.n));
    if (change.kind === "attendance") {
      if (n < 100) continue;
      const c = current.findIndex((p) => p.period_label === change.startMonth);
      const detected = signals.some((s) => {
        const at = completedAt(s);
        return s.effect === "improvement" && at >= c && at <= c + 2;
      });
      seedTotals.changed++;
      if (detected) seedTotals.detected++;
    } else {
      for (const s of signals) fired[s.rule] = (fired[s.rule] ?? 0) + 1;
      seedTotals.unchanged++;
      if (signals.length > 0) seedTotals.falseAny++;
      if (signals.some((s) => s.effect === "improvement")) totals.falseGood++;
    }
  }
  totals.changed += seedTotals.changed;
  totals.detected += seedTotals.detected;
  totals.unchanged += seedTotals.unchanged;
  totals.falseAny += seedTotals.falseAny;
  console.log(
    `seed ${seed}: detected ${seedTotals.detected}/${seedTotals.changed} changed school series (n >= 100); false signals ${seedTotals.falseAny}/${seedTotals.unchanged} unchanged school-years (${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
}
const pct = (a: number, b: number) => (b > 0 ? ((100 * a) / b).toFixed(1) : "n/a");
console.log(
  `\n${chart} chart of monthly absence (all students, each school x level), ${students} students, ${districts} districts, seeds ${seeds.join(",")}`,
);
console.log(
  `detection rate within 3 months: ${pct(totals.detected, totals.changed)}% (${totals.detected}/${totals.changed}; target >= 90%)`,
);
console.log(
  `false-signal rate of unchanged schools per school-year: ${pct(totals.falseAny, totals.unchanged)}% (${totals.falseAny}/${totals.unchanged}; target <= 10%); improvement signals only: ${pct(totals.falseGood, totals.unchanged)}%`,
);
console.log(`rules fired at unchanged schools: ${JSON.stringify(fired)}`);
if (Object.keys(notes).length > 0) console.log(`chart notes: ${JSON.stringify(notes)}`);
if (totals.skipped > 0) console.log(`series without both years: ${totals.skipped}`);
