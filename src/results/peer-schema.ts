import { INT, NUM, STR } from "./api-schemas.ts";

/** A similar school strong on a measure, and the peer finder's answer; the web app's types derive from these. */
export const PEER = {
  type: "object",
  required: [
    "schoolCode",
    "schoolName",
    "districtCode",
    "contextDistance",
    "contextRank",
    "level",
    "value",
    "indexLevel",
    "tier",
    "distanceKm",
  ],
  properties: {
    schoolCode: { type: "string" },
    schoolName: { type: "string" },
    districtCode: { type: "string" },
    contextDistance: { type: "number", description: "Mahalanobis distance on context" },
    contextRank: { type: "integer", description: "1 = the most similar school of the level" },
    level: { type: "integer", description: "the peer's level on the measure (ALL students)" },
    value: NUM,
    indexLevel: INT,
    tier: STR,
    distanceKm: { type: "number" },
  },
  additionalProperties: false,
} as const;

export const PEER_LIST = {
  type: "object",
  required: ["runId", "school", "metric", "group", "minLevel", "schoolsAtLevel", "peers"],
  properties: {
    runId: { type: "string" },
    school: {
      type: "object",
      required: ["schoolCode", "schoolName", "schoolLevel", "districtCode"],
      properties: {
        schoolCode: { type: "string" },
        schoolName: { type: "string" },
        schoolLevel: { type: "string" },
        districtCode: { type: "string" },
      },
      additionalProperties: false,
    },
    metric: { type: "string" },
    group: { type: "string" },
    schoolLevelOnMetric: INT,
    schoolValue: NUM,
    minLevel: { type: "integer" },
    schoolsAtLevel: { type: "integer" },
    peers: { type: "array", items: PEER },
  },
  additionalProperties: false,
} as const;
