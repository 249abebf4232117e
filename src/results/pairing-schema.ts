import { closedShape } from "../warehouse/row-shape.ts";
import { INT, NUM, STR } from "./api-schemas.ts";
import { COMMUNITY_FACTS_SHOWN, PAIRING_FACTS } from "./reason-facts-schema.ts";

/*
 * Pairing and community rows as they stand (overrides applied): the columns read from the
 * warehouse (`effective-pairing-rows.ts`) and served by the API are declared once here; the API's
 * rows add the reason rendered for the reader. The web app's types derive from these.
 */

/** An override's columns, shared by pairing and community rows. */
const OVERRIDE_COLUMNS = {
  override: { ...STR, description: "the hub analyst's stated reason; null: the proposal stands" },
  override_at: { ...STR, description: "when the override in force was made (ISO 8601)" },
} as const;

/** A priority school's pairing as it stands (overrides applied), before its reason is rendered. */
export const PAIRING_COLUMNS = {
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
  proposed_partner_code: STR,
  ...OVERRIDE_COLUMNS,
} as const;

/** A focus school's community of practice as it stands (overrides applied), before its reason. */
export const COMMUNITY_COLUMNS = {
  run_id: { type: "string" },
  year: { type: "integer" },
  community_id: { ...STR, description: "null: no community could take the school" },
  school_code: { type: "string" },
  school_name: STR,
  school_level: { type: "string" },
  district_code: { type: "string" },
  problem: { ...STR, description: "the shared problem of practice, `GROUP × metric`" },
  problem_level: INT,
  proposed_community_id: STR,
  ...OVERRIDE_COLUMNS,
} as const;

/** The reasons of a row as served: the proposal's, and the one in force (an override first). */
const REASON_COLUMNS = {
  reason: {
    type: "string",
    description:
      "why, in words rendered for the reader from the row's facts (an override says so first)",
  },
  proposed_reason: { type: "string", description: "the pairing stage's own reason" },
} as const;

/** A priority school's pairing as served (overrides applied), with its explanation. */
export const PAIRING_ROW = closedShape({
  ...PAIRING_COLUMNS,
  ...REASON_COLUMNS,
  facts: PAIRING_FACTS,
});

/** A focus school's community of practice as served (overrides applied). */
export const COMMUNITY_ROW = closedShape({
  ...COMMUNITY_COLUMNS,
  problem_label: {
    ...STR,
    description: "the problem in words: the group's and the measure's labels",
  },
  ...REASON_COLUMNS,
  facts: COMMUNITY_FACTS_SHOWN,
});
