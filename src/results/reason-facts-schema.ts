/*
 * The facts a tier, a pairing or a community rests on, as disclosed to the reader the response is
 * for (src/disclosure/derived-values.ts decides each figure; the reason sentence beside them is
 * rendered from exactly these facts). Declared once here for the API; the web app's types derive
 * from them. A figure hidden from the reader is `{ value: null, withheld: true }`.
 */

const STRING = { type: "string" } as const;
const STRINGS = { type: "array", items: STRING } as const;
const INTEGER = { type: "integer" } as const;
const NUMBER = { type: "number" } as const;
const BOOLEAN = { type: "boolean" } as const;
const TIER = { type: "string", enum: ["priority", "focus", "partner_eligible", "none"] } as const;

/** A closed object of `properties`, every one required. */
function object<const P extends Record<string, object>>(properties: P, description?: string) {
  return {
    type: "object",
    required: Object.keys(properties) as (keyof P & string)[],
    additionalProperties: false,
    properties,
    ...(description === undefined ? {} : { description }),
  } as const;
}

/** `schema` (an object) or null. */
function orNull<const S extends { readonly type: "object" }>(schema: S) {
  return { anyOf: [schema, { type: "null" }] } as const;
}

/** A number a reason quotes, as the reader may see it. */
export const FIGURE = object(
  {
    value: { type: ["number", "null"], description: "null when withheld" },
    withheld: {
      type: "boolean",
      description: "the figure would tell a cell suppressed for this reader: not shown",
    },
  },
  "a figure quoted by the reason, as this reader may see it",
);
const FIGURE_OR_NULL = orNull(FIGURE);

/** A focus trigger: an accountability group, its mean level and its weakest measures. */
const TRIGGER_FACTS = object({
  group: STRING,
  meanLevel: FIGURE,
  measures: {
    type: "array",
    items: object({ metric: STRING, studentGroup: STRING, level: FIGURE }),
  },
});

/** Why a school × level has its tier, with its focus triggers, as disclosed. */
export const TIER_REASON_FACTS = orNull(
  object(
    {
      tier: TIER,
      basis: { type: "string", enum: ["entry", "held", "none"] },
      schoolLevel: STRING,
      titleI: BOOLEAN,
      yearsInTier: INTEGER,
      yearsBelowEntry: INTEGER,
      exitStatus: {
        type: ["string", "null"],
        enum: ["new", "continuing", "exit_pending", "exited", null],
      },
      exitedFrom: { type: ["string", "null"], enum: [...TIER.enum, null] },
      priorityBy: object({ index: BOOLEAN, graduation: BOOLEAN }),
      partnerBy: object({ index: BOOLEAN, growth: BOOLEAN }),
      indexScore: FIGURE,
      indexLevel: { type: ["integer", "null"] },
      subgroupComponent: FIGURE_OR_NULL,
      graduationRate: FIGURE_OR_NULL,
      growth: orNull(object({ metrics: STRINGS, level: FIGURE })),
      focusByGroupLevel: BOOLEAN,
      cutoffs: object({
        priorityScore: FIGURE_OR_NULL,
        priorityLevel: FIGURE_OR_NULL,
        subgroupComponent: FIGURE_OR_NULL,
      }),
      rules: object({
        priorityLowestPercent: NUMBER,
        graduationRateBelow: NUMBER,
        focusLowestPercent: NUMBER,
        focusPerLevel: BOOLEAN,
        focusGroupRule: BOOLEAN,
        titleIOnly: BOOLEAN,
        exitAfterYears: NUMBER,
        partnerMinIndexLevel: NUMBER,
        partnerMinGrowthLevel: NUMBER,
      }),
      triggers: { type: "array", items: TRIGGER_FACTS },
    },
    "what the reason rests on, as disclosed to this reader (null: a run from before facts were kept)",
  ),
);

const CANDIDATE_COST = object({ code: STRING, name: STRING, cost: FIGURE });

/** Why a priority school was paired with its partner. */
const PAIR_FACTS = object({
  kind: { type: "string", const: "paired" },
  schoolLevel: STRING,
  partnerCode: STRING,
  partnerName: STRING,
  kept: BOOLEAN,
  replacedPrior: { type: ["string", "null"] },
  distanceKm: NUMBER,
  sameDistrict: BOOLEAN,
  contextRank: INTEGER,
  partnersAtLevel: INTEGER,
  contextDistance: NUMBER,
  shared: STRINGS,
  stronger: {
    type: "array",
    items: object({ metric: STRING, schoolLevel: FIGURE, partnerLevel: FIGURE }),
  },
  meanGap: FIGURE_OR_NULL,
  cost: FIGURE,
  broken: {
    type: "array",
    items: { type: "string", enum: ["caliper_km", "not_stronger", "max_cost"] },
  },
  withinPreferences: INTEGER,
  caliperKm: NUMBER,
  maxCost: NUMBER,
});

/** Why a priority school has no partner. */
const UNMATCHED_FACTS = object({
  kind: { type: "string", const: "unmatched" },
  schoolLevel: STRING,
  why: { type: "string", enum: ["no_context", "no_candidates", "all_taken", "none_qualify"] },
  priorPartner: { type: ["string", "null"] },
  candidates: INTEGER,
  weakest: STRINGS,
  open: INTEGER,
  best: orNull(CANDIDATE_COST),
  capacity: INTEGER,
  far: orNull(object({ count: INTEGER, nearestKm: NUMBER })),
  notStronger: INTEGER,
  dear: orNull(object({ count: INTEGER, lowest: CANDIDATE_COST })),
  caliperKm: NUMBER,
  maxCost: NUMBER,
});

/** A priority school's pairing facts (the proposal's), as disclosed. */
export const PAIRING_FACTS = {
  description:
    "what the proposal's reason rests on, as disclosed to this reader (null: a run from before facts were kept)",
  // Null in a branch, not beside them: the OpenAPI document (3.0) has no null type of its own.
  anyOf: [orNull(PAIR_FACTS), UNMATCHED_FACTS],
} as const;

/** Why focus schools form a community of practice. */
const COMMUNITY_FACTS = object({
  kind: { type: "string", const: "community" },
  id: STRING,
  schoolLevel: STRING,
  metric: STRING,
  groups: STRINGS,
  members: {
    type: "array",
    items: object({ schoolCode: STRING, group: STRING, level: FIGURE }),
  },
  meanContextDistance: NUMBER,
  districts: INTEGER,
});

/** Why a focus school is in no community. */
const UNPLACED_FACTS = object({
  kind: { type: "string", const: "unplaced" },
  schoolLevel: STRING,
  why: { type: "string", enum: ["no_problem", "none_sharing", "blocked"] },
  problems: { type: "array", items: object({ group: STRING, metric: STRING }) },
  crossDistrict: BOOLEAN,
  minSize: INTEGER,
  sharing: STRINGS,
});

/** A focus school's community facts (the proposal's), as disclosed. */
export const COMMUNITY_FACTS_SHOWN = {
  description:
    "what the proposal's reason rests on, as disclosed to this reader (null: a run from before facts were kept)",
  anyOf: [orNull(COMMUNITY_FACTS), UNPLACED_FACTS],
} as const;
