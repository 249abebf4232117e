import { METRIC, SCHOOL_LEVEL } from "../results/api-schemas.ts";

/*
 * The change-idea library's API shapes, declared once (routes, OpenAPI, web types).
 */

const DECISION = { type: "string", enum: ["adopt", "adapt", "abandon"] } as const;

export const CHANGE_IDEA_QUERY = {
  type: "object",
  properties: {
    metric: { ...METRIC, description: "a measure of the plan's problems of practice" },
    group: {
      type: "string",
      pattern: "^[A-Za-z0-9_]{1,20}$",
      description: "a student group of the plan's problems (with metric: of the same problem)",
    },
    level: { ...SCHOOL_LEVEL, description: "the school level of the plan" },
    decision: DECISION,
    q: { type: "string", maxLength: 200, description: "words that must all appear" },
    limit: { type: "integer", minimum: 1, maximum: 100, default: 25 },
    offset: { type: "integer", minimum: 0, maximum: 100000, default: 0 },
  },
  additionalProperties: false,
} as const;

/** A completed PDSA cycle with its results, decision and the context it was tested in. */
export const CHANGE_IDEA = {
  type: "object",
  required: [
    "cycle_id",
    "title",
    "change_idea",
    "question",
    "prediction",
    "what",
    "when",
    "where",
    "data_to_collect",
    "ran_as_planned",
    "what_happened",
    "results",
    "decision",
    "follows_cycle_id",
    "started_at",
    "ended_at",
    "context",
  ],
  properties: {
    cycle_id: { type: "integer" },
    title: { type: "string" },
    change_idea: { type: "string" },
    question: { type: "string" },
    prediction: { type: "string" },
    what: { type: "string" },
    when: { type: "string" },
    where: { type: "string" },
    data_to_collect: { type: "string" },
    ran_as_planned: { type: ["boolean", "null"] },
    what_happened: { type: ["string", "null"] },
    results: {
      type: ["string", "null"],
      description: "the team's own words: the results against the prediction",
    },
    decision: DECISION,
    follows_cycle_id: { type: ["integer", "null"], description: "the cycle it followed in a ramp" },
    started_at: { type: "string" },
    ended_at: { type: ["string", "null"] },
    context: {
      type: "object",
      required: [
        "kind",
        "school_code",
        "school_name",
        "district_code",
        "district_name",
        "school_level",
        "problems",
        "enrollment_band",
        "tier",
      ],
      properties: {
        kind: { type: "string", enum: ["pair", "community"] },
        school_code: { type: ["string", "null"] },
        school_name: { type: ["string", "null"] },
        district_code: { type: ["string", "null"] },
        district_name: {
          type: ["string", "null"],
          description: "the district's name in the school directory (null: not in it)",
        },
        school_level: { type: ["string", "null"] },
        problems: {
          type: "array",
          items: {
            type: "object",
            required: ["metric", "metric_label", "student_group", "statement"],
            properties: {
              metric: { type: "string" },
              metric_label: { type: "string" },
              student_group: { type: "string" },
              statement: { type: "string" },
            },
            additionalProperties: false,
          },
        },
        enrollment_band: {
          type: ["string", "null"],
          description: "the school's census-day enrolment at the level, as a band (never a count)",
        },
        tier: {
          type: ["string", "null"],
          description: "the school's support tier in the plan's run (published runs only)",
        },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

export const CHANGE_IDEA_PAGE = {
  type: "object",
  required: ["total", "limit", "offset", "change_ideas", "facets"],
  properties: {
    facets: {
      type: "object",
      description: "what the whole library holds, to search by",
      required: ["problems", "school_levels"],
      properties: {
        problems: {
          type: "array",
          items: {
            type: "object",
            required: ["metric", "metric_label", "student_group"],
            properties: {
              metric: { type: "string" },
              metric_label: { type: "string" },
              student_group: { type: "string" },
            },
            additionalProperties: false,
          },
        },
        school_levels: { type: "array", items: { type: "string" } },
      },
      additionalProperties: false,
    },
    total: { type: "integer", description: "completed cycles matching, in all" },
    limit: { type: "integer" },
    offset: { type: "integer" },
    change_ideas: { type: "array", items: CHANGE_IDEA },
  },
  additionalProperties: false,
} as const;
