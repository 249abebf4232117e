import { describe, expect, it } from "vitest";
import { DuplicateKeyError, WorkspaceInputError } from "../../src/workspace/workspace-errors.ts";
import type { WorkspaceRepositories } from "../../src/workspace/workspace-repositories.ts";

const S1 = "01611190130229";
const S2 = "01611190130237";
const DAY = 24 * 60 * 60 * 1000;

interface Suite {
  readonly repos: WorkspaceRepositories;
  readonly time: { clock: () => Date; advance: (ms: number) => void };
}

/** The process measure tables (migration 0009), run inside the storage suite of each backend. */
export function describeProcessMeasureStorage(suite: () => Suite): void {
  describe("ProcessMeasureRepository", () => {
    async function planOf(repos: WorkspaceRepositories) {
      const hub = await repos.users.create({
        email: "hub@hub.example",
        displayName: "Hub",
        passwordHash: "scrypt$1024$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
        role: "hub_admin",
      });
      const plan = await repos.plans.create({
        kind: "pair",
        runId: "r2024",
        schoolLevel: "elementary",
        groupKey: S1,
        title: "Alpha and Beta",
        schools: [
          { schoolCode: S1, schoolName: "Alpha", role: "priority" },
          { schoolCode: S2, schoolName: "Beta", role: "partner" },
        ],
        createdBy: hub.id,
      });
      return { hub, plan };
    }

    it("keeps a measure's definition and its dated values, earliest first, with who entered each and when", async () => {
      const { repos, time } = suite();
      const { hub, plan } = await planOf(repos);
      const m = await repos.processMeasures.create({
        planId: plan.id,
        name: " Students reached ",
        unit: "students",
        chart: "run",
        direction: "higher_is_better",
        schoolCode: S1,
        createdBy: hub.id,
      });
      expect(m).toMatchObject({
        name: "Students reached",
        unit: "students",
        chart: "run",
        direction: "higher_is_better",
        schoolCode: S1,
        description: "",
        createdAt: time.clock(),
        values: [],
      });
      await repos.processMeasures.recordValue(m.id, {
        date: "2025-10-13",
        value: 14,
        enteredBy: hub.id,
      });
      time.advance(DAY);
      await repos.processMeasures.recordValue(m.id, {
        date: "2025-10-06",
        value: 9,
        note: "first week",
        enteredBy: hub.id,
      });
      const [listed] = await repos.processMeasures.listForPlan(plan.id);
      expect(listed!.values.map((v) => [v.date, v.value, v.note])).toEqual([
        ["2025-10-06", 9, "first week"],
        ["2025-10-13", 14, ""],
      ]);
      expect(listed!.values[0]!.enteredAt).toEqual(time.clock());
      expect(listed!.values[0]!.enteredBy).toBe(hub.id);
    });

    it("replaces a day's value when it is entered again, and takes a value away", async () => {
      const { repos } = suite();
      const { hub, plan } = await planOf(repos);
      const m = await repos.processMeasures.create({
        planId: plan.id,
        name: "Calls made",
        unit: "calls",
        chart: "xmr",
        direction: "higher_is_better",
        createdBy: hub.id,
      });
      await repos.processMeasures.recordValue(m.id, {
        date: "2025-10-06",
        value: 3,
        enteredBy: hub.id,
      });
      await repos.processMeasures.recordValue(m.id, {
        date: "2025-10-06",
        value: 5,
        enteredBy: hub.id,
      });
      expect((await repos.processMeasures.findById(m.id))!.values.map((v) => v.value)).toEqual([5]);
      expect(await repos.processMeasures.deleteValue(m.id, "2025-10-06")).toBe(true);
      expect(await repos.processMeasures.deleteValue(m.id, "2025-10-06")).toBe(false);
      expect((await repos.processMeasures.findById(m.id))!.values).toEqual([]);
    });

    it("refuses a second measure of the same name in a plan, a blank name, a bad date or value, and an unknown measure", async () => {
      const { repos } = suite();
      const { hub, plan } = await planOf(repos);
      const input = {
        planId: plan.id,
        name: "Calls made",
        unit: "calls",
        chart: "run" as const,
        direction: "higher_is_better" as const,
        createdBy: hub.id,
      };
      const m = await repos.processMeasures.create(input);
      await expect(repos.processMeasures.create(input)).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(repos.processMeasures.create({ ...input, name: " " })).rejects.toBeInstanceOf(
        WorkspaceInputError,
      );
      await expect(
        repos.processMeasures.recordValue(m.id, {
          date: "2025-02-30",
          value: 1,
          enteredBy: hub.id,
        }),
      ).rejects.toThrow('invalid date "2025-02-30"');
      await expect(
        repos.processMeasures.recordValue(m.id, {
          date: "2025-10-06",
          value: Number.NaN,
          enteredBy: hub.id,
        }),
      ).rejects.toBeInstanceOf(WorkspaceInputError);
      await expect(
        repos.processMeasures.recordValue(9999, {
          date: "2025-10-06",
          value: 1,
          enteredBy: hub.id,
        }),
      ).rejects.toThrow("process measure 9999 not found");
      const changed = await repos.processMeasures.update(m.id, {
        chart: "xmr",
        direction: "lower_is_better",
        description: "per week",
      });
      expect(changed).toMatchObject({
        chart: "xmr",
        direction: "lower_is_better",
        description: "per week",
      });
    });
  });
}
