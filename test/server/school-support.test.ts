import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workspaceRepositories } from "../../src/workspace/workspace-repositories.ts";
import { type Harness, PUBLISHED, S1, S2, S3, signIn, startHarness, type Who } from "./fixture.ts";

let h: Harness;
const AIM_WHAT = "Fewer Alpha students chronically absent";
const TITLE = "Alpha and Beta attendance";

/**
 * The plan of pair S1–S2 (facilitated by `facilitator`): its aim, three cycles (one adopted, one
 * abandoned, one open past its due date) and three meetings (two held, one scheduled).
 */
beforeAll(async () => {
  h = await startHarness();
  const repos = workspaceRepositories(h.workspace.db);
  const plan = await repos.plans.create({
    kind: "pair",
    runId: PUBLISHED,
    schoolLevel: "elementary",
    groupKey: S1,
    title: TITLE,
    schools: [
      { schoolCode: S1, schoolName: "Alpha Elementary", role: "priority" },
      { schoolCode: S2, schoolName: "Beta Elementary", role: "partner" },
    ],
    facilitatorId: h.userIds.facilitator,
    aim: {
      what: AIM_WHAT,
      metric: "chronic_absence",
      studentGroup: "ALL",
      baseline: 20,
      target: 18.5,
      by: "2025-06-30",
      forWhom: "all students",
    },
    createdBy: h.userIds.hub_admin,
  });
  const cycle = (changeIdea: string, dueOn: string) =>
    repos.pdsaCycles.start({ planId: plan.id, schoolCode: S1, changeIdea, prediction: "", dueOn });
  const first = await cycle("Day-2 calls", "2025-01-31");
  await repos.pdsaCycles.finish(first.id, { doNotes: "", studyNotes: "", decision: "adopt" });
  const second = await cycle("Attendance mentors", "2025-02-28");
  await repos.pdsaCycles.finish(second.id, { doNotes: "", studyNotes: "", decision: "abandon" });
  await cycle("Breakfast club", "2000-01-01");
  for (const [at, held] of [
    ["2024-10-15T16:00:00Z", true],
    ["2025-01-15T16:00:00Z", true],
    ["2099-04-15T16:00:00Z", false],
  ] as const) {
    await repos.meetings.add({
      planId: plan.id,
      heldAt: new Date(at),
      held,
      createdBy: h.userIds.hub_admin,
    });
  }
});
afterAll(async () => {
  await h?.close();
});

async function support(who: Who, school: string) {
  const { cookie } = await signIn(h.app, who);
  return h.app.inject({
    method: "GET",
    url: `/api/runs/${PUBLISHED}/schools/${school}/support`,
    headers: cookie ? { cookie } : {},
  });
}

describe("GET /api/runs/:run/schools/:school/support", () => {
  it("gives everyone the school's pair and its community with the other members", async () => {
    const res = await support("anonymous", S1);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.pairings_computed).toBe(true);
    expect(body.pairings.map((p: { school_code: string; partner_code: string }) => p)).toEqual([
      expect.objectContaining({ school_code: S1, partner_code: S2, school_level: "elementary" }),
    ]);
    expect(body.pairings[0].reason).toEqual(expect.any(String));
    expect(
      body.communities.map((c: { community_id: string; school_code: string }) => [
        c.community_id,
        c.school_code,
      ]),
    ).toEqual([
      ["C1", S1],
      ["C1", S2],
    ]);
  });

  it("finds the pair from the partner's side, and only the school's own community", async () => {
    const partner = (await support("anonymous", S2)).json();
    expect(partner.pairings).toEqual([
      expect.objectContaining({ school_code: S1, partner_code: S2 }),
    ]);
    const other = (await support("anonymous", S3)).json();
    expect(other.pairings).toEqual([]);
    expect(other.communities.map((c: { community_id: string }) => c.community_id)).toEqual(["C2"]);
  });

  it("shows the plan's aim and progress to each reader of the plan, at both of its schools", async () => {
    for (const who of [
      "hub_admin",
      "facilitator",
      "district_admin",
      "school_staff",
      "other_school_staff",
    ] as const) {
      for (const school of [S1, S2]) {
        const body = (await support(who, school)).json();
        expect(body.workspace, who).toBe(true);
        expect(body.plans, `${who} at ${school}`).toHaveLength(1);
        expect(body.plans[0]).toMatchObject({
          kind: "pair",
          run_id: PUBLISHED,
          school_level: "elementary",
          group_key: S1,
          title: TITLE,
          facilitator: "facilitator",
          aim: { what: AIM_WHAT, baseline: 20, target: 18.5, by: "2025-06-30" },
          progress: {
            cycles_started: 3,
            cycles_completed: 2,
            adopted: 1,
            adapted: 0,
            abandoned: 1,
            cycles_overdue: 1,
            meetings_held: 2,
            last_meeting: "2025-01-15",
            next_meeting: "2099-04-15",
          },
        });
      }
    }
  });

  it("gives the public and everyone outside the plan no trace of it", async () => {
    for (const who of ["anonymous", "network_member", "other_district_admin"] as const) {
      const res = await support(who, S1);
      expect(res.statusCode, who).toBe(200);
      expect(res.json().plans, who).toEqual([]);
      // Whether the reader has a workspace at all: their role's, not the school's.
      expect(res.json().workspace, who).toBe(who === "other_district_admin");
      // Nothing of the plan anywhere in the answer (its title, aim, facilitator).
      for (const text of [TITLE, AIM_WHAT, "Breakfast club", "18.5"]) {
        expect(res.body, `${who}: ${text}`).not.toContain(text);
      }
    }
  });

  it("answers 404 for a school that is not in the directory", async () => {
    const res = await support("anonymous", "09999990000009");
    expect(res.statusCode).toBe(404);
  });
});
