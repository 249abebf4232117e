/**
 * `node bin/run-ts.mjs bench/peers.ts --db FILE [--metric math_performance] [--calls 60] [--rounds 3]`
 *
 * The peer finder on a warehouse with a computed run (the latest complete one), in one process:
 *
 * 1. `findPeers` as `collab peers` calls it (school contexts read and the context metric built on
 *    every call), for `calls` schools in turn;
 * 2. the same schools given the run's contexts loaded once (`loadRunContexts`), checking the lists
 *    are identical;
 * 3. the suppression the route applies to each of those lists, for the public (not cached);
 * 4. GET /api/runs/:run/schools/:school/peers through `app.inject`, as the public on the run
 *    published: the first request, then every school in turn, `rounds` times.
 *
 * Prints milliseconds per call (median, p90, max); never asserts on time.
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { loadHiddenCells } from "../src/disclosure/load-hidden-cells.ts";
import { parseFramework } from "../src/domain/framework/load-framework.ts";
import { findPeers, loadRunContexts, type PeerList } from "../src/identification/find-peers.ts";
import { findRun } from "../src/runs/find-run.ts";
import { buildApp } from "../src/server/app.ts";
import { serverContext } from "../src/server/server-context.ts";
import { Warehouse } from "../src/warehouse/warehouse.ts";
import { openWorkspace } from "../src/workspace/open-workspace.ts";
import { PublishedRunRepository } from "../src/workspace/published-run-repository.ts";
import { UserRepository } from "../src/workspace/user-repository.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : (args[i + 1] ?? fallback);
};
const dbPath = option("db", "/tmp/peers-bench.duckdb");
const metric = option("metric", "math_performance");
const calls = Number(option("calls", "60"));
const rounds = Number(option("rounds", "3"));
const frameworkFile = option("framework", "frameworks/core-sqii.yaml");

const framework = parseFramework(readFileSync(frameworkFile, "utf8"), frameworkFile);
const warehouse = await Warehouse.open(dbPath);
const run = await findRun(warehouse, "latest");
const schools = await warehouse.all<{ school_code: string; school_level: string }>(
  `SELECT school_code, school_level FROM index_results WHERE run_id = ? ORDER BY school_code, school_level`,
  [run.run_id],
);
const picked = Array.from(
  { length: Math.min(calls, schools.length) },
  (_, i) => schools[Math.floor((i * schools.length) / Math.min(calls, schools.length))]!,
);
const query = (s: { school_code: string; school_level: string }) => ({
  run: run.run_id,
  school: s.school_code,
  level: s.school_level,
  metric,
  limit: 20,
});

function summary(label: string, ms: number[]): void {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1);
  console.log(
    `${label.padEnd(44)} n=${String(s.length).padStart(3)}  median ${at(0.5).padStart(6)} ms  p90 ${at(0.9).padStart(6)} ms  max ${s.at(-1)!.toFixed(1).padStart(6)} ms`,
  );
}

async function time<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const result = await work();
  return [result, performance.now() - t];
}

console.log(
  `run ${run.run_id} (${run.year}), ${schools.length} school levels, metric ${metric}; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);

const uncached: number[] = [];
const lists: unknown[] = [];
for (const s of picked) {
  const [list, ms] = await time(() => findPeers(warehouse, framework, query(s)));
  uncached.push(ms);
  lists.push(list);
}
summary("findPeers, contexts read every call", uncached);

const [contexts, loadMs] = await time(() => loadRunContexts(warehouse, framework, run));
console.log(`${"loadRunContexts (once per run)".padEnd(44)} ${loadMs.toFixed(1)} ms`);
const cached: number[] = [];
let identical = true;
for (const [i, s] of picked.entries()) {
  const [list, ms] = await time(() => findPeers(warehouse, framework, query(s), contexts));
  cached.push(ms);
  identical &&= JSON.stringify(list) === JSON.stringify(lists[i]);
}
summary("findPeers, contexts loaded once", cached);
console.log(`same lists with and without loaded contexts: ${identical ? "yes" : "NO"}`);

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
const ctx = serverContext({ warehouse, workspace, framework, clock: () => new Date() });
const hiding: number[] = [];
for (const list of lists as PeerList[]) {
  const codes = [list.school.schoolCode, ...list.peers.map((p) => p.schoolCode)];
  const [, ms] = await time(() =>
    loadHiddenCells(
      ctx,
      list.runId,
      codes.map((schoolCode) => ({ schoolCode, schoolLevel: list.school.schoolLevel, metric })),
      () => false,
    ),
  );
  hiding.push(ms);
}
summary("the route's suppression, for the public", hiding);

const app = await buildApp({ warehouse, workspace, framework, clock: () => new Date() });
await app.ready();
const url = (s: { school_code: string; school_level: string }) =>
  `/api/runs/${run.run_id}/schools/${s.school_code}/peers?metric=${metric}&level=${s.school_level}`;
const served: number[] = [];
let failed = 0;
for (let round = 0; round < rounds; round++)
  for (const [i, s] of picked.entries()) {
    const [res, ms] = await time(() => app.inject({ url: url(s) }));
    if (res.statusCode !== 200) failed += 1;
    if (round === 0 && i === 0)
      console.log(`${"GET …/peers, first request".padEnd(44)} ${ms.toFixed(1)} ms`);
    else served.push(ms);
  }
summary("GET …/peers, later requests", served);
if (failed > 0) console.log(`${failed} request(s) did not answer 200`);
await app.close();
await workspace.close();
warehouse.close();
