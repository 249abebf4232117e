import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workspaceRepositories } from "../../src/workspace/workspace-repositories.ts";
import {
  createAlphaBetaPlan,
  DRAFT,
  type Harness,
  S1,
  S2,
  S3,
  signIn,
  startHarness,
  type Who,
} from "./fixture.ts";

let h: Harness;
const ids = { done: 0, open: 0, draftRun: 0 };
beforeAll(async () => {
  h = await startHarness();
  const repos = workspaceRepositories(h.workspace.db);
  // Pair S1–S2 of the published run: chronic absence of Hispanic students.
  const pair = await createAlphaBetaPlan(h);
  await repos.planSections.replaceProblems(pair.id, [
    { metric: "chronic_absence", studentGroup: "HI", statement: "Hispanic students miss school" },
  ]);
  await repos.planSections.replaceTeam(
    pair.id,
    [{ schoolCode: S1, name: "Ms Rivera", roleTitle: "Principal" }],
    new Set([S1, S2]),
  );
  const done = await repos.pdsaCycles.start({
    planId: pair.id,
    schoolCode: S1,
    title: "Day-2 calls",
    changeIdea: "Call families on day 2 of an absence",
    prediction: "Half return within 5 days",
    who: "Mr Okafor, attendance clerk",
    where: "Grade 3",
  });
  ids.done = (
    await repos.pdsaCycles.update(done.id, {
      whatHappened: "Calls made every day",
      results: "More than half returned, as predicted",
      decision: "adopt",
    })
  ).id;
  ids.open = (
    await repos.pdsaCycles.start({
      planId: pair.id,
      schoolCode: S2,
      changeIdea: "Day-1 texts still running",
      prediction: "fewer absences",
    })
  ).id;
  await repos.learning.add({
    planId: pair.id,
    schoolCode: S2,
    direction: "took",
    entryDate: "2024-10-01",
    text: "kept within the pair",
    createdBy: h.userIds.hub_admin,
  });
  // Community C2 of the unpublished run: S3 (1,200 students) on suspensions of African American students.
  await h.warehouse.run(
    "UPDATE school_context SET enrollment = 1200 WHERE run_id = ? AND school_code = ?",
    [DRAFT, S3],
  );
  const community = await repos.plans.create({
    kind: "community",
    runId: DRAFT,
    schoolLevel: "elementary",
    groupKey: "C2",
    title: "Community C2",
    schools: [{ schoolCode: S3, schoolName: "Gamma Elementary", role: "member" }],
    createdBy: h.userIds.hub_admin,
  });
  await repos.planSections.replaceProblems(community.id, [
    {
      metric: "suspension",
      studentGroup: "AA",
      statement: "Suspensions of African American students",
    },
  ]);
  const circles = await repos.pdsaCycles.start({
    planId: community.id,
    schoolCode: S3,
    changeIdea: "Restorative circles in grade 5",
    prediction: "Fewer referrals",
  });
  ids.draftRun = (
    await repos.pdsaCycles.update(circles.id, {
      results: "Referrals did not change; teachers found no time",
      decision: "abandon",
    })
  ).id;
});
afterAll(async () => {
  await h?.close();
});

async function library(who: Who, query = "") {
  const { cookie } = await signIn(h.app, who);
  return h.app.inject({
    method: "GET",
    url: `/api/change-ideas${query}`,
    headers: cookie ? { cookie } : {},
  });
}
const cycleIds = (body: { change_ideas: { cycle_id: number }[] }) =>
  body.change_ideas.map((c) => c.cycle_id).sort((a, b) => a - b);

describe("GET /api/change-ideas", () => {
  it("shows a user outside every plan each completed cycle with its results and context, and no more", async () => {
    const res = await library("network_member");
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(2);
    expect(cycleIds(body)).toEqual([ids.done, ids.draftRun]);
    const calls = body.change_ideas.find((c: { cycle_id: number }) => c.cycle_id === ids.done);
    expect(calls).toMatchObject({
      change_idea: "Call families on day 2 of an absence",
      prediction: "Half return within 5 days",
      where: "Grade 3",
      what_happened: "Calls made every day",
      results: "More than half returned, as predicted",
      decision: "adopt",
      context: {
        kind: "pair",
        school_code: S1,
        school_name: "Alpha Elementary",
        district_code: S1.slice(0, 7),
        district_name: "District",
        school_level: "elementary",
        problems: [
          {
            metric: "chronic_absence",
            metric_label: "Chronic absence",
            student_group: "HI",
            statement: "Hispanic students miss school",
          },
        ],
        // The fixture's census-day enrolment is 300: a band, never the count.
        enrollment_band: "300–599",
        tier: "focus",
      },
    });
    // A cycle not completed, the plan's team, who ran the cycle, its learning and the plan itself stay in the plan.
    expect(res.body).not.toContain("Day-1 texts");
    expect(res.body).not.toContain("Ms Rivera");
    expect(res.body).not.toContain("Okafor");
    expect(res.body).not.toContain("kept within the pair");
    expect(res.body).not.toContain("plan_id");
    // What the whole library can be searched by.
    expect(body.facets).toEqual({
      problems: [
        { metric: "chronic_absence", metric_label: "Chronic absence", student_group: "HI" },
        { metric: "suspension", metric_label: "Suspension and expulsion", student_group: "AA" },
      ],
      school_levels: ["elementary"],
    });
    expect(res.body).not.toMatch(/"enrollment":|1200|[:,]300[,}]/);
  });

  it("shows a school's tier only from a run the reader may read (the unpublished one: the hub only)", async () => {
    const tierOf = async (who: Who) =>
      (await library(who, "?metric=suspension")).json().change_ideas[0].context;
    expect(await tierOf("network_member")).toMatchObject({
      tier: null,
      enrollment_band: "1,000 or more",
    });
    expect(await tierOf("hub_admin")).toMatchObject({ tier: "focus" });
  });

  it("filters by measure, student group, school level, decision and words", async () => {
    const search = async (q: string) => cycleIds((await library("school_staff", q)).json());
    expect(await search("?metric=chronic_absence")).toEqual([ids.done]);
    expect(await search("?group=AA")).toEqual([ids.draftRun]);
    expect(await search("?metric=chronic_absence&group=AA")).toEqual([]);
    expect(await search("?level=elementary")).toEqual([ids.done, ids.draftRun]);
    expect(await search("?level=high")).toEqual([]);
    expect(await search("?decision=abandon")).toEqual([ids.draftRun]);
    expect(await search("?q=predicted%20half")).toEqual([ids.done]);
    expect(await search("?q=gamma")).toEqual([ids.draftRun]);
    expect(await search("?q=texts")).toEqual([]);
    const page = (await library("school_staff", "?limit=1&offset=1")).json();
    expect([page.total, page.limit, page.offset, page.change_ideas.length]).toEqual([2, 1, 1, 1]);
  });

  it("answers the anonymous visitor 401 and a bad filter 400", async () => {
    const anonymous = await library("anonymous");
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.body).not.toContain("Call families");
    expect((await library("hub_admin", "?level=college")).statusCode).toBe(400);
    expect((await library("hub_admin", "?metric=DROP%20TABLE")).statusCode).toBe(400);
  });
});
