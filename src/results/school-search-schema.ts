import { INT, STR } from "./api-schemas.ts";

/**
 * The answer of the school search (`GET /api/runs/:run/search?q=`), declared once: the route's
 * response schema and the web app's `SchoolSearch` type (derived with json-schema-to-ts) come
 * from it. It serves directory facts (name, district, code, school levels) and, per school level,
 * the index level and tier, which the disclosure never withholds (an index's score may be
 * withheld, its level never is): no score or group figure is served.
 */
export const SCHOOL_SEARCH = {
  type: "object",
  required: ["query", "schools"],
  additionalProperties: false,
  properties: {
    query: { type: "string" },
    schools: {
      type: "array",
      items: {
        type: "object",
        required: ["school_code", "school_name", "district_code", "district_name", "levels"],
        additionalProperties: false,
        properties: {
          school_code: { type: "string" },
          school_name: { type: "string" },
          district_code: { type: "string" },
          district_name: { type: "string" },
          levels: {
            type: "array",
            items: {
              type: "object",
              required: ["school_level", "index_level", "tier"],
              additionalProperties: false,
              properties: { school_level: { type: "string" }, index_level: INT, tier: STR },
            },
          },
        },
      },
    },
  },
} as const;
