import { describe, expect, it } from "vitest";
import type { Workspace } from "../../src/workspace/open-workspace.ts";
import { ReviewAlreadyAnsweredError } from "../../src/workspace/plan-review-repository.ts";
import {
  DuplicateKeyError,
  NotFoundError,
  WorkspaceInputError,
} from "../../src/workspace/workspace-errors.ts";
import type { WorkspaceRepositories } from "../../src/workspace/workspace-repositories.ts";

const S1 = "01611190130229";
const S2 = "01611190130237";
const HOUR = 3_600_000;

interface Suite {
  readonly ws: Workspace;
  readonly repos: WorkspaceRepositories;
  readonly time: { clock: () => Date; advance: (ms: number) => void };
}

async function planWithPeople(repos: WorkspaceRepositories) {
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
  const plan = await repos.plans.create({
    kind: "pair",
    runId: "r2024",
    schoolLevel: "elementary",
    groupKey: S1,
    title: "Alpha and Beta",
    schools: [
      { schoolCode: S1, schoolName: "Alpha Elementary", role: "priority" },
      { schoolCode: S2, schoolName: "Beta Elementary", role: "partner" },
    ],
    facilitatorId: fac.id,
    createdBy: hub.id,
  });
  return { hub, fac, plan };
}

/** The facilitation tables (migration 0007), run inside the storage suite of each backend. */
export function describeFacilitationStorage(suite: () => Suite): void {
  describe("PlanReviewRepository", () => {
    it("submits a plan, answers the review with comments, and lists the reviews latest first", async () => {
      const { repos, time } = suite();
      const { hub, fac, plan } = await planWithPeople(repos);
      const first = await repos.planReviews.submit({
        planId: plan.id,
        submittedBy: hub.id,
        note: "  Aim and drivers ready  ",
      });
      expect(first).toMatchObject({
        planId: plan.id,
        submittedAt: time.clock(),
        submissionNote: "Aim and drivers ready",
        outcome: null,
        reviewedBy: null,
        reviewedAt: null,
      });
      expect((await repos.planReviews.awaiting([plan.id])).get(plan.id)?.id).toBe(first.id);
      time.advance(HOUR);
      const answered = await repos.planReviews.answer(first.id, {
        outcome: "changes_requested",
        comments: "The aim needs a date.",
        reviewedBy: fac.id,
      });
      expect(answered).toMatchObject({
        outcome: "changes_requested",
        comments: "The aim needs a date.",
        reviewedBy: fac.id,
        reviewedAt: time.clock(),
      });
      expect((await repos.planReviews.awaiting([plan.id])).size).toBe(0);
      time.advance(HOUR);
      const second = await repos.planReviews.submit({
        planId: plan.id,
        submittedBy: hub.id,
        note: "",
      });
      expect((await repos.planReviews.listForPlan(plan.id)).map((r) => r.id)).toEqual([
        second.id,
        first.id,
      ]);
    });

    it("keeps one open review per plan and answers a review once", async () => {
      const { repos } = suite();
      const { hub, fac, plan } = await planWithPeople(repos);
      const open = await repos.planReviews.submit({
        planId: plan.id,
        submittedBy: hub.id,
        note: "",
      });
      await expect(
        repos.planReviews.submit({ planId: plan.id, submittedBy: hub.id, note: "again" }),
      ).rejects.toBeInstanceOf(DuplicateKeyError);
      await repos.planReviews.answer(open.id, {
        outcome: "reviewed",
        comments: "",
        reviewedBy: fac.id,
      });
      await expect(
        repos.planReviews.answer(open.id, {
          outcome: "changes_requested",
          comments: "late",
          reviewedBy: fac.id,
        }),
      ).rejects.toBeInstanceOf(ReviewAlreadyAnsweredError);
      await expect(
        repos.planReviews.answer(9999, { outcome: "reviewed", comments: "", reviewedBy: fac.id }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it("refuses a request for changes without comments, in the repository and in the table", async () => {
      const { ws, repos } = suite();
      const { hub, fac, plan } = await planWithPeople(repos);
      const open = await repos.planReviews.submit({
        planId: plan.id,
        submittedBy: hub.id,
        note: "",
      });
      await expect(
        repos.planReviews.answer(open.id, {
          outcome: "changes_requested",
          comments: "   ",
          reviewedBy: fac.id,
        }),
      ).rejects.toThrow(WorkspaceInputError);
      await expect(
        ws.db
          .updateTable("plan_reviews")
          .set({ outcome: "changes_requested", reviewed_at: new Date(), comments: "" })
          .where("id", "=", open.id)
          .execute(),
      ).rejects.toThrow();
    });
  });

  describe("ProgressScoreRepository", () => {
    it("stores one score per plan and month, and entering a month again replaces it", async () => {
      const { repos, time } = suite();
      const { hub, fac, plan } = await planWithPeople(repos);
      await repos.progressScores.set({
        planId: plan.id,
        month: "2025-10",
        score: 1.5,
        note: "planning",
        enteredBy: hub.id,
      });
      await repos.progressScores.set({
        planId: plan.id,
        month: "2025-09",
        score: 1,
        note: "",
        enteredBy: hub.id,
      });
      time.advance(HOUR);
      const again = await repos.progressScores.set({
        planId: plan.id,
        month: "2025-10",
        score: 2.5,
        note: "changes tested",
        enteredBy: fac.id,
      });
      expect(again).toMatchObject({ score: 2.5, enteredBy: fac.id, enteredAt: time.clock() });
      const all = await repos.progressScores.list([plan.id]);
      expect(all.map((s) => [s.month, s.score, s.note])).toEqual([
        ["2025-09", 1, ""],
        ["2025-10", 2.5, "changes tested"],
      ]);
      expect(typeof all[0]!.score).toBe("number");
    });

    it("refuses a score off the 0.5–5.0 scale or a month that is not YYYY-MM, naming it", async () => {
      const { ws, repos } = suite();
      const { hub, plan } = await planWithPeople(repos);
      const entry = { planId: plan.id, month: "2025-10", score: 3, note: "", enteredBy: hub.id };
      for (const score of [0, 0.25, 3.3, 5.5]) {
        await expect(repos.progressScores.set({ ...entry, score })).rejects.toThrow(
          `invalid progress score ${score}`,
        );
      }
      await expect(repos.progressScores.set({ ...entry, month: "2025-13" })).rejects.toThrow(
        'invalid month "2025-13"',
      );
      // The table holds the same rule for any other writer.
      await expect(
        ws.db
          .insertInto("progress_scores")
          .values({
            ...{ plan_id: plan.id, month: "2025-11", note: "" },
            score: 3.3,
            entered_by: hub.id,
            entered_at: new Date(),
          })
          .execute(),
      ).rejects.toThrow();
    });
  });

  describe("listForPlans(planIds) of cycles and meetings", () => {
    it("reads the cycles and meetings of several plans at once, by plan", async () => {
      const { repos } = suite();
      const { hub, plan } = await planWithPeople(repos);
      const other = await repos.plans.create({
        kind: "community",
        runId: "r2024",
        schoolLevel: "elementary",
        groupKey: "C1",
        title: "Community",
        schools: [{ schoolCode: S2, schoolName: "Beta Elementary", role: "member" }],
        createdBy: hub.id,
      });
      for (const p of [other.id, plan.id, plan.id]) {
        await repos.pdsaCycles.start({ planId: p, changeIdea: "calls", prediction: "more" });
        await repos.meetings.add({
          planId: p,
          heldAt: new Date("2025-10-01T16:00:00Z"),
          createdBy: hub.id,
          attendance: [{ schoolCode: S2, roleTitle: "Principal", name: "" }],
        });
      }
      const cycles = await repos.pdsaCycles.listForPlans([plan.id, other.id]);
      expect(cycles.map((c) => [c.planId, c.cycleNumber])).toEqual([
        [plan.id, 1],
        [plan.id, 2],
        [other.id, 1],
      ]);
      const meetings = await repos.meetings.datesForPlans([other.id, plan.id]);
      const at = new Date("2025-10-01T16:00:00Z");
      expect(meetings).toEqual([
        { planId: plan.id, heldAt: at, held: false },
        { planId: plan.id, heldAt: at, held: false },
        { planId: other.id, heldAt: at, held: false },
      ]);
      expect(await repos.pdsaCycles.listForPlans([])).toEqual([]);
      expect(await repos.meetings.datesForPlans([])).toEqual([]);
    });
  });

  describe("plans.list(filter) with run, kind, level, group and statuses", () => {
    it("ANDs them with the reader's schools, districts or facilitator", async () => {
      const { repos } = suite();
      const { hub, plan } = await planWithPeople(repos);
      const other = await repos.plans.create({
        kind: "community",
        runId: plan.runId,
        schoolLevel: "elementary",
        groupKey: "C1",
        title: "Community",
        schools: [{ schoolCode: S2, schoolName: "Beta Elementary", role: "member" }],
        createdBy: hub.id,
      });
      const ids = async (f: Parameters<typeof repos.plans.list>[0]) =>
        (await repos.plans.list(f)).map((p) => p.id);
      expect(await ids({ kind: "community" })).toEqual([other.id]);
      expect(await ids({ kind: "pair", schoolLevel: "elementary" })).toEqual([plan.id]);
      expect(await ids({ groupKey: "C1", schoolCodes: [S2] })).toEqual([other.id]);
      expect(await ids({ groupKey: "C1", facilitatorId: hub.id })).toEqual([]);
      expect(await ids({ schoolLevel: "high" })).toEqual([]);
      await repos.plans.setStatus(plan.id, "closed");
      expect(await ids({ statuses: ["draft", "active"] })).toEqual([other.id]);
      expect(await ids({ statuses: [] })).toEqual([]);
    });
  });
}
