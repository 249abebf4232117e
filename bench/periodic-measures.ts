/**
 * `node bin/run-ts.mjs bench/periodic-measures.ts --db /tmp/b12p/warehouse.duckdb --year 2025 [--threads 2] [--memory-limit 3GB]`
 *
 * Time and peak memory of the periodic-measures step of a run (issue #16: target ≤ 30 s and
 * ≤ 4 GiB for the 1.2M-student network, 12 months, every school × level × group) on a warehouse
 * built by `npm run bench -- --keep`. Computes the periodic measures of `--year` under a scratch
 * run id, prints rows per measure, wall time, peak resident memory of this process (DuckDB
 * included) and the machine's load, then deletes the scratch rows. Never asserts.
 */
import { loadavg } from "node:os";
import { loadFramework } from "../src/domain/framework/load-framework.ts";
import { computePeriodicMeasures } from "../src/measures/compute-periodic-measures.ts";
import { Warehouse } from "../src/warehouse/warehouse.ts";

const args = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : (args[i + 1] ?? fallback);
}
const db = option("db", "bench-out/warehouse.duckdb");
const year = Number(option("year", "2025"));
const threads = option("threads", "");
const memoryLimit = option("memory-limit", "");
const framework = loadFramework("frameworks/core-sqii.yaml");
const runId = "bench-periodic";

const warehouse = await Warehouse.open(db, {
  ...(threads ? { threads: Number(threads) } : {}),
  ...(memoryLimit ? { memoryLimit } : {}),
});
const { students } = await warehouse.one<{ students: number }>(
  `SELECT count(*)::INTEGER AS students FROM students WHERE year = ${year}`,
);
const { periods } = await warehouse.one<{ periods: number }>(
  `SELECT count(*)::INTEGER AS periods FROM attendance_periods WHERE year = ${year}`,
);
const load = loadavg().map((x) => x.toFixed(2));
const started = performance.now();
const steps: string[] = [];
const rows = await computePeriodicMeasures(warehouse, {
  runId,
  year,
  framework,
  onStep: (name, ms) => steps.push(`${name} ${(ms / 1000).toFixed(1)} s`),
});
const seconds = (performance.now() - started) / 1000;
const peakMiB = process.resourceUsage().maxRSS / 1024;
const { months } = await warehouse.one<{ months: number }>(
  `SELECT count(DISTINCT period_start)::INTEGER AS months FROM periodic_results
   WHERE run_id = '${runId}' AND measure = 'monthly_absence_rate'`,
);
await warehouse.run(`DELETE FROM periodic_results WHERE run_id = '${runId}'`);
warehouse.close();
console.log(
  `periodic measures, ${year}: ${students} students, ${periods} attendance periods, ${months} months`,
);
for (const [measure, n] of Object.entries(rows)) console.log(`  ${measure.padEnd(26)} ${n} rows`);
console.log(
  `time ${seconds.toFixed(1)} s (${steps.join(", ")}), peak resident memory ${peakMiB.toFixed(0)} MiB`,
);
console.log(
  `load average before: ${load.join(", ")}; after: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(", ")}`,
);
