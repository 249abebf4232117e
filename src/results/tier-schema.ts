import { SHOWN_INDEX, STR } from "./api-schemas.ts";
import { TIER_REASON_FACTS } from "./reason-facts-schema.ts";

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
          "facts",
          "reason",
          "exit_status",
          "years_in_tier",
          "index_score",
          "index_score_suppressed",
          "index_level",
          "triggers",
        ],
        additionalProperties: false,
        properties: {
          school_code: { type: "string" },
          school_level: { type: "string" },
          tier: { type: "string" },
          facts: TIER_REASON_FACTS,
          reason: {
            type: "string",
            description: "why, in words rendered for the reader from exactly `facts`",
          },
          exit_status: STR,
          years_in_tier: { type: "integer" },
          ...SHOWN_INDEX,
          triggers: {
            description:
              "the accountability groups a focus tier was given for, each with the group results it was weakest on (the reporting group and measure: names only; their levels are quoted in the reason, as the reader may see them)",
            type: "array",
            items: {
              type: "object",
              required: ["group", "cells"],
              additionalProperties: false,
              properties: {
                group: { type: "string" },
                cells: {
                  type: "array",
                  items: {
                    type: "object",
                    required: ["student_group", "metric"],
                    additionalProperties: false,
                    properties: { student_group: { type: "string" }, metric: { type: "string" } },
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
