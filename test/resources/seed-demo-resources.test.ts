import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoResources } from "../../src/resources/seed-demo-resources.ts";
import { workspaceRepositories } from "../../src/workspace/workspace-repositories.ts";
import { D1, D2, type Harness, startHarness } from "../server/fixture.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("seedDemoResources(repos, dated, framework, input)", () => {
  it("publishes ten resources from the districts in turn, with versions, downloads and ratings, once", async () => {
    const repos = workspaceRepositories(h.workspace.db);
    const input = {
      districts: [D1, D2],
      hubId: h.userIds.hub_admin,
      start: new Date("2024-09-01T00:00:00Z"),
    };
    const dated = (when: Date) => workspaceRepositories(h.workspace.db, () => when);
    expect(await seedDemoResources(repos, dated, h.framework, input)).toBe(10);
    const all = (await repos.resources.search({ limit: 100 })).resources;
    expect(all).toHaveLength(10);
    expect(new Set(all.map((r) => r.districtCode))).toEqual(new Set([D1, D2]));
    // D1's resources are published by D1's admin.
    expect(
      all
        .filter((r) => r.districtCode === D1)
        .every((r) => r.createdBy === h.userIds.district_admin),
    ).toBe(true);
    const pkg = all.find((r) => r.title === "Chronic absence change package")!;
    const detail = (await repos.resources.find(pkg.id, null))!;
    expect(detail.versions.map((v) => [v.version, v.downloads, v.contentType])).toEqual([
      [2, 31, "text/markdown; charset=utf-8"],
      [1, 14, "text/markdown; charset=utf-8"],
    ]);
    expect([detail.ratingCount, detail.ratingAverage]).toEqual([4, 4.75]);
    expect(detail.updatedAt.toISOString()).toBe("2024-09-24T00:00:00.000Z");
    expect(all.filter((r) => r.ratingCount > 0).length).toBe(9);
    expect((await repos.resources.search({ measure: "chronic_absence" })).total).toBe(2);
    expect(await seedDemoResources(repos, dated, h.framework, input)).toBe(0);
  });
});
