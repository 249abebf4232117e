import { DISTRICT_LEADS } from "./invite-district-lead.ts";
import { MEMBERSHIP_STATUSES } from "./membership.ts";
import { ROLE_ALIKE_POSITIONS } from "./role-alike-positions.ts";

/*
 * The collaborative API's shapes (issue #18 points 2 and 5), declared once: the routes validate
 * with them, the OpenAPI document shows them, and the web app's types derive from them.
 */

const ISO_DATE = { type: "string", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" } as const;
const DISTRICT_CODE = { type: "string", pattern: "^[0-9]{7}$" } as const;
const YEAR = { type: "integer", minimum: 1990, maximum: 2200 } as const;
const STATUS = { type: "string", enum: [...MEMBERSHIP_STATUSES] } as const;
const POSITION = { type: "string", enum: ROLE_ALIKE_POSITIONS.map((p) => p.id) } as const;

export const DISTRICT_PARAMS = {
  type: "object",
  required: ["districtCode"],
  properties: { districtCode: DISTRICT_CODE },
  additionalProperties: false,
} as const;

export const AGREEMENT = {
  type: "object",
  required: ["signed_on", "starts_on", "ends_on", "first_year", "last_year", "data_kinds"],
  properties: {
    signed_on: ISO_DATE,
    starts_on: { ...ISO_DATE, description: "first day data is accepted" },
    ends_on: { ...ISO_DATE, description: "expiry: the last day data is accepted" },
    first_year: { ...YEAR, description: "first school year (spring) covered" },
    last_year: { ...YEAR, description: "last school year covered" },
    data_kinds: {
      type: "array",
      items: { type: "string", pattern: "^[a-z_]{1,60}$" },
      maxItems: 40,
      description: "input tables covered; empty: every table",
    },
  },
  additionalProperties: false,
} as const;

export const DISTRICT = {
  type: "object",
  required: ["district_code", "name", "status", "opted_in", "joined_on", "agreement"],
  properties: {
    district_code: DISTRICT_CODE,
    name: { type: "string" },
    status: STATUS,
    opted_in: {
      type: "boolean",
      description: "a participant identified and paired at its request",
    },
    joined_on: ISO_DATE,
    agreement: { anyOf: [AGREEMENT, { type: "null" }] },
  },
  additionalProperties: false,
} as const;

export const DISTRICT_LIST = {
  type: "object",
  required: ["districts"],
  properties: { districts: { type: "array", items: DISTRICT } },
  additionalProperties: false,
} as const;

export const DISTRICT_DETAIL = {
  type: "object",
  required: ["district", "history"],
  properties: {
    district: DISTRICT,
    history: {
      type: "array",
      description: "every membership, oldest first (the first is the onboarding)",
      items: {
        type: "object",
        required: ["status", "opted_in", "reason", "changed_at"],
        properties: {
          status: STATUS,
          opted_in: { type: "boolean" },
          reason: { type: "string" },
          changed_at: { type: "string", format: "date-time" },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

export const NEW_DISTRICT = {
  type: "object",
  required: ["district_code", "name", "status"],
  properties: {
    district_code: DISTRICT_CODE,
    name: { type: "string", minLength: 1, maxLength: 200 },
    status: STATUS,
    opted_in: { type: "boolean" },
    agreement: AGREEMENT,
  },
  additionalProperties: false,
} as const;

export const STATUS_CHANGE = {
  type: "object",
  required: ["status"],
  properties: {
    status: STATUS,
    opted_in: { type: "boolean" },
    reason: { type: "string", maxLength: 500 },
  },
  additionalProperties: false,
} as const;

export const NEW_INVITATION = {
  type: "object",
  required: ["lead", "email", "name"],
  properties: {
    lead: { type: "string", enum: [...DISTRICT_LEADS] },
    email: { type: "string", maxLength: 254 },
    name: { type: "string", minLength: 1, maxLength: 200 },
  },
  additionalProperties: false,
} as const;

export const SENT_INVITATION = {
  type: "object",
  required: ["email", "link_path", "expires_at"],
  properties: {
    email: { type: "string" },
    link_path: {
      type: "string",
      description: "the one-time link (shown once: only a hash of its token is stored)",
    },
    expires_at: { type: "string", format: "date-time" },
  },
  additionalProperties: false,
} as const;

export const INVITATION_LIST = {
  type: "object",
  required: ["invitations"],
  properties: {
    invitations: {
      type: "array",
      items: {
        type: "object",
        required: ["email", "name", "created_at", "expires_at", "used_at"],
        properties: {
          email: { type: "string" },
          name: { type: "string" },
          created_at: { type: "string", format: "date-time" },
          expires_at: { type: "string", format: "date-time" },
          used_at: { type: ["string", "null"], format: "date-time" },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

export const ACCEPT_INVITATION = {
  type: "object",
  required: ["token", "password"],
  properties: {
    token: { type: "string", minLength: 1, maxLength: 200 },
    password: { type: "string", maxLength: 1024 },
  },
  additionalProperties: false,
} as const;

export const ACCEPTED_INVITATION = {
  type: "object",
  required: ["email"],
  properties: { email: { type: "string", description: "sign in with it and the new password" } },
  additionalProperties: false,
} as const;

export const DIRECTORY_QUERY = {
  type: "object",
  properties: { position: POSITION, district: DISTRICT_CODE },
  additionalProperties: false,
} as const;

export const DIRECTORY = {
  type: "object",
  required: ["positions", "people"],
  properties: {
    positions: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "label"],
        properties: { id: { type: "string" }, label: { type: "string" } },
        additionalProperties: false,
      },
    },
    people: {
      type: "array",
      items: {
        type: "object",
        required: ["name", "position", "title", "district_code", "district_name", "phone", "email"],
        properties: {
          name: { type: "string" },
          position: { type: "string" },
          title: { type: "string" },
          district_code: { type: ["string", "null"], description: "null: the hub" },
          district_name: { type: ["string", "null"] },
          phone: { type: ["string", "null"], description: "only when the person shows it" },
          email: { type: ["string", "null"], description: "only when the person shows it" },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

export const DIRECTORY_PROFILE = {
  type: "object",
  required: ["position", "title", "phone", "email", "show_contact", "listed"],
  properties: {
    position: POSITION,
    title: { type: "string", maxLength: 120 },
    phone: { type: "string", maxLength: 40 },
    email: { type: "string", maxLength: 254 },
    show_contact: { type: "boolean", description: "show phone and email to network members" },
    listed: { type: "boolean", description: "be in the directory at all (opt-in)" },
  },
  additionalProperties: false,
} as const;

export const MY_DIRECTORY_PROFILE = {
  type: "object",
  required: ["profile"],
  properties: { profile: { anyOf: [DIRECTORY_PROFILE, { type: "null" }] } },
  additionalProperties: false,
} as const;
