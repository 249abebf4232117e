import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disclosureReader } from "../../src/disclosure/disclosure-reader.ts";
import { loadImprovementTemplates } from "../../src/improvement/improvement-templates.ts";
import { seedDemoPlans } from "../../src/improvement/seed-demo-plans.ts";
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
