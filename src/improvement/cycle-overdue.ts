import type { PdsaCycle } from "../workspace/pdsa-cycle-repository.ts";

/**
 * Whether a PDSA cycle is overdue on `today` (`YYYY-MM-DD`): its due date has passed (a cycle
 * due today is not yet overdue) and it has no adopt/adapt/abandon decision.
 */
export function isOverdue(c: Pick<PdsaCycle, "decision" | "dueOn">, today: string): boolean {
  return c.decision === null && c.dueOn !== null && c.dueOn < today;
}

/** Whole days from `dueOn` to `today` (both `YYYY-MM-DD`). */
export function daysLate(dueOn: string, today: string): number {
  return Math.round(
    (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueOn}T00:00:00Z`)) / 86_400_000,
  );
}
