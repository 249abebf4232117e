/**
 * `node bin/run-ts.mjs bench/school-report.ts --db FILE [--connections 100] [--seconds 10]`
 *
 * autocannon against GET /api/runs/:run/schools/:school/report, as the anonymous public on a
 * published run, cycling through every school of the run. The server runs in a child process
 * (this file with `--serve`), so autocannon's own work does not share its event loop. Computes a
 * run first when the warehouse has none (pass a copy: the benchmark writes the run and publishes
 * it in an in-memory workspace). Two servers in turn:
 *
 * 1. default caches: the first request (reads the run's report data), every school once in turn
 *    (cold: each report assembled and serialized), then autocannon (warm: served from the cache);
 * 2. the serialized-report cache off (`reportCacheSize: 0`): autocannon where every request
 *    assembles its report from the run's data and applies suppression.
 *
 * Prints latency percentiles, requests/s and the machine's load average; never asserts on time.
 */

import { readFileSync } from "node:fs";
import { parseFramework } from "../src/domain/framework/load-framework.ts";
import { computeRun } from "../src/runs/compute-run.ts";
import { buildApp } from "../src/server/app.ts";
import { Warehouse } from "../src/warehouse/warehouse.ts";
import {
  benchOption,
  type Child,
  describeLoad,
  hammer,
  loadAverage,
  percentile,
  startChild,
} from "./http-load.ts";
import { workspacePublishing } from "./published-workspace.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => benchOption(args, name, fallback);
const dbPath = option("db", "/tmp/server-bench.duckdb");
const connections = Number(option("connections", "100"));
const seconds = Number(option("seconds", "10"));
const frameworkFile = option("framework", "frameworks/core-sqii.yaml");

interface Ready {
  address: string;
  runId: string;
  schools: string[];
  metricRows: number;
  computedSeconds: number | null;
}

/** The child: opens the warehouse, publishes its latest run, serves, prints one JSON line. */
async function serve(): Promise<void> {
  const bytes = readFileSync(frameworkFile);
  const framework = parseFramework(bytes.toString("utf8"), frameworkFile);
  const warehouse = await Warehouse.open(dbPath);
  const hasRuns = await warehouse.all(
    "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'runs'",
  );
  let runs =
    Number(hasRuns[0]?.n) > 0
      ? await warehouse.all<{ run_id: string; year: number }>(
          "SELECT run_id, year FROM runs WHERE status = 'complete' ORDER BY created_at DESC LIMIT 1",
        )
      : [];
  let computedSeconds: number | null = null;
  if (runs.length === 0) {
    const year = Number(
      (await warehouse.one<{ y: number }>("SELECT max(year) AS y FROM submissions")).y,
    );
    const t = performance.now();
    const summary = await computeRun(warehouse, {
      year,
      framework,
      frameworkBytes: bytes,
      codeVersion: "bench",
    });
    computedSeconds = (performance.now() - t) / 1000;
    runs = [{ run_id: summary.runId, year }];
  }
  const run = runs[0]!;
  const schools = (
    await warehouse.all<{ school_code: string }>(
      "SELECT DISTINCT school_code FROM metric_results WHERE run_id = ? ORDER BY 1",
      [run.run_id],
    )
  ).map((r) => r.school_code);
  const rows = await warehouse.one<{ n: number }>(
    "SELECT count(*) AS n FROM metric_results WHERE run_id = ?",
    [run.run_id],
  );
  const workspace = await workspacePublishing(run);
  const cacheSize = Number(option("report-cache", "2000"));
  const app = await buildApp({
    warehouse,
    workspace,
    framework,
    clock: () => new Date(),
    options: { reportCacheSize: cacheSize },
  });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  const ready: Ready = {
    address,
    runId: run.run_id,
    schools,
    metricRows: Number(rows.n),
    computedSeconds,
  };
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
  return startChild<Ready>(
    [
      "bin/run-ts.mjs",
      "bench/school-report.ts",
      "--serve",
      "--db",
      dbPath,
      "--framework",
      frameworkFile,
      "--report-cache",
      String(reportCache),
    ],
    (line) => JSON.parse(line) as Ready,
  );
}

async function hammerPaths(address: string, paths: string[], label: string): Promise<void> {
  const figures = await hammer(address, paths, { connections, seconds });
  console.log(
    `${label}: autocannon ${connections} connections, ${seconds} s, ${paths.length} schools round-robin: ${describeLoad(figures)}`,
  );
}

async function main(): Promise<void> {
  // 1. Default caches.
  const server = await startServer(2000);
  const { ready } = server;
  if (ready.computedSeconds !== null)
    console.log(`computed run ${ready.runId} in ${ready.computedSeconds.toFixed(1)} s`);
  console.log(
    `run ${ready.runId}: ${ready.schools.length} schools, ${ready.metricRows} metric_results rows; ${loadAverage()}`,
  );
  const paths = ready.schools.map((s) => `/api/runs/${ready.runId}/schools/${s}/report`);
  const get = async (path: string, address = ready.address) => {
    const t = performance.now();
    const res = await fetch(address + path);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return performance.now() - t;
  };
  console.log(
    `first request (reads the run's report data): ${(await get(paths[0]!)).toFixed(0)} ms`,
  );
  const cold: number[] = [];
  for (const path of paths.slice(1)) cold.push(await get(path));
  cold.sort((a, b) => a - b);
  console.log(
    `cold (each school's first request, sequential): p50 ${percentile(cold, 50).toFixed(1)} ms, p95 ${percentile(cold, 95).toFixed(1)} ms, p99 ${percentile(cold, 99).toFixed(1)} ms; ${loadAverage()}`,
  );
  await hammerPaths(ready.address, paths, "warm (report cache)");
  await server.stop();

  // 2. No serialized-report cache: every request assembles its report.
  const uncached = await startServer(0);
  const first = await get(paths[0]!, uncached.ready.address);
  console.log(`no report cache: first request ${first.toFixed(0)} ms`);
  await hammerPaths(uncached.ready.address, paths, "no report cache (assembled per request)");
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
