/**
 * `node bin/run-ts.mjs bench/workspace-explain.ts [--backend postgres|pglite] [--postgres URL]
 *   [--plans 10000] [--keep]`
 *
 * The query plans behind the workspace API's busiest pages at network scale (issue #17's bench
 * size, bench/workspace-fixture.ts) on PostgreSQL (a database of its own, dropped after unless
 * `--keep`) or PGlite (a temporary folder): the server in-process, each call made as a signed-in
 * facilitator, team member and district admin, and every statement it issued replayed under
 * `EXPLAIN ANALYZE`. Prints per call the statements, their execution times and the plan of each
 * statement slower than 1 ms. Never asserts.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CompiledQuery } from "kysely";
import pg from "pg";
import { hashPassword, TEST_SCRYPT_PARAMS } from "../src/accounts/password-hash.ts";
import { loadFramework } from "../src/domain/framework/load-framework.ts";
import { buildApp } from "../src/server/app.ts";
import { Warehouse } from "../src/warehouse/warehouse.ts";
import { openWorkspace } from "../src/workspace/open-workspace.ts";
import { benchOption, loadAverage } from "./http-load.ts";
import { BENCH_SIZE, generateWorkspace } from "./workspace-fixture.ts";

const args = process.argv.slice(2);
const adminUrl = benchOption(args, "postgres", "postgres://postgres@127.0.0.1:5432/postgres");
const pglite = benchOption(args, "backend", "postgres") === "pglite";
const size = {
  ...BENCH_SIZE,
  plans: Number(benchOption(args, "plans", String(BENCH_SIZE.plans))),
};

async function main(): Promise<void> {
  const database = `collab_explain_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  if (!pglite) {
    await admin.connect();
    await admin.query(`create database ${database}`);
  }
  const dir = mkdtempSync(join(tmpdir(), "collab-explain-"));
  let heard: { sql: string; parameters: readonly unknown[] }[] = [];
  let replaying = false;
  const ws = await openWorkspace(
    pglite ? { dataDir: join(dir, "workspace") } : { databaseUrl: url.toString() },
    { onQuery: (sql, parameters) => replaying || heard.push({ sql, parameters }) },
  );
  const client = new pg.Client({ connectionString: url.toString() });
  /** EXPLAIN ANALYZE of one statement, its plan's lines. */
  const explain = async (statement: string, parameters: readonly unknown[]) => {
    const text = `explain (analyze, buffers, format text) ${statement}`;
    if (!pglite) {
      const r = await client.query(text, [...parameters]);
      return r.rows.map((row: Record<string, string>) => row["QUERY PLAN"]!);
    }
    replaying = true;
    try {
      const r = await ws.db.executeQuery<Record<string, string>>(
        CompiledQuery.raw(text, [...parameters]),
      );
      return r.rows.map((row) => row["QUERY PLAN"]!);
    } finally {
      replaying = false;
    }
  };
  const warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"));
  try {
    const password = "bench-password-not-secret";
    const fixture = await generateWorkspace(
      ws.db,
      size,
      password,
      await hashPassword(password, TEST_SCRYPT_PARAMS),
    );
    if (!pglite) {
      await client.connect();
      await client.query("analyze");
    }
    const app = await buildApp({
      warehouse,
      workspace: ws,
      framework: loadFramework("frameworks/core-sqii.yaml"),
      clock: () => new Date(),
      options: { scryptParams: TEST_SCRYPT_PARAMS, loginRequestsPerMinute: 1000 },
    });
    await app.ready();
    console.log(
      `EXPLAIN at ${Object.entries(fixture.counts)
        .map(([t, n]) => `${n} ${t}`)
        .join(", ")}; ${loadAverage()}`,
    );
    const accounts = {
      facilitator: fixture.facilitator,
      "team member": fixture.teamMember,
      "district admin": fixture.districtAdmin,
    };
    for (const [who, email] of Object.entries(accounts)) {
      const login = await app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { email, password },
      });
      const cookie = login.cookies.find((c) => c.name === "collab_session")!;
      const headers = { cookie: `collab_session=${cookie.value}` };
      const first = (await app.inject({ method: "GET", url: "/api/plans", headers })).json() as {
        plans: { id: number }[];
        total: number;
      };
      const plan = first.plans[0]!.id;
      const calls = [
        "/api/auth/me",
        "/api/facilitation",
        "/api/facilitators",
        "/api/plans",
        "/api/plans?page=3",
        `/api/plans/${plan}`,
        `/api/plans/${plan}/reviews`,
        `/api/plans/${plan}/progress-scores`,
      ];
      console.log(`\n## ${who}: ${first.total} plans`);
      for (const call of calls) {
        heard = [];
        await app.inject({ method: "GET", url: call, headers });
        heard = [];
        const started = performance.now();
        const res = await app.inject({ method: "GET", url: call, headers });
        const ms = (performance.now() - started).toFixed(1);
        const statements = heard;
        console.log(
          `\n### GET ${call}: ${res.statusCode} in ${ms} ms (warm, alone), ${statements.length} statements`,
        );
        for (const s of statements) {
          const lines = await explain(s.sql, s.parameters);
          const time = lines.find((l) => l.startsWith("Execution Time")) ?? "";
          console.log(`- ${time}: ${s.sql.slice(0, 160)}`);
          const ms = Number(/([0-9.]+) ms/.exec(time)?.[1] ?? 0);
          if (ms > 1) for (const l of lines) console.log(`    ${l}`);
        }
      }
    }
    await app.close();
  } finally {
    warehouse.close();
    await ws.close();
    rmSync(dir, { recursive: true, force: true });
    if (!pglite) {
      await client.end();
      if (!args.includes("--keep")) await admin.query(`drop database ${database} with (force)`);
      else console.log(`kept ${url}`);
      await admin.end();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
