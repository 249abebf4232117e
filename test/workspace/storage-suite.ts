import { type MigrationResult, Migrator, sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { authorize } from "../../src/access/authorize.ts";
import { principalOf } from "../../src/access/principal.ts";
import {
  purgeStaleAuthRecords,
  startAuthRecordCleanup,
} from "../../src/accounts/auth-record-cleanup.ts";
import { changePassword } from "../../src/accounts/change-password.ts";
import { createAccount } from "../../src/accounts/create-account.ts";
import { logIn } from "../../src/accounts/log-in.ts";
import { LoginRateLimiter } from "../../src/accounts/login-rate-limiter.ts";
import {
  hashPassword,
  parsePasswordHash,
  TEST_SCRYPT_PARAMS,
  verifyPassword,
} from "../../src/accounts/password-hash.ts";
import { WeakPasswordError } from "../../src/accounts/password-policy.ts";
import { endSession, resolveSession } from "../../src/accounts/resolve-session.ts";
import { sessionIdOf } from "../../src/accounts/session-token.ts";
import { GENESIS_HASH, verifyAuditChain } from "../../src/workspace/audit-chain.ts";
import { hashStudentIds } from "../../src/workspace/audit-log.ts";
import {
  migrateWorkspace,
  migrateWorkspaceDown,
  WORKSPACE_MIGRATIONS,
} from "../../src/workspace/migrate-workspace.ts";
import type { Workspace } from "../../src/workspace/open-workspace.ts";
import type { NewUser } from "../../src/workspace/user-repository.ts";
import { DuplicateKeyError, WorkspaceInputError } from "../../src/workspace/workspace-errors.ts";
import {
  type WorkspaceRepositories,
  workspaceRepositories,
} from "../../src/workspace/workspace-repositories.ts";
import { describeCollaborativeStorage } from "./collaborative-storage-suite.ts";
import { describeFacilitationStorage } from "./facilitation-storage-suite.ts";
import { describeImprovementStorage } from "./improvement-storage-suite.ts";
import { describeLearningStorage } from "./learning-storage-suite.ts";
import { describeProcessMeasureStorage } from "./process-measure-storage-suite.ts";
import { describeResourceStorage } from "./resource-storage-suite.ts";

const TABLES = [
  "annotations",
  "audit_log",
  "data_agreements",
  "directory_entries",
  "district_status_history",
  "districts",
  "driver_links",
  "driver_nodes",
  "invitations",
  "learning_entries",
  "login_attempts",
  "meeting_actions",
  "meeting_attendance",
  "meetings",
  "pairing_overrides",
  "pdsa_cycles",
  "plan_checklist",
  "plan_problems",
  "plan_reviews",
  "plan_schools",
  "plan_team_members",
  "plans",
  "process_measure_values",
  "process_measures",
  "progress_scores",
  "published_runs",
  "resource_files",
  "resource_ratings",
  "resource_versions",
  "resources",
  "sessions",
  "submissions",
  "users",
];

const DISTRICT = "0161119";
const SCHOOL = "01611190130229";
const OTHER_SCHOOL = "01611190130237";
const START = new Date("2026-01-05T08:00:00.000Z");
const MINUTE = 60_000;

/** A settable clock shared by the repositories of one suite. */
function testClock() {
  let now = START.getTime();
  return {
    clock: () => new Date(now),
    set: (d: Date) => {
      now = d.getTime();
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

async function tableNames(ws: Workspace): Promise<string[]> {
  const r = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_name not like 'kysely_%'
    order by table_name`.execute(ws.db);
  return r.rows.map((row) => row.table_name);
}

function newUser(overrides: Partial<NewUser> = {}): NewUser {
  return {
    email: "Lead@District.example",
    displayName: "Data Lead",
    passwordHash: "scrypt$1024$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
    role: "district_admin",
    districtCode: DISTRICT,
    ...overrides,
  };
}

/**
 * Runs `statement` with triggers off (`session_replication_role = replica`, for this transaction
 * only): what a superuser or the tables' owner can do, and the application's role cannot.
 */
async function asOwnerBypassingTriggers(ws: Workspace, statement: string): Promise<void> {
  await ws.db.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    await sql.raw(statement).execute(tx);
  });
}

/**
 * The storage suite every workspace backend must pass. `open` returns a workspace on an empty
 * database without migrating it; the suite migrates it and empties its tables between tests.
 */
export function describeStorageSuite(name: string, open: () => Promise<Workspace>): void {
  describe(`workspace storage on ${name}`, () => {
    let ws: Workspace;
    let repos: WorkspaceRepositories;
    let firstMigration: MigrationResult[];
    const time = testClock();

    beforeAll(async () => {
      ws = await open();
      firstMigration = await migrateWorkspace(ws.db);
      repos = workspaceRepositories(ws.db, time.clock);
    });
    afterAll(async () => {
      await ws?.close();
    });
    beforeEach(async () => {
      time.set(START);
      await asOwnerBypassingTriggers(ws, `truncate ${TABLES.join(", ")} restart identity cascade`);
    });

    describe("migrateWorkspace(db)", () => {
      it("applies every migration in order to an empty database", () => {
        expect(firstMigration.map((r) => [r.migrationName, r.status])).toEqual(
          Object.keys(WORKSPACE_MIGRATIONS).map((m) => [m, "Success"]),
        );
      });

      it("creates every table and does nothing when run again", async () => {
        expect(await tableNames(ws)).toEqual(TABLES);
        expect(await migrateWorkspace(ws.db)).toEqual([]);
      });

      it("migrates down to nothing and back up", async () => {
        const down = await migrateWorkspaceDown(ws.db);
        expect(down.map((r) => r.direction)).toEqual(
          Object.keys(WORKSPACE_MIGRATIONS).map(() => "Down"),
        );
        expect(await tableNames(ws)).toEqual([]);
        await migrateWorkspace(ws.db);
        expect(await tableNames(ws)).toEqual(TABLES);
      });
    });

    describe("transactions", () => {
      it("keep concurrent queries out of an open transaction, which rolls back whole", async () => {
        const attempt = (email: string) => ({
          at: time.clock(),
          email,
          ip: "10.0.0.1",
          succeeded: false,
        });
        const inside = ws.db.transaction().execute(async (trx) => {
          await trx.insertInto("login_attempts").values(attempt("inside@x.example")).execute();
          await new Promise((resolve) => setTimeout(resolve, 50));
          throw new Error("roll back");
        });
        const outside = ws.db
          .insertInto("login_attempts")
          .values(attempt("outside@x.example"))
          .execute();
        await expect(inside).rejects.toThrow("roll back");
        await outside;
        const rows = await ws.db.selectFrom("login_attempts").select("email").execute();
        expect(rows.map((r) => r.email)).toEqual(["outside@x.example"]);
      });
    });

    describe("UserRepository", () => {
      it("creates an account with a lower-cased email and returns it without the hash", async () => {
        const user = await repos.users.create(newUser());
        expect(user).toEqual({
          id: 1,
          email: "lead@district.example",
          displayName: "Data Lead",
          role: "district_admin",
          districtCode: DISTRICT,
          schoolCode: null,
          createdAt: START,
          disabledAt: null,
        });
        expect(user).not.toHaveProperty("passwordHash");
        expect((await repos.users.findByEmail(" LEAD@district.example "))?.id).toBe(user.id);
        expect((await repos.users.findCredentials("lead@district.example"))?.passwordHash).toBe(
          newUser().passwordHash,
        );
      });

      it("refuses a second account with the same email in another case", async () => {
        await repos.users.create(newUser());
        const again = repos.users.create(
          newUser({ email: "LEAD@DISTRICT.EXAMPLE", displayName: "Other" }),
        );
        await expect(again).rejects.toBeInstanceOf(DuplicateKeyError);
        await expect(again).rejects.toThrow('email "lead@district.example" already exists');
        expect(await repos.users.count()).toBe(1);
      });

      it("rejects roles anchored in the wrong place, naming the bad value", async () => {
        await expect(
          repos.users.create(newUser({ role: "school_staff", schoolCode: "01999990000001" })),
        ).rejects.toThrow('school code "01999990000001" is not in district "0161119"');
        await expect(repos.users.create(newUser({ districtCode: null }))).rejects.toThrow(
          "role district_admin needs a district code",
        );
        await expect(repos.users.create(newUser({ role: "hub_admin" }))).rejects.toBeInstanceOf(
          WorkspaceInputError,
        );
        await expect(repos.users.create(newUser({ districtCode: "161119" }))).rejects.toThrow(
          'invalid district code "161119"',
        );
      });

      it("has the database enforce the same role scope when the repository is bypassed", async () => {
        const insert = (role: string, district: string | null, school: string | null) =>
          sql`insert into users (email, display_name, password_hash, role, district_code, school_code, created_at)
              values (${`${role}@x.example`}, 'x', 'h', ${role}, ${district}, ${school}, now())`.execute(
            ws.db,
          );
        await expect(insert("hub_admin", DISTRICT, null)).rejects.toThrow(/users_role_scope/);
        await expect(insert("school_staff", null, SCHOOL)).rejects.toThrow(/users_role_scope/);
        await expect(insert("school_staff", "0999999", SCHOOL)).rejects.toThrow(
          /users_school_in_district/,
        );
        await expect(insert("public", null, null)).rejects.toThrow(/check/);
        await insert("school_staff", DISTRICT, SCHOOL);
        expect(await repos.users.count()).toBe(1);
      });

      it("lists accounts by district and role, leaving out disabled ones unless asked", async () => {
        const lead = await repos.users.create(newUser());
        const principal = await repos.users.create(
          newUser({ email: "p@s.example", role: "school_staff", schoolCode: SCHOOL }),
        );
        await repos.users.create(
          newUser({ email: "hub@core.example", role: "hub_admin", districtCode: null }),
        );
        await repos.users.create(newUser({ email: "other@d.example", districtCode: "0999999" }));
        expect((await repos.users.list({ districtCode: DISTRICT })).map((u) => u.id)).toEqual([
          lead.id,
          principal.id,
        ]);
        expect((await repos.users.list({ role: "school_staff" })).map((u) => u.email)).toEqual([
          "p@s.example",
        ]);
        time.advance(MINUTE);
        expect(await repos.users.disable(principal.id)).toBe(true);
        expect(await repos.users.disable(principal.id)).toBe(false);
        expect((await repos.users.list({ districtCode: DISTRICT })).map((u) => u.id)).toEqual([
          lead.id,
        ]);
        const all = await repos.users.list({ districtCode: DISTRICT, includeDisabled: true });
        expect(all.find((u) => u.id === principal.id)?.disabledAt).toEqual(
          new Date(START.getTime() + MINUTE),
        );
        expect(await repos.users.enable(principal.id)).toBe(true);
        expect((await repos.users.findById(principal.id))?.disabledAt).toBeNull();
      });

      it("replaces a password hash", async () => {
        const user = await repos.users.create(newUser());
        expect(await repos.users.setPasswordHash(user.id, "scrypt$new")).toBe(true);
        expect(await repos.users.setPasswordHash(999, "scrypt$new")).toBe(false);
        expect((await repos.users.findCredentials(user.email))?.passwordHash).toBe("scrypt$new");
      });
    });

    describe("createAccount(users, account)", () => {
      it("stores a scrypt hash of the chosen password", async () => {
        const { passwordHash: _, ...rest } = newUser();
        const user = await createAccount(
          repos.users,
          { ...rest, password: "a fine long passphrase" },
          TEST_SCRYPT_PARAMS,
        );
        const stored = await repos.users.findCredentials(user.email);
        expect(stored?.passwordHash.startsWith("scrypt$1024$8$1$")).toBe(true);
        expect(await verifyPassword("a fine long passphrase", stored?.passwordHash ?? "")).toBe(
          true,
        );
      });

      it("stores nothing when the password or the role's scope is wrong", async () => {
        const { passwordHash: _, ...rest } = newUser();
        await expect(
          createAccount(repos.users, { ...rest, password: "short" }, TEST_SCRYPT_PARAMS),
        ).rejects.toBeInstanceOf(WeakPasswordError);
        await expect(
          createAccount(
            repos.users,
            { ...rest, districtCode: null, password: "a fine long passphrase" },
            TEST_SCRYPT_PARAMS,
          ),
        ).rejects.toThrow("needs a district code");
        expect(await repos.users.count()).toBe(0);
      });
    });

    describe("SessionRepository", () => {
      const ID = "a".repeat(64);

      it("resolves a live session together with its user", async () => {
        const user = await repos.users.create(newUser());
        const expiresAt = new Date(START.getTime() + 30 * MINUTE);
        await repos.sessions.create({
          id: ID,
          userId: user.id,
          csrfToken: "csrf",
          expiresAt,
          ip: "10.0.0.1",
        });
        const found = await repos.sessions.findActive(ID);
        expect(found?.user).toEqual(user);
        expect(found?.session).toMatchObject({
          userId: user.id,
          csrfToken: "csrf",
          expiresAt,
          createdAt: START,
        });
        expect(await repos.sessions.findActive("b".repeat(64))).toBeUndefined();
      });

      it("stops resolving a session once it expires", async () => {
        const user = await repos.users.create(newUser());
        await repos.sessions.create({
          id: ID,
          userId: user.id,
          csrfToken: "c",
          expiresAt: new Date(START.getTime() + 30 * MINUTE),
        });
        time.advance(30 * MINUTE - 1);
        expect(await repos.sessions.findActive(ID)).toBeDefined();
        time.advance(1);
        expect(await repos.sessions.findActive(ID)).toBeUndefined();
        expect(await repos.sessions.deleteExpired()).toBe(1);
      });

      it("stops resolving the sessions of a disabled user", async () => {
        const user = await repos.users.create(newUser());
        await repos.sessions.create({
          id: ID,
          userId: user.id,
          csrfToken: "c",
          expiresAt: new Date(START.getTime() + MINUTE),
        });
        await repos.users.disable(user.id);
        expect(await repos.sessions.findActive(ID)).toBeUndefined();
      });

      it("refuses a duplicate session id and a malformed one", async () => {
        const user = await repos.users.create(newUser());
        const s = {
          id: ID,
          userId: user.id,
          csrfToken: "c",
          expiresAt: new Date(START.getTime() + MINUTE),
        };
        await repos.sessions.create(s);
        await expect(repos.sessions.create(s)).rejects.toBeInstanceOf(DuplicateKeyError);
        await expect(repos.sessions.create({ ...s, id: "raw-token" })).rejects.toThrow(/check/);
      });

      it("slides expiry on touch and deletes per session, per user and when expired", async () => {
        const user = await repos.users.create(newUser());
        const at = (m: number) => new Date(START.getTime() + m * MINUTE);
        await repos.sessions.create({
          id: "1".repeat(64),
          userId: user.id,
          csrfToken: "c",
          expiresAt: at(10),
        });
        await repos.sessions.create({
          id: "2".repeat(64),
          userId: user.id,
          csrfToken: "c",
          expiresAt: at(20),
        });
        await repos.sessions.create({
          id: "3".repeat(64),
          userId: user.id,
          csrfToken: "c",
          expiresAt: at(30),
        });
        time.advance(5 * MINUTE);
        expect(await repos.sessions.touch("1".repeat(64), at(40))).toBe(true);
        const touched = await repos.sessions.findActive("1".repeat(64));
        expect(touched?.session.lastSeenAt).toEqual(at(5));
        expect(touched?.session.expiresAt).toEqual(at(40));
        time.set(at(25));
        expect(await repos.sessions.deleteExpired()).toBe(1);
        expect(await repos.sessions.delete("3".repeat(64))).toBe(true);
        expect(await repos.sessions.delete("3".repeat(64))).toBe(false);
        expect(await repos.sessions.deleteForUser(user.id)).toBe(1);
      });
    });

    describe("LoginRateLimiter over LoginAttemptRepository", () => {
      const limiter = () => new LoginRateLimiter(repos.loginAttempts, time.clock);

      it("blocks an email after 5 failures in 15 minutes and reopens when the oldest leaves the window", async () => {
        const l = limiter();
        for (let i = 0; i < 5; i++) {
          expect(await l.check("a@x.example", "10.0.0.1")).toEqual({ allowed: true });
          await l.recordFailure("a@x.example", "10.0.0.1");
          time.advance(MINUTE);
        }
        // Failures at minutes 0..4; now minute 5: the first leaves the window at minute 15.
        expect(await l.check("A@X.example", "10.9.9.9")).toEqual({
          allowed: false,
          limitedBy: "email",
          retryAfterSeconds: 600,
        });
        expect(await l.check("b@x.example", "10.0.0.1")).toEqual({ allowed: true });
        time.set(new Date(START.getTime() + 15 * MINUTE - 1000));
        expect((await l.check("a@x.example", "10.0.0.1")).allowed).toBe(false);
        time.set(new Date(START.getTime() + 15 * MINUTE));
        expect(await l.check("a@x.example", "10.0.0.1")).toEqual({ allowed: true });
      });

      it("clears an email's failures on success but keeps counting them for the IP", async () => {
        const l = new LoginRateLimiter(repos.loginAttempts, time.clock, {
          windowMs: 15 * MINUTE,
          maxFailuresPerEmail: 3,
          maxFailuresPerIp: 5,
        });
        for (let i = 0; i < 2; i++) await l.recordFailure("a@x.example", "10.0.0.1");
        time.advance(1000);
        await l.recordSuccess("a@x.example", "10.0.0.1");
        time.advance(1000);
        for (let i = 0; i < 2; i++) await l.recordFailure("a@x.example", "10.0.0.1");
        expect(await l.check("a@x.example", "10.0.0.2")).toEqual({ allowed: true });
        await l.recordFailure("a@x.example", "10.0.0.1");
        expect(await l.check("a@x.example", "10.0.0.2")).toMatchObject({
          allowed: false,
          limitedBy: "email",
        });
        expect(await l.check("b@x.example", "10.0.0.1")).toMatchObject({
          allowed: false,
          limitedBy: "ip",
        });
        expect(await l.check("b@x.example", "10.0.0.2")).toEqual({ allowed: true });
      });

      it("blocks an IP after 20 failures across many emails", async () => {
        const l = limiter();
        for (let i = 0; i < 19; i++) await l.recordFailure(`u${i}@x.example`, "10.0.0.7");
        expect(await l.check("new@x.example", "10.0.0.7")).toEqual({ allowed: true });
        await l.recordFailure("u19@x.example", "10.0.0.7");
        expect(await l.check("new@x.example", "10.0.0.7")).toEqual({
          allowed: false,
          limitedBy: "ip",
          retryAfterSeconds: 900,
        });
        expect(await l.check("new@x.example", "10.0.0.8")).toEqual({ allowed: true });
      });

      it("purges attempts older than a date", async () => {
        await repos.loginAttempts.record({ email: "a@x.example", ip: "1", succeeded: false });
        time.advance(MINUTE);
        await repos.loginAttempts.record({ email: "a@x.example", ip: "1", succeeded: false });
        expect(await repos.loginAttempts.purgeBefore(time.clock())).toBe(1);
        expect(await repos.loginAttempts.recentIpFailures("1", START, 10)).toEqual([time.clock()]);
      });
    });

    describe("purgeStaleAuthRecords(stores, clock, windowMs) and startAuthRecordCleanup", () => {
      const WINDOW = 15 * MINUTE;
      const at = (m: number) => new Date(START.getTime() + m * MINUTE);
      const count = async (table: "sessions" | "login_attempts") =>
        Number(
          (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(ws.db))
            .rows[0]?.n,
        );
      const addSession = async (userId: number, digit: string, expiresAt: Date) =>
        repos.sessions.create({ id: digit.repeat(64), userId, csrfToken: "c", expiresAt });
      const purge = () => purgeStaleAuthRecords(repos, time.clock, WINDOW);

      it("deletes expired sessions and attempts older than the window, and nothing the limiter still counts", async () => {
        const user = await repos.users.create(newUser());
        await addSession(user.id, "1", at(10));
        await addSession(user.id, "2", at(16));
        await addSession(user.id, "3", at(40));
        const limiter = new LoginRateLimiter(repos.loginAttempts, time.clock);
        await limiter.recordFailure("old@x.example", "10.0.0.1");
        time.set(at(1));
        await limiter.recordFailure("old@x.example", "10.0.0.1");
        time.set(at(5));
        for (let i = 0; i < 5; i++) await limiter.recordFailure("b@x.example", "10.0.0.2");
        time.set(at(16));
        const before = await limiter.check("b@x.example", "10.0.0.3");
        expect(before).toMatchObject({ allowed: false, limitedBy: "email" });

        // Now minute 16: the window starts at minute 1, so only the attempt at minute 0 is stale.
        expect(await purge()).toEqual({ sessions: 2, loginAttempts: 1 });
        expect(await repos.sessions.findActive("3".repeat(64))).toBeDefined();
        expect(await count("sessions")).toBe(1);
        expect(await count("login_attempts")).toBe(6);
        expect(await limiter.check("b@x.example", "10.0.0.3")).toEqual(before);
        expect(await purge()).toEqual({ sessions: 0, loginAttempts: 0 });
      });

      it("runs once at start, then every interval until stopped", async () => {
        const user = await repos.users.create(newUser());
        await addSession(user.id, "1", at(1));
        time.set(at(2));
        const errors: unknown[] = [];
        const cleanup = await startAuthRecordCleanup(purge, 20, (e) => errors.push(e));
        try {
          expect(await count("sessions")).toBe(0);
          await addSession(user.id, "2", at(3));
          await addSession(user.id, "3", at(60));
          time.set(at(4));
          await vi.waitFor(async () => expect(await count("sessions")).toBe(1), {
            timeout: 5000,
            interval: 20,
          });
        } finally {
          await cleanup.stop();
        }
        await addSession(user.id, "4", at(3));
        await new Promise((r) => setTimeout(r, 100));
        expect(await count("sessions")).toBe(2);
        expect(errors).toEqual([]);
      });
    });

    describe("AuditLog", () => {
      it("records a student-level read with the count and hash of the ids, never the ids", async () => {
        const user = await repos.users.create(newUser());
        const ids = ["1000000003", "1000000001", "1000000002", "1000000001"];
        const rec = await repos.auditLog.record({
          userId: user.id,
          role: user.role,
          action: "read",
          resource: "GET /api/schools/:code/students",
          districtCode: DISTRICT,
          schoolCode: SCHOOL,
          studentIds: ids,
          ip: "10.0.0.1",
          outcome: "allowed",
        });
        expect(rec).toMatchObject({
          at: START,
          studentCount: 3,
          studentIdsHash: hashStudentIds(ids.slice(0, 3)),
        });
        const raw = await sql<Record<string, unknown>>`select * from audit_log`.execute(ws.db);
        expect(JSON.stringify(raw.rows)).not.toContain("1000000001");
      });

      it("lists entries by district and user, newest first", async () => {
        const user = await repos.users.create(newUser());
        const base = {
          userId: user.id,
          role: "district_admin",
          action: "read",
          resource: "students",
          outcome: "allowed",
        } as const;
        await repos.auditLog.record({ ...base, districtCode: DISTRICT });
        time.advance(MINUTE);
        await repos.auditLog.record({ ...base, districtCode: "0999999", outcome: "denied" });
        time.advance(MINUTE);
        await repos.auditLog.record({ ...base, districtCode: DISTRICT, action: "export" });
        const mine = await repos.auditLog.list({ districtCode: DISTRICT });
        expect(mine.map((r) => r.action)).toEqual(["export", "read"]);
        expect(
          (await repos.auditLog.list({ userId: user.id, limit: 2 })).map((r) => r.outcome),
        ).toEqual(["allowed", "denied"]);
        expect(
          await repos.auditLog.list({ since: new Date(START.getTime() + MINUTE) }),
        ).toHaveLength(2);
      });

      it("chains each entry to the one before: seq 1, 2, 3… and prev_hash = the previous row_hash", async () => {
        const base = {
          userId: null,
          role: "public",
          action: "read",
          resource: "students",
        } as const;
        const a = await repos.auditLog.record({ ...base, outcome: "denied" });
        time.advance(MINUTE);
        const b = await repos.auditLog.record({ ...base, outcome: "error", ip: "10.0.0.9" });
        const rows = (
          await sql<{ seq: number; prev_hash: string; row_hash: string }>`
            select seq, prev_hash, row_hash from audit_log order by seq`.execute(ws.db)
        ).rows;
        expect(rows.map((r) => r.seq)).toEqual([1, 2]);
        expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
        expect(rows[1]?.prev_hash).toBe(a.rowHash);
        expect(rows[1]?.row_hash).toBe(b.rowHash);
        expect(await verifyAuditChain(ws.db)).toEqual({
          ok: true,
          entries: 2,
          head: { seq: 2, hash: b.rowHash },
          problems: [],
        });
      });

      it("keeps one chain under concurrent appends", async () => {
        const base = {
          userId: null,
          role: "public",
          action: "read",
          resource: "students",
        } as const;
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            repos.auditLog.record({ ...base, outcome: "denied", ip: `10.0.0.${i}` }),
          ),
        );
        const report = await verifyAuditChain(ws.db);
        expect(report).toMatchObject({ ok: true, entries: 20, head: { seq: 20 } });
      });

      it("lets verifyAuditChain find an entry removed, an entry altered and a tail cut", async () => {
        const base = {
          userId: null,
          role: "public",
          action: "read",
          resource: "students",
        } as const;
        for (let i = 0; i < 6; i++) {
          await repos.auditLog.record({ ...base, outcome: "denied", ip: `10.0.0.${i}` });
        }
        const head = (await verifyAuditChain(ws.db)).head!;
        expect(head.seq).toBe(6);
        await asOwnerBypassingTriggers(ws, "delete from audit_log where seq = 2");
        await asOwnerBypassingTriggers(
          ws,
          "update audit_log set outcome = 'allowed' where seq = 4",
        );
        await asOwnerBypassingTriggers(ws, "delete from audit_log where seq = 6");
        const report = await verifyAuditChain(ws.db, { expectHead: head });
        expect(report.ok).toBe(false);
        expect(report.entries).toBe(4);
        expect(report.problems.map((p) => [p.seq, p.problem])).toEqual([
          [2, "entries 2–2 are missing (removed)"],
          [3, expect.stringMatching(/^prev_hash is not the hash of the entry before/)],
          [4, "row_hash does not match the entry (altered)"],
          [6, "the recorded head (entry 6) is gone: the log ends at 5"],
        ]);
      });

      it("refuses to truncate the log", async () => {
        await repos.auditLog.record({
          userId: null,
          role: "public",
          action: "read",
          resource: "students",
          outcome: "denied",
        });
        await expect(sql`truncate audit_log`.execute(ws.db)).rejects.toThrow(/append-only/);
        expect(await repos.auditLog.list()).toHaveLength(1);
      });

      it("chains the entries already there when migrating to the chained log", async () => {
        const migrator = new Migrator({
          db: ws.db,
          provider: { getMigrations: async () => ({ ...WORKSPACE_MIGRATIONS }) },
        });
        await asOwnerBypassingTriggers(ws, "truncate audit_log restart identity");
        expect((await migrator.migrateTo("0003-improvement-work")).error).toBeUndefined();
        try {
          for (const outcome of ["denied", "allowed", "error"]) {
            await sql`insert into audit_log (at, user_id, role, action, resource, outcome)
              values (${START}, null, 'public', 'read', 'students', ${outcome})`.execute(ws.db);
          }
        } finally {
          expect((await migrator.migrateToLatest()).error).toBeUndefined();
        }
        expect(await verifyAuditChain(ws.db)).toMatchObject({ ok: true, entries: 3 });
        const next = await repos.auditLog.record({
          userId: null,
          role: "public",
          action: "read",
          resource: "students",
          outcome: "denied",
        });
        expect(next.seq).toBe(4);
        expect(await verifyAuditChain(ws.db)).toMatchObject({ ok: true, entries: 4 });
      });

      it("refuses to update or delete an entry", async () => {
        await repos.auditLog.record({
          userId: null,
          role: "public",
          action: "read",
          resource: "students",
          outcome: "denied",
        });
        await expect(sql`update audit_log set outcome = 'allowed'`.execute(ws.db)).rejects.toThrow(
          /append-only/,
        );
        await expect(sql`delete from audit_log`.execute(ws.db)).rejects.toThrow(/append-only/);
        expect(await repos.auditLog.list()).toHaveLength(1);
      });
    });

    describe("authorize(auditLog, principal, resource, request)", () => {
      const request = {
        action: "read",
        resource: "GET /api/schools/:code/students",
        ip: "10.0.0.9",
      };
      const students = {
        kind: "student_data",
        districtCode: DISTRICT,
        schoolCode: SCHOOL,
      } as const;

      it("writes every allowed student-level read with its students, and every refusal", async () => {
        const staff = await repos.users.create(
          newUser({ email: "s@x.example", role: "school_staff", schoolCode: SCHOOL }),
        );
        const other = await repos.users.create(
          newUser({ email: "o@x.example", role: "school_staff", schoolCode: OTHER_SCHOOL }),
        );
        const ok = await authorize(repos.auditLog, principalOf(staff), students, request);
        if (!ok.allowed) throw new Error(ok.decision.reason);
        await ok.recordAccess(["1000000001", "1000000002"]);
        time.advance(MINUTE);
        const no = await authorize(repos.auditLog, principalOf(other), students, request);
        expect(no.allowed).toBe(false);
        const log = await repos.auditLog.list({ districtCode: DISTRICT });
        expect(log.map((r) => [r.userId, r.outcome, r.studentCount, r.schoolCode, r.ip])).toEqual([
          [other.id, "denied", null, SCHOOL, "10.0.0.9"],
          [staff.id, "allowed", 2, SCHOOL, "10.0.0.9"],
        ]);
      });

      it("writes nothing for aggregates and published runs", async () => {
        const a = await authorize(
          repos.auditLog,
          principalOf(undefined),
          { kind: "aggregate" },
          request,
        );
        if (!a.allowed) throw new Error("aggregates are public");
        await a.recordAccess([]);
        await authorize(
          repos.auditLog,
          principalOf(undefined),
          { kind: "run", published: false },
          request,
        );
        expect(await repos.auditLog.list()).toEqual([]);
      });
    });

    describe("PublishedRunRepository", () => {
      it("makes the latest publication of a year current and keeps the history", async () => {
        const hub = await repos.users.create(
          newUser({ email: "hub@x.example", role: "hub_admin", districtCode: null }),
        );
        expect(await repos.publishedRuns.current(2024)).toBeUndefined();
        await repos.publishedRuns.publish({ runId: "run-a", year: 2024, by: hub.id });
        time.advance(MINUTE);
        await repos.publishedRuns.publish({ runId: "run-b", year: 2024, by: hub.id });
        await repos.publishedRuns.publish({ runId: "run-c", year: 2025, by: hub.id });
        expect((await repos.publishedRuns.current(2024))?.runId).toBe("run-b");
        expect(await repos.publishedRuns.isCurrent("run-a")).toBe(false);
        expect(await repos.publishedRuns.isCurrent("run-b")).toBe(true);
        expect(await repos.publishedRuns.isCurrent("run-c")).toBe(true);
        time.advance(MINUTE);
        await repos.publishedRuns.publish({ runId: "run-a", year: 2024, by: hub.id });
        expect((await repos.publishedRuns.current(2024))?.runId).toBe("run-a");
        expect((await repos.publishedRuns.history(2024)).map((p) => p.runId)).toEqual([
          "run-a",
          "run-b",
          "run-a",
        ]);
        expect((await repos.publishedRuns.currentByYear()).map((p) => [p.year, p.runId])).toEqual([
          [2025, "run-c"],
          [2024, "run-a"],
        ]);
        expect(await repos.publishedRuns.wasPublished("run-b")).toBe(true);
        expect(await repos.publishedRuns.wasPublished("run-z")).toBe(false);
      });

      it("rejects a nonsense year and an unknown publisher", async () => {
        await expect(repos.publishedRuns.publish({ runId: "r", year: 24, by: 1 })).rejects.toThrow(
          "invalid school year 24",
        );
        await expect(
          repos.publishedRuns.publish({ runId: "r", year: 2024, by: 42 }),
        ).rejects.toThrow(/foreign key/);
      });
    });

    describe("AnnotationRepository", () => {
      it("keeps dated notes with their author, listed by school, level, measure and days", async () => {
        const lead = await repos.users.create(newUser());
        const at = (noteDate: string, text: string, more: object = {}) =>
          repos.annotations.add({
            schoolCode: SCHOOL,
            noteDate,
            text,
            createdBy: lead.id,
            ...more,
          });
        await at("2024-11-04", "mentors start", {
          schoolLevel: "elementary",
          measure: "chronic_absence_to_date",
        });
        await at("2024-09-02", "  first day  ");
        await at("2024-12-01", "D/F review", { measure: "df_rate_term" });
        await at("2025-03-01", "middle only", { schoolLevel: "middle" });
        const chronic = await repos.annotations.list({
          schoolCode: SCHOOL,
          schoolLevel: "elementary",
          measure: "chronic_absence_to_date",
        });
        expect(chronic.map((a) => [a.noteDate, a.text])).toEqual([
          ["2024-09-02", "first day"],
          ["2024-11-04", "mentors start"],
        ]);
        expect(chronic[1]).toMatchObject({ author: lead.displayName, createdAt: START });
        const autumn = await repos.annotations.list({
          schoolCode: SCHOOL,
          from: "2024-10-01",
          to: "2024-12-31",
        });
        expect(autumn.map((a) => a.text)).toEqual(["mentors start", "D/F review"]);
        expect(await repos.annotations.list({ schoolCode: OTHER_SCHOOL })).toEqual([]);
      });

      it("refuses a day off the calendar, an empty or long text, naming the value", async () => {
        const lead = await repos.users.create(newUser());
        const add = (noteDate: string, text: string) =>
          repos.annotations.add({ schoolCode: SCHOOL, noteDate, text, createdBy: lead.id });
        await expect(add("2024-02-30", "x")).rejects.toThrow('invalid date "2024-02-30"');
        await expect(add("1 Feb 2024", "x")).rejects.toThrow('invalid date "1 Feb 2024"');
        await expect(add("2024-02-01", "   ")).rejects.toThrow(WorkspaceInputError);
        await expect(add("2024-02-01", "x".repeat(501))).rejects.toThrow("501 characters");
      });
    });

    describeImprovementStorage(() => ({ ws, repos, time }));
    describeLearningStorage(() => ({ repos, time }));
    describeFacilitationStorage(() => ({ ws, repos, time }));
    describeProcessMeasureStorage(() => ({ repos, time }));
    describeResourceStorage(() => ({ repos, time }));
    describeCollaborativeStorage(() => ({ repos, time }));

    describe("logIn, resolveSession and endSession", () => {
      const deps = () => ({
        users: repos.users,
        sessions: repos.sessions,
        limiter: new LoginRateLimiter(repos.loginAttempts, time.clock),
        clock: time.clock,
        scryptParams: TEST_SCRYPT_PARAMS,
      });
      const request = {
        email: "lead@district.example",
        password: "correct horse battery",
        ip: "10.0.0.1",
      };

      beforeEach(async () => {
        await repos.users.create(
          newUser({ passwordHash: await hashPassword(request.password, TEST_SCRYPT_PARAMS) }),
        );
      });

      it("signs in, stores only the token's hash, and resolves the cookie to the user", async () => {
        const result = await logIn(deps(), {
          ...request,
          email: "LEAD@district.example",
          userAgent: "test",
        });
        if (!result.ok) throw new Error(`login failed: ${result.reason}`);
        expect(result.session.id).toBe(sessionIdOf(result.token));
        const stored = await sql<{ id: string }>`select id from sessions`.execute(ws.db);
        expect(stored.rows.map((r) => r.id)).toEqual([sessionIdOf(result.token)]);
        expect(JSON.stringify(stored.rows)).not.toContain(result.token);
        time.advance(10 * MINUTE);
        const resolved = await resolveSession(repos.sessions, time.clock, result.token);
        expect(resolved?.user.email).toBe("lead@district.example");
        expect(resolved?.session.expiresAt).toEqual(new Date(START.getTime() + 40 * MINUTE));
        expect(
          await resolveSession(repos.sessions, time.clock, `${result.token}x`),
        ).toBeUndefined();
        expect(await endSession(repos.sessions, result.token)).toBe(true);
        expect(await resolveSession(repos.sessions, time.clock, result.token)).toBeUndefined();
      });

      it("ends an idle session after 30 minutes", async () => {
        const result = await logIn(deps(), request);
        if (!result.ok) throw new Error("login failed");
        time.advance(30 * MINUTE);
        expect(await resolveSession(repos.sessions, time.clock, result.token)).toBeUndefined();
      });

      it("writes a session's last-seen at most once a minute, and still ends it 30 minutes after", async () => {
        const result = await logIn(deps(), request);
        if (!result.ok) throw new Error("login failed");
        const stored = async () =>
          (
            await sql<{
              last_seen_at: Date;
              expires_at: Date;
            }>`select last_seen_at, expires_at from sessions`.execute(ws.db)
          ).rows[0]!;
        // 59 s after sign-in: nothing written, the session still ends 30 minutes after sign-in.
        time.advance(59_000);
        const early = await resolveSession(repos.sessions, time.clock, result.token);
        expect(early?.session.expiresAt).toEqual(new Date(START.getTime() + 30 * MINUTE));
        expect((await stored()).last_seen_at).toEqual(START);
        expect((await stored()).expires_at).toEqual(new Date(START.getTime() + 30 * MINUTE));
        // Live until the last instant (read without resolving, which would write and slide it)…
        time.advance(30 * MINUTE - 59_000 - 1);
        expect(await repos.sessions.findActive(sessionIdOf(result.token))).toBeDefined();
        // …and gone exactly 30 minutes after sign-in.
        time.advance(1);
        expect(await resolveSession(repos.sessions, time.clock, result.token)).toBeUndefined();
      });

      it("slides the idle expiry from a request a minute or more after the last write", async () => {
        const result = await logIn(deps(), request);
        if (!result.ok) throw new Error("login failed");
        time.advance(MINUTE);
        const touched = await resolveSession(repos.sessions, time.clock, result.token);
        expect(touched?.session.expiresAt).toEqual(new Date(START.getTime() + 31 * MINUTE));
        expect(touched?.session.lastSeenAt).toEqual(new Date(START.getTime() + MINUTE));
        time.advance(30 * MINUTE - 1);
        expect(await repos.sessions.findActive(sessionIdOf(result.token))).toBeDefined();
        time.advance(1);
        expect(await resolveSession(repos.sessions, time.clock, result.token)).toBeUndefined();
      });

      it("answers a wrong password and an unknown email alike", async () => {
        expect(await logIn(deps(), { ...request, password: "wrong" })).toEqual({
          ok: false,
          reason: "invalid_credentials",
        });
        expect(await logIn(deps(), { ...request, email: "nobody@x.example" })).toEqual({
          ok: false,
          reason: "invalid_credentials",
        });
        expect(
          await repos.loginAttempts.recentIpFailures("10.0.0.1", new Date(0), 10),
        ).toHaveLength(2);
      });

      it("refuses even the right password once the email is rate limited", async () => {
        for (let i = 0; i < 5; i++) await logIn(deps(), { ...request, password: `guess${i}` });
        expect(await logIn(deps(), request)).toEqual({
          ok: false,
          reason: "rate_limited",
          retryAfterSeconds: 900,
        });
        time.advance(15 * MINUTE);
        expect((await logIn(deps(), request)).ok).toBe(true);
      });

      it("changes a password only with the current one, ending every session", async () => {
        const first = await logIn(deps(), request);
        if (!first.ok) throw new Error("login failed");
        const change = {
          email: request.email,
          currentPassword: "wrong",
          newPassword: "a brand new passphrase",
        };
        expect(await changePassword(deps(), change)).toEqual({
          ok: false,
          reason: "invalid_credentials",
        });
        await expect(
          changePassword(deps(), {
            ...change,
            currentPassword: request.password,
            newPassword: "short",
          }),
        ).rejects.toThrow("password rejected");
        expect(
          await changePassword(deps(), { ...change, currentPassword: request.password }),
        ).toEqual({
          ok: true,
          sessionsEnded: 1,
        });
        expect(await resolveSession(repos.sessions, time.clock, first.token)).toBeUndefined();
        expect(await logIn(deps(), request)).toEqual({ ok: false, reason: "invalid_credentials" });
        expect((await logIn(deps(), { ...request, password: "a brand new passphrase" })).ok).toBe(
          true,
        );
      });

      it("rehashes a password stored with other parameters", async () => {
        const stronger = { N: 2 ** 11, r: 8, p: 1 };
        const result = await logIn({ ...deps(), scryptParams: stronger }, request);
        expect(result.ok).toBe(true);
        const stored = await repos.users.findCredentials(request.email);
        expect(parsePasswordHash(stored?.passwordHash ?? "").params).toEqual(stronger);
      });
    });
  });
}
