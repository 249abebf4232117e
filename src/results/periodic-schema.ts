import type { FromSchema } from "json-schema-to-ts";
import { CHART_RESULT_SCHEMA, DIRECTION_SCHEMA } from "../stats/charts/chart-result.ts";
import { INT, NUM, STR } from "./api-schemas.ts";

/**
 * The periodic API's response shapes, declared once: the routes validate their responses with
 * them and the web app's types derive from them.
 */

/** One period of a group's series as a reader sees it: a hidden cell keeps its place, figures null. */
export const PERIODIC_POINT = {
  type: "object",
  required: [
    "period_start",
    "period_end",
    "period_label",
    "n",
    "numerator",
    "denominator",
    "value",
    "suppressed",
    "suppression_reason",
  ],
  additionalProperties: false,
  properties: {
    period_start: { type: "string", description: "first day of the period (YYYY-MM-DD)" },
    period_end: { type: "string", description: "last day of the period (YYYY-MM-DD)" },
    period_label: { type: "string" },
    n: INT,
    numerator: NUM,
    denominator: NUM,
    value: { ...NUM, description: "numerator / denominator in the measure's unit" },
    suppressed: { type: "boolean" },
    suppression_reason: STR,
  },
} as const;
export type PeriodicPoint = FromSchema<typeof PERIODIC_POINT>;

/** How a periodic measure is read and charted. */
export const PERIODIC_MEASURE = {
  type: "object",
  required: ["measure", "label", "unit", "chart", "denominator_kind", "period", "direction"],
  additionalProperties: false,
  properties: {
    measure: { type: "string" },
    label: { type: "string" },
    unit: { type: "string", enum: ["percent", "per 100 students"] },
    chart: {
      type: "string",
      enum: ["p", "u"],
      description:
        "the control chart of numerator / denominator: p for a share, u for a count per unit",
    },
    denominator_kind: { type: "string", enum: ["days_enrolled", "students"] },
    period: { type: "string", enum: ["month", "term"] },
    direction: DIRECTION_SCHEMA,
  },
} as const;

/** A school's periodic measures in a run: by level, each measure with the groups it has. */
export const PERIODIC_CATALOG = {
  type: "object",
  required: ["run_id", "school_code", "levels"],
  additionalProperties: false,
  properties: {
    run_id: { type: "string" },
    school_code: { type: "string" },
    levels: {
      type: "array",
      items: {
        type: "object",
        required: ["school_level", "measures"],
        additionalProperties: false,
        properties: {
          school_level: { type: "string" },
          measures: {
            type: "array",
            items: {
              ...PERIODIC_MEASURE,
              required: [...PERIODIC_MEASURE.required, "groups"],
              properties: {
                ...PERIODIC_MEASURE.properties,
                groups: { type: "array", items: { type: "string" } },
              },
            },
          },
        },
      },
    },
  },
} as const;

/** One group's periodic series of a school × level × measure. */
export const PERIODIC_SERIES = {
  type: "object",
  required: ["run_id", "school_code", "school_level", "student_group", "measure", "points"],
  additionalProperties: false,
  properties: {
    run_id: { type: "string" },
    school_code: { type: "string" },
    school_level: { type: "string" },
    student_group: { type: "string" },
    measure: PERIODIC_MEASURE,
    points: { type: "array", items: PERIODIC_POINT },
  },
} as const;

/** A dated note on a school's charts, with its author. */
export const ANNOTATION = {
  type: "object",
  required: [
    "id",
    "school_code",
    "school_level",
    "measure",
    "note_date",
    "text",
    "author",
    "created_at",
  ],
  additionalProperties: false,
  properties: {
    id: { type: "integer" },
    school_code: { type: "string" },
    school_level: { ...STR, description: "null: every level of the school" },
    measure: { ...STR, description: "null: every periodic measure" },
    note_date: { type: "string", description: "the day it marks (YYYY-MM-DD)" },
    text: { type: "string" },
    author: { type: "string" },
    created_at: { type: "string", description: "when it was written (ISO 8601)" },
  },
} as const;
export type AnnotationBody = FromSchema<typeof ANNOTATION>;

/** A series with its computed chart (values, centre line and limits in the measure's unit). */
export const PERIODIC_CHART = {
  type: "object",
  required: [
    ...PERIODIC_SERIES.required,
    "chart",
    "chart_note",
    "annotations",
    "annotations_shown",
    "may_annotate",
  ],
  additionalProperties: false,
  properties: {
    ...PERIODIC_SERIES.properties,
    chart: {
      ...CHART_RESULT_SCHEMA,
      type: ["object", "null"],
      description:
        "points index the series' points; values, centre lines and limits are in the measure's unit; computed from the shown points only (a hidden period is a gap); null when no chart can be drawn (chart_note says why)",
    },
    chart_note: STR,
    annotations: { type: "array", items: ANNOTATION },
    annotations_shown: {
      type: "boolean",
      description:
        "false: this reader may not see the school's notes (only its district's staff and the hub may)",
    },
    may_annotate: { type: "boolean" },
  },
} as const;
