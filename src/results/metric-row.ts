import { NUM } from "./api-schemas.ts";

/**
 * A school's result on a measure for one student group (`metric_results`) with its level and
 * the change to rise 1–3 levels (`metric_levels`, null without a level), as read for the school
 * report and the measure results. Unsuppressed: disclosure decides per reader what is shown.
 */
export const METRIC_ROW = {
  type: "object",
  required: [
    "school_code",
    "school_level",
    "metric",
    "student_group",
    "n",
    "numerator",
    "value",
    "level",
    "change_1",
    "change_2",
    "change_3",
  ],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    school_level: { type: "string" },
    metric: { type: "string" },
    student_group: { type: "string" },
    n: { type: "integer" },
    numerator: NUM,
    value: NUM,
    level: { type: ["integer", "null"] },
    change_1: NUM,
    change_2: NUM,
    change_3: NUM,
  },
} as const;

/** The columns of {@link METRIC_ROW} that come from `metric_levels`; the others from `metric_results`. */
export const LEVEL_COLUMNS: ReadonlySet<string> = new Set([
  "level",
  "change_1",
  "change_2",
  "change_3",
]);
