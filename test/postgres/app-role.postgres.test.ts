import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../src/workspace/audit-chain.ts";
import { AuditLog } from "../../src/workspace/audit-log.ts";
import { openWorkspace, type Workspace } from "../../src/workspace/open-workspace.ts";
import { postgresAppRoleGrants } from "../../src/workspace/postgres-grants.ts";
import { workspaceRepositories } from "../../src/workspace/workspace-repositories.ts";

const ADMIN_URL =
  process.env.COLLAB_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SUFFIX = randomBytes(6).toString("hex");
const DATABASE = `collab_grants_${SUFFIX}`;
const APP_ROLE = `collab_app_${SUFFIX}`;

function urlOf(database: string, user?: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  if (user) {
    url.username = user;
    url.password = "";
  }
  return url.toString();
}

async function run(url: string, statements: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

let app: Workspace;
beforeAll(async () => {
  await run(ADMIN_URL, [`create database ${DATABASE}`, `create role ${APP_ROLE} login`]);
  // The owner (here the admin) migrates, then grants the application role what it needs.
  const owner = await openWorkspace({ databaseUrl: urlOf(DATABASE) });
  await owner.close();
  await run(urlOf(DATABASE), postgresAppRoleGrants(APP_ROLE));
  app = await openWorkspace({ databaseUrl: urlOf(DATABASE, APP_ROLE) });
});
afterAll(async () => {
  await app?.close();
  await run(ADMIN_URL, [
    `drop database if exists ${DATABASE} with (force)`,
    `drop role if exists ${APP_ROLE}`,
  ]);
});

describe("the application's PostgreSQL role under postgresAppRoleGrants (issue #15 point 6)", () => {
  it("opens the migrated workspace and does the application's work", async () => {
    const repos = workspaceRepositories(app.db);
    const user = await repos.users.create({
      email: "lead@district.example",
      displayName: "Lead",
      passwordHash: "scrypt$1024$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
      role: "district_admin",
      districtCode: "0161119",
    });
    await repos.users.disable(user.id);
    await repos.loginAttempts.record({ email: user.email, ip: "10.0.0.1", succeeded: false });
    for (let i = 0; i < 3; i++) {
      await repos.auditLog.record({
        userId: user.id,
        role: "district_admin",
        action: "read",
        resource: "students",
        districtCode: "0161119",
        outcome: "allowed",
      });
    }
    expect(await repos.auditLog.list()).toHaveLength(3);
    expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true, entries: 3 });
  });

  it("cannot truncate, alter, disable the triggers of, update, delete or drop the audit log", async () => {
    await new AuditLog(app.db).record({
      userId: null,
      role: "public",
      action: "read",
      resource: "students",
      outcome: "denied",
    });
    const refused: [string, RegExp][] = [
      ["truncate audit_log", /permission denied/],
      ["alter table audit_log disable trigger audit_log_append_only", /must be owner/],
      ["alter table audit_log disable trigger all", /must be owner/],
      ["alter table audit_log drop column row_hash", /must be owner/],
      ["drop trigger audit_log_append_only on audit_log", /must be owner/],
      ["drop table audit_log", /must be owner/],
      ["update audit_log set outcome = 'allowed'", /permission denied/],
      ["delete from audit_log", /permission denied/],
      ["set session_replication_role = replica", /permission denied/],
      ["create table audit_log_copy (id integer)", /permission denied/],
      ["delete from users", /permission denied/],
    ];
    for (const [statement, error] of refused) {
      await expect(sql.raw(statement).execute(app.db), statement).rejects.toThrow(error);
    }
    expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true, entries: 4 });
  });

  it("is the grant list docs/operations.md gives", () => {
    const doc = readFileSync(new URL("../../docs/operations.md", import.meta.url), "utf8");
    for (const statement of postgresAppRoleGrants("collab_app")) {
      expect(doc, statement).toContain(`${statement};`);
    }
  });
});
