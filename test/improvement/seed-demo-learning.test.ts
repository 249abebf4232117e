import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disclosureReader } from "../../src/disclosure/disclosure-reader.ts";
import { loadImprovementTemplates } from "../../src/improvement/improvement-templates.ts";
import { seedDemoLearning } from "../../src/improvement/seed-demo-learning.ts";
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

describe("seedDemoLearning(repos, input)", () => {
  it("gives each school of the demo plans both sides of the learning and fills the library, once", async () => {
    const repos = workspaceRepositories(h.workspace.db);
    const input = { facilitatorId: h.userIds.facilitator, year: 2024 };
    await seedDemoPlans(
      disclosureReader(h.warehouse, h.framework),
      repos,
      loadImprovementTemplates(),
      {
        runId: PUBLISHED,
        year: 2024,
        facilitatorId: h.userIds.facilitator,
        hubId: h.userIds.hub_admin,
      },
    );
    const before = (await repos.changeIdeas.search({})).total;
    // Pair S1–S2 and community C1 (S1, S2) have two schools each; community C2 has one.
    expect(await seedDemoLearning(repos, input)).toBe(8);
    const [pair] = await repos.plans.list();
    const entries = await repos.learning.listForPlan(pair!.id);
    expect(entries.map((e) => [e.schoolCode, e.direction, e.partnerCode])).toEqual([
      [S1, "took", S2],
      [S1, "gave", S2],
      [S2, "took", S1],
      [S2, "gave", S1],
    ]);
    expect(entries.every((e) => e.cycleId !== null || e.meetingId !== null)).toBe(true);
    const library = await repos.changeIdeas.search({ limit: 100 });
    // One more completed cycle per school of each of the three plans.
    expect(library.total).toBe(before + 5);
    expect(new Set(library.cycles.map((c) => c.decision))).toEqual(
      new Set(["adopt", "adapt", "abandon"]),
    );
    expect(await seedDemoLearning(repos, input)).toBe(0);
  }, 60_000);
});
