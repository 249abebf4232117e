import type { PlanSummary } from "../../api/types.ts";

/** The address of a plan's workspace page (its run's pair or community). */
export function planPath(p: Pick<PlanSummary, "kind" | "run_id" | "school_level" | "group_key">) {
  return `/workspace/${p.kind}/${p.run_id}/${p.school_level}/${encodeURIComponent(p.group_key ?? "")}`;
}
