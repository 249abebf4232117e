/** One measure of a school's index (`index_components`). */
export const INDEX_COMPONENT_ROW = {
  type: "object",
  required: [
    "school_code",
    "school_level",
    "metric",
    "domain",
    "weight",
    "all_level",
    "subgroup_mean",
    "subgroup_count",
    "measure_level",
    "points",
  ],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    school_level: { type: "string" },
    metric: { type: "string" },
    domain: { type: "string" },
    weight: { type: "number" },
    all_level: { type: "integer" },
    subgroup_mean: { type: ["number", "null"] },
    subgroup_count: { type: "integer" },
    measure_level: { type: "number" },
    points: { type: "number" },
  },
} as const;
