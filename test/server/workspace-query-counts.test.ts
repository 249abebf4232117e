import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword, TEST_SCRYPT_PARAMS } from "../../src/accounts/password-hash.ts";
import type { Plan } from "../../src/workspace/plan-repository.ts";
import {
  type WorkspaceRepositories,
  workspaceRepositories,
} from "../../src/workspace/workspace-repositories.ts";
import { type Harness, PASSWORD, S1, S2, signIn, startHarness, type Who } from "./fixture.ts";

/**
 * The SQL statements each page's calls issue, counted through the workspace's query hook: the
 * count must not grow with the number of plans, cycles, meetings, reviewers or facilitators (an
 * N+1 fails here), must stay under a small bound, and a signed-in GET must not write the session
 * more than once a minute.
 */
let now = new Date("2026-03-10T12:00:00Z");
const statements: string[] = [];
let h: Harness;
let repos: WorkspaceRepositories;
const cookies = new Map<Who, string>();
let madePlans = 0;
const plans: Plan[] = [];

/** Adds `n` plans of D1 (S1–S2 pairs), each with its own facilitator (every other one the
 * fixture's), submitter of an open review, three cycles (one overdue, one decided) and two
 * meetings (one held last quarter, one scheduled). */
async function addPlans(n: number): Promise<void> {
  const hash = await hashPassword(PASSWORD, TEST_SCRYPT_PARAMS);
  for (let i = 0; i < n; i++) {
    const k = madePlans++;
    const other = await repos.users.create({
      email: `facilitator${k}@example.org`,
      displayName: `Facilitator ${k}`,
      passwordHash: hash,
      role: "facilitator",
    });
    const plan = await repos.plans.create({
      kind: "pair",
      runId: null,
      schoolLevel: "elementary",
      groupKey: `G${k}`,
      title: `Plan ${k}`,
      schools: [
        { schoolCode: S1, schoolName: "Alpha Elementary", role: "priority" },
        { schoolCode: S2, schoolName: "Beta Elementary", role: "partner" },
      ],
      facilitatorId: k % 2 === 0 ? h.userIds.facilitator : other.id,
      createdBy: h.userIds.hub_admin,
    });
    plans.push(plan);
    for (const dueOn of ["2026-03-01", "2026-03-05", "2026-04-30"]) {
      const c = await repos.pdsaCycles.start({
        planId: plan.id,
        schoolCode: S1,
        title: `cycle due ${dueOn}`,
        changeIdea: "call home",
        prediction: "more return",
        dueOn,
      });
      if (dueOn === "2026-03-05")
        await repos.pdsaCycles.update(c.id, { decision: "adopt", results: "held" });
    }
    await repos.meetings.add({
      planId: plan.id,
      heldAt: new Date("2025-12-01T15:00:00Z"),
      held: true,
      createdBy: h.userIds.hub_admin,
    });
    await repos.meetings.add({
      planId: plan.id,
      heldAt: new Date("2026-03-20T15:00:00Z"),
      held: false,
      createdBy: h.userIds.hub_admin,
    });
    await repos.planReviews.submit({ planId: plan.id, submittedBy: other.id, note: "ready" });
  }
}

/** The statements of one GET as `who`, after a first identical GET (the session just written). */
async function count(who: Who, url: string): Promise<string[]> {
  const cookie = cookies.get(who)!;
  const first = await h.app.inject({ method: "GET", url, headers: { cookie } });
  expect(first.statusCode, `${url}: ${first.body}`).toBe(200);
  statements.length = 0;
  const res = await h.app.inject({ method: "GET", url, headers: { cookie } });
  expect(res.statusCode).toBe(200);
  return [...statements];
}

beforeAll(async () => {
  h = await startHarness(() => now, { onQuery: (sql) => statements.push(sql) });
  repos = workspaceRepositories(h.workspace.db, () => now);
  for (const who of ["hub_admin", "district_admin", "facilitator", "school_staff"] as const)
    cookies.set(who, (await signIn(h.app, who)).cookie);
  await addPlans(3);
});

afterAll(async () => {
  await h.close();
});

describe("statements per request", () => {
  const calls: [Who, string, number][] = [
    ["facilitator", "/api/auth/me", 2],
    ["facilitator", "/api/facilitation", 6],
    ["hub_admin", "/api/facilitation", 6],
    ["district_admin", "/api/facilitation", 6],
    ["hub_admin", "/api/facilitators", 2],
    ["district_admin", "/api/facilitators", 2],
    ["facilitator", "/api/plans", 2],
    ["district_admin", "/api/plans", 2],
    ["hub_admin", "/api/plans", 2],
    ["hub_admin", "/api/plans?page=2&per_page=2", 2],
    ["hub_admin", "/api/plans?page=9&per_page=3", 3],
  ];
  const planCalls: [Who, (p: Plan) => string, number][] = [
    ["school_staff", (p) => `/api/plans/${p.id}`, 10],
    ["school_staff", (p) => `/api/plans/${p.id}/reviews`, 4],
    ["school_staff", (p) => `/api/plans/${p.id}/progress-scores`, 3],
    [
      "school_staff",
      (p) => `/api/plans?kind=pair&school_level=elementary&group_key=${p.groupKey}`,
      2,
    ],
  ];

  it("do not grow with the plans, and stay under each route's bound", async () => {
    const before = new Map<string, number>();
    for (const [who, url] of calls) before.set(`${who} ${url}`, (await count(who, url)).length);
    for (const [who, url] of planCalls)
      before.set(`${who} ${url(plans[0]!)}`, (await count(who, url(plans[0]!))).length);
    await addPlans(4);
    for (const [who, url, bound] of calls) {
      const n = (await count(who, url)).length;
      expect(n, `${who} ${url}`).toBe(before.get(`${who} ${url}`));
      expect(n, `${who} ${url}`).toBeLessThanOrEqual(bound);
    }
    for (const [who, url, bound] of planCalls) {
      const n = (await count(who, url(plans[0]!))).length;
      expect(n, `${who} ${url(plans[0]!)}`).toBe(before.get(`${who} ${url(plans[0]!)}`));
      expect(n, `${who} ${url(plans[0]!)}`).toBeLessThanOrEqual(bound);
    }
  });

  it("a signed-in GET writes the session at most once a minute", async () => {
    const writes = (sqls: string[]) => sqls.filter((s) => /^\s*update\b/i.test(s)).length;
    // count() makes one GET, then counts the second, made at the same instant: no write.
    expect(writes(await count("facilitator", "/api/auth/me"))).toBe(0);
    now = new Date(now.getTime() + 59_000);
    statements.length = 0;
    await h.app.inject({
      method: "GET",
      url: "/api/auth/me",
      headers: { cookie: cookies.get("facilitator")! },
    });
    expect(writes(statements)).toBe(0);
    now = new Date(now.getTime() + 61_000);
    statements.length = 0;
    await h.app.inject({
      method: "GET",
      url: "/api/auth/me",
      headers: { cookie: cookies.get("facilitator")! },
    });
    expect(writes(statements)).toBe(1);
  });
});
