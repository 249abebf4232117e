import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { Workspace } from "../../src/workspace/open-workspace.ts";
import type { NewPlan } from "../../src/workspace/plan-repository.ts";
import { DuplicateKeyError, WorkspaceInputError } from "../../src/workspace/workspace-errors.ts";
import type { WorkspaceRepositories } from "../../src/workspace/workspace-repositories.ts";

const S1 = "01611190130229";
const S2 = "01611190130237";
const S3 = "04000000000003";
const S4 = "05000000000004";
const DAY = 24 * 60 * 60 * 1000;

interface Suite {
  readonly ws: Workspace;
  readonly repos: WorkspaceRepositories;
  readonly time: { clock: () => Date; advance: (ms: number) => void };
}

async function accounts(repos: WorkspaceRepositories) {
  const hash = "scrypt$1024$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA";
  const hub = await repos.users.create({
    email: "hub@hub.example",
    displayName: "Hub",
    passwordHash: hash,
    role: "hub_admin",
  });
  const fac = await repos.users.create({
    email: "fac@hub.example",
    displayName: "Facilitator",
    passwordHash: hash,
    role: "facilitator",
  });
  return { hub, fac };
}

function pair(createdBy: number, overrides: Partial<NewPlan> = {}): NewPlan {
  return {
    kind: "pair",
    runId: "r2024",
    schoolLevel: "elementary",
    groupKey: S1,
    title: "Alpha and Beta: chronic absence",
    schools: [
      { schoolCode: S1, schoolName: "Alpha Elementary", role: "priority" },
      { schoolCode: S2, schoolName: "Beta Elementary", role: "partner" },
    ],
    createdBy,
    ...overrides,
  };
}

/** The improvement tables (migration 0006), run inside the storage suite of each backend. */
export function describeImprovementStorage(suite: () => Suite): void {
  describe("PlanRepository", () => {
    it("creates a pair's plan with its two schools, and refuses a second one for the same pair", async () => {
      const { repos, time } = suite();
      const { hub, fac } = await accounts(repos);
      const plan = await repos.plans.create(
        pair(hub.id, {
          facilitatorId: fac.id,
          aim: { what: "Fewer students chronically absent", metric: "chronic_absence" },
          checklistTemplate: { id: "turnaround-principles", version: 1 },
        }),
      );
      expect(plan).toMatchObject({
        kind: "pair",
        districtCode: "0161119",
        schoolCode: S1,
        status: "draft",
        createdAt: time.clock(),
        checklistTemplate: { id: "turnaround-principles", version: 1 },
        aim: { what: "Fewer students chronically absent", metric: "chronic_absence", target: null },
      });
      expect(plan.schools.map((s) => [s.schoolCode, s.role, s.districtCode])).toEqual([
        [S1, "priority", "0161119"],
        [S2, "partner", "0161119"],
      ]);
      await expect(repos.plans.create(pair(hub.id))).rejects.toBeInstanceOf(DuplicateKeyError);
      // Another level or another run is another plan.
      await repos.plans.create(pair(hub.id, { schoolLevel: "middle" }));
      expect(
        await repos.plans.findByGroup({
          runId: "r2024",
          kind: "pair",
          schoolLevel: "elementary",
          groupKey: S1,
        }),
      ).toEqual(plan);
    });

    it("lists plans by any member school, member district or facilitator", async () => {
      const { repos } = suite();
      const { hub, fac } = await accounts(repos);
      const a = await repos.plans.create(pair(hub.id, { facilitatorId: fac.id }));
      const c = await repos.plans.create({
        kind: "community",
        runId: "r2024",
        schoolLevel: "elementary",
        groupKey: "C1",
        title: "Community C1",
        schools: [
          { schoolCode: S4, schoolName: "Delta", role: "member" },
          { schoolCode: S3, schoolName: "Gamma", role: "member" },
          { schoolCode: S2, schoolName: "Beta", role: "member" },
        ],
        createdBy: hub.id,
      });
      expect(c.schools.map((s) => s.schoolCode)).toEqual([S2, S3, S4]);
      expect(c.schoolCode).toBe(S4);
      const ids = (plans: { id: number }[]) => plans.map((p) => p.id);
      expect(ids(await repos.plans.list({ schoolCodes: [S2] }))).toEqual([a.id, c.id]);
      expect(ids(await repos.plans.list({ schoolCodes: [S3] }))).toEqual([c.id]);
      expect(ids(await repos.plans.list({ districtCodes: ["0500000"] }))).toEqual([c.id]);
      expect(ids(await repos.plans.list({ facilitatorId: fac.id }))).toEqual([a.id]);
      expect(ids(await repos.plans.list({ schoolCodes: [S3], facilitatorId: fac.id }))).toEqual([
        a.id,
        c.id,
      ]);
      expect(ids(await repos.plans.list())).toEqual([a.id, c.id]);
      expect(await repos.plans.list({ schoolCodes: ["09999990000001"] })).toEqual([]);
    });

    it("updates the aim and the working agreement, naming a bad date", async () => {
      const { repos, time } = suite();
      const { hub } = await accounts(repos);
      const plan = await repos.plans.create(pair(hub.id));
      time.advance(DAY);
      const aim = {
        what: "Cut chronic absence",
        metric: "chronic_absence",
        studentGroup: "HI",
        baseline: 24.5,
        target: 18,
        by: "2027-06-30",
        forWhom: "Hispanic students in grades 3-5",
      };
      const updated = await repos.plans.update(plan.id, {
        aim,
        agreement: { norms: "Start on time", roles: "Alpha hosts", cadence: "Quarterly" },
        status: "active",
      });
      expect(updated).toMatchObject({ aim, status: "active", updatedAt: time.clock() });
      expect(updated.agreement.cadence).toBe("Quarterly");
      await expect(
        repos.plans.update(plan.id, { aim: { ...aim, by: "30/06/2027" } }),
      ).rejects.toThrow('invalid aim date "30/06/2027" (YYYY-MM-DD)');
      await expect(repos.plans.update(999, { title: "x" })).rejects.toThrow("plan 999 not found");
    });
  });

  describe("PlanSectionsRepository", () => {
    it("keeps problems of practice in order and replaces them whole", async () => {
      const { repos } = suite();
      const { hub } = await accounts(repos);
      const plan = await repos.plans.create(pair(hub.id));
      await repos.planSections.replaceProblems(plan.id, [
        { metric: "chronic_absence", studentGroup: "HI", statement: "HI absence" },
        { metric: "ela", studentGroup: "ALL", statement: "ELA" },
      ]);
      await repos.planSections.replaceProblems(plan.id, [
        { metric: "math", studentGroup: "EL", statement: "EL math" },
        { metric: "chronic_absence", studentGroup: "HI", statement: "HI absence" },
      ]);
      expect((await repos.planSections.problems(plan.id)).map((p) => p.metric)).toEqual([
        "math",
        "chronic_absence",
      ]);
    });

    it("stores the driver diagram as a DAG and refuses links that skip or reverse a level", async () => {
      const { repos } = suite();
      const { hub } = await accounts(repos);
      const plan = await repos.plans.create(pair(hub.id));
      const diagram = {
        nodes: [
          { key: "p1", kind: "primary" as const, label: "Family engagement" },
          { key: "s1", kind: "secondary" as const, label: "Early contact" },
          { key: "s2", kind: "secondary" as const, label: "Belonging" },
          { key: "c1", kind: "change_idea" as const, label: "Attendance calls on day 2" },
        ],
        links: [
          { from: "c1", to: "s1" },
          { from: "c1", to: "s2" },
          { from: "s1", to: "p1" },
          { from: "s2", to: "p1" },
        ],
      };
      await repos.planSections.replaceDiagram(plan.id, diagram);
      expect(await repos.planSections.diagram(plan.id)).toEqual(diagram);
      await expect(
        repos.planSections.replaceDiagram(plan.id, {
          nodes: diagram.nodes,
          links: [{ from: "c1", to: "p1" }],
        }),
      ).rejects.toThrow('a change idea cannot drive a primary ("c1" → "p1")');
      await expect(
        repos.planSections.replaceDiagram(plan.id, {
          nodes: diagram.nodes,
          links: [{ from: "c9", to: "s1" }],
        }),
      ).rejects.toThrow('link to a missing node "c9"');
      await expect(
        repos.planSections.replaceDiagram(plan.id, {
          nodes: [...diagram.nodes, { key: "p1", kind: "primary", label: "again" }],
          links: [],
        }),
      ).rejects.toThrow('node key "p1" used twice');
      // A refused diagram leaves the stored one as it was.
      expect(await repos.planSections.diagram(plan.id)).toEqual(diagram);
      await repos.planSections.replaceDiagram(plan.id, { nodes: [diagram.nodes[0]!], links: [] });
      expect(await repos.planSections.diagram(plan.id)).toEqual({
        nodes: [diagram.nodes[0]],
        links: [],
      });
    });

    it("answers checklist items of the template and keeps each school's team", async () => {
      const { repos } = suite();
      const { hub } = await accounts(repos);
      const plan = await repos.plans.create(pair(hub.id));
      const known = new Set(["leadership", "use_of_data"]);
      await repos.planSections.setChecklist(
        plan.id,
        [{ itemKey: "leadership", status: "in_progress", note: "new AP" }],
        known,
      );
      await repos.planSections.setChecklist(
        plan.id,
        [
          { itemKey: "leadership", status: "in_place", note: "AP hired" },
          { itemKey: "use_of_data", status: "not_started", note: "" },
        ],
        known,
      );
      expect(await repos.planSections.checklist(plan.id)).toEqual([
        { itemKey: "leadership", status: "in_place", note: "AP hired" },
        { itemKey: "use_of_data", status: "not_started", note: "" },
      ]);
      await expect(
        repos.planSections.setChecklist(
          plan.id,
          [{ itemKey: "time", status: "in_place", note: "" }],
          known,
        ),
      ).rejects.toThrow('unknown checklist item "time"');

      const schools = new Set([S1, S2]);
      await repos.planSections.replaceTeam(
        plan.id,
        [
          { schoolCode: S1, name: "R. Ortiz", roleTitle: "Principal" },
          { schoolCode: S2, name: "K. Lee", roleTitle: "Grade 4 teacher" },
        ],
        schools,
      );
      expect((await repos.planSections.team(plan.id)).map((m) => m.roleTitle)).toEqual([
        "Principal",
        "Grade 4 teacher",
      ]);
      await expect(
        repos.planSections.replaceTeam(
          plan.id,
          [{ schoolCode: S3, name: "X", roleTitle: "Teacher" }],
          schools,
        ),
      ).rejects.toThrow(`school "${S3}" is not in plan ${plan.id}`);
    });
  });

  describe("PdsaCycleRepository", () => {
    it("keeps the full template, chains a ramp and ends a cycle with its decision", async () => {
      const { repos, time } = suite();
      const { hub, fac } = await accounts(repos);
      const plan = await repos.plans.create(pair(hub.id));
      const first = await repos.pdsaCycles.start({
        planId: plan.id,
        schoolCode: S1,
        title: "Day-2 calls",
        changeIdea: "Call families on the second day of absence",
        changeIdeaKey: "c1",
        question: "Do calls bring students back within a week?",
        prediction: "Half of the students called return within 5 days",
        who: "Attendance clerk",
        what: "Call each family",
        when: "Weeks 1-4",
        where: "Grades 3-5",
        dataToCollect: "Daily count of calls and returns",
        dueOn: "2026-02-06",
        createdBy: fac.id,
      });
      expect(first).toMatchObject({
        cycleNumber: 1,
        schoolCode: S1,
        dueOn: "2026-02-06",
        decision: null,
        endedAt: null,
      });
      time.advance(20 * DAY);
      const done = await repos.pdsaCycles.update(first.id, {
        ranAsPlanned: true,
        whatHappened: "42 calls",
        results: "23 returned (55%), as predicted",
        decision: "adapt",
      });
      expect(done).toMatchObject({ decision: "adapt", endedAt: time.clock(), ranAsPlanned: true });
      const next = await repos.pdsaCycles.start({
        planId: plan.id,
        schoolCode: S2,
        changeIdea: "Calls plus a text on day 1",
        prediction: "60%",
        parentCycleId: first.id,
      });
      expect(next).toMatchObject({ cycleNumber: 2, parentCycleId: first.id, schoolCode: S2 });
      expect((await repos.pdsaCycles.update(first.id, { decision: null })).endedAt).toBeNull();

      const other = await repos.plans.create(pair(hub.id, { groupKey: S3 }));
      await expect(
        repos.pdsaCycles.start({
          planId: other.id,
          changeIdea: "x",
          prediction: "y",
          parentCycleId: first.id,
        }),
      ).rejects.toThrow(`cycle ${first.id} is not a cycle of plan ${other.id}`);
      await expect(
        repos.pdsaCycles.start({ planId: plan.id, changeIdea: " ", prediction: "y" }),
      ).rejects.toBeInstanceOf(WorkspaceInputError);
      await expect(repos.pdsaCycles.update(next.id, { dueOn: "next week" })).rejects.toThrow(
        'invalid due date "next week"',
      );
      await expect(
        repos.pdsaCycles.start({ planId: 999, changeIdea: "x", prediction: "y" }),
      ).rejects.toThrow("plan 999 not found");
      expect((await repos.pdsaCycles.listForPlan(plan.id)).map((c) => c.cycleNumber)).toEqual([
        1, 2,
      ]);
    });
  });

  describe("MeetingRepository", () => {
    it("keeps a meeting's agenda, attendance, notes, decisions and next steps", async () => {
      const { repos } = suite();
      const { hub, fac } = await accounts(repos);
      const plan = await repos.plans.create(pair(hub.id));
      const later = await repos.meetings.add({
        planId: plan.id,
        heldAt: new Date("2026-04-15T16:00:00Z"),
        title: "Q4 PDSA review",
        createdBy: fac.id,
      });
      const m = await repos.meetings.add({
        planId: plan.id,
        heldAt: new Date("2026-01-15T16:00:00Z"),
        title: "Q3 data dive",
        protocol: "data_dive",
        agenda: "Predictions\nGo visual\nObservations",
        durationMinutes: 90,
        location: "Alpha Elementary library",
        createdBy: fac.id,
        attendance: [
          { schoolCode: S1, roleTitle: "Principal", name: "R. Ortiz" },
          { schoolCode: null, roleTitle: "Facilitator", name: "" },
        ],
        actions: [{ kind: "decision", text: "Adopt day-2 calls", owner: "", dueOn: null }],
      });
      expect(m).toMatchObject({ durationMinutes: 90, held: false, protocol: "data_dive" });
      const held = await repos.meetings.update(m.id, {
        held: true,
        notes: "Both schools reported",
        actions: [
          { kind: "decision", text: "Adopt day-2 calls", owner: "", dueOn: null },
          { kind: "next_step", text: "Share call script", owner: "K. Lee", dueOn: "2026-01-29" },
        ],
      });
      expect(held.attendance).toHaveLength(2);
      expect(held.actions.map((a) => [a.kind, a.owner, a.dueOn])).toEqual([
        ["decision", "", null],
        ["next_step", "K. Lee", "2026-01-29"],
      ]);
      expect((await repos.meetings.listForPlan(plan.id)).map((x) => x.id)).toEqual([
        m.id,
        later.id,
      ]);
      await expect(
        repos.meetings.update(m.id, {
          actions: [{ kind: "next_step", text: "x", owner: "", dueOn: "soon" }],
        }),
      ).rejects.toThrow('invalid due date "soon" (YYYY-MM-DD)');
      await expect(repos.meetings.update(999, { notes: "x" })).rejects.toThrow(
        "meeting 999 not found",
      );
    });

    it("removes a plan's schools, sections, cycles and meetings with the plan", async () => {
      const { ws, repos } = suite();
      const { hub } = await accounts(repos);
      const plan = await repos.plans.create(pair(hub.id));
      await repos.pdsaCycles.start({ planId: plan.id, changeIdea: "x", prediction: "y" });
      await repos.meetings.add({
        planId: plan.id,
        heldAt: new Date(),
        createdBy: hub.id,
        attendance: [{ schoolCode: S1, roleTitle: "Teacher", name: "" }],
      });
      await repos.planSections.replaceDiagram(plan.id, {
        nodes: [{ key: "p", kind: "primary", label: "P" }],
        links: [],
      });
      await sql`delete from plans where id = ${plan.id}`.execute(ws.db);
      for (const table of [
        "plan_schools",
        "pdsa_cycles",
        "meetings",
        "meeting_attendance",
        "driver_nodes",
      ]) {
        const r = await sql<{
          n: number;
        }>`select count(*)::int as n from ${sql.table(table)}`.execute(ws.db);
        expect(r.rows[0]?.n, table).toBe(0);
      }
    });
  });
}
