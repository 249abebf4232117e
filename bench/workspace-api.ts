/**
 * `node bin/run-ts.mjs bench/workspace-api.ts [--connections 50] [--seconds 8]
 *   [--backends pglite,postgres] [--postgres URL] [--plans 10000]`
 *
 * The improvement workspace's API at network scale (issue #17): a generated workspace of 10,000
 * plans (pairs and communities over 4,000 schools in 40 districts and five runs), 60,000 PDSA
 * cycles and 40,000 meetings, with 100 facilitators sharing the plans, teams, reviews and monthly
 * progress scores (bench/workspace-fixture.ts, set-based INSERTs). For PGlite (a folder) and then
 * PostgreSQL (a database of its own, dropped after), the real server (`collab serve`) runs in a
 * child process; the bench signs in as a facilitator, a school's team member and a district admin
 * and runs autocannon at 50 connections against what their pages load: the facilitation page
 * (GET /api/facilitation), the workspace list (GET /api/plans), and the plan page (the plan by
 * group, the plan, its reviews and progress scores), round-robin over the user's plans. GET
 * /api/auth/me, which every page loads, is the cheap baseline: each call's p95 is also given as a
 * ratio to the baseline's p95 of the same run (the machine may be shared). Prints a table with the
 * load average before and after each call; never asserts on time.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { hashPassword, TEST_SCRYPT_PARAMS } from "../src/accounts/password-hash.ts";
import { openWorkspace, type WorkspaceLocation } from "../src/workspace/open-workspace.ts";
import {
  benchOption,
  describeLoad,
  hammer,
  type LoadFigures,
  loadAverage,
  startChild,
} from "./http-load.ts";
import { BENCH_SIZE, type Fixture, generateWorkspace } from "./workspace-fixture.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => benchOption(args, name, fallback);
const connections = Number(option("connections", "50"));
const seconds = Number(option("seconds", "8"));
const backends = option("backends", "pglite,postgres").split(",");
const adminUrl = option("postgres", "postgres://postgres@127.0.0.1:5432/postgres");
const size = { ...BENCH_SIZE, plans: Number(option("plans", String(BENCH_SIZE.plans))) };

interface PlanSummary {
  id: number;
  run_id: string | null;
  kind: string;
  school_level: string | null;
  group_key: string | null;
}

interface Row {
  backend: string;
  who: string;
  call: string;
  targets: number;
  figures: LoadFigures;
}
const rows: Row[] = [];

/** Signs in; returns the session cookie. */
async function signIn(address: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${address}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${email}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("collab_session="));
  if (!cookie) throw new Error(`sign-in as ${email}: no session cookie`);
  return cookie.split(";")[0]!;
}

async function getJson<T>(address: string, cookie: string, path: string): Promise<T> {
  const res = await fetch(address + path, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The API calls of one plan's page, in the order the page makes them (after /api/auth/me). */
function planPageCalls(p: PlanSummary): Record<string, string> {
  const ref = new URLSearchParams({
    run_id: p.run_id ?? "",
    kind: p.kind,
    school_level: p.school_level ?? "",
    group_key: p.group_key ?? "",
  });
  return {
    "GET /api/plans?run_id&kind&school_level&group_key": `/api/plans?${ref}`,
    "GET /api/plans/:id": `/api/plans/${p.id}`,
    "GET /api/plans/:id/reviews": `/api/plans/${p.id}/reviews`,
    "GET /api/plans/:id/progress-scores": `/api/plans/${p.id}/progress-scores`,
  };
}

/**
 * Waits until the server has worked off the requests autocannon left in flight (PGlite answers
 * one query at a time, so a backlog would be charged to the next call): two baseline requests in
 * a row under 250 ms, or 60 s.
 */
async function settle(address: string, cookie: string): Promise<void> {
  const until = Date.now() + 60_000;
  let fast = 0;
  while (fast < 2 && Date.now() < until) {
    const t = performance.now();
    await getJson(address, cookie, "/api/auth/me");
    fast = performance.now() - t < 250 ? fast + 1 : 0;
  }
}

async function measure(
  backend: string,
  address: string,
  who: string,
  cookie: string,
  call: string,
  paths: string[],
): Promise<void> {
  await settle(address, cookie);
  const figures = await hammer(address, paths, { connections, seconds, headers: { cookie } });
  process.stderr.write(`${backend} ${who} ${call}: ${describeLoad(figures)}\n`);
  rows.push({ backend, who, call, targets: paths.length, figures });
}

async function benchBackend(
  backend: string,
  location: WorkspaceLocation,
  env: NodeJS.ProcessEnv,
  workspaceDir: string,
  warehouse: string,
): Promise<void> {
  const password = "bench-password-not-secret";
  const started = performance.now();
  const ws = await openWorkspace(location);
  let fixture: Fixture;
  try {
    fixture = await generateWorkspace(
      ws.db,
      size,
      password,
      await hashPassword(password, TEST_SCRYPT_PARAMS),
    );
  } finally {
    await ws.close();
  }
  console.log(
    `${backend}: generated in ${((performance.now() - started) / 1000).toFixed(1)} s: ${Object.entries(
      fixture.counts,
    )
      .map(([t, n]) => `${n} ${t}`)
      .join(", ")}; ${loadAverage()}`,
  );
  const server = await startChild<string>(
    [
      "bin/collab.mjs",
      "serve",
      "--db",
      warehouse,
      "--workspace",
      workspaceDir,
      "--port",
      "0",
      "--no-build-web",
    ],
    (line) => /collab serve: (http:\/\/\S+)/.exec(line)?.[1],
    { from: "stderr", stopWith: "signal", env },
  );
  const address = server.ready;
  try {
    const accounts = {
      facilitator: fixture.facilitator,
      "team member": fixture.teamMember,
      "district admin": fixture.districtAdmin,
    };
    for (const [who, email] of Object.entries(accounts)) {
      const cookie = await signIn(address, email, fixture.password);
      const plans: PlanSummary[] = [];
      for (let page = 1; ; page++) {
        const got = await getJson<{ plans: PlanSummary[]; total: number }>(
          address,
          cookie,
          `/api/plans?page=${page}&per_page=200`,
        );
        plans.push(...got.plans);
        if (got.plans.length === 0 || plans.length >= got.total) break;
      }
      process.stderr.write(`${backend} ${who}: ${plans.length} plans\n`);
      if (who === "facilitator")
        await measure(backend, address, who, cookie, "GET /api/auth/me (baseline)", [
          "/api/auth/me",
        ]);
      if (who !== "team member")
        await measure(backend, address, who, cookie, "GET /api/facilitation", [
          "/api/facilitation",
        ]);
      await measure(backend, address, who, cookie, "GET /api/plans", ["/api/plans"]);
      if (who === "district admin") continue;
      const pages = plans.map(planPageCalls);
      for (const call of Object.keys(pages[0] ?? {}))
        await measure(
          backend,
          address,
          who,
          cookie,
          call,
          pages.map((p) => p[call]!),
        );
    }
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  console.log(
    `workspace API bench: ${size.plans} plans, ${size.plans * size.cyclesPerPlan} PDSA cycles, ${size.plans * size.meetingsPerPlan} meetings, ${size.facilitators} facilitators; autocannon ${connections} connections, ${seconds} s per call; ${loadAverage()}`,
  );
  const dir = mkdtempSync(join(tmpdir(), "collab-ws-api-bench-"));
  const warehouse = join(dir, "warehouse.duckdb");
  const { DATABASE_URL: _, ...plainEnv } = process.env;
  try {
    if (backends.includes("pglite")) {
      const folder = join(dir, "workspace");
      await benchBackend("PGlite", { dataDir: folder }, plainEnv, folder, warehouse);
    }
    if (backends.includes("postgres")) {
      const database = `collab_bench_${randomBytes(4).toString("hex")}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${database}`);
      try {
        const url = new URL(adminUrl);
        url.pathname = `/${database}`;
        await benchBackend(
          "PostgreSQL",
          { databaseUrl: url.toString() },
          { ...plainEnv, DATABASE_URL: url.toString() },
          join(dir, "unused"),
          warehouse,
        );
      } finally {
        await admin.query(`drop database ${database} with (force)`);
        await admin.end();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const head = [
    "backend",
    "who",
    "call",
    "paths",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "p95/base",
    "req/s",
    "non-2xx",
    "load 1-min before→after",
  ];
  const baseline = (backend: string) =>
    rows.find((r) => r.backend === backend && r.call.endsWith("(baseline)"))?.figures.p95;
  const oneMinute = (load: string) => load.replace("load average ", "").split(" ")[0];
  const table = rows.map((r) => [
    r.backend,
    r.who,
    r.call,
    String(r.targets),
    r.figures.p50.toFixed(1),
    r.figures.p95.toFixed(1),
    r.figures.p99.toFixed(1),
    (r.figures.p95 / (baseline(r.backend) ?? Number.NaN)).toFixed(2),
    r.figures.requestsPerSecond.toFixed(0),
    String(r.figures.non2xx + r.figures.errors),
    `${oneMinute(r.figures.loadBefore)}→${oneMinute(r.figures.loadAfter)}`,
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...table.map((t) => t[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join("  ");
  console.log(`\n${line(head)}`);
  for (const t of table) console.log(line(t));
  console.log(
    `\n${loadAverage()} at the end (2 cores shared; compare each call with the baseline)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
