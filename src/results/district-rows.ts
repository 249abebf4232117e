/* The row shapes of the district tables (src/districts/district-tables.ts), checked on read. */

/** A local measure's school × level × group row (`local_results`). */
export const LOCAL_RESULT_ROW = {
  type: "object",
  required: [
    "district_code",
    "school_code",
    "school_level",
    "metric",
    "base_metric",
    "student_group",
    "n",
    "numerator",
    "value",
  ],
  additionalProperties: false,
  properties: {
    district_code: { type: "string" },
    school_code: { type: "string" },
    school_level: { type: "string" },
    metric: { type: "string" },
    base_metric: { type: "string" },
    student_group: { type: "string" },
    n: { type: "integer" },
    numerator: { type: ["number", "null"] },
    value: { type: ["number", "null"] },
  },
} as const;

/** A district × measure × group pooled row (`district_results`). */
export const DISTRICT_RESULT_ROW = {
  type: "object",
  required: [
    "year",
    "district_code",
    "metric",
    "local",
    "student_group",
    "n",
    "numerator",
    "value",
  ],
  additionalProperties: false,
  properties: {
    year: { type: "integer" },
    district_code: { type: "string" },
    metric: { type: "string" },
    local: { type: "boolean" },
    student_group: { type: "string" },
    n: { type: "integer" },
    numerator: { type: ["number", "null"] },
    value: { type: ["number", "null"] },
  },
} as const;

/** A school's (or the district's) local index (`local_index_results`). */
export const LOCAL_INDEX_ROW = {
  type: "object",
  required: ["district_code", "school_code", "school_level", "score", "measures"],
  additionalProperties: false,
  properties: {
    district_code: { type: "string" },
    school_code: { type: "string" },
    school_level: { type: "string" },
    score: { type: ["number", "null"] },
    measures: { type: "integer" },
  },
} as const;

/** A suggested peer district (`district_peers`). */
export const DISTRICT_PEER_ROW = {
  type: "object",
  required: ["district_code", "peer_code", "rank", "distance"],
  additionalProperties: false,
  properties: {
    district_code: { type: "string" },
    peer_code: { type: "string" },
    rank: { type: "integer" },
    distance: { type: "number" },
  },
} as const;

/** A local measure's definition (`local_measures`). */
export const LOCAL_MEASURE_ROW = {
  type: "object",
  required: [
    "district_code",
    "metric",
    "base_metric",
    "label",
    "description",
    "direction",
    "weight",
  ],
  additionalProperties: false,
  properties: {
    district_code: { type: "string" },
    metric: { type: "string" },
    base_metric: { type: "string" },
    label: { type: "string" },
    description: { type: "string" },
    direction: { type: "string" },
    weight: { type: ["number", "null"] },
  },
} as const;
