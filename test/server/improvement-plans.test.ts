import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog } from "../../src/workspace/audit-log.ts";
import { callAs, type Harness, PUBLISHED, S1, S2, S3, startHarness, type Who } from "./fixture.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // S1 was identified for its ALL group's chronic absence, and for its Asian students' (n = 8).
  const triggers = [
    {
      group: "ALL",
      meanLevel: 4,
      measures: [{ metric: "chronic_absence", studentGroup: "ALL", level: 4 }],
    },
    {
      group: "AS",
      meanLevel: 2,
      measures: [{ metric: "chronic_absence", studentGroup: "AS", level: 2 }],
    },
  ];
  await h.warehouse.run(
    "UPDATE identification SET triggers = ? WHERE run_id = ? AND school_code = ?",
    [JSON.stringify(triggers), PUBLISHED, S1],
  );
});
afterAll(async () => {
  await h?.close();
});

const call = (who: Who, method: string, url: string, payload?: object) =>
  callAs(h, who, method, url, payload);

const REF = { run_id: PUBLISHED, kind: "pair", school_level: "elementary", group_key: S1 };

describe("the improvement workspace API", () => {
  let planId = 0;

  it("drafts a pair's plan from why the school was identified, with the small group's figures withheld", async () => {
    const res = await call(
      "facilitator",
      "GET",
      `/api/runs/${PUBLISHED}/plan-draft?kind=pair&school_level=elementary&group_key=${S1}`,
    );
    expect(res.statusCode).toBe(200);
    const draft = res.json();
    expect(
      draft.schools.map((s: { school_code: string; role: string }) => [s.school_code, s.role]),
    ).toEqual([
      [S1, "priority"],
      [S2, "partner"],
    ]);
    expect(draft.problems.map((p: { student_group: string }) => p.student_group)).toEqual([
      "ALL",
      "AS",
    ]);
    const [all, asian] = draft.problems;
    expect(all.figures[0]).toMatchObject({
      school_code: S1,
      value: 20,
      level: 4,
      change_to_next: -1.5,
      withheld: false,
    });
    expect(asian.figures[0]).toEqual({
      school_code: S1,
      n: null,
      value: null,
      level: null,
      change_to_next: null,
      withheld: true,
    });
    expect(draft.aim).toMatchObject({
      metric: "chronic_absence",
      baseline: 20,
      target: 18.5,
      by: "2025-06-30",
    });
    expect(draft.plan_id).toBeNull();
  });

  it("creates the plan from the draft, assigns the facilitator who starts it, and audits it", async () => {
    const res = await call("facilitator", "POST", "/api/plans", REF);
    expect(res.statusCode).toBe(201);
    const plan = res.json();
    planId = plan.id;
    expect(plan).toMatchObject({
      kind: "pair",
      facilitator: "facilitator",
      aim: { baseline: 20, target: 18.5 },
      checklist: { template_id: "turnaround-principles", version: 1 },
    });
    expect(plan.checklist.items).toHaveLength(7);
    expect(plan.problems).toHaveLength(2);
    expect((await call("hub_admin", "POST", "/api/plans", REF)).statusCode).toBe(409);
    const audit = await new AuditLog(h.workspace.db).list({ resource: `plan ${planId}` });
    expect(audit.map((a) => [a.action, a.userId, a.schoolCode])).toEqual([
      ["create", h.userIds.facilitator, S1],
    ]);
  });

  it("answers 404 to anyone outside the plan, exactly as for a plan that does not exist", async () => {
    for (const who of ["network_member", "other_district_admin", "anonymous"] as const) {
      const res = await call(who, "GET", `/api/plans/${planId}`);
      const missing = await call(who, "GET", "/api/plans/999999");
      expect(res.statusCode, who).toBe(404);
      expect(res.json().error.message.replace(String(planId), "N")).toBe(
        missing.json().error.message.replace("999999", "N"),
      );
      expect((await call(who, "GET", "/api/plans")).json().plans).toEqual([]);
    }
    expect((await call("other_school_staff", "GET", "/api/plans")).json().plans).toHaveLength(1);
  });

  it("lets each school write its own PDSA cycles and read its partner's", async () => {
    const created = await call("school_staff", "POST", `/api/plans/${planId}/cycles`, {
      change_idea: "Call families on day 2 of an absence",
      question: "Do calls bring students back within a week?",
      prediction: "Half return within 5 days",
      who: "Attendance clerk",
      due_on: "2024-10-01",
    });
    expect(created.statusCode).toBe(201);
    const cycle = created.json();
    expect(cycle).toMatchObject({ cycle_number: 1, school_code: S1, overdue: true });
    const partner = await call(
      "other_school_staff",
      "PUT",
      `/api/plans/${planId}/cycles/${cycle.id}`,
      {
        decision: "abandon",
      },
    );
    expect(partner.statusCode).toBe(403);
    const own = await call("other_school_staff", "POST", `/api/plans/${planId}/cycles`, {
      change_idea: "Text on day 1",
      prediction: "60% return",
      parent_cycle_id: cycle.id,
    });
    expect(own.json()).toMatchObject({
      school_code: S2,
      cycle_number: 2,
      parent_cycle_id: cycle.id,
    });
    const done = await call("school_staff", "PUT", `/api/plans/${planId}/cycles/${cycle.id}`, {
      what_happened: "42 calls",
      results: "23 returned",
      decision: "adapt",
    });
    expect(done.json()).toMatchObject({ decision: "adapt", overdue: false });
    const seen = (await call("other_school_staff", "GET", `/api/plans/${planId}`)).json();
    expect(seen.cycles.map((c: { school_code: string }) => c.school_code)).toEqual([S1, S2]);
  });

  it("refuses a driver link that skips a level and attendance from a school outside the plan, naming the value", async () => {
    const bad = await call("facilitator", "PUT", `/api/plans/${planId}`, {
      drivers: {
        nodes: [
          { key: "p1", kind: "primary", label: "Family engagement" },
          { key: "c1", kind: "change_idea", label: "Day-2 calls" },
        ],
        links: [{ from: "c1", to: "p1" }],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('a change idea cannot drive a primary ("c1" → "p1")');
    const meeting = await call("facilitator", "POST", `/api/plans/${planId}/meetings`, {
      held_at: "2024-10-15T16:00:00Z",
      attendance: [{ school_code: S3, role_title: "Principal", name: "" }],
    });
    expect(meeting.statusCode).toBe(400);
    expect(meeting.json().error.message).toContain(`school "${S3}" is not in plan ${planId}`);
  });

  it("records a meeting and exports the plan's meetings as iCalendar, without the notes", async () => {
    const res = await call("facilitator", "POST", `/api/plans/${planId}/meetings`, {
      held_at: "2024-10-15T16:00:00Z",
      title: "Q1 PDSA review; Alpha, Beta",
      protocol: "pdsa_review",
      agenda: "Check-in\nEach school's cycles",
      location: "Alpha Elementary",
      held: true,
      notes: "private words",
      attendance: [
        { school_code: S1, role_title: "Principal", name: "" },
        { school_code: S2, role_title: "Teacher", name: "" },
      ],
      actions: [
        { kind: "next_step", text: "Share the call script", owner: "Beta", due_on: "2024-11-01" },
      ],
    });
    expect(res.statusCode).toBe(201);
    const ics = await call("school_staff", "GET", `/api/plans/${planId}/meetings.ics`);
    expect(ics.statusCode).toBe(200);
    expect(ics.headers["content-type"]).toContain("text/calendar");
    const lines = ics.body.replace(/\r\n /g, "").split("\r\n");
    expect(lines).toContain("SUMMARY:Q1 PDSA review\\; Alpha\\, Beta");
    expect(lines).toContain("DTSTART:20241015T160000Z");
    expect(ics.body).not.toContain("private words");
    const audit = await new AuditLog(h.workspace.db).list({ userId: h.userIds.facilitator });
    expect(audit.map((a) => a.resource)).toContain(`meeting ${res.json().id} of plan ${planId}`);
  });
});
