import { describe, expect, it } from "vitest";
import { planProgress } from "../../src/improvement/plan-progress.ts";
import type { Meeting } from "../../src/workspace/meeting-repository.ts";
import type { PdsaCycle } from "../../src/workspace/pdsa-cycle-repository.ts";

const cycle = (decision: PdsaCycle["decision"], dueOn: string | null) =>
  ({ decision, dueOn }) as PdsaCycle;
const meeting = (at: string, held: boolean) => ({ heldAt: new Date(at), held }) as Meeting;

describe("planProgress(cycles, meetings, today)", () => {
  it("counts cycles by decision, and open cycles past their due date as overdue", () => {
    const p = planProgress(
      [
        cycle("adopt", "2025-01-01"),
        cycle("adapt", null),
        cycle(null, "2025-03-01"),
        cycle(null, "2025-03-02"),
        cycle(null, null),
      ],
      [],
      "2025-03-02",
    );
    expect(p).toMatchObject({
      cyclesStarted: 5,
      cyclesCompleted: 2,
      adopted: 1,
      adapted: 1,
      abandoned: 0,
      // Due today is not overdue yet; a cycle with no due date never is.
      cyclesOverdue: 1,
    });
  });

  it("takes the latest meeting held and the next scheduled one, not a past one never held", () => {
    const p = planProgress(
      [],
      [
        meeting("2025-01-15T16:00:00Z", true),
        meeting("2024-10-15T16:00:00Z", true),
        meeting("2025-02-01T16:00:00Z", false),
        meeting("2025-06-01T16:00:00Z", false),
        meeting("2025-04-01T16:00:00Z", false),
      ],
      "2025-03-02",
    );
    expect(p).toMatchObject({
      meetingsHeld: 2,
      lastMeeting: "2025-01-15",
      nextMeeting: "2025-04-01",
    });
  });

  it("says there is nothing yet for a new plan", () => {
    expect(planProgress([], [], "2025-03-02")).toEqual({
      cyclesStarted: 0,
      cyclesCompleted: 0,
      adopted: 0,
      adapted: 0,
      abandoned: 0,
      cyclesOverdue: 0,
      meetingsHeld: 0,
      lastMeeting: null,
      nextMeeting: null,
    });
  });
});
