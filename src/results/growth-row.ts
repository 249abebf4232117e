import type { RowOf } from "../warehouse/row-shape.ts";
import { closedShape } from "../warehouse/row-shape.ts";
import { STR } from "./api-schemas.ts";

/** The columns of a growth estimate of one subject and student group (`growth_results`). */
export const GROWTH_PROPERTIES = {
  /** Null in runs computed before growth was estimated per school level (one unit per school). */
  school_level: STR,
  subject: { type: "string" },
  student_group: { type: "string" },
  n: { type: "integer" },
  growth_score: { type: "number" },
  effect_shrunk: { type: "number" },
  ci_low: { type: "number" },
  ci_high: { type: "number" },
  level: { type: "integer" },
  suppressed: { type: "boolean" },
} as const;

/** A growth estimate of one subject and student group, as a run's school report reads it. */
export const GROWTH_ROW = closedShape(GROWTH_PROPERTIES);
export type GrowthRow = RowOf<typeof GROWTH_ROW>;
