import { INDEX_SCORE_SUPPRESSED, INT, NUM, STR } from "./api-schemas.ts";

/** A run's support tiers as the API serves them (`GET /api/runs/:run/tiers`); the web app's `TierRow` derives from it. */
export const TIER_LIST = {
  type: "object",
  required: ["schools"],
  additionalProperties: false,
  properties: {
    schools: {
      type: "array",
      items: {
        type: "object",
        required: [
          "school_code",
          "school_level",
          "tier",
          "reason",
          "exit_status",
          "years_in_tier",
          "index_score",
          "index_score_suppressed",
          "index_level",
        ],
        additionalProperties: false,
        properties: {
          school_code: { type: "string" },
          school_level: { type: "string" },
          tier: { type: "string" },
          reason: { type: "string" },
          exit_status: STR,
          years_in_tier: { type: "integer" },
          index_score: NUM,
          index_score_suppressed: INDEX_SCORE_SUPPRESSED,
          index_level: INT,
        },
      },
    },
  },
} as const;
