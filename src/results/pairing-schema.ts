import { INT, NUM, STR } from "./api-schemas.ts";

/** Pairing and community rows as the API serves them (overrides applied); the web app's types derive from these. */
/** An override's explanation, shared by pairing and community rows. */
export const OVERRIDE_FIELDS = {
  override: { ...STR, description: "the hub analyst's stated reason; null: the proposal stands" },
  override_at: { ...STR, description: "when the override in force was made (ISO 8601)" },
  proposed_reason: { type: "string", description: "the pairing stage's own reason" },
} as const;

/** A priority school's pairing as it stands (overrides applied), with its explanation. */
export const PAIRING_ROW = {
  type: "object",
  required: [
    "run_id",
    "year",
    "school_code",
    "school_level",
    "partner_code",
    "kept",
    "reason",
    "override",
  ],
  properties: {
    run_id: { type: "string" },
    year: { type: "integer" },
    school_code: { type: "string" },
    school_name: STR,
    school_level: { type: "string" },
    partner_code: { ...STR, description: "null: unmatched, or the pair was removed" },
    partner_name: STR,
    cost: NUM,
    context_distance: NUM,
    context_distance_rank: INT,
    strength_gap: NUM,
    distance_km: NUM,
    kept: { type: "boolean", description: "the pair continues last year's" },
    reason: {
      type: "string",
      description:
        "why, in words rendered for the reader from the pairing's facts (an override says so first)",
    },
    proposed_partner_code: STR,
    ...OVERRIDE_FIELDS,
  },
  additionalProperties: false,
} as const;

/** A focus school's community of practice as it stands (overrides applied). */
export const COMMUNITY_ROW = {
  type: "object",
  required: [
    "run_id",
    "year",
    "community_id",
    "school_code",
    "school_level",
    "district_code",
    "reason",
    "override",
  ],
  properties: {
    run_id: { type: "string" },
    year: { type: "integer" },
    community_id: { ...STR, description: "null: no community could take the school" },
    school_code: { type: "string" },
    school_name: STR,
    school_level: { type: "string" },
    district_code: { type: "string" },
    problem: { ...STR, description: "the shared problem of practice, `GROUP × metric`" },
    problem_label: {
      ...STR,
      description: "the problem in words: the group's and the measure's labels",
    },
    problem_level: INT,
    reason: { type: "string" },
    proposed_community_id: STR,
    ...OVERRIDE_FIELDS,
  },
  additionalProperties: false,
} as const;
