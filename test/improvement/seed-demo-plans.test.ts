import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disclosureReader } from "../../src/disclosure/disclosure-reader.ts";
import { quarterOf } from "../../src/improvement/calendar-quarter.ts";
import { loadImprovementTemplates } from "../../src/improvement/improvement-templates.ts";
import { networkRollup } from "../../src/improvement/network-rollup.ts";
import { readPlanActivity } from "../../src/improvement/read-plan-activity.ts";
import { demoWorkStart, seedDemoPlans } from "../../src/improvement/seed-demo-plans.ts";
import { workspaceRepositories } from "../../src/workspace/workspace-repositories.ts";
import { type Harness, PUBLISHED, S1, S2, startHarness } from "../server/fixture.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("seedDemoPlans(reader, repos, templates, input)", () => {
  it("gives the run's pairs and communities a year of plans, cycles and meetings, once", async () => {
    const repos = workspaceRepositories(h.workspace.db);
    const input = {
      runId: PUBLISHED,
      year: 2024,
      facilitatorId: h.userIds.facilitator,
      hubId: h.userIds.hub_admin,
      dated: (when: Date) => workspaceRepositories(h.workspace.db, () => when),
    };
    const reader = disclosureReader(h.warehouse, h.framework);
    const templates = loadImprovementTemplates();
    // The fixture's run: pair S1–S2, communities C1 (S1, S2) and C2 (S3).
    expect(await seedDemoPlans(reader, repos, templates, input)).toBe(3);
    const plans = await repos.plans.list();
    expect(plans.map((p) => [p.kind, p.groupKey, p.status])).toEqual([
      ["pair", S1, "active"],
      ["community", "C1", "active"],
      ["community", "C2", "active"],
    ]);
    const pair = plans[0]!;
    expect(pair.schools.map((s) => s.schoolCode)).toEqual([S1, S2]);
    const cycles = await repos.pdsaCycles.listForPlan(pair.id);
    expect(cycles.map((c) => [c.schoolCode, c.decision])).toEqual([
      [S1, "adapt"],
      [S1, "adopt"],
      [S2, "adapt"],
      [S2, null],
    ]);
    expect(cycles[1]!.parentCycleId).toBe(cycles[0]!.id);
    const meetings = await repos.meetings.listForPlan(pair.id);
    expect(meetings.map((m) => m.held)).toEqual([true, true, true, false]);
    expect(meetings[0]!.attendance.map((a) => a.schoolCode)).toEqual([S1, S2, null]);
    expect((await repos.planSections.diagram(pair.id)).nodes).toHaveLength(6);
    // Dated as the work would have been: the plan before the autumn of 2024, cycles in it.
    expect(pair.createdAt.toISOString()).toBe("2024-08-18T00:00:00.000Z");
    expect(cycles[0]!.startedAt.toISOString()).toBe("2024-09-08T00:00:00.000Z");
    expect(cycles[0]!.endedAt?.toISOString()).toBe("2024-10-06T00:00:00.000Z");
    // A year of monthly progress scores per team, climbing the IHI scale.
    const scores = await repos.progressScores.list(plans.map((p) => p.id));
    const pairScores = scores.filter((s) => s.planId === pair.id);
    expect(pairScores.map((s) => s.month)).toEqual([
      "2024-09",
      "2024-10",
      "2024-11",
      "2024-12",
      "2025-01",
      "2025-02",
      "2025-03",
      "2025-04",
      "2025-05",
      "2025-06",
      "2025-07",
      "2025-08",
    ]);
    expect(pairScores.at(-1)?.score).toBe(3.5);
    expect(scores).toHaveLength(36);
    // The pair's plan was reviewed twice; the first community's awaits its review.
    expect((await repos.planReviews.listForPlan(pair.id)).map((r) => r.outcome)).toEqual([
      "reviewed",
      "changes_requested",
    ]);
    const open = await repos.planReviews.awaiting(plans.map((p) => p.id));
    expect([...open.keys()]).toEqual([plans[1]!.id]);
    // A school year of the team's weekly counts: 38 weeks (the winter break has none).
    const measures = await repos.processMeasures.listForPlan(pair.id);
    expect(measures.map((m) => [m.name, m.chart, m.schoolCode, m.values.length])).toEqual([
      ["Families called about an absence", "run", null, 38],
      ["Students reviewed at the Monday huddle", "xmr", S1, 38],
    ]);
    expect(measures[0]!.values[0]!.date).toBe("2024-09-05");
    expect(measures[0]!.values.at(-1)!.date).toBe("2025-06-05");
    expect(await seedDemoPlans(reader, repos, templates, input)).toBe(0);
  }, 60_000);
});

describe("a demo seeded today (npm start)", () => {
  let today: Harness;
  beforeAll(async () => {
    today = await startHarness();
  });
  afterAll(async () => {
    await today?.close();
  });

  it("is dated so that the current quarter has held meetings and nothing is dated after today", async () => {
    const now = new Date("2026-12-08T10:00:00Z");
    const start = demoWorkStart(now);
    expect(start.toISOString()).toBe("2026-05-01T00:00:00.000Z");
    const repos = workspaceRepositories(today.workspace.db, () => now);
    await seedDemoPlans(
      disclosureReader(today.warehouse, today.framework),
      repos,
      loadImprovementTemplates(),
      {
        runId: PUBLISHED,
        year: 2024,
        facilitatorId: today.userIds.facilitator,
        hubId: today.userIds.hub_admin,
        dated: (when: Date) => workspaceRepositories(today.workspace.db, () => when),
        start,
        until: now,
      },
    );
    const plans = await repos.plans.list();
    const ids = plans.map((p) => p.id);
    const rollup = networkRollup(
      await readPlanActivity(repos, plans),
      await repos.progressScores.list(ids),
      quarterOf("2026-12-08"),
    );
    expect(rollup.teams.filter((t) => t.met)).toHaveLength(plans.length);
    const latest = (dates: readonly string[]) => [...dates].sort().at(-1) ?? "";
    const measures = (
      await Promise.all(ids.map((id) => repos.processMeasures.listForPlan(id)))
    ).flat();
    expect(latest(measures.flatMap((m) => m.values.map((v) => v.date)))).toBe("2026-12-08");
    const scores = await repos.progressScores.list(ids);
    expect(latest(scores.map((s) => s.month))).toBe("2026-11");
    const cycles = (await Promise.all(ids.map((id) => repos.pdsaCycles.listForPlan(id)))).flat();
    expect(
      cycles.filter((c) => c.startedAt > now || (c.endedAt !== null && c.endedAt > now)),
    ).toEqual([]);
    const meetings = (await Promise.all(ids.map((id) => repos.meetings.listForPlan(id)))).flat();
    expect(meetings.filter((m) => m.held && m.heldAt > now)).toEqual([]);
    expect(meetings.filter((m) => !m.held).every((m) => m.heldAt > now)).toBe(true);
  }, 60_000);
});
