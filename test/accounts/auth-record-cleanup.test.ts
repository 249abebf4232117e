import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type AuthRecordCleanup,
  startAuthRecordCleanup,
} from "../../src/accounts/auth-record-cleanup.ts";
import { loadFramework } from "../../src/domain/framework/load-framework.ts";
import { buildApp } from "../../src/server/app.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";
import { openWorkspace } from "../../src/workspace/open-workspace.ts";
import { workspaceRepositories } from "../../src/workspace/workspace-repositories.ts";

const MINUTE = 60_000;

describe("startAuthRecordCleanup(purge, intervalMs, onError)", () => {
  let cleanup: AuthRecordCleanup | undefined;
  afterEach(async () => {
    await cleanup?.stop();
    cleanup = undefined;
  });

  it("rejects when the first run fails, so a server does not start on a workspace it cannot write", async () => {
    await expect(
      startAuthRecordCleanup(
        () => Promise.reject(new Error("workspace gone")),
        20,
        () => {},
      ),
    ).rejects.toThrow("workspace gone");
  });

  it("reports a failed periodic run and keeps running", async () => {
    let calls = 0;
    const errors: unknown[] = [];
    cleanup = await startAuthRecordCleanup(
      async () => {
        calls += 1;
        if (calls === 2) throw new Error("connection reset");
      },
      10,
      (e) => errors.push(e),
    );
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(3), { timeout: 2000 });
    expect(errors.map((e) => (e as Error).message)).toEqual(["connection reset"]);
  });

  it("does not start a run while the previous one is still going", async () => {
    let running = 0;
    let most = 0;
    let calls = 0;
    cleanup = await startAuthRecordCleanup(
      async () => {
        calls += 1;
        running += 1;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 50));
        running -= 1;
      },
      5,
      () => {},
    );
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(3), { timeout: 2000 });
    expect(most).toBe(1);
  });

  it("refuses an interval that is not a positive number of ms, naming it", async () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(
        startAuthRecordCleanup(
          async () => {},
          bad,
          () => {},
        ),
      ).rejects.toThrow(`got ${bad}`);
    }
  });
});

describe("buildApp({ options: { authCleanupIntervalMs } })", () => {
  it("deletes expired sessions and stale login attempts when ready, then periodically, until closed", async () => {
    let now = new Date("2026-03-02T09:00:00Z").getTime();
    const clock = () => new Date(now);
    const warehouse = await Warehouse.open(":memory:");
    const workspace = await openWorkspace({ dataDir: ":memory:" });
    const repos = workspaceRepositories(workspace.db, clock);
    const count = async (table: "sessions" | "login_attempts") =>
      (await workspace.db.selectFrom(table).select("id").execute()).length;
    const user = await repos.users.create({
      email: "lead@district.example",
      displayName: "Lead",
      passwordHash: "scrypt$1024$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
      role: "hub_admin",
    });
    const session = (digit: string, expiresInMin: number) =>
      repos.sessions.create({
        id: digit.repeat(64),
        userId: user.id,
        csrfToken: "c",
        expiresAt: new Date(now + expiresInMin * MINUTE),
      });
    await session("1", 10);
    await session("2", 60);
    await repos.loginAttempts.record({ email: "x@y.example", ip: "10.0.0.1", succeeded: false });
    now += 20 * MINUTE;
    await repos.loginAttempts.record({ email: "x@y.example", ip: "10.0.0.1", succeeded: false });

    const app = await buildApp({
      warehouse,
      workspace,
      framework: loadFramework("frameworks/core-sqii.yaml"),
      clock,
      options: { authCleanupIntervalMs: 20 },
    });
    try {
      expect(await count("sessions")).toBe(2);
      await app.ready();
      expect(await count("sessions")).toBe(1);
      expect(await count("login_attempts")).toBe(1);

      now += 60 * MINUTE;
      await vi.waitFor(async () => expect(await count("sessions")).toBe(0), { timeout: 5000 });
      expect(await count("login_attempts")).toBe(0);
    } finally {
      await app.close();
    }
    await session("3", -1);
    await new Promise((r) => setTimeout(r, 100));
    expect(await count("sessions")).toBe(1);
    await workspace.close();
    warehouse.close();
  });
});
