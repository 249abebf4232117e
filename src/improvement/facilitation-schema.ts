import { PLAN_SUMMARY } from "./plan-schema.ts";
import { PROGRESS_SCORES } from "./progress-scale.ts";

/*
 * The facilitation API's shapes (issue #17 point 5), declared once: the routes validate with them,
 * the OpenAPI document shows them, and the web app's types derive from them.
 */

const ISO_DATE = { type: "string", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" } as const;
const NULLABLE_DATE = { anyOf: [ISO_DATE, { type: "null" }] } as const;
const MONTH = { type: "string", pattern: "^[0-9]{4}-(0[1-9]|1[0-2])$" } as const;
const TEXT = { type: "string", maxLength: 4000 } as const;
const NULLABLE_STRING = { type: ["string", "null"] } as const;
const COUNT = { type: "integer", minimum: 0 } as const;
const SCORE = { type: "number", enum: PROGRESS_SCORES as number[] } as const;

export const QUARTER_KEY = { type: "string", pattern: "^[0-9]{4}-Q[1-4]$" } as const;

export const QUARTER = {
  type: "object",
  required: ["key", "start", "end", "months"],
  properties: {
    key: QUARTER_KEY,
    start: { ...ISO_DATE, description: "its first day" },
    end: { ...ISO_DATE, description: "the first day of the next quarter" },
    months: { type: "array", items: MONTH },
  },
  additionalProperties: false,
} as const;

export const PERSON = {
  type: "object",
  required: ["id", "name"],
  properties: { id: { type: "integer" }, name: { type: "string" } },
  additionalProperties: false,
} as const;

/** `GET /api/plans/:planId/facilitator`: who facilitates the plan and who could. */
export const FACILITATOR_CHOICE = {
  type: "object",
  required: ["facilitator", "candidates"],
  properties: {
    facilitator: { anyOf: [PERSON, { type: "null" }] },
    candidates: { type: "array", items: PERSON, description: "active facilitator accounts" },
  },
  additionalProperties: false,
} as const;

export const FACILITATOR_ASSIGNMENT = {
  type: "object",
  required: ["facilitator_id"],
  properties: {
    facilitator_id: {
      anyOf: [{ type: "integer", minimum: 1 }, { type: "null" }],
      description: "a facilitator account's id; null takes the facilitator off the plan",
    },
  },
  additionalProperties: false,
} as const;

export const REVIEW_OUTCOME = { type: "string", enum: ["reviewed", "changes_requested"] } as const;

export const REVIEW = {
  type: "object",
  required: [
    "id",
    "plan_id",
    "state",
    "submitted_by",
    "submitted_at",
    "submission_note",
    "comments",
    "reviewed_by",
    "reviewed_at",
  ],
  properties: {
    id: { type: "integer" },
    plan_id: { type: "integer" },
    state: { type: "string", enum: ["submitted", "reviewed", "changes_requested"] },
    submitted_by: { type: "string", description: "the submitter's name" },
    submitted_at: { type: "string", format: "date-time" },
    submission_note: { type: "string" },
    comments: { type: "string", description: "the reviewer's comments" },
    reviewed_by: NULLABLE_STRING,
    reviewed_at: { anyOf: [{ type: "string", format: "date-time" }, { type: "null" }] },
  },
  additionalProperties: false,
} as const;

export const REVIEW_LIST = {
  type: "object",
  required: ["reviews"],
  properties: { reviews: { type: "array", items: REVIEW, description: "latest first" } },
  additionalProperties: false,
} as const;

export const NEW_REVIEW_REQUEST = {
  type: "object",
  required: [],
  properties: { note: { ...TEXT, description: "what the team asks the facilitator to look at" } },
  additionalProperties: false,
} as const;

export const REVIEW_ANSWER = {
  type: "object",
  required: ["outcome", "comments"],
  properties: {
    outcome: REVIEW_OUTCOME,
    comments: { ...TEXT, description: "required when changes are requested" },
  },
  additionalProperties: false,
} as const;

export const REVIEW_PARAMS = {
  type: "object",
  required: ["planId", "reviewId"],
  properties: {
    planId: { type: "integer", minimum: 1 },
    reviewId: { type: "integer", minimum: 1 },
  },
  additionalProperties: false,
} as const;

export const MONTH_PARAMS = {
  type: "object",
  required: ["planId", "month"],
  properties: { planId: { type: "integer", minimum: 1 }, month: MONTH },
  additionalProperties: false,
} as const;

export const PROGRESS_SCORE = {
  type: "object",
  required: ["month", "score", "meaning", "note", "entered_at"],
  properties: {
    month: MONTH,
    score: SCORE,
    meaning: { type: "string", description: "the scale's words for the score" },
    note: { type: "string" },
    entered_at: { type: "string", format: "date-time" },
  },
  additionalProperties: false,
} as const;

export const PROGRESS_SCORE_ENTRY = {
  type: "object",
  required: ["score"],
  properties: { score: SCORE, note: TEXT },
  additionalProperties: false,
} as const;

export const PROGRESS_SCORES_OF_PLAN = {
  type: "object",
  required: ["scale", "scores"],
  properties: {
    scale: {
      type: "array",
      items: {
        type: "object",
        required: ["score", "meaning"],
        properties: { score: SCORE, meaning: { type: "string" } },
        additionalProperties: false,
      },
    },
    scores: { type: "array", items: PROGRESS_SCORE, description: "by month" },
  },
  additionalProperties: false,
} as const;

/** `GET /api/facilitation`: what needs the facilitator today. */
export const FACILITATION_QUEUE = {
  type: "object",
  required: ["today", "quarter", "plans", "awaiting_review", "overdue_cycles", "not_met"],
  properties: {
    today: ISO_DATE,
    quarter: QUARTER,
    plans: { type: "integer", description: "plans looked at (the user's, not closed)" },
    awaiting_review: {
      type: "array",
      items: {
        type: "object",
        required: ["plan", "review"],
        properties: { plan: PLAN_SUMMARY, review: REVIEW },
        additionalProperties: false,
      },
    },
    overdue_cycles: {
      type: "array",
      items: {
        type: "object",
        required: [
          "plan",
          "cycle_id",
          "cycle_number",
          "school_code",
          "title",
          "due_on",
          "days_late",
        ],
        properties: {
          plan: PLAN_SUMMARY,
          cycle_id: { type: "integer" },
          cycle_number: { type: "integer" },
          school_code: NULLABLE_STRING,
          title: { type: "string", description: "the cycle's title, else its change idea" },
          due_on: ISO_DATE,
          days_late: { type: "integer", minimum: 1 },
        },
        additionalProperties: false,
      },
    },
    not_met: {
      type: "array",
      items: {
        type: "object",
        required: ["plan", "last_held", "next_scheduled"],
        properties: { plan: PLAN_SUMMARY, last_held: NULLABLE_DATE, next_scheduled: NULLABLE_DATE },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

const DECISIONS = {
  type: "object",
  required: ["adopt", "adapt", "abandon"],
  properties: { adopt: COUNT, adapt: COUNT, abandon: COUNT },
  additionalProperties: false,
} as const;

const KIND_TOTALS = {
  type: "object",
  required: ["teams", "met"],
  properties: { teams: COUNT, met: COUNT },
  additionalProperties: false,
} as const;

export const ROLLUP_QUERY = {
  type: "object",
  properties: { quarter: { ...QUARTER_KEY, description: "default: the current quarter" } },
  additionalProperties: false,
} as const;

/** `GET /api/network/rollup`: the network's improvement work in a quarter (counts of records). */
export const NETWORK_ROLLUP = {
  type: "object",
  required: [
    "quarter",
    "months",
    "teams",
    "pairs",
    "communities",
    "cycles_started",
    "cycles_completed",
    "decisions",
  ],
  properties: {
    quarter: QUARTER,
    months: {
      type: "array",
      items: MONTH,
      description: "the twelve months ending with the quarter",
    },
    teams: {
      type: "array",
      items: {
        type: "object",
        required: [
          "plan",
          "facilitator",
          "met",
          "meetings_held",
          "cycles_started",
          "cycles_completed",
          "decisions",
          "scores",
        ],
        properties: {
          plan: PLAN_SUMMARY,
          facilitator: NULLABLE_STRING,
          met: { type: "boolean" },
          meetings_held: COUNT,
          cycles_started: COUNT,
          cycles_completed: COUNT,
          decisions: DECISIONS,
          scores: {
            type: "array",
            items: { anyOf: [SCORE, { type: "null" }] },
            description: "one per month of `months`; null where the team entered none",
          },
        },
        additionalProperties: false,
      },
    },
    pairs: KIND_TOTALS,
    communities: KIND_TOTALS,
    cycles_started: COUNT,
    cycles_completed: COUNT,
    decisions: DECISIONS,
  },
  additionalProperties: false,
} as const;
