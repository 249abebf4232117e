import { SCHOOL_PLAN } from "../improvement/plan-schema.ts";
import { COMMUNITY_ROW, PAIRING_ROW } from "./pairing-schema.ts";

/**
 * A school's support in a run, as its report shows it beside the tier: its pairings and
 * communities of practice (public, explained for the reader as on the support page) and the
 * improvement plans of the school that this reader may see (none for anyone outside them).
 */
export const SCHOOL_SUPPORT = {
  type: "object",
  required: [
    "run_id",
    "school_code",
    "pairings_computed",
    "pairings",
    "communities",
    "workspace",
    "plans",
  ],
  properties: {
    run_id: { type: "string" },
    school_code: { type: "string" },
    pairings_computed: {
      type: "boolean",
      description: "false: the pairing stage has not run, so there are no pairs or communities",
    },
    pairings: {
      type: "array",
      items: PAIRING_ROW,
      description: "the school's pairs: as the priority school, or as another school's partner",
    },
    communities: {
      type: "array",
      items: COMMUNITY_ROW,
      description: "every member of the school's communities of practice, the school included",
    },
    workspace: {
      type: "boolean",
      description:
        "the reader's role may be on improvement plans (the workspace is theirs to open); says nothing of this school's",
    },
    plans: {
      type: "array",
      items: SCHOOL_PLAN,
      description:
        "the school's improvement plans this reader may read (their schools' staff, district admins, facilitator and the hub); empty for everyone else",
    },
  },
  additionalProperties: false,
} as const;
