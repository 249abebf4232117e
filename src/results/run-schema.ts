import { STR } from "./api-schemas.ts";

/** A run and its manifest as the API serves them; the web app's `Run` and `RunDetail` derive from these. */
export const RUN = {
  type: "object",
  required: ["run_id", "year", "framework_id", "framework_hash", "created_at", "published"],
  additionalProperties: false,
  properties: {
    run_id: { type: "string" },
    year: { type: "integer" },
    framework_id: { type: "string" },
    framework_hash: { type: "string" },
    cut_set: { type: "string" },
    created_at: { type: "string" },
    code_version: { type: "string" },
    published: { type: "boolean" },
  },
} as const;

const NUMBERS_BY_NAME = { type: "object", additionalProperties: { type: "number" } } as const;

/** What went into a run (`RunManifest`): framework, cut set, prior run, inputs, timings, counts. */
export const MANIFEST = {
  type: "object",
  additionalProperties: false,
  properties: {
    run_id: { type: "string" },
    year: { type: "integer" },
    created_at: { type: "string" },
    code_version: { type: "string" },
    framework: {
      type: "object",
      additionalProperties: false,
      properties: {
        id: { type: "string" },
        name: { type: "string" },
        version: { type: "number" },
        sha256: { type: "string" },
      },
    },
    cut_set: {
      type: "object",
      additionalProperties: false,
      properties: {
        name: { type: "string" },
        baseline_year: { type: "integer" },
        created_from_run: { type: "string" },
        created_by_this_run: { type: "boolean" },
      },
    },
    prior_run: STR,
    inputs: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        properties: {
          submission_id: { type: "string" },
          district_code: { type: "string" },
          year: { type: "integer" },
          sha256: { type: "string" },
        },
      },
    },
    timings_ms: NUMBERS_BY_NAME,
    row_counts: NUMBERS_BY_NAME,
    warnings: { type: "array", items: { type: "string" } },
  },
} as const;

/**
 * A submission a run read, in words for the Data page: the district's name, the school year,
 * when it was accepted and whether a later submission for the same district and year has
 * replaced it since, and its rows per file (null once replaced: only the submission in use keeps
 * them). Rejected submissions never reach the warehouse, so none is listed.
 */
export const RUN_SUBMISSION = {
  type: "object",
  required: [
    "submission_id",
    "district_code",
    "district_name",
    "year",
    "sha256",
    "accepted_at",
    "replaced_at",
    "row_counts",
  ],
  additionalProperties: false,
  properties: {
    submission_id: { type: "string" },
    district_code: { type: "string" },
    district_name: STR,
    year: { type: "integer" },
    sha256: { type: "string" },
    accepted_at: { type: "string" },
    replaced_at: STR,
    row_counts: { type: ["object", "null"], additionalProperties: { type: "integer" } },
  },
} as const;

/** A run with its manifest and the submissions it read (`GET /api/runs/:run`). */
export const RUN_DETAIL = {
  type: "object",
  required: ["run", "manifest", "submissions"],
  additionalProperties: false,
  properties: {
    run: RUN,
    manifest: MANIFEST,
    submissions: { type: "array", items: RUN_SUBMISSION },
  },
} as const;

/** The run currently published for each year, newest year first (`GET /api/runs/published`). */
export const PUBLICATIONS = {
  type: "object",
  required: ["publications"],
  additionalProperties: false,
  properties: {
    publications: {
      type: "array",
      items: {
        type: "object",
        required: ["run_id", "year", "published_at"],
        additionalProperties: false,
        properties: {
          run_id: { type: "string" },
          year: { type: "integer" },
          published_at: { type: "string" },
        },
      },
    },
  },
} as const;
