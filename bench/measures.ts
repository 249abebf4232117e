/**
 * Benchmark: every measure's SQL timed statement by statement on an existing warehouse, for one
 * school year. Not a test: prints figures, never asserts on time.
 *
 *   node bin/run-ts.mjs bench/measures.ts /tmp/pc-300k.duckdb 2025 [--threads 2] [--explain]
 *
 * Results go to a throwaway run id, deleted afterwards (the warehouse is otherwise unchanged).
 * `--explain` runs each statement under EXPLAIN ANALYZE and prints the plans of those that took
 * 0.2 s of CPU or more.
 */
import { loadFramework } from "../src/domain/framework/load-framework.ts";
import { computeMeasures } from "../src/measures/compute-measures.ts";
import { Warehouse } from "../src/warehouse/warehouse.ts";

const args = process.argv.slice(2);
const [db, yearText] = args;
if (!db || !yearText) {
  console.error("usage: bench/measures.ts WAREHOUSE YEAR [--threads N] [--explain]");
  process.exit(2);
}
const threadsAt = args.indexOf("--threads");
const threads = threadsAt === -1 ? undefined : Number(args[threadsAt + 1]);
const explain = args.includes("--explain");
const year = Number(yearText);
const runId = `bench-measures-${process.pid}`;
const framework = loadFramework("frameworks/core-sqii.yaml");
const warehouse = await Warehouse.open(db, threads === undefined ? {} : { threads });

const statements: { measure: string; ms: number; cpu: number; sql: string; plan?: string }[] = [];
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const run = warehouse.run.bind(warehouse);
warehouse.run = async (sql, params) => {
  const t = performance.now();
  const c = cpuMs();
  let plan: string | undefined;
  if (explain && /^\s*(INSERT|CREATE)/i.test(sql) && !sql.includes(";")) {
    const rows = await warehouse.all<{ explain_value: string }>(`EXPLAIN ANALYZE ${sql}`);
    plan = rows.at(-1)?.explain_value;
  } else await run(sql, params);
  statements.push({
    measure: "",
    ms: performance.now() - t,
    cpu: cpuMs() - c,
    sql,
    ...(plan ? { plan } : {}),
  });
};
const start = performance.now();
const startCpu = cpuMs();
let last = start;
const perMeasure: { measure: string; ms: number }[] = [];
const summary = await computeMeasures(warehouse, {
  runId,
  year,
  framework,
  onProgress: (p) => {
    const now = performance.now();
    perMeasure.push({ measure: p.measure, ms: now - last });
    last = now;
    for (const s of statements) if (s.measure === "") s.measure = p.measure;
  },
});
const total = performance.now() - start;
warehouse.run = run;
for (const m of perMeasure) console.log(`  ${m.measure.padEnd(30)} ${(m.ms / 1000).toFixed(2)} s`);
console.log(
  `computeMeasures ${year}: ${summary.rows} rows, ${(total / 1000).toFixed(2)} s, process CPU ${((cpuMs() - startCpu) / 1000).toFixed(2)} s (threads ${threads ?? "default"})`,
);
for (const s of statements)
  if (s.ms >= 100)
    console.log(
      `    ${s.measure.padEnd(28)} ${(s.ms / 1000).toFixed(2)} s (cpu ${(s.cpu / 1000).toFixed(2)} s)  ${s.sql.replace(/\s+/g, " ").slice(0, 90)}`,
    );
if (explain)
  for (const s of statements)
    if (s.plan && s.cpu >= 200)
      console.log(`--- ${s.measure} (cpu ${(s.cpu / 1000).toFixed(2)} s)\n${s.plan}`);
await warehouse.run(`DELETE FROM metric_results WHERE run_id = '${runId}'`);
warehouse.close();
