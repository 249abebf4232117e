import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog } from "../../src/workspace/audit-log.ts";
import { PdsaCycleRepository } from "../../src/workspace/pdsa-cycle-repository.ts";
import { workspaceRepositories } from "../../src/workspace/workspace-repositories.ts";
import {
  callAs,
  createAlphaBetaPlan,
  type Harness,
  PUBLISHED,
  S1,
  S2,
  startHarness,
  type Who,
} from "./fixture.ts";

interface Point {
  period_start: string;
  n: number | null;
  numerator: number | null;
  value: number | null;
  suppressed: boolean;
}
interface Chart {
  key: string;
  source: string;
  title: string;
  points: Point[];
  chart: { kind: string; signals: unknown[] } | null;
  chart_note: string | null;
  annotations: { kind: string; ref_id: number; date: string; label: string }[];
  changes: { effect: string; first_period: string }[];
  verdict: string;
  sentence: string | null;
  baseline_before_start: boolean;
}
interface Evidence {
  started_on: string;
  started_by: string;
  run_id: string | null;
  summary: string[];
  charts: Chart[];
  process_measures: { id: number; name: string; values: { date: string; entered_by: string }[] }[];
}

let h: Harness;
const ids = { plan: 0, meeting: 0, cycle: 0, otherPlan: 0 };

beforeAll(async () => {
  h = await startHarness();
  const repos = workspaceRepositories(h.workspace.db);
  const plan = await createAlphaBetaPlan(h);
  ids.plan = plan.id;
  // Problems of practice: chronic absence of all students, and of S1's 8 Asian students.
  await repos.planSections.replaceProblems(plan.id, [
    { metric: "chronic_absence", studentGroup: "ALL", statement: "Chronic absence" },
    { metric: "chronic_absence", studentGroup: "AS", statement: "Chronic absence, Asian students" },
  ]);
  // The kick-off in December 2023 begins the plan: three months (Sep–Nov) before it.
  ids.meeting = (
    await repos.meetings.add({
      planId: plan.id,
      heldAt: new Date("2023-12-10T16:00:00Z"),
      title: "Kick-off",
      held: true,
      createdBy: h.userIds.facilitator,
    })
  ).id;
  ids.cycle = (
    await new PdsaCycleRepository(h.workspace.db, () => new Date("2024-01-15T08:00:00Z")).start({
      planId: plan.id,
      schoolCode: S1,
      title: "Day-2 calls",
      changeIdea: "Call families on day 2 of an absence",
      prediction: "Half return within a week",
    })
  ).id;
  ids.otherPlan = (
    await repos.plans.create({
      kind: "pair",
      runId: PUBLISHED,
      schoolLevel: "elementary",
      groupKey: S2,
      title: "Other",
      schools: [{ schoolCode: S2, schoolName: "Beta Elementary", role: "priority" }],
      createdBy: h.userIds.hub_admin,
    })
  ).id;
});
afterAll(async () => {
  await h?.close();
});

const call = (who: Who, method: string, url: string, payload?: object) =>
  callAs(h, who, method, url, payload);
async function evidence(who: Who): Promise<Evidence> {
  const res = await call(who, "GET", `/api/plans/${ids.plan}/evidence`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Evidence;
}
const chartOf = (e: Evidence, key: string) => {
  const c = e.charts.find((x) => x.key === key);
  if (!c) throw new Error(`no chart ${key} in ${e.charts.map((x) => x.key).join(", ")}`);
  return c;
};

describe("GET /api/plans/:planId/evidence", () => {
  it("charts each periodic measure of the plan's schools for its problems' groups, from the published run", async () => {
    const e = await evidence("hub_admin");
    expect(e.run_id).toBe(PUBLISHED);
    // The fixture has periodic results at S1 only: two measures × the problems' two groups.
    expect(e.charts.map((c) => c.key)).toEqual([
      `${S1}|monthly_absence_rate|ALL`,
      `${S1}|monthly_absence_rate|AS`,
      `${S1}|chronic_absence_to_date|ALL`,
      `${S1}|chronic_absence_to_date|AS`,
    ]);
  });

  it("marks the plan's meeting and PDSA cycle on its charts as annotations, from the server", async () => {
    const e = await evidence("school_staff");
    expect(e.started_on).toBe("2023-12-10");
    expect(e.started_by).toBe("its first meeting (Kick-off)");
    const chronic = chartOf(e, `${S1}|chronic_absence_to_date|ALL`);
    expect(chronic.annotations).toEqual([
      {
        kind: "meeting",
        ref_id: ids.meeting,
        date: "2023-12-10",
        label: "Meeting: Kick-off",
        text: "Meeting: Kick-off",
      },
      {
        kind: "pdsa_cycle",
        ref_id: ids.cycle,
        date: "2024-01-15",
        label: "PDSA 1: Day-2 calls",
        text: "PDSA cycle 1 at Alpha Elementary: Call families on day 2 of an absence",
      },
    ]);
  });

  it("says in words that chronic absence fell since the plan began, judged against the months before it", async () => {
    for (const who of ["hub_admin", "facilitator", "other_school_staff"] as const) {
      const e = await evidence(who);
      const chronic = chartOf(e, `${S1}|chronic_absence_to_date|ALL`);
      expect(chronic.baseline_before_start, who).toBe(true);
      expect(chronic.verdict, who).toBe("improvement");
      // The fixture's drop starts in February 2024; nothing before it is called a change.
      expect(
        chronic.changes.every((c) => c.first_period >= "2024-02-01"),
        who,
      ).toBe(true);
      expect(chronic.sentence).toMatch(
        /^Chronically absent so far this year, all students, Alpha Elementary: improved since the plan began \(.*Feb 2024/,
      );
      expect(e.summary).toContain(chronic.sentence);
    }
  });

  it("keeps a small group withheld for a reader who may not see the school's cells, with no chart and no words", async () => {
    for (const who of ["facilitator", "other_school_staff"] as const) {
      const e = await evidence(who);
      const asian = chartOf(e, `${S1}|chronic_absence_to_date|AS`);
      expect(asian.points).toHaveLength(10);
      for (const p of asian.points)
        expect(p, who).toMatchObject({ n: null, numerator: null, value: null, suppressed: true });
      expect(asian.chart, who).toBeNull();
      expect(asian.chart_note).toMatch(/withheld/);
      expect(asian.verdict).toBe("no_chart");
      expect(JSON.stringify(e.summary)).not.toContain("Asian");
    }
    // The school's own staff see its cells (flagged), as on the school's own periodic chart.
    const own = chartOf(await evidence("school_staff"), `${S1}|chronic_absence_to_date|AS`);
    expect(own.points.every((p) => p.value !== null && p.suppressed)).toBe(true);
  });

  it("answers 404 to anyone outside the plan", async () => {
    for (const who of ["network_member", "other_district_admin", "anonymous"] as const)
      expect((await call(who, "GET", `/api/plans/${ids.plan}/evidence`)).statusCode, who).toBe(404);
  });
});

describe("process measures of a plan", () => {
  it("lets the team define a measure and enter dated values, audited, charted with the plan's events", async () => {
    const made = await call("school_staff", "POST", `/api/plans/${ids.plan}/measures`, {
      name: "Students reached",
      unit: "students",
      chart: "run",
      direction: "higher_is_better",
      school_code: S1,
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as number;
    const days = ["2023-12-04", "2023-12-11", "2024-01-08", "2024-01-15", "2024-01-22"];
    for (const [i, day] of days.entries()) {
      const res = await call(
        "school_staff",
        "PUT",
        `/api/plans/${ids.plan}/measures/${id}/values/${day}`,
        { value: 10 + i * 3 },
      );
      expect(res.statusCode, res.body).toBe(200);
    }
    const e = await evidence("facilitator");
    const chart = chartOf(e, `process|${id}`);
    expect(chart).toMatchObject({
      source: "process",
      title: "Students reached (students), Alpha Elementary",
    });
    expect(chart.points.map((p) => [p.period_start, p.value])).toEqual(
      days.map((d, i) => [d, 10 + i * 3]),
    );
    expect(chart.chart?.kind).toBe("run");
    // The meeting (after the first value) and the cycle are marked; both lie in the measure's span.
    expect(chart.annotations.map((a) => [a.kind, a.date])).toEqual([
      ["meeting", "2023-12-10"],
      ["pdsa_cycle", "2024-01-15"],
    ]);
    expect(e.process_measures[0]!.values[0]!.entered_by).toBe("school_staff");
    // A value taken away leaves the measure with the others.
    const removed = await call(
      "school_staff",
      "DELETE",
      `/api/plans/${ids.plan}/measures/${id}/values/${days[4]}`,
    );
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().values.map((v: { date: string }) => v.date)).toEqual(days.slice(0, 4));
    // The log lists the newest first.
    const audit = (await new AuditLog(h.workspace.db).list({})).reverse();
    expect(
      audit
        .filter((a) => a.resource.startsWith(`process measure ${id} `))
        .map((a) => [a.action, a.userId, a.schoolCode]),
    ).toEqual([
      ["create", h.userIds.school_staff, S1],
      ...days.map(() => ["update", h.userIds.school_staff, S1]),
      ["delete", h.userIds.school_staff, S1],
    ]);
  });

  it("takes a measure away with its values, audited, for the plan's members only", async () => {
    const made = await call("school_staff", "POST", `/api/plans/${ids.plan}/measures`, {
      name: "Calls home",
      unit: "calls",
      chart: "xmr",
      direction: "higher_is_better",
      school_code: S1,
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as number;
    for (const day of ["2024-01-08", "2024-01-15", "2024-01-22"])
      await call("school_staff", "PUT", `/api/plans/${ids.plan}/measures/${id}/values/${day}`, {
        value: 4,
      });
    // Outside the plan: nothing tells the measure exists.
    const outsider = await call(
      "other_district_admin",
      "DELETE",
      `/api/plans/${ids.plan}/measures/${id}`,
    );
    expect(outsider.statusCode).toBe(404);
    // Not through another plan.
    const cross = await call("hub_admin", "DELETE", `/api/plans/${ids.otherPlan}/measures/${id}`);
    expect(cross.statusCode).toBe(404);
    const gone = await call("school_staff", "DELETE", `/api/plans/${ids.plan}/measures/${id}`);
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json()).toEqual({ deleted: id, values: 3 });
    const e = await evidence("facilitator");
    expect(e.process_measures.map((m) => m.id)).not.toContain(id);
    const rows = await sql<{
      n: string;
    }>`select count(*) as n from process_measure_values where measure_id = ${id}`.execute(
      h.workspace.db,
    );
    expect(Number(rows.rows[0]!.n)).toBe(0);
    const again = await call("school_staff", "DELETE", `/api/plans/${ids.plan}/measures/${id}`);
    expect(again.statusCode).toBe(404);
    const audit = (await new AuditLog(h.workspace.db).list({})).filter((a) =>
      a.resource.startsWith(`process measure ${id} `),
    );
    expect(audit[0]).toMatchObject({
      action: "delete",
      userId: h.userIds.school_staff,
      schoolCode: S1,
      resource: `process measure ${id} of plan ${ids.plan} ("Calls home", 3 values)`,
    });
  });

  it("refuses a school outside the plan, a measure of another plan, and a bad day", async () => {
    const outside = await call("hub_admin", "POST", `/api/plans/${ids.plan}/measures`, {
      name: "Calls",
      unit: "calls",
      chart: "xmr",
      direction: "higher_is_better",
      school_code: "02000020000003",
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.message).toContain('"02000020000003" is not in plan');
    const other = await call("hub_admin", "POST", `/api/plans/${ids.otherPlan}/measures`, {
      name: "Calls",
      unit: "calls",
      chart: "xmr",
      direction: "higher_is_better",
    });
    const otherId = other.json().id as number;
    const cross = await call(
      "hub_admin",
      "PUT",
      `/api/plans/${ids.plan}/measures/${otherId}/values/2024-01-08`,
      { value: 1 },
    );
    expect(cross.statusCode).toBe(404);
    const bad = await call(
      "hub_admin",
      "PUT",
      `/api/plans/${ids.otherPlan}/measures/${otherId}/values/2024-02-30`,
      { value: 1 },
    );
    expect(bad.statusCode).toBe(400);
  });
});
