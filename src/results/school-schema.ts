import { NUM } from "./api-schemas.ts";

/** A school of the directory as the API serves it; the web app's `School` derives from it. */
export const SCHOOL = {
  type: "object",
  required: [
    "school_code",
    "school_name",
    "district_code",
    "district_name",
    "year",
    "low_grade",
    "high_grade",
    "school_levels",
    "title_i",
    "charter",
    "latitude",
    "longitude",
  ],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    school_name: { type: "string" },
    district_code: { type: "string" },
    district_name: { type: "string" },
    year: { type: "integer" },
    low_grade: { type: "integer" },
    high_grade: { type: "integer" },
    school_levels: { type: "array", items: { type: "string" } },
    title_i: { type: "boolean" },
    charter: { type: "boolean" },
    latitude: NUM,
    longitude: NUM,
  },
} as const;
