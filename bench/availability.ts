/**
 * `node bin/run-ts.mjs bench/availability.ts --db FILE [--connections 50] [--seconds 10]
 *   [--exports 5,20] [--table metric_results] [--threads N] [--export-batch-rows N]
 *   [--export-share S]`
 *
 * Whether export downloads starve the school report (issue #15 point 5). The server runs in a
 * child process (this file with `--serve`) over a copy of a warehouse (pass a copy: the run is
 * published in an in-memory workspace); export downloads run in another child (`--download`), so
 * neither shares an event loop with autocannon. In turn:
 *
 * 1. start: how long the background decisions of the latest runs take (when the server has them),
 *    then the first school report request once the server is idle, then every school once;
 * 2. autocannon on the school report (anonymous, every school round-robin) alone, then while 5
 *    and 20 anonymous downloads of `--table` run (each downloader restarts its export when it ends;
 *    the per-address limits are raised so that every download runs);
 * 3. the downloads are killed after each run, and the server's processor time is sampled
 *    (`/proc/PID/stat`) until it is idle: how long it kept working for clients that had gone.
 *
 * Prints latency percentiles, requests/s, the downloads' figures and the load average; never
 * asserts. Runs against any checkout (the options an older server does not know are ignored).
 */

import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { benchOption, hammer, loadAverage, percentile } from "./http-load.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => benchOption(args, name, fallback);
const dbPath = option("db", "/tmp/availability.duckdb");
const connections = Number(option("connections", "50"));
const seconds = Number(option("seconds", "10"));
const exportCounts = option("exports", "5,20").split(",").map(Number);
const table = option("table", "metric_results");
const frameworkFile = option("framework", "frameworks/core-sqii.yaml");
/** DuckDB's worker threads in the server (default: DuckDB's own, one per core). */
const threads = option("threads", "");
/** The server's export batch size and event-loop share (default: the server's defaults). */
const batchRows = option("export-batch-rows", "");
const exportShare = option("export-share", "");

interface Ready {
  address: string;
  pid: number;
  runId: string;
  schools: string[];
  metricRows: number;
}

/** The server child: opens the warehouse, publishes its latest run, serves, prints JSON lines. */
async function serve(): Promise<void> {
  const { parseFramework } = await import("../src/domain/framework/load-framework.ts");
  const { buildApp } = await import("../src/server/app.ts");
  const { Warehouse } = await import("../src/warehouse/warehouse.ts");
  const { workspacePublishing } = await import("./published-workspace.ts");
  const framework = parseFramework(readFileSync(frameworkFile, "utf8"), frameworkFile);
  const warehouse = await Warehouse.open(
    dbPath,
    threads === "" ? {} : { threads: Number(threads) },
  );
  const run = await warehouse.one<{ run_id: string; year: number }>(
    "SELECT run_id, year FROM runs WHERE status = 'complete' ORDER BY created_at DESC LIMIT 1",
  );
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
  const started = performance.now();
  const app = await buildApp({
    warehouse,
    workspace,
    framework,
    clock: () => new Date(),
    options: {
      // Every download of the benchmark comes from one address: let them all run.
      anonymousExportsAtOnce: 1000,
      anonymousExportsPerMinute: 1_000_000,
      ...(batchRows === "" ? {} : { exportBatchRows: Number(batchRows) }),
      ...(exportShare === "" ? {} : { exportShare: Number(exportShare) }),
    },
  });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  const ready: Ready = {
    address,
    pid: process.pid,
    runId: run.run_id,
    schools,
    metricRows: Number(rows.n),
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  // A server without background decisions has no `warmUp`.
  const warmUp = (app as unknown as { warmUp?: Promise<string[]> | null }).warmUp;
  if (warmUp) {
    const runs = await warmUp;
    const s = (performance.now() - started) / 1000;
    process.stdout.write(`${JSON.stringify({ warmedUp: runs, seconds: s })}\n`);
  } else process.stdout.write(`${JSON.stringify({ warmedUp: null })}\n`);
  process.stdin.resume();
  process.stdin.on("end", () => {
    void app.close().then(async () => {
      await workspace.close();
      warehouse.close();
      process.exit(0);
    });
  });
}

interface Downloads {
  completed: number;
  aborted: number;
  bytes: number;
  statuses: Record<string, number>;
  firstByteMs: number[];
}

/**
 * The downloader child: `count` loops, each downloading `url` over and over until killed
 * (SIGTERM prints what was done, then exits, closing every socket).
 */
async function download(url: string, count: number): Promise<void> {
  const done: Downloads = { completed: 0, aborted: 0, bytes: 0, statuses: {}, firstByteMs: [] };
  const stop = new AbortController();
  process.on("SIGTERM", () => {
    process.stdout.write(`${JSON.stringify(done)}\n`);
    process.exit(0);
  });
  const loop = async () => {
    while (!stop.signal.aborted) {
      const t = performance.now();
      try {
        const res = await fetch(url, { signal: stop.signal });
        done.statuses[res.status] = (done.statuses[res.status] ?? 0) + 1;
        if (!res.body) continue;
        let first = true;
        for await (const piece of res.body) {
          if (first) done.firstByteMs.push(performance.now() - t);
          first = false;
          done.bytes += (piece as Uint8Array).byteLength;
        }
        done.completed++;
        if (res.status === 429) await new Promise((r) => setTimeout(r, 1000));
      } catch {
        done.aborted++;
      }
    }
  };
  process.stdout.write("started\n");
  await Promise.all(Array.from({ length: count }, loop));
}

function startChild(childArgs: string[]): { child: ChildProcess; lines: AsyncIterator<string> } {
  const child = spawn(process.execPath, ["bin/run-ts.mjs", "bench/availability.ts", ...childArgs], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return { child, lines };
}

async function nextLine(lines: AsyncIterator<string>): Promise<string> {
  const { value, done } = await lines.next();
  if (done) throw new Error("child ended");
  return value;
}

/** Processor ticks (1/100 s) a process has used. */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * Seconds until `pid` is idle (at most 3 ticks of processor time over 0.5 s), sampled every
 * 100 ms from now; the last busy sample's time.
 */
async function secondsUntilIdle(pid: number, limit = 300): Promise<number> {
  const t0 = performance.now();
  const samples: { at: number; ticks: number }[] = [{ at: 0, ticks: cpuTicks(pid) }];
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const at = (performance.now() - t0) / 1000;
    samples.push({ at, ticks: cpuTicks(pid) });
    const window = samples.filter((s) => s.at >= at - 0.5);
    if (at >= 0.5 && window.at(-1)!.ticks - window[0]!.ticks <= 3) return Math.max(0, at - 0.5);
    if (at > limit) return Number.POSITIVE_INFINITY;
  }
}

async function hammerReport(address: string, paths: string[], label: string): Promise<void> {
  const f = await hammer(address, paths, { connections, seconds });
  console.log(
    `${label}: school report, ${connections} connections, ${seconds} s: ` +
      `p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms; ` +
      `${(f.responses / seconds).toFixed(0)} req/s; ${f.responses} responses, non-2xx ${f.non2xx}, errors ${f.errors}, timeouts ${f.timeouts}; ${f.loadBefore} before, ${f.loadAfter} after`,
  );
}

async function main(): Promise<void> {
  const spawned = performance.now();
  const server = startChild([
    "--serve",
    "--db",
    dbPath,
    "--framework",
    frameworkFile,
    ...(threads === "" ? [] : ["--threads", threads]),
    ...(batchRows === "" ? [] : ["--export-batch-rows", batchRows]),
    ...(exportShare === "" ? [] : ["--export-share", exportShare]),
  ]);
  const ready = JSON.parse(await nextLine(server.lines)) as Ready;
  const listening = (performance.now() - spawned) / 1000;
  const warm = JSON.parse(await nextLine(server.lines)) as {
    warmedUp: string[] | null;
    seconds?: number;
  };
  console.log(
    `run ${ready.runId}: ${ready.schools.length} schools, ${ready.metricRows} metric_results rows; listening ${listening.toFixed(1)} s after spawn; ${loadAverage()}`,
  );
  console.log(
    warm.warmedUp
      ? `background decisions of runs ${warm.warmedUp.join(", ")}: done ${warm.seconds!.toFixed(1)} s after buildApp`
      : "no background decisions (this server has none)",
  );
  const idle = await secondsUntilIdle(ready.pid);
  console.log(`server idle ${idle.toFixed(1)} s later`);
  const paths = ready.schools.map((s) => `/api/runs/${ready.runId}/schools/${s}/report`);
  const get = async (path: string) => {
    const t = performance.now();
    const res = await fetch(ready.address + path);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return performance.now() - t;
  };
  console.log(`first school report request (server idle): ${(await get(paths[0]!)).toFixed(0)} ms`);
  const cold: number[] = [];
  for (const path of paths.slice(1)) cold.push(await get(path));
  cold.sort((a, b) => a - b);
  console.log(
    `every school once, sequential: p50 ${percentile(cold, 50).toFixed(1)} ms, p95 ${percentile(cold, 95).toFixed(1)} ms; ${loadAverage()}`,
  );

  await hammerReport(ready.address, paths, "alone");
  const exportUrl = `${ready.address}/api/runs/${ready.runId}/exports/${table}`;
  for (const count of exportCounts) {
    const downloads = startChild(["--download", exportUrl, "--count", String(count)]);
    await nextLine(downloads.lines);
    // Let the exports start their reads before the report is measured beside them.
    await new Promise((r) => setTimeout(r, 1000));
    await hammerReport(ready.address, paths, `with ${count} ${table} downloads`);
    downloads.child.kill("SIGTERM");
    const done = JSON.parse(await nextLine(downloads.lines)) as Downloads;
    const killed = performance.now();
    const busy = await secondsUntilIdle(ready.pid);
    const firstByte = done.firstByteMs.sort((a, b) => a - b);
    console.log(
      `  ${count} downloads: ${done.completed} completed, statuses ${JSON.stringify(done.statuses)}, ` +
        `${(done.bytes / 2 ** 20).toFixed(1)} MiB received, first byte p50 ${percentile(firstByte, 50).toFixed(0)} ms; ` +
        `server kept working ${busy.toFixed(1)} s after the ${count} download clients were killed ` +
        `(idle at +${((performance.now() - killed) / 1000).toFixed(1)} s)`,
    );
  }
  await new Promise<void>((resolve) => {
    server.child.once("exit", () => resolve());
    server.child.stdin!.end();
  });
}

if (args.includes("--serve")) {
  serve().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else if (args.includes("--download")) {
  download(option("download", ""), Number(option("count", "1"))).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
