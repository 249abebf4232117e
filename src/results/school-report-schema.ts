import { closedShape, pickColumns } from "../warehouse/row-shape.ts";
import {
  GROUP_CELL,
  INT,
  NUM,
  SHOWN_GROWTH,
  SHOWN_INDEX,
  SHOWN_YEAR_VALUE,
  STR,
} from "./api-schemas.ts";
import { SCHOOL } from "./school-schema.ts";

/**
 * The school report's shape, declared once: the route's response schema (and so the OpenAPI
 * document) and the web app's `SchoolReport` type (web/src/api/types.ts, derived with
 * json-schema-to-ts) both come from it.
 */
export const MEASURE = {
  type: "object",
  required: [
    "metric",
    "label",
    "value",
    "n",
    "suppressed",
    "level",
    "band",
    "change_needed",
    "prior_value",
    "change",
    "groups",
    "growth",
    "trend",
  ],
  additionalProperties: false,
  properties: {
    metric: { type: "string" },
    label: { type: "string" },
    direction: STR,
    value: NUM,
    n: INT,
    suppressed: { type: "boolean" },
    level: INT,
    band: STR,
    change_needed: { type: "array", items: NUM },
    prior_value: NUM,
    change: NUM,
    groups: { type: "array", items: GROUP_CELL },
    growth: {
      type: ["array", "null"],
      items: closedShape({ student_group: { type: "string" }, n: INT, ...SHOWN_GROWTH }),
    },
    trend: {
      type: "array",
      items: closedShape({ ...SHOWN_YEAR_VALUE, suppressed: { type: "boolean" } }),
    },
  },
} as const;

/** The columns of the school's directory row (as of the run's year) the report shows. */
export const REPORT_SCHOOL_COLUMNS = [
  "school_code",
  "school_name",
  "district_code",
  "district_name",
  "year",
  "school_levels",
  "title_i",
  "charter",
] as const;

export const SCHOOL_REPORT = {
  type: "object",
  required: ["run", "school", "suppressed_for_reader", "levels"],
  additionalProperties: false,
  properties: {
    run: {
      type: "object",
      required: ["run_id", "year", "framework_id"],
      additionalProperties: false,
      properties: {
        run_id: { type: "string" },
        year: { type: "integer" },
        framework_id: { type: "string" },
      },
    },
    school: pickColumns(SCHOOL, REPORT_SCHOOL_COLUMNS),
    suppressed_for_reader: { type: "boolean" },
    levels: {
      type: "array",
      items: {
        type: "object",
        required: [
          "school_level",
          "index_score",
          "index_score_suppressed",
          "index_level",
          "tier",
          "measures",
        ],
        additionalProperties: false,
        properties: {
          school_level: { type: "string" },
          ...SHOWN_INDEX,
          index_band: STR,
          tier: STR,
          reason: STR,
          exit_status: STR,
          /** What would take the school out of its tier, in words for this reader (null: no tier). */
          exit_target: STR,
          measures: { type: "array", items: MEASURE },
        },
      },
    },
  },
} as const;
