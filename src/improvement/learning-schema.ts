import { SCHOOL_CODE } from "../results/api-schemas.ts";

/*
 * Two-way learning's API shapes, declared once: the routes validate with them, the OpenAPI
 * document shows them and the web app's types derive from them.
 */

const ISO_DATE = { type: "string", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" } as const;
const DIRECTION = {
  type: "string",
  enum: ["took", "gave"],
  description: "took: what the school learnt from a partner; gave: what it shared with one",
} as const;
const REF = { type: ["integer", "null"], minimum: 1 } as const;

export const LEARNING_PARAMS = {
  type: "object",
  required: ["planId", "entryId"],
  properties: {
    planId: { type: "integer", minimum: 1 },
    entryId: { type: "integer", minimum: 1 },
  },
  additionalProperties: false,
} as const;

const ENTRY_FIELDS = {
  direction: DIRECTION,
  partner_code: {
    anyOf: [SCHOOL_CODE, { type: "null" }],
    description: "the partner school it came from or went to (null: not one in particular)",
  },
  entry_date: { ...ISO_DATE, description: "the day it was learnt or shared" },
  text: {
    type: "string",
    minLength: 1,
    maxLength: 4000,
    description: "free text, shared with the plan's members: no student names",
  },
  cycle_id: { ...REF, description: "the plan's PDSA cycle it came from" },
  meeting_id: { ...REF, description: "the plan's meeting it came from" },
} as const;

export const NEW_LEARNING_ENTRY = {
  type: "object",
  required: ["direction", "entry_date", "text"],
  properties: {
    ...ENTRY_FIELDS,
    school_code: { ...SCHOOL_CODE, description: "the school recording it (default: the user's)" },
  },
  additionalProperties: false,
} as const;

export const LEARNING_CHANGES = {
  type: "object",
  properties: ENTRY_FIELDS,
  additionalProperties: false,
} as const;

export const LEARNING_ENTRY = {
  type: "object",
  required: [
    "id",
    "school_code",
    "direction",
    "partner_code",
    "entry_date",
    "text",
    "cycle_id",
    "meeting_id",
    "created_at",
    "updated_at",
  ],
  properties: {
    id: { type: "integer" },
    school_code: { type: "string" },
    direction: DIRECTION,
    partner_code: { type: ["string", "null"] },
    entry_date: { type: "string" },
    text: { type: "string" },
    cycle_id: { type: ["integer", "null"] },
    meeting_id: { type: ["integer", "null"] },
    created_at: { type: "string" },
    updated_at: { type: ["string", "null"] },
  },
  additionalProperties: false,
} as const;

/** A plan's two-way learning: each school's side, what it took and what it gave. */
export const LEARNING_LIST = {
  type: "object",
  required: ["plan_id", "schools"],
  properties: {
    plan_id: { type: "integer" },
    schools: {
      type: "array",
      items: {
        type: "object",
        required: ["school_code", "school_name", "took", "gave"],
        properties: {
          school_code: { type: "string" },
          school_name: { type: "string" },
          took: { type: "array", items: LEARNING_ENTRY },
          gave: { type: "array", items: LEARNING_ENTRY },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;
