/**
 * Ingest benchmark: `node bin/run-ts.mjs bench/ingest.ts NETWORK_DIR [--db FILE] [--memory-limit 3GB]`.
 * Prints DuckDB's own CSV reading time over the same files (the floor), then validation + load
 * time per submission, rows per second and peak RSS. Prints figures only; never asserts.
 * Peak memory of the whole process is best read with `/usr/bin/time -v`.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { INPUT_TABLES } from "../src/domain/input-format.ts";
import { discoverSubmissions } from "../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../src/ingest/ingest-submissions.ts";
import { Warehouse } from "../src/warehouse/warehouse.ts";

const args = process.argv.slice(2);
const dir = args[0];
if (!dir) {
  console.error("usage: bench/ingest.ts NETWORK_DIR [--db FILE] [--memory-limit SIZE]");
  process.exit(2);
}
const option = (name: string) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const scratch = mkdtempSync(join(tmpdir(), "collab-bench-"));
const db = option("--db") ?? join(scratch, "warehouse.duckdb");
const memoryLimit = option("--memory-limit") ?? "3GB";

const submissions = discoverSubmissions(dir);
let bytes = 0;
for (const s of submissions) for (const f of s.files) bytes += statSync(join(s.dir, f)).size;
const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`;
console.log(
  `${submissions.length} submissions, ${(bytes / 2 ** 20).toFixed(0)} MiB of CSV; ${load()}`,
);

// the floors: DuckDB counting the rows of every file, and DuckDB loading every file into a
// typed table of a database file (its own CSV import, no validation)
const floorDb = join(scratch, "floor.duckdb");
const floor = await Warehouse.open(floorDb, { memoryLimit });
let floorRows = 0;
let t = performance.now();
const lists: [string, string][] = [];
for (const spec of INPUT_TABLES) {
  const files = submissions
    .filter((s) => s.files.includes(spec.file))
    .map((s) => `'${join(s.dir, spec.file).replaceAll("'", "''")}'`);
  if (files.length > 0) lists.push([spec.table, files.join(", ")]);
}
for (const [, list] of lists) {
  const { n } = await floor.one<{ n: number }>(
    `SELECT count(*) AS n FROM read_csv([${list}], header = true, all_varchar = true)`,
  );
  floorRows += n;
}
const countSeconds = (performance.now() - t) / 1000;
t = performance.now();
const floorCpuStart = process.cpuUsage();
for (const [table, list] of lists) {
  await floor.run(
    `CREATE TABLE floor_${table} AS SELECT * FROM read_csv([${list}], header = true)`,
  );
}
await floor.run("CHECKPOINT");
const floorSeconds = (performance.now() - t) / 1000;
const floorCpu = process.cpuUsage(floorCpuStart);
floor.close();
console.log(
  `duckdb read_csv count(*): ${floorRows} rows in ${countSeconds.toFixed(1)} s; CREATE TABLE AS read_csv into a file: ${floorSeconds.toFixed(1)} s (${(floorRows / floorSeconds / 1e6).toFixed(2)} M rows/s, ${((floorCpu.user + floorCpu.system) / 1e6).toFixed(1)} CPU s); ${load()}`,
);

const warehouse = await Warehouse.open(db, { memoryLimit });
const cpuStart = process.cpuUsage();
const phases = new Map<string, number>();
t = performance.now();
let phaseStart = t;
const outcomes = await ingestSubmissions(warehouse, submissions, {
  // a progress event comes when its step is done: the time since the previous event is its own
  onProgress: (p) => {
    const key = p.phase === "insert" || p.phase === "commit" ? "load" : p.phase;
    const now = performance.now();
    phases.set(key, (phases.get(key) ?? 0) + now - phaseStart);
    phaseStart = now;
  },
});
const seconds = (performance.now() - t) / 1000;
const cpu = process.cpuUsage(cpuStart);
// after the last submission's commit: dropping its staging and the single final CHECKPOINT
phases.set("final checkpoint", performance.now() - phaseStart);
warehouse.close();
const rows = outcomes.reduce(
  (sum, o) => sum + Object.values(o.rowCounts).reduce((a, b) => a + b, 0),
  0,
);
for (const o of outcomes) {
  console.log(
    `  ${o.label} ${o.status} errors=${o.report.errorCount} warnings=${o.report.warningCount}`,
  );
}
console.log(
  `ingest: ${rows} rows in ${seconds.toFixed(1)} s (${(rows / seconds / 1e6).toFixed(2)} M rows/s), ${(seconds / floorSeconds).toFixed(1)}x DuckDB's own CSV load`,
);
console.log(
  `  time by phase (approx.): ${[...phases].map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`).join(", ")}`,
);
console.log(
  `  CPU time of the ingest (all threads): ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; ${load()}`,
);
console.log(`  warehouse file: ${(statSync(db).size / 2 ** 20).toFixed(0)} MiB`);
console.log(`  peak RSS: ${(process.resourceUsage().maxRSS / 2 ** 20).toFixed(2)} GiB`);
if (!option("--db")) rmSync(scratch, { recursive: true, force: true });
