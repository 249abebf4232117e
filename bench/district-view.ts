/**
 * `node bin/run-ts.mjs bench/district-view.ts --db FILE [--network DIR] [--connections 10] [--seconds 10]`
 *
 * The district page's server time at the demo scale: GET /api/runs/:run/districts/:district as
 * the anonymous public (suppressed form) on a published run, cycling through every district.
 * When the warehouse has no runs, ingests `--network` (e.g. `collab synth` with the demo's
 * settings: 80,000 students, 5 districts, 2022-2025, seed 1) and computes 2024 (baseline) and 2025
 * with the overlays of frameworks/districts (growth left out: the district view does not read it).
 * The server runs in a child process. Prints the first request (the run chain's district
 * decisions taken), each district's first request, then autocannon percentiles; never asserts
 * on time.
 */

import { readFileSync } from "node:fs";
import { loadDistrictOverlays } from "../src/domain/framework/load-district-overlay.ts";
import { parseFramework } from "../src/domain/framework/load-framework.ts";
import { discoverSubmissions } from "../src/ingest/discover-submissions.ts";
import { ingestSubmissions } from "../src/ingest/ingest-submissions.ts";
import { computeRun } from "../src/runs/compute-run.ts";
import { buildApp } from "../src/server/app.ts";
import { Warehouse } from "../src/warehouse/warehouse.ts";
import {
  benchOption,
  describeLoad,
  hammer,
  loadAverage,
  percentile,
  startChild,
} from "./http-load.ts";
import { workspacePublishing } from "./published-workspace.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => benchOption(args, name, fallback);
const dbPath = option("db", "/tmp/district-bench.duckdb");
const network = option("network", "");
const connections = Number(option("connections", "10"));
const seconds = Number(option("seconds", "10"));
const frameworkFile = "frameworks/core-sqii.yaml";

interface Ready {
  address: string;
  runId: string;
  districts: string[];
  prepared: string | null;
}

async function serve(): Promise<void> {
  const bytes = readFileSync(frameworkFile);
  const framework = parseFramework(bytes.toString("utf8"), frameworkFile);
  const warehouse = await Warehouse.open(dbPath);
  const hasRuns =
    Number(
      (
        await warehouse.one<{ n: number }>(
          "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'district_results'",
        )
      ).n,
    ) > 0;
  let prepared: string | null = null;
  if (!hasRuns) {
    if (!network) throw new Error("the warehouse has no district results: pass --network DIR");
    const t = performance.now();
    await ingestSubmissions(warehouse, discoverSubmissions(network));
    const overlays = loadDistrictOverlays("frameworks/districts", framework);
    const base = await computeRun(warehouse, {
      year: 2024,
      framework,
      frameworkBytes: bytes,
      baseline: 2024,
      codeVersion: "bench",
      overlays,
    });
    await computeRun(warehouse, {
      year: 2025,
      framework,
      frameworkBytes: bytes,
      cuts: base.cutSet,
      codeVersion: "bench",
      overlays,
    });
    prepared = `ingested and computed 2024 and 2025 in ${((performance.now() - t) / 1000).toFixed(1)} s`;
  }
  const run = await warehouse.one<{ run_id: string; year: number }>(
    "SELECT run_id, year FROM runs WHERE status = 'complete' ORDER BY created_at DESC LIMIT 1",
  );
  const districts = (
    await warehouse.all<{ d: string }>(
      "SELECT DISTINCT district_code AS d FROM district_results WHERE run_id = ? ORDER BY 1",
      [run.run_id],
    )
  ).map((r) => r.d);
  const workspace = await workspacePublishing(run);
  const app = await buildApp({ warehouse, workspace, framework, clock: () => new Date() });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  const ready: Ready = { address, runId: run.run_id, districts, prepared };
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

async function main(): Promise<void> {
  const server = await startChild<Ready>(
    ["bin/run-ts.mjs", "bench/district-view.ts", "--serve", "--db", dbPath, "--network", network],
    (line) => (line.startsWith("{") ? (JSON.parse(line) as Ready) : undefined),
  );
  const { ready } = server;
  if (ready.prepared) console.log(ready.prepared);
  console.log(`run ${ready.runId}: ${ready.districts.length} districts; ${loadAverage()}`);
  const paths = ready.districts.map((d) => `/api/runs/${ready.runId}/districts/${d}`);
  const get = async (path: string) => {
    const t = performance.now();
    const res = await fetch(ready.address + path);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return performance.now() - t;
  };
  console.log(
    `first request (decides the run chain's district cells): ${(await get(paths[0]!)).toFixed(0)} ms`,
  );
  const cold: number[] = [];
  for (const path of paths.slice(1)) cold.push(await get(path));
  cold.sort((a, b) => a - b);
  console.log(
    `each other district's first request: p50 ${percentile(cold, 50).toFixed(1)} ms, max ${(cold.at(-1) ?? 0).toFixed(1)} ms`,
  );
  const figures = await hammer(ready.address, paths, { connections, seconds });
  console.log(
    `autocannon ${connections} connections, ${seconds} s, ${paths.length} districts round-robin: ${describeLoad(figures)}`,
  );
  await server.stop();
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
