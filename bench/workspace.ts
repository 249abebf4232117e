/**
 * `node bin/run-ts.mjs bench/workspace.ts [--postgres URL]`
 *
 * Workspace figures: password hashing at the production scrypt parameters, opening and migrating
 * PGlite (memory and disk) and PostgreSQL, and per-operation latency of the hot paths (login
 * rate-limit check, session resolution, audit write). Prints a table; never asserts on time.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { LoginRateLimiter } from "../src/accounts/login-rate-limiter.ts";
import { hashPassword, TEST_SCRYPT_PARAMS, verifyPassword } from "../src/accounts/password-hash.ts";
import { resolveSession } from "../src/accounts/resolve-session.ts";
import { createSessionToken } from "../src/accounts/session-token.ts";
import { migrateWorkspace } from "../src/workspace/migrate-workspace.ts";
import { openWorkspace, type WorkspaceLocation } from "../src/workspace/open-workspace.ts";
import { workspaceRepositories } from "../src/workspace/workspace-repositories.ts";

const args = process.argv.slice(2);
const i = args.indexOf("--postgres");
const adminUrl = i === -1 ? "postgres://postgres@127.0.0.1:5432/postgres" : (args[i + 1] ?? "");
const rows: [string, string][] = [];

async function time<T>(label: string, n: number, f: () => Promise<T>): Promise<void> {
  const t = performance.now();
  for (let k = 0; k < n; k++) await f();
  const ms = (performance.now() - t) / n;
  rows.push([label, n === 1 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms/op (n=${n})`]);
}

let hash = "";
await time("hashPassword N=2^15 r=8 p=1", 5, async () => {
  hash = await hashPassword("correct horse battery staple");
});
await time("verifyPassword N=2^15 r=8 p=1", 5, () =>
  verifyPassword("correct horse battery staple", hash),
);

async function backend(name: string, location: WorkspaceLocation): Promise<void> {
  let ws = await openWorkspace(location, { migrate: false });
  await ws.close();
  await time(`${name}: open (first query)`, 1, async () => {
    ws = await openWorkspace(location, { migrate: false });
    await sql`select 1`.execute(ws.db);
  });
  await time(`${name}: migrate from empty`, 1, () => migrateWorkspace(ws.db));
  const repos = workspaceRepositories(ws.db);
  const user = await repos.users.create({
    email: "bench@x.example",
    displayName: "Bench",
    passwordHash: await hashPassword("x", TEST_SCRYPT_PARAMS),
    role: "district_admin",
    districtCode: "0161119",
  });
  const limiter = new LoginRateLimiter(repos.loginAttempts, () => new Date());
  for (let k = 0; k < 2000; k++)
    await repos.loginAttempts.record({
      email: `u${k % 200}@x.example`,
      ip: `10.0.${k % 7}.1`,
      succeeded: k % 5 === 0,
    });
  await time(`${name}: rate-limit check (2000 attempts stored)`, 200, () =>
    limiter.check("u3@x.example", "10.0.3.1"),
  );
  const { token, id } = createSessionToken();
  await repos.sessions.create({
    id,
    userId: user.id,
    csrfToken: "c",
    expiresAt: new Date(Date.now() + 3_600_000),
  });
  await time(`${name}: resolveSession`, 500, () =>
    resolveSession(repos.sessions, () => new Date(), token),
  );
  const ids = Array.from({ length: 500 }, (_, k) => String(1_000_000_000 + k));
  await time(`${name}: audit record (500 student ids)`, 500, () =>
    repos.auditLog.record({
      userId: user.id,
      role: "district_admin",
      action: "read",
      resource: "students",
      districtCode: "0161119",
      studentIds: ids,
      outcome: "allowed",
    }),
  );
  await ws.close();
}

await backend("PGlite memory", { dataDir: ":memory:" });
const dir = mkdtempSync(join(tmpdir(), "collab-ws-bench-"));
await backend("PGlite disk", { dataDir: join(dir, "workspace") });
rmSync(dir, { recursive: true, force: true });

const database = `collab_bench_${randomBytes(4).toString("hex")}`;
const admin = new pg.Client({ connectionString: adminUrl });
try {
  await admin.connect();
  await admin.query(`create database ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  await backend("PostgreSQL", { databaseUrl: url.toString() });
  await admin.query(`drop database ${database} with (force)`);
} catch (error) {
  rows.push(["PostgreSQL", `skipped: ${error instanceof Error ? error.message : String(error)}`]);
} finally {
  await admin.end().catch(() => {});
}

const width = Math.max(...rows.map(([l]) => l.length));
for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
