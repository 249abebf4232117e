/* The API shapes of the district view and of a school's local measures (JSON Schema). */

import { closedShape } from "../warehouse/row-shape.ts";
import { INT, NUM } from "./api-schemas.ts";

const REASON = { type: ["string", "null"], enum: ["small_n", "complementary", null] } as const;
const FIGURE_PROPS = {
  n: INT,
  value: NUM,
  suppressed: { type: "boolean" },
  suppression_reason: REASON,
} as const;

const GROUP_FIGURE = closedShape({ student_group: { type: "string" }, ...FIGURE_PROPS });
const PEER_FIGURE = closedShape({ district_code: { type: "string" }, ...FIGURE_PROPS });
const YEAR_FIGURE = closedShape({ year: { type: "integer" }, ...FIGURE_PROPS });

const LOCAL_MEASURE_DEF = {
  metric: { type: "string" },
  label: { type: "string" },
  description: { type: "string" },
  base_metric: { type: "string" },
  direction: { type: "string" },
  weight: NUM,
} as const;

export const DISTRICT_VIEW = {
  type: "object",
  required: [
    "run_id",
    "year",
    "district_code",
    "districts",
    "suggested_peers",
    "peers",
    "measures",
    "changes",
    "local_index",
    "local_measures",
    "district_names",
  ],
  additionalProperties: false,
  properties: {
    run_id: { type: "string" },
    year: { type: "integer" },
    district_code: { type: "string" },
    districts: { type: "array", items: { type: "string" } },
    /** Each district's name from the school directory, by code (a district without one: absent). */
    district_names: { type: "object", additionalProperties: { type: "string" } },
    suggested_peers: { type: "array", items: { type: "string" } },
    peers: { type: "array", items: { type: "string" } },
    measures: {
      type: "array",
      items: {
        type: "object",
        required: [
          "metric",
          "label",
          "unit_metric",
          "local",
          "direction",
          "groups",
          "network",
          "peers",
          "trend",
        ],
        additionalProperties: false,
        properties: {
          metric: { type: "string" },
          label: { type: "string" },
          unit_metric: { type: "string" },
          local: { type: "boolean" },
          direction: { type: "string", enum: ["higher", "lower"] },
          groups: { type: "array", items: GROUP_FIGURE },
          network: {
            type: "object",
            required: ["n", "value", "suppressed", "suppression_reason"],
            additionalProperties: false,
            properties: FIGURE_PROPS,
          },
          peers: { type: "array", items: PEER_FIGURE },
          trend: { type: "array", items: YEAR_FIGURE },
        },
      },
    },
    changes: {
      type: "array",
      items: {
        type: "object",
        required: ["metric", "from", "to", "change", "better", "sentence"],
        additionalProperties: false,
        properties: {
          metric: { type: "string" },
          from: { type: "number" },
          to: { type: "number" },
          change: { type: "number" },
          better: { type: ["boolean", "null"] },
          sentence: { type: "string" },
        },
      },
    },
    local_index: NUM,
    local_measures: {
      type: "array",
      items: {
        type: "object",
        required: ["metric", "label", "description", "base_metric", "direction", "weight"],
        additionalProperties: false,
        properties: LOCAL_MEASURE_DEF,
      },
    },
  },
} as const;

export const SCHOOL_LOCAL_MEASURES = {
  type: "object",
  required: ["district_code", "measures", "local_index"],
  additionalProperties: false,
  properties: {
    district_code: { type: "string" },
    measures: {
      type: "array",
      items: {
        type: "object",
        required: [
          "metric",
          "label",
          "description",
          "base_metric",
          "direction",
          "weight",
          "school_level",
          "groups",
        ],
        additionalProperties: false,
        properties: {
          ...LOCAL_MEASURE_DEF,
          school_level: { type: "string" },
          groups: { type: "array", items: GROUP_FIGURE },
        },
      },
    },
    local_index: {
      type: "array",
      items: {
        type: "object",
        required: ["school_level", "score"],
        additionalProperties: false,
        properties: { school_level: { type: "string" }, score: NUM },
      },
    },
  },
} as const;
