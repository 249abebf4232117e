import { describe, expect, it } from "vitest";
import type { NewPlan } from "../../src/workspace/plan-repository.ts";
import { NotFoundError, WorkspaceInputError } from "../../src/workspace/workspace-errors.ts";
import type { WorkspaceRepositories } from "../../src/workspace/workspace-repositories.ts";

const S1 = "01611190130229";
const S2 = "01611190130237";
const S3 = "04000000000003";
const S4 = "05000000000004";
const DAY = 24 * 60 * 60 * 1000;

interface Suite {
  readonly repos: WorkspaceRepositories;
  readonly time: { clock: () => Date; advance: (ms: number) => void };
}

async function hubAccount(repos: WorkspaceRepositories) {
  return repos.users.create({
    email: "hub@hub.example",
    displayName: "Hub",
    passwordHash: "scrypt$1024$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
    role: "hub_admin",
  });
}

function plan(createdBy: number, overrides: Partial<NewPlan> = {}): NewPlan {
  return {
    kind: "pair",
    runId: "r2024",
    schoolLevel: "elementary",
    groupKey: S1,
    title: "Alpha and Beta",
    schools: [
      { schoolCode: S1, schoolName: "Alpha Elementary", role: "priority" },
      { schoolCode: S2, schoolName: "Beta Elementary", role: "partner" },
    ],
    createdBy,
    ...overrides,
  };
}

/** The two-way learning and change-idea library tables (migration 0008), on each backend. */
export function describeLearningStorage(suite: () => Suite): void {
  describe("LearningEntryRepository", () => {
    it("keeps each school's dated entries, tied to the plan's cycle or meeting, and corrects and removes them", async () => {
      const { repos, time } = suite();
      const hub = await hubAccount(repos);
      const p = await repos.plans.create(plan(hub.id));
      const cycle = await repos.pdsaCycles.start({
        planId: p.id,
        schoolCode: S2,
        changeIdea: "Day-2 calls",
        prediction: "half return",
      });
      const meeting = await repos.meetings.add({
        planId: p.id,
        heldAt: new Date("2026-01-15T16:00:00Z"),
        createdBy: hub.id,
      });
      const took = await repos.learning.add({
        planId: p.id,
        schoolCode: S1,
        direction: "took",
        partnerCode: S2,
        entryDate: "2026-01-16",
        text: "  Beta's call script, used in grade 3  ",
        cycleId: cycle.id,
        createdBy: hub.id,
      });
      expect(took).toMatchObject({
        schoolCode: S1,
        direction: "took",
        partnerCode: S2,
        entryDate: "2026-01-16",
        text: "Beta's call script, used in grade 3",
        cycleId: cycle.id,
        meetingId: null,
        createdAt: time.clock(),
        updatedAt: null,
      });
      const gave = await repos.learning.add({
        planId: p.id,
        schoolCode: S2,
        direction: "gave",
        entryDate: "2026-01-15",
        text: "Walked Alpha through the weekly count sheet",
        meetingId: meeting.id,
        createdBy: hub.id,
      });
      expect(gave.partnerCode).toBeNull();
      expect((await repos.learning.listForPlan(p.id)).map((e) => e.id)).toEqual([gave.id, took.id]);

      time.advance(DAY);
      const changed = await repos.learning.update(took.id, {
        direction: "gave",
        text: "Shared our attendance huddle",
        cycleId: null,
        meetingId: meeting.id,
      });
      expect(changed).toMatchObject({
        direction: "gave",
        text: "Shared our attendance huddle",
        cycleId: null,
        meetingId: meeting.id,
        schoolCode: S1,
        updatedAt: time.clock(),
      });
      await repos.learning.remove(gave.id);
      expect((await repos.learning.listForPlan(p.id)).map((e) => e.id)).toEqual([took.id]);
      await expect(repos.learning.remove(gave.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(repos.learning.update(gave.id, { text: "x" })).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });

    it("refuses a school or partner outside the plan, another plan's cycle or meeting, a bad day or no words", async () => {
      const { repos } = suite();
      const hub = await hubAccount(repos);
      const p = await repos.plans.create(plan(hub.id));
      const other = await repos.plans.create(
        plan(hub.id, {
          groupKey: S3,
          schools: [
            { schoolCode: S3, schoolName: "Gamma", role: "priority" },
            { schoolCode: S4, schoolName: "Delta", role: "partner" },
          ],
        }),
      );
      const foreignCycle = await repos.pdsaCycles.start({
        planId: other.id,
        schoolCode: S3,
        changeIdea: "x",
        prediction: "y",
      });
      const foreignMeeting = await repos.meetings.add({
        planId: other.id,
        heldAt: new Date("2026-01-15T16:00:00Z"),
        createdBy: hub.id,
      });
      const base = {
        planId: p.id,
        schoolCode: S1,
        direction: "took" as const,
        entryDate: "2026-02-01",
        text: "Their data huddle",
        createdBy: hub.id,
      };
      await expect(repos.learning.add({ ...base, schoolCode: S3 })).rejects.toThrow(
        `school "${S3}" is not in plan ${p.id}`,
      );
      await expect(repos.learning.add({ ...base, partnerCode: S1 })).rejects.toThrow(
        `partner "${S1}" is not another school of plan ${p.id}`,
      );
      await expect(repos.learning.add({ ...base, partnerCode: S4 })).rejects.toThrow(
        WorkspaceInputError,
      );
      await expect(repos.learning.add({ ...base, cycleId: foreignCycle.id })).rejects.toThrow(
        `cycle ${foreignCycle.id} is not a cycle of plan ${p.id}`,
      );
      await expect(repos.learning.add({ ...base, meetingId: foreignMeeting.id })).rejects.toThrow(
        `meeting ${foreignMeeting.id} is not a meeting of plan ${p.id}`,
      );
      await expect(repos.learning.add({ ...base, entryDate: "2026-02-30" })).rejects.toThrow(
        'invalid date "2026-02-30"',
      );
      await expect(repos.learning.add({ ...base, text: "   " })).rejects.toThrow(
        "a learning entry needs words",
      );
      await expect(repos.learning.add({ ...base, planId: 9999 })).rejects.toThrow(
        "plan 9999 not found",
      );
      expect(await repos.learning.listForPlan(p.id)).toEqual([]);
    });
  });

  describe("ChangeIdeaRepository.search(query)", () => {
    /** Plan A (elementary, chronic absence × HI and suspension × ALL) and plan B (middle, suspension × AA). */
    async function library(repos: WorkspaceRepositories, time: Suite["time"]) {
      const hub = await hubAccount(repos);
      const a = await repos.plans.create(plan(hub.id));
      await repos.planSections.replaceProblems(a.id, [
        {
          metric: "chronic_absence",
          studentGroup: "HI",
          statement: "Hispanic students miss school",
        },
        { metric: "suspension", studentGroup: "ALL", statement: "Suspensions are high" },
      ]);
      const b = await repos.plans.create(
        plan(hub.id, {
          schoolLevel: "middle",
          groupKey: S3,
          schools: [
            { schoolCode: S3, schoolName: "Gamma Middle", role: "priority" },
            { schoolCode: S4, schoolName: "Delta Middle", role: "partner" },
          ],
        }),
      );
      await repos.planSections.replaceProblems(b.id, [
        {
          metric: "suspension",
          studentGroup: "AA",
          statement: "African American students suspended",
        },
      ]);
      const cycle = async (
        planId: number,
        schoolCode: string,
        changeIdea: string,
        decision: "adopt" | "adapt" | "abandon" | null,
        results = "",
      ) => {
        const c = await repos.pdsaCycles.start({ planId, schoolCode, changeIdea, prediction: "p" });
        time.advance(DAY);
        return decision === null
          ? c
          : repos.pdsaCycles.update(c.id, { results, decision, whatHappened: "ran" });
      };
      const calls = await cycle(a.id, S1, "Day-2 calls to families", "adopt", "55% returned");
      const huddle = await cycle(a.id, S2, "Monday data huddle", "abandon", "took 100% of time");
      const open = await cycle(a.id, S1, "Day-1 texts", null);
      const circles = await cycle(b.id, S3, "Restorative circles", "adapt", "fewer referrals");
      return { a, b, calls, huddle, open, circles };
    }
    const ids = (page: { cycles: readonly { cycleId: number }[] }) =>
      page.cycles.map((c) => c.cycleId);

    it("lists completed cycles only, newest first, with their school and the plan's problems", async () => {
      const { repos, time } = suite();
      const x = await library(repos, time);
      const all = await repos.changeIdeas.search({});
      expect(all.total).toBe(3);
      expect(ids(all)).toEqual([x.circles.id, x.huddle.id, x.calls.id]);
      expect(ids(all)).not.toContain(x.open.id);
      expect(all.cycles[2]).toMatchObject({
        planId: x.a.id,
        planKind: "pair",
        runId: "r2024",
        schoolLevel: "elementary",
        schoolCode: S1,
        schoolName: "Alpha Elementary",
        districtCode: S1.slice(0, 7),
        changeIdea: "Day-2 calls to families",
        whatHappened: "ran",
        results: "55% returned",
        decision: "adopt",
        problems: [
          {
            metric: "chronic_absence",
            studentGroup: "HI",
            statement: "Hispanic students miss school",
          },
          { metric: "suspension", studentGroup: "ALL", statement: "Suspensions are high" },
        ],
      });
      // What the library can be searched by: the problems and levels of plans with a completed cycle.
      expect(await repos.changeIdeas.facets()).toEqual({
        problems: [
          { metric: "chronic_absence", studentGroup: "HI" },
          { metric: "suspension", studentGroup: "AA" },
          { metric: "suspension", studentGroup: "ALL" },
        ],
        schoolLevels: ["elementary", "middle"],
      });
      // Reopening a cycle (its decision taken away) takes it out of the library.
      await repos.pdsaCycles.update(x.calls.id, { decision: null });
      expect(ids(await repos.changeIdeas.search({}))).toEqual([x.circles.id, x.huddle.id]);
      await repos.pdsaCycles.update(x.circles.id, { decision: null });
      expect((await repos.changeIdeas.facets()).schoolLevels).toEqual(["elementary"]);
    });

    it("filters by measure, student group (of the same problem), level, decision and words", async () => {
      const { repos, time } = suite();
      const x = await library(repos, time);
      const search = async (q: Parameters<typeof repos.changeIdeas.search>[0]) =>
        ids(await repos.changeIdeas.search(q)).sort((m, n) => m - n);
      expect(await search({ metric: "chronic_absence" })).toEqual([x.calls.id, x.huddle.id]);
      expect(await search({ metric: "suspension" })).toEqual([
        x.calls.id,
        x.huddle.id,
        x.circles.id,
      ]);
      expect(await search({ studentGroup: "AA" })).toEqual([x.circles.id]);
      // Plan A has chronic absence × HI and suspension × ALL, but no suspension × HI.
      expect(await search({ metric: "suspension", studentGroup: "HI" })).toEqual([]);
      expect(await search({ metric: "suspension", studentGroup: "AA" })).toEqual([x.circles.id]);
      expect(await search({ schoolLevel: "middle" })).toEqual([x.circles.id]);
      expect(await search({ schoolLevel: "high" })).toEqual([]);
      expect(await search({ decision: "abandon" })).toEqual([x.huddle.id]);
      expect(await search({ text: "CALLS families" })).toEqual([x.calls.id]);
      expect(await search({ text: "delta" })).toEqual([]);
      expect(await search({ text: "gamma circles" })).toEqual([x.circles.id]);
      expect(await search({ text: "referrals" })).toEqual([x.circles.id]);
      // Wildcards are taken literally: "%" matches only a text holding a percent sign.
      expect(await search({ text: "%" })).toEqual([x.calls.id, x.huddle.id]);
      expect(await search({ text: "_" })).toEqual([]);
    });

    it("pages through the matches and counts them all", async () => {
      const { repos, time } = suite();
      const x = await library(repos, time);
      const first = await repos.changeIdeas.search({ limit: 2 });
      const second = await repos.changeIdeas.search({ limit: 2, offset: 2 });
      expect([first.total, second.total]).toEqual([3, 3]);
      expect([...ids(first), ...ids(second)]).toEqual([x.circles.id, x.huddle.id, x.calls.id]);
    });
  });
}
