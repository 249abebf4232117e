/**
 * Benchmark: one `collab compute` run on a big warehouse. Not a test: prints figures, never
 * asserts on time.
 *
 *   npx collab synth --out /tmp/big --students 1200000 --districts 10 --years 2023-2025
 *   npx collab ingest /tmp/big --db /tmp/big.duckdb
 *   node bin/run-ts.mjs bench/compute.ts /tmp/big.duckdb 2025 [--baseline 2023]
 *
 * Computes a run for the year (reusing the latest cut set, or freezing one from --baseline) and
 * prints wall time per stage, the run's row counts and the process's peak resident memory
 * (DuckDB's native memory included, from getrusage).
 */
import { readFileSync } from "node:fs";
import { resourceUsage } from "node:process";
import { parseFramework } from "../src/domain/framework/load-framework.ts";
import { computeRun } from "../src/runs/compute-run.ts";
import { Warehouse } from "../src/warehouse/warehouse.ts";

const [db, yearText, flag, baselineText] = process.argv.slice(2);
if (!db || !yearText) {
  console.error("usage: bench/compute.ts WAREHOUSE YEAR [--baseline YEAR]");
  process.exit(2);
}
const frameworkFile = "frameworks/core-sqii.yaml";
const bytes = readFileSync(frameworkFile);
const framework = parseFramework(bytes.toString("utf8"), frameworkFile);
const warehouse = await Warehouse.open(db);
const students = await warehouse.one<{ n: number; years: number }>(
  "SELECT count(DISTINCT district_code || student_id)::INTEGER AS n, count(DISTINCT year)::INTEGER AS years FROM students",
);
const start = performance.now();
const summary = await computeRun(warehouse, {
  year: Number(yearText),
  framework,
  frameworkBytes: bytes,
  codeVersion: "bench",
  ...(flag === "--baseline" ? { baseline: Number(baselineText) } : {}),
  onProgress: (m) =>
    process.stderr.write(`${((performance.now() - start) / 1000).toFixed(1)}s ${m}\n`),
});
const seconds = (performance.now() - start) / 1000;
warehouse.close();
console.log(`warehouse: ${db} (${students.n} distinct students over ${students.years} years)`);
console.log(
  `run ${summary.runId} (cut set ${summary.cutSet}, baseline run ${summary.baselineRunId ?? "none"})`,
);
console.log(`wall time: ${seconds.toFixed(1)} s`);
console.log(`stages (ms): ${JSON.stringify(summary.manifest.timings_ms)}`);
console.log(`rows: ${JSON.stringify(summary.manifest.row_counts)}`);
console.log(`peak RSS: ${(resourceUsage().maxRSS / 1024 / 1024).toFixed(2)} GiB`);
