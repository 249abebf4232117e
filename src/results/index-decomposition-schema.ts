import { INT, NUM, SHOWN_INDEX } from "./api-schemas.ts";

/**
 * A school's index and its decomposition as the API serves them
 * (`GET /api/runs/:run/schools/:school/index`): per school level the index score (null and
 * flagged when withheld) and level, each measure's weight, ALL level, subgroup mean, measure
 * level and points, and the subgroup levels behind them (hidden ones marked, level null).
 */
export const INDEX_DECOMPOSITION = {
  type: "object",
  required: ["levels"],
  additionalProperties: false,
  properties: {
    levels: {
      type: "array",
      items: {
        type: "object",
        required: [
          "school_level",
          "index_score",
          "index_score_suppressed",
          "index_level",
          "components",
        ],
        additionalProperties: false,
        properties: {
          school_level: { type: "string" },
          ...SHOWN_INDEX,
          components: {
            type: "array",
            items: {
              type: "object",
              required: ["metric", "weight", "points", "subgroups"],
              additionalProperties: false,
              properties: {
                metric: { type: "string" },
                domain: { type: "string" },
                weight: { type: "number" },
                all_level: INT,
                subgroup_mean: NUM,
                subgroup_count: { type: "integer" },
                measure_level: NUM,
                points: NUM,
                subgroups: {
                  type: "array",
                  items: {
                    type: "object",
                    required: ["component_group", "student_group", "level", "suppressed"],
                    additionalProperties: false,
                    properties: {
                      component_group: { type: "string" },
                      student_group: { type: "string" },
                      level: INT,
                      suppressed: { type: "boolean" },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;
