import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlanRepository } from "../../src/workspace/plan-repository.ts";
import { type Harness, S1, S2, S3, signIn, startHarness, type Who } from "./fixture.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  const plans = new PlanRepository(h.workspace.db);
  // S1's plan (partner S2) is facilitated; S3's has no facilitator yet.
  await plans.create({
    kind: "pair",
    runId: null,
    schoolLevel: "elementary",
    groupKey: S1,
    title: "Attendance",
    schools: [
      { schoolCode: S1, schoolName: "Alpha Elementary", role: "priority" },
      { schoolCode: S2, schoolName: "Beta Elementary", role: "partner" },
    ],
    facilitatorId: h.userIds.facilitator,
    createdBy: h.userIds.hub_admin,
  });
  await plans.create({
    kind: "pair",
    runId: null,
    schoolLevel: "elementary",
    groupKey: S3,
    title: "Reading",
    schools: [{ schoolCode: S3, schoolName: "Gamma Elementary", role: "priority" }],
    createdBy: h.userIds.hub_admin,
  });
});
afterAll(async () => {
  await h?.close();
});

async function facilitators(who: Who) {
  const { cookie } = await signIn(h.app, who);
  return h.app.inject({
    method: "GET",
    url: "/api/facilitators",
    headers: cookie ? { cookie } : {},
  });
}

describe("GET /api/facilitators", () => {
  it("lists the facilitators of the plans the reader may see, with their schools", async () => {
    const expected = [{ id: h.userIds.facilitator, name: "facilitator", schools: [S1, S2] }];
    for (const who of ["hub_admin", "facilitator", "district_admin"] as const) {
      const res = await facilitators(who);
      expect(res.statusCode, who).toBe(200);
      expect(res.json().facilitators, who).toEqual(expected);
    }
  });

  it("shows no plan of another district, and nothing to the public", async () => {
    expect((await facilitators("other_district_admin")).json().facilitators).toEqual([]);
    expect((await facilitators("anonymous")).statusCode).toBe(401);
  });
});
