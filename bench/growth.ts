/**
 * `node bin/run-ts.mjs bench/growth.ts [--db /tmp/big.duckdb] [--year 2025] [--threads 2]`
 *
 * The growth model for both subjects on an existing warehouse (build one with `collab synth
 * --students 1200000 --districts 10 --years 2023-2025` then `collab ingest`). The warehouse is
 * opened read-write on a copy-free basis: results go to a throwaway run id that is deleted
 * afterwards. Prints wall time per step, students in the models, and peak resident memory of this
 * process, and the CPU time of each step (all threads of the process: wall time on a machine
 * shared with other work says little); never asserts on time.
 */
import { loadFramework } from "../src/domain/framework/load-framework.ts";
import { computeGrowth } from "../src/growth/compute-growth.ts";
import { GROWTH_TABLES } from "../src/growth/growth-tables.ts";
import { Warehouse } from "../src/warehouse/warehouse.ts";

const args = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : (args[i + 1] ?? fallback);
}
const db = option("db", "/tmp/big.duckdb");
const year = Number(option("year", "2025"));
const threads = Number(option("threads", "2"));
const runId = `bench-growth-${process.pid}`;

const warehouse = await Warehouse.open(db, { threads, memoryLimit: option("memory", "8GB") });
const framework = loadFramework("frameworks/core-sqii.yaml");
const { students } = await warehouse.one<{ students: number }>(
  `SELECT count(DISTINCT student_id)::INTEGER AS students FROM enrollments WHERE year = ${year}`,
);
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
const start = performance.now();
const cpuStart = process.cpuUsage();
let last = start;
let lastCpu = cpuStart;
const cpuSeconds = (from: NodeJS.CpuUsage, to: NodeJS.CpuUsage): string =>
  ((to.user - from.user + to.system - from.system) / 1e6).toFixed(2);
const summary = await computeGrowth(warehouse, {
  runId,
  year,
  framework,
  onProgress: (p) => {
    const now = performance.now();
    const cpu = process.cpuUsage();
    console.log(
      `  ${p.step.padEnd(16)} ${((now - last) / 1000).toFixed(2)} s, CPU ${cpuSeconds(lastCpu, cpu)} s`,
    );
    last = now;
    lastCpu = cpu;
  },
});
const seconds = (performance.now() - start) / 1000;
const cpuTotal = cpuSeconds(cpuStart, process.cpuUsage());
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
for (const f of summary.fitted)
  console.log(
    `  ${f.model.subject} grade ${String(f.model.grade).padStart(2)}: N ${f.fit.n}, schools ${f.fit.groups}, K ${f.terms.length}, prior slope ${f.fit.coefficients[0]!.toFixed(3)} (uncorrected ${f.uncorrected.coefficients[0]!.toFixed(3)}), EIV ${f.fit.eiv.method}`,
  );
const modelled = summary.fitted.reduce((a, f) => a + f.fit.n, 0);
console.log(
  `growth, both subjects, ${year}: ${students} students enrolled, ${modelled} student-models, ${summary.results} school×group results: ${seconds.toFixed(2)} s (CPU ${cpuTotal} s), peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB (threads ${threads})`,
);
for (const table of [...GROWTH_TABLES, "metric_results"])
  await warehouse.run(`DELETE FROM ${table} WHERE run_id = '${runId}'`);
warehouse.close();
