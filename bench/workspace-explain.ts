/**
 * `node bin/run-ts.mjs bench/workspace-explain.ts [--postgres URL] [--plans 10000] [--keep]`
 *
 * The query plans behind the workspace API's busiest pages at network scale (issue #17's bench
 * size, bench/workspace-fixture.ts) on PostgreSQL: the server in-process over a database of its
 * own (dropped after, unless `--keep`), each call made as a signed-in facilitator, team member and
 * district admin, and every statement it issued replayed under `EXPLAIN (ANALYZE, BUFFERS)`. Prints
 * per call the statements, their execution times and the plan of each statement slower than
 * 1 ms. Never asserts.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
const size = {
  ...BENCH_SIZE,
  plans: Number(benchOption(args, "plans", String(BENCH_SIZE.plans))),
};

async function main(): Promise<void> {
  const database = `collab_explain_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const dir = mkdtempSync(join(tmpdir(), "collab-explain-"));
  let heard: { sql: string; parameters: readonly unknown[] }[] = [];
  const ws = await openWorkspace(
    { databaseUrl: url.toString() },
    { onQuery: (sql, parameters) => heard.push({ sql, parameters }) },
  );
  const client = new pg.Client({ connectionString: url.toString() });
  const warehouse = await Warehouse.open(join(dir, "warehouse.duckdb"));
  try {
    const password = "bench-password-not-secret";
    const fixture = await generateWorkspace(
      ws.db,
      size,
      password,
      await hashPassword(password, TEST_SCRYPT_PARAMS),
    );
    await client.connect();
    await client.query("analyze");
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
        const res = await app.inject({ method: "GET", url: call, headers });
        const statements = heard;
        console.log(`\n### GET ${call}: ${res.statusCode}, ${statements.length} statements`);
        for (const s of statements) {
          const explained = await client.query(`explain (analyze, buffers, format text) ${s.sql}`, [
            ...s.parameters,
          ]);
          const lines = explained.rows.map((r: Record<string, string>) => r["QUERY PLAN"]!);
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
    await client.end();
    await ws.close();
    rmSync(dir, { recursive: true, force: true });
    if (!args.includes("--keep")) await admin.query(`drop database ${database} with (force)`);
    else console.log(`kept ${url}`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
