import type { Meeting } from "../workspace/meeting-repository.ts";
import type { PdsaCycle } from "../workspace/pdsa-cycle-repository.ts";
import { isOverdue } from "./cycle-overdue.ts";
import { decisionCounts } from "./decision-counts.ts";

/** How far a plan's work has come: its PDSA cycles and its meetings. */
export interface PlanProgress {
  readonly cyclesStarted: number;
  /** Cycles ended by a decision, and how many of each. */
  readonly cyclesCompleted: number;
  readonly adopted: number;
  readonly adapted: number;
  readonly abandoned: number;
  /** Open cycles past their due date. */
  readonly cyclesOverdue: number;
  readonly meetingsHeld: number;
  /** The day (`YYYY-MM-DD`, UTC) of the latest meeting held, and of the next one scheduled. */
  readonly lastMeeting: string | null;
  readonly nextMeeting: string | null;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * A plan's progress as of `today` (`YYYY-MM-DD`): cycles started, completed by decision (adopt,
 * adapt, abandon) and overdue (open past their due date); meetings held, the latest held and the
 * next one scheduled on or after today.
 */
export function planProgress(
  cycles: readonly PdsaCycle[],
  meetings: readonly Meeting[],
  today: string,
): PlanProgress {
  const decided = decisionCounts(cycles);
  const held = meetings.filter((m) => m.held).map((m) => day(m.heldAt));
  const scheduled = meetings
    .filter((m) => !m.held && day(m.heldAt) >= today)
    .map((m) => day(m.heldAt));
  return {
    cyclesStarted: cycles.length,
    cyclesCompleted: cycles.filter((c) => c.decision !== null).length,
    adopted: decided.adopt,
    adapted: decided.adapt,
    abandoned: decided.abandon,
    cyclesOverdue: cycles.filter((c) => isOverdue(c, today)).length,
    meetingsHeld: held.length,
    lastMeeting: held.sort().at(-1) ?? null,
    nextMeeting: scheduled.sort()[0] ?? null,
  };
}
