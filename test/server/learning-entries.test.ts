import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog } from "../../src/workspace/audit-log.ts";
import { workspaceRepositories } from "../../src/workspace/workspace-repositories.ts";
import {
  callAs,
  createAlphaBetaPlan,
  type Harness,
  PUBLISHED,
  S1,
  S2,
  S3,
  startHarness,
  type Who,
} from "./fixture.ts";

let h: Harness;
const ids = { plan: 0, cycle: 0, foreignCycle: 0 };
beforeAll(async () => {
  h = await startHarness();
  const repos = workspaceRepositories(h.workspace.db);
  const plan = await createAlphaBetaPlan(h);
  ids.plan = plan.id;
  ids.cycle = (
    await repos.pdsaCycles.start({
      planId: plan.id,
      schoolCode: S2,
      changeIdea: "Day-2 calls",
      prediction: "half return",
    })
  ).id;
  const other = await repos.plans.create({
    kind: "community",
    runId: PUBLISHED,
    schoolLevel: "elementary",
    groupKey: "C2",
    title: "C2",
    schools: [{ schoolCode: S3, schoolName: "Gamma Elementary", role: "member" }],
    createdBy: h.userIds.hub_admin,
  });
  ids.foreignCycle = (
    await repos.pdsaCycles.start({
      planId: other.id,
      schoolCode: S3,
      changeIdea: "x",
      prediction: "y",
    })
  ).id;
});
afterAll(async () => {
  await h?.close();
});

const call = (who: Who, method: string, url: string, payload?: object) =>
  callAs(h, who, method, url, payload);
const url = (rest = "") => `/api/plans/${ids.plan}/learning${rest}`;

describe("two-way learning: /api/plans/:planId/learning", () => {
  let took = 0;

  it("records what each school took and gave, for the user's own school, and audits it", async () => {
    const res = await call("school_staff", "POST", url(), {
      direction: "took",
      partner_code: S2,
      entry_date: "2024-10-20",
      text: "Beta's day-2 call script",
      cycle_id: ids.cycle,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ school_code: S1, direction: "took", cycle_id: ids.cycle });
    took = res.json().id;
    const gave = await call("other_school_staff", "POST", url(), {
      direction: "gave",
      partner_code: S1,
      entry_date: "2024-10-15",
      text: "Showed Alpha how we keep the weekly count",
    });
    expect(gave.statusCode).toBe(201);
    const audit = await new AuditLog(h.workspace.db).list({ userId: h.userIds.school_staff });
    expect(audit.map((a) => [a.action, a.resource, a.schoolCode])).toContainEqual([
      "create",
      `learning entry ${took} of plan ${ids.plan}`,
      S1,
    ]);
  });

  it("shows both schools' sides, each with what it took and what it gave", async () => {
    const res = await call("facilitator", "GET", url());
    expect(res.statusCode).toBe(200);
    const sides = res
      .json()
      .schools.map(
        (s: { school_code: string; took: { text: string }[]; gave: { text: string }[] }) => [
          s.school_code,
          s.took.map((e) => e.text),
          s.gave.map((e) => e.text),
        ],
      );
    expect(sides).toEqual([
      [S1, ["Beta's day-2 call script"], []],
      [S2, [], ["Showed Alpha how we keep the weekly count"]],
    ]);
  });

  it("lets a school write only its own side, and tells no one outside the plan it exists", async () => {
    expect(
      (await call("other_school_staff", "PUT", url(`/${took}`), { text: "x" })).statusCode,
    ).toBe(403);
    expect((await call("other_school_staff", "DELETE", url(`/${took}`))).statusCode).toBe(403);
    const forOther = await call("school_staff", "POST", url(), {
      school_code: S2,
      direction: "gave",
      entry_date: "2024-10-20",
      text: "x",
    });
    expect(forOther.statusCode).toBe(403);
    for (const who of ["network_member", "other_district_admin"] as const) {
      const res = await call(who, "GET", url());
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain("call script");
    }
    expect((await call("anonymous", "GET", url())).statusCode).toBe(404);
  });

  it("refuses another plan's cycle, a partner outside the plan and a day off the calendar", async () => {
    const post = (body: object) =>
      call("school_staff", "POST", url(), {
        direction: "took",
        entry_date: "2024-10-20",
        text: "words",
        ...body,
      });
    const foreign = await post({ cycle_id: ids.foreignCycle });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.message).toContain(`cycle ${ids.foreignCycle} is not a cycle`);
    expect((await post({ partner_code: S3 })).statusCode).toBe(400);
    expect((await post({ entry_date: "2024-02-30" })).statusCode).toBe(400);
    expect((await post({ text: "" })).statusCode).toBe(400);
  });

  it("corrects and takes back an entry, auditing each", async () => {
    const put = await call("school_staff", "PUT", url(`/${took}`), {
      direction: "gave",
      text: "Shared our huddle",
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ direction: "gave", text: "Shared our huddle" });
    const removed = await call("school_staff", "DELETE", url(`/${took}`));
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ id: took, text: "Shared our huddle" });
    expect((await call("school_staff", "DELETE", url(`/${took}`))).statusCode).toBe(404);
    const audit = await new AuditLog(h.workspace.db).list({ userId: h.userIds.school_staff });
    const resource = `learning entry ${took} of plan ${ids.plan}`;
    // Newest first.
    expect(audit.filter((a) => a.resource === resource).map((a) => a.action)).toEqual([
      "delete",
      "update",
      "create",
    ]);
  });
});
