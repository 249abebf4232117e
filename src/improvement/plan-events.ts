import type { Meeting } from "../workspace/meeting-repository.ts";
import type { PdsaCycle } from "../workspace/pdsa-cycle-repository.ts";
import type { Plan } from "../workspace/plan-repository.ts";
import type { PlanAnnotation } from "./evidence-schema.ts";

const day = (d: Date) => d.toISOString().slice(0, 10);
const short = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/**
 * Every PDSA cycle (on the day it started) and meeting (on its day) of a plan as an annotation of
 * its charts, in date order: the mark's short label (28 characters at most, what a chart's mark
 * shows) and the full text for the list.
 */
export function planAnnotations(
  cycles: readonly PdsaCycle[],
  meetings: readonly Meeting[],
  schoolName: (code: string) => string,
): PlanAnnotation[] {
  const out: PlanAnnotation[] = [
    ...cycles.map((c) => {
      const what = c.title.trim() || c.changeIdea;
      const where = c.schoolCode ? ` at ${schoolName(c.schoolCode)}` : "";
      const outcome = c.decision ? ` (${c.decision})` : "";
      return {
        kind: "pdsa_cycle" as const,
        ref_id: c.id,
        date: day(c.startedAt),
        label: `PDSA ${c.cycleNumber}: ${short(what, 20)}`,
        text: `PDSA cycle ${c.cycleNumber}${where}: ${c.changeIdea}${outcome}`,
      };
    }),
    ...meetings.map((m) => ({
      kind: "meeting" as const,
      ref_id: m.id,
      date: day(m.heldAt),
      label: `Meeting: ${short(m.title.trim() || "meeting", 19)}`,
      text: `${m.held ? "Meeting" : "Meeting (scheduled)"}: ${m.title.trim() || "untitled"}`,
    })),
  ];
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind));
}

/**
 * The day a plan began: the earliest of its creation, its first meeting and its first PDSA
 * cycle (a team that met before the plan was written down began then), and what set it.
 */
export function planStart(
  plan: Plan,
  cycles: readonly PdsaCycle[],
  meetings: readonly Meeting[],
): { day: string; by: string } {
  let best = { day: day(plan.createdAt), by: "the plan was created" };
  for (const m of meetings)
    if (day(m.heldAt) < best.day)
      best = { day: day(m.heldAt), by: `its first meeting (${m.title.trim() || "untitled"})` };
  for (const c of cycles)
    if (day(c.startedAt) < best.day)
      best = { day: day(c.startedAt), by: `its first PDSA cycle (${c.changeIdea})` };
  return best;
}
