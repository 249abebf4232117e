import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword, TEST_SCRYPT_PARAMS } from "../../src/accounts/password-hash.ts";
import type { Plan } from "../../src/workspace/plan-repository.ts";
import {
  type WorkspaceRepositories,
  workspaceRepositories,
} from "../../src/workspace/workspace-repositories.ts";
import { type Harness, PASSWORD, S1, S2, S3, signIn, startHarness, type Who } from "./fixture.ts";

/** The server's clock, set by each test. */
let now = new Date("2026-03-31T12:00:00Z");
const at = (iso: string) => {
  now = new Date(iso);
};
let h: Harness;
let repos: WorkspaceRepositories;
/** P1: pair S1–S2 (district D1); P2: S3's plan (district D2); both facilitated by `facilitator`. */
let p1: Plan;
let p2: Plan;
let secondFacilitator = 0;

beforeAll(async () => {
  h = await startHarness(() => now);
  repos = workspaceRepositories(h.workspace.db, () => now);
  secondFacilitator = (
    await repos.users.create({
      email: "second_facilitator@example.org",
      displayName: "Second facilitator",
      passwordHash: await hashPassword(PASSWORD, TEST_SCRYPT_PARAMS),
      role: "facilitator",
    })
  ).id;
  at("2025-12-01T09:00:00Z");
  p1 = await repos.plans.create({
    kind: "pair",
    runId: null,
    schoolLevel: "elementary",
    groupKey: S1,
    title: "Alpha and Beta",
    schools: [
      { schoolCode: S1, schoolName: "Alpha Elementary", role: "priority" },
      { schoolCode: S2, schoolName: "Beta Elementary", role: "partner" },
    ],
    facilitatorId: h.userIds.facilitator,
    createdBy: h.userIds.hub_admin,
  });
  p2 = await repos.plans.create({
    kind: "community",
    runId: null,
    schoolLevel: "elementary",
    groupKey: "C9",
    title: "Gamma's community",
    schools: [{ schoolCode: S3, schoolName: "Gamma Elementary", role: "member" }],
    facilitatorId: h.userIds.facilitator,
    createdBy: h.userIds.hub_admin,
  });
  // Cycles of P1, started in the first quarter of 2026.
  at("2026-01-10T10:00:00Z");
  const cycle = (dueOn: string, title: string) =>
    repos.pdsaCycles.start({
      planId: p1.id,
      schoolCode: S1,
      title,
      changeIdea: title,
      prediction: "more return",
      dueOn,
    });
  await cycle("2026-03-15", "mid-March");
  const decided = await cycle("2026-03-30", "decided");
  await cycle("2026-03-31", "last day of Q1");
  await cycle("2026-04-01", "first day of Q2");
  at("2026-03-20T10:00:00Z");
  await repos.pdsaCycles.update(decided.id, { decision: "adopt", results: "held" });
  // P1 met late on the last day of Q1 (UTC) and has a Q2 meeting scheduled.
  await repos.meetings.add({
    planId: p1.id,
    heldAt: new Date("2026-03-31T22:00:00Z"),
    held: true,
    createdBy: h.userIds.facilitator,
  });
  await repos.meetings.add({
    planId: p1.id,
    heldAt: new Date("2026-04-20T16:00:00Z"),
    createdBy: h.userIds.facilitator,
  });
  // P2 met just after midnight on the first day of Q2.
  await repos.meetings.add({
    planId: p2.id,
    heldAt: new Date("2026-04-01T00:30:00Z"),
    held: true,
    createdBy: h.userIds.facilitator,
  });
});
afterAll(async () => {
  await h?.close();
});

async function call(who: Who, method: "GET" | "PUT" | "POST", url: string, payload?: object) {
  const { cookie, csrf } = await signIn(h.app, who);
  return h.app.inject({
    method,
    url,
    headers: { ...(cookie ? { cookie } : {}), ...(csrf ? { "x-csrf-token": csrf } : {}) },
    ...(payload ? { payload } : {}),
  });
}

async function audited(action: string): Promise<string[]> {
  const rows = await h.workspace.db
    .selectFrom("audit_log")
    .select("resource")
    .where("action", "=", action)
    .orderBy("seq")
    .execute();
  return rows.map((r) => r.resource);
}

interface Queue {
  today: string;
  quarter: { key: string };
  awaiting_review: { plan: { id: number }; review: { id: number; submitted_by: string } }[];
  overdue_cycles: { plan: { id: number }; title: string; due_on: string; days_late: number }[];
  not_met: { plan: { id: number }; last_held: string | null; next_scheduled: string | null }[];
}
const queue = async (who: Who = "facilitator") =>
  (await call(who, "GET", "/api/facilitation")).json() as Queue;

describe("GET /api/facilitation", () => {
  it("on the last day of a quarter: a cycle due today is not overdue, and a meeting late that day counts", async () => {
    at("2026-03-31T23:59:59Z");
    const q = await queue();
    expect([q.today, q.quarter.key]).toEqual(["2026-03-31", "2026-Q1"]);
    expect(q.overdue_cycles.map((c) => [c.title, c.due_on, c.days_late])).toEqual([
      ["mid-March", "2026-03-15", 16],
    ]);
    // P1 met on 31 March; P2's meeting of 1 April belongs to the next quarter.
    expect(q.not_met).toEqual([
      { plan: expect.objectContaining({ id: p2.id }), last_held: null, next_scheduled: null },
    ]);
  });

  it("on the first day of the next quarter: yesterday's due date is overdue, and last quarter's meeting no longer counts", async () => {
    at("2026-04-01T00:00:00Z");
    const q = await queue();
    expect([q.today, q.quarter.key]).toEqual(["2026-04-01", "2026-Q2"]);
    expect(q.overdue_cycles.map((c) => [c.title, c.days_late])).toEqual([
      ["mid-March", 17],
      ["last day of Q1", 1],
    ]);
    expect(q.not_met).toEqual([
      {
        plan: expect.objectContaining({ id: p1.id, title: "Alpha and Beta" }),
        last_held: "2026-03-31",
        next_scheduled: "2026-04-20",
      },
    ]);
  });

  it("lists each district admin only their district's plans, and refuses school staff and the public", async () => {
    at("2026-04-02T09:00:00Z");
    const d1 = await queue("district_admin");
    expect(d1.overdue_cycles.map((c) => c.plan.id)).toEqual([p1.id, p1.id, p1.id]);
    expect(d1.not_met.map((n) => n.plan.id)).toEqual([p1.id]);
    const d2 = await queue("other_district_admin");
    expect([d2.overdue_cycles, d2.not_met]).toEqual([[], []]);
    expect((await call("school_staff", "GET", "/api/facilitation")).statusCode).toBe(403);
    expect((await call("anonymous", "GET", "/api/facilitation")).statusCode).toBe(401);
  });
});

describe("reviewing a plan: POST and PUT /api/plans/:planId/reviews", () => {
  it("takes a team's submission to the facilitator's list, and the facilitator's answer off it, audited", async () => {
    at("2026-04-02T09:00:00Z");
    const submitted = await call("school_staff", "POST", `/api/plans/${p1.id}/reviews`, {
      note: "Aim and driver diagram ready",
    });
    expect(submitted.statusCode).toBe(201);
    const review = submitted.json();
    expect(review).toMatchObject({ state: "submitted", submitted_by: "school_staff" });
    expect(
      (await call("other_school_staff", "POST", `/api/plans/${p1.id}/reviews`, {})).statusCode,
    ).toBe(409);
    const waiting = await queue();
    expect(waiting.awaiting_review.map((a) => [a.plan.id, a.review.id])).toEqual([
      [p1.id, review.id],
    ]);

    const url = `/api/plans/${p1.id}/reviews/${review.id}`;
    // A partner school's staff may read the plan but not answer its review; outsiders see nothing.
    expect(
      (await call("other_school_staff", "PUT", url, { outcome: "reviewed", comments: "" }))
        .statusCode,
    ).toBe(403);
    expect(
      (await call("other_district_admin", "PUT", url, { outcome: "reviewed", comments: "" }))
        .statusCode,
    ).toBe(404);
    const bare = await call("facilitator", "PUT", url, {
      outcome: "changes_requested",
      comments: " ",
    });
    expect(bare.statusCode).toBe(400);
    at("2026-04-03T15:00:00Z");
    const answered = await call("facilitator", "PUT", url, {
      outcome: "changes_requested",
      comments: "Say by when the aim is met.",
    });
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toMatchObject({
      state: "changes_requested",
      comments: "Say by when the aim is met.",
      reviewed_by: "facilitator",
      reviewed_at: "2026-04-03T15:00:00.000Z",
    });
    expect(
      (await call("facilitator", "PUT", url, { outcome: "reviewed", comments: "" })).statusCode,
    ).toBe(409);
    expect((await queue()).awaiting_review).toEqual([]);
    const list = await call("other_school_staff", "GET", `/api/plans/${p1.id}/reviews`);
    expect(list.json().reviews.map((r: { state: string }) => r.state)).toEqual([
      "changes_requested",
    ]);
    expect(await audited("submit_for_review")).toEqual([`plan ${p1.id}: review ${review.id}`]);
    expect(await audited("review")).toEqual([
      `plan ${p1.id}: review ${review.id} changes_requested`,
    ]);
  });
});

describe("PUT /api/plans/:planId/facilitator", () => {
  it("lets a member school's district admin hand the plan to another facilitator, audited; the first one then sees nothing of it", async () => {
    const url = `/api/plans/${p1.id}/facilitator`;
    const choice = await call("district_admin", "GET", url);
    expect(choice.json()).toEqual({
      facilitator: { id: h.userIds.facilitator, name: "facilitator" },
      candidates: [
        { id: h.userIds.facilitator, name: "facilitator" },
        { id: secondFacilitator, name: "Second facilitator" },
      ],
    });
    const notFacilitator = await call("district_admin", "PUT", url, {
      facilitator_id: h.userIds.school_staff,
    });
    expect(notFacilitator.statusCode).toBe(400);
    expect(notFacilitator.json().error.message).toBe(
      `user ${h.userIds.school_staff} is not an active facilitator account`,
    );
    expect((await call("facilitator", "PUT", url, { facilitator_id: null })).statusCode).toBe(403);
    const moved = await call("district_admin", "PUT", url, { facilitator_id: secondFacilitator });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().facilitator).toEqual({ id: secondFacilitator, name: "Second facilitator" });
    expect((await call("facilitator", "GET", `/api/plans/${p1.id}`)).statusCode).toBe(404);
    expect(await audited("assign_facilitator")).toEqual([
      `plan ${p1.id}: facilitator ${h.userIds.facilitator} → ${secondFacilitator}`,
    ]);
    // The hub gives it back.
    const back = await call("hub_admin", "PUT", url, { facilitator_id: h.userIds.facilitator });
    expect(back.json().facilitator.id).toBe(h.userIds.facilitator);
  });
});

describe("progress scores and GET /api/network/rollup", () => {
  it("takes a team's monthly score on the 0.5–5.0 scale, not for a month to come, audited", async () => {
    at("2026-04-02T09:00:00Z");
    const put = (month: string, body: object, who: Who = "school_staff") =>
      call(who, "PUT", `/api/plans/${p1.id}/progress-scores/${month}`, body);
    expect((await put("2026-05", { score: 2 })).statusCode).toBe(400);
    expect((await put("2026-03", { score: 2.3 })).statusCode).toBe(400);
    expect((await put("2026-03", { score: 2 }, "other_district_admin")).statusCode).toBe(404);
    expect((await put("2026-01", { score: 1.5 })).statusCode).toBe(200);
    const march = await put("2026-03", { score: 2.5, note: "day-2 calls tested" });
    expect(march.json()).toMatchObject({
      month: "2026-03",
      score: 2.5,
      meaning: "Changes tested, no improvement",
    });
    const read = await call("other_school_staff", "GET", `/api/plans/${p1.id}/progress-scores`);
    expect(
      read.json().scores.map((s: { month: string; score: number }) => [s.month, s.score]),
    ).toEqual([
      ["2026-01", 1.5],
      ["2026-03", 2.5],
    ]);
    expect(read.json().scale).toHaveLength(10);
    expect(await audited("progress_score")).toEqual([
      `plan ${p1.id}: progress 2026-01 = 1.5`,
      `plan ${p1.id}: progress 2026-03 = 2.5`,
    ]);
  });

  it("rolls up a quarter for the hub: who met, cycles started and completed, decisions, a year of scores", async () => {
    at("2026-04-02T09:00:00Z");
    const q1 = (await call("hub_admin", "GET", "/api/network/rollup?quarter=2026-Q1")).json();
    expect(q1.quarter).toEqual({
      key: "2026-Q1",
      start: "2026-01-01",
      end: "2026-04-01",
      months: ["2026-01", "2026-02", "2026-03"],
    });
    expect(q1.months[0]).toBe("2025-04");
    expect(q1.months.at(-1)).toBe("2026-03");
    expect(q1.pairs).toEqual({ teams: 1, met: 1 });
    expect(q1.communities).toEqual({ teams: 1, met: 0 });
    expect([q1.cycles_started, q1.cycles_completed, q1.decisions]).toEqual([
      4,
      1,
      { adopt: 1, adapt: 0, abandon: 0 },
    ]);
    const team = q1.teams.find((t: { plan: { id: number } }) => t.plan.id === p1.id);
    expect(team).toMatchObject({ met: true, meetings_held: 1, facilitator: "facilitator" });
    expect(team.scores.slice(-3)).toEqual([1.5, null, 2.5]);
    expect(team.scores.slice(0, 9).every((s: number | null) => s === null)).toBe(true);

    // This quarter (the default): P2 met on 1 April, no cycle started or completed yet.
    const q2 = (await call("hub_admin", "GET", "/api/network/rollup")).json();
    expect(q2.quarter.key).toBe("2026-Q2");
    expect([q2.pairs, q2.communities]).toEqual([
      { teams: 1, met: 0 },
      { teams: 1, met: 1 },
    ]);
    expect([q2.cycles_started, q2.cycles_completed]).toEqual([0, 0]);
    // A quarter before any plan existed has no teams.
    expect(
      (await call("hub_admin", "GET", "/api/network/rollup?quarter=2025-Q3")).json().teams,
    ).toEqual([]);
  });

  it("is the hub's only, and names a bad quarter", async () => {
    for (const who of ["facilitator", "district_admin", "school_staff"] as const) {
      expect((await call(who, "GET", "/api/network/rollup")).statusCode, who).toBe(403);
    }
    const bad = await call("hub_admin", "GET", "/api/network/rollup?quarter=2026-Q5");
    expect(bad.statusCode).toBe(400);
  });
});
