/**
 * `node bin/run-ts.mjs bench/school-report.ts -- --db FILE [--connections 100] [--seconds 10]`
 *
 * autocannon against GET /api/runs/:run/schools/:school/report, as the anonymous public on a
 * published run, cycling through every school of the run. Computes a run first when the
 * warehouse has none (pass a copy: the benchmark writes the run and publishes it in an in-memory
 * workspace). Prints cold (first request per school) and warm latency percentiles and requests/s;
 * never asserts on time.
 */
import { readFileSync } from "node:fs";
import { parseFramework } from "../src/domain/framework/load-framework.ts";
import { computeRun } from "../src/runs/compute-run.ts";
import { buildApp } from "../src/server/app.ts";
import { Warehouse } from "../src/warehouse/warehouse.ts";
import { openWorkspace } from "../src/workspace/open-workspace.ts";
import { PublishedRunRepository } from "../src/workspace/published-run-repository.ts";
import { UserRepository } from "../src/workspace/user-repository.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : (args[i + 1] ?? fallback);
};
const dbPath = option("db", "/tmp/server-bench.duckdb");
const connections = Number(option("connections", "100"));
const seconds = Number(option("seconds", "10"));
const frameworkFile = option("framework", "frameworks/core-sqii.yaml");

async function main(): Promise<void> {
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
    console.log(
      `computed run ${summary.runId} in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    runs = [{ run_id: summary.runId, year }];
  }
  const run = runs[0]!;
  const schools = (
    await warehouse.all<{ school_code: string }>(
      "SELECT DISTINCT school_code FROM metric_results WHERE run_id = ? ORDER BY 1",
      [run.run_id],
    )
  ).map((r) => r.school_code);
  const rows = await warehouse.one<{ n: number }>("SELECT count(*) AS n FROM metric_results");
  console.log(
    `run ${run.run_id}: ${schools.length} schools, metric_results ${rows.n} rows in the warehouse`,
  );

  const workspace = await openWorkspace({ dataDir: ":memory:" });
  const hub = await new UserRepository(workspace.db).create({
    email: "bench@example.org",
    displayName: "bench",
    passwordHash:
      "scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    role: "hub_admin",
  });
  await new PublishedRunRepository(workspace.db).publish({
    runId: run.run_id,
    year: run.year,
    by: hub.id,
  });
  const app = await buildApp({ warehouse, workspace, framework, clock: () => new Date() });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  const paths = schools.map((s) => `/api/runs/${run.run_id}/schools/${s}/report`);

  // Cold: every school's first report (built from DuckDB), one at a time.
  const cold: number[] = [];
  for (const path of paths) {
    const t = performance.now();
    const res = await fetch(address + path);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    cold.push(performance.now() - t);
  }
  cold.sort((a, b) => a - b);
  const pct = (xs: number[], p: number) =>
    xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  console.log(
    `cold (first request per school, sequential): p50 ${pct(cold, 50).toFixed(1)} ms, p95 ${pct(cold, 95).toFixed(1)} ms, p99 ${pct(cold, 99).toFixed(1)} ms`,
  );

  interface Result {
    latency: Record<string, number>;
    requests: { average: number };
    non2xx: number;
    errors: number;
  }
  type Instance = Promise<Result> & {
    on(event: "response", f: (c: unknown, status: number, bytes: number, ms: number) => void): void;
  };
  // autocannon ships no types.
  const autocannon = (
    (await import("autocannon" as string)) as { default: (o: object) => Instance }
  ).default;
  let i = 0;
  const times: number[] = [];
  const running = autocannon({
    url: address,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => ({
          ...req,
          path: paths[i++ % paths.length],
        }),
      },
    ],
  });
  running.on("response", (_c, _status, _bytes, ms) => times.push(ms));
  const result = await running;
  times.sort((a, b) => a - b);
  const l = result.latency;
  console.log(
    `autocannon ${connections} connections, ${seconds} s, ${paths.length} schools round-robin: ` +
      `p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms, max ${l.max} ms; ` +
      `${result.requests.average.toFixed(0)} req/s; non-2xx ${result.non2xx}, errors ${result.errors}`,
  );
  await app.close();
  await workspace.close();
  warehouse.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
