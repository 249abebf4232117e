/**
 * `node bin/run-ts.mjs bench/periodic-chart.ts --db FILE [--connections 50] [--seconds 10]
 *   [--measure chronic_absence_to_date] [--group ALL]`
 *
 * autocannon against GET /api/runs/:run/schools/:school/periodic/:measure/chart, as the anonymous
 * public on the latest run that has periodic measures (published in an in-memory workspace),
 * cycling through every school × level of the run. The server runs in a child process (this file
 * with `--serve`), so autocannon's own work does not share its event loop. Two servers in turn:
 *
 * 1. default caches: every series once in turn (cold: read from DuckDB, disclosed, charted), then
 *    autocannon (warm: the public's chart kept serialized, as the school report's is);
 * 2. no cache (`reportCacheSize: 0`): every request reads, discloses, charts and serializes.
 *
 * Each server is also hammered on a cheap route (`GET /api/auth/me` as the anonymous public: the
 * same hooks, no DuckDB) just before and just after the charts, so that on a shared, noisy
 * machine the charts' p95 can be read against what any route costs at the same moment.
 *
 * The warehouse must already hold a computed run with `periodic_results` (the bench does not
 * compute one). Prints latency percentiles, requests/s and the machine's load average; never
 * asserts on time.
 */
import { loadFramework } from "../src/domain/framework/load-framework.ts";
import { buildApp } from "../src/server/app.ts";
import { Warehouse } from "../src/warehouse/warehouse.ts";
import {
  benchOption,
  type Child,
  describeLoad,
  hammer,
  type LoadFigures,
  loadAverage,
  percentile,
  startChild,
} from "./http-load.ts";
import { workspacePublishing } from "./published-workspace.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => benchOption(args, name, fallback);
const dbPath = option("db", "/tmp/server-bench.duckdb");
const connections = Number(option("connections", "50"));
const seconds = Number(option("seconds", "10"));
const measure = option("measure", "chronic_absence_to_date");
const group = option("group", "ALL");
const frameworkFile = option("framework", "frameworks/core-sqii.yaml");

interface Ready {
  address: string;
  runId: string;
  series: { school: string; level: string }[];
  periodicRows: number;
}

/** The child: opens the warehouse, publishes the run, serves, prints one JSON line. */
async function serve(): Promise<void> {
  const framework = loadFramework(frameworkFile);
  const warehouse = await Warehouse.open(dbPath);
  const runs = await warehouse.all<{ run_id: string; year: number }>(
    `SELECT r.run_id, r.year FROM runs r
     WHERE r.status = 'complete' AND EXISTS (SELECT 1 FROM periodic_results p WHERE p.run_id = r.run_id)
     ORDER BY r.created_at DESC LIMIT 1`,
  );
  const run = runs[0];
  if (!run) throw new Error(`${dbPath} has no complete run with periodic_results`);
  const series = (
    await warehouse.all<{ school_code: string; school_level: string }>(
      `SELECT DISTINCT school_code, school_level FROM periodic_results
       WHERE run_id = ? AND measure = ? AND student_group = ? ORDER BY 1, 2`,
      [run.run_id, measure, group],
    )
  ).map((r) => ({ school: r.school_code, level: r.school_level }));
  const rows = await warehouse.one<{ n: number }>(
    "SELECT count(*) AS n FROM periodic_results WHERE run_id = ?",
    [run.run_id],
  );
  const workspace = await workspacePublishing(run);
  const app = await buildApp({
    warehouse,
    workspace,
    framework,
    clock: () => new Date(),
    options: { reportCacheSize: Number(option("report-cache", "2000")), warmUpRuns: 0 },
  });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  const ready: Ready = { address, runId: run.run_id, series, periodicRows: Number(rows.n) };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.stdin.resume();
  process.stdin.on("end", () => {
    void app.close().then(async () => {
      await workspace.close();
      warehouse.close();
      process.exit(0);
    });
  });
}

/** Starts the server child; resolves once it listens. */
function startServer(reportCache: number): Promise<Child<Ready>> {
  return startChild(
    [
      "bin/run-ts.mjs",
      "bench/periodic-chart.ts",
      "--serve",
      "--db",
      dbPath,
      "--framework",
      frameworkFile,
      "--measure",
      measure,
      "--group",
      group,
      "--report-cache",
      String(reportCache),
    ],
    (line) => JSON.parse(line) as Ready,
  );
}

/** The cheap route each server is also hammered on, for a baseline at the same moment. */
const BASELINE_PATH = "/api/auth/me";

/** One autocannon run over `paths`, printed under `label`. */
async function hammerAndPrint(
  address: string,
  paths: readonly string[],
  label: string,
): Promise<LoadFigures> {
  const figures = await hammer(address, paths, { connections, seconds });
  console.log(
    `${label}: autocannon ${connections} connections, ${seconds} s, ${paths.length} series round-robin: ${describeLoad(figures)}`,
  );
  return figures;
}

/** The charts hammered between two baseline runs, with the charts' p95 against the baseline's. */
async function hammerWithBaseline(address: string, paths: readonly string[], label: string) {
  const before = await hammerAndPrint(address, [BASELINE_PATH], `baseline ${BASELINE_PATH} before`);
  const charts = await hammerAndPrint(address, paths, label);
  const after = await hammerAndPrint(address, [BASELINE_PATH], `baseline ${BASELINE_PATH} after`);
  const baseline = (before.p95 + after.p95) / 2;
  console.log(
    `${label}: chart p95 ${charts.p95.toFixed(1)} ms = ${(charts.p95 / baseline).toFixed(2)} × the baseline's p95 (${baseline.toFixed(1)} ms, mean of before and after)`,
  );
}

async function main(): Promise<void> {
  const server = await startServer(2000);
  const { ready } = server;
  console.log(
    `run ${ready.runId}: ${ready.series.length} ${measure} series of ${group}, ${ready.periodicRows} periodic_results rows; ${loadAverage()}`,
  );
  const paths = ready.series.map(
    (s) =>
      `/api/runs/${ready.runId}/schools/${s.school}/periodic/${measure}/chart?level=${s.level}&group=${group}`,
  );
  const get = async (path: string, address = ready.address) => {
    const t = performance.now();
    const res = await fetch(address + path);
    const body = (await res.json()) as { chart: { signals: unknown[] } | null };
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return { ms: performance.now() - t, signalled: (body.chart?.signals.length ?? 0) > 0 };
  };
  const cold: number[] = [];
  let signalled = 0;
  for (const path of paths) {
    const r = await get(path);
    cold.push(r.ms);
    if (r.signalled) signalled++;
  }
  cold.sort((a, b) => a - b);
  console.log(
    `cold (each series' first request, sequential): p50 ${percentile(cold, 50).toFixed(1)} ms, p95 ${percentile(cold, 95).toFixed(1)} ms, p99 ${percentile(cold, 99).toFixed(1)} ms; ${signalled} of ${paths.length} charts with a signal; ${loadAverage()}`,
  );
  await hammerWithBaseline(ready.address, paths, "warm (chart kept serialized)");
  await server.stop();

  const uncached = await startServer(0);
  await hammerWithBaseline(
    uncached.ready.address,
    paths,
    "no cache (each request reads, discloses, charts and serializes)",
  );
  await uncached.stop();
}

if (args.includes("--serve")) {
  serve().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
