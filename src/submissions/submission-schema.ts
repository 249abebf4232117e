/** JSON schemas of the submission routes' answers (OpenAPI documents them; Fastify serializes). */

const nullableString = { type: ["string", "null"] } as const;
const nullableInteger = { type: ["integer", "null"] } as const;

export const SUBMISSION_FILE = {
  type: "object",
  required: ["name", "bytes", "sha256", "rows"],
  properties: {
    name: { type: "string" },
    bytes: { type: "integer" },
    sha256: nullableString,
    rows: nullableInteger,
  },
} as const;

export const TABLE_CHANGE = {
  type: "object",
  required: ["before", "after", "gained", "lost"],
  properties: {
    before: { type: "integer" },
    after: { type: "integer" },
    gained: { type: "integer" },
    lost: { type: "integer" },
  },
} as const;

const ISSUE = {
  type: "object",
  required: ["severity", "rule", "file", "line", "column", "value", "message"],
  properties: {
    severity: { type: "string", enum: ["error", "warning"] },
    rule: { type: "string" },
    file: { type: "string" },
    line: nullableInteger,
    column: nullableString,
    value: nullableString,
    message: { type: "string" },
  },
} as const;

const KNOCK_ON = {
  type: "object",
  required: ["rule", "file", "column", "count"],
  properties: {
    rule: { type: "string" },
    file: { type: "string" },
    column: { type: "string" },
    count: { type: "integer" },
  },
} as const;

export const REPORT = {
  type: "object",
  required: ["errors", "warnings", "groups", "values_shown"],
  properties: {
    errors: { type: "integer" },
    warnings: { type: "integer" },
    /** False for a reader who may not see the district's student-level rows (the hub). */
    values_shown: { type: "boolean" },
    groups: {
      type: "array",
      items: {
        type: "object",
        required: ["rule", "file", "severity", "count", "examples", "knockOn"],
        properties: {
          rule: { type: "string" },
          file: { type: "string" },
          severity: { type: "string", enum: ["error", "warning"] },
          count: { type: "integer" },
          examples: { type: "array", items: ISSUE },
          knockOn: { type: "array", items: KNOCK_ON },
        },
      },
    },
  },
} as const;

const SUBMISSION_FIELDS = {
  id: { type: "string" },
  district_code: { type: "string" },
  year: { type: "integer" },
  submitted_by: { type: "string" },
  submitted_at: { type: "string", format: "date-time" },
  status: { type: "string", enum: ["queued", "validating", "accepted", "rejected", "failed"] },
  finished_at: { type: ["string", "null"], format: "date-time" },
  sha256: nullableString,
  warehouse_submission_id: nullableString,
  replaces: nullableString,
  files: { type: "array", items: SUBMISSION_FILE },
  row_counts: {
    type: ["object", "null"],
    additionalProperties: { type: "integer" },
  },
  changes: { type: ["object", "null"], additionalProperties: TABLE_CHANGE },
  errors: { type: "integer" },
  warnings: { type: "integer" },
  message: { type: "string" },
} as const;

const SUBMISSION_REQUIRED = [
  "id",
  "district_code",
  "year",
  "submitted_by",
  "submitted_at",
  "status",
  "finished_at",
  "sha256",
  "warehouse_submission_id",
  "replaces",
  "files",
  "row_counts",
  "changes",
  "errors",
  "warnings",
  "message",
] as const;

/** One submission in a list (no report). */
export const SUBMISSION_SUMMARY = {
  type: "object",
  required: SUBMISSION_REQUIRED,
  properties: SUBMISSION_FIELDS,
} as const;

/** One submission with its validation report (null until validated). */
export const SUBMISSION_DETAIL = {
  type: "object",
  required: [...SUBMISSION_REQUIRED, "report"],
  properties: { ...SUBMISSION_FIELDS, report: { anyOf: [REPORT, { type: "null" }] } },
} as const;

export const SUBMISSION_LIST = {
  type: "object",
  required: ["submissions"],
  properties: { submissions: { type: "array", items: SUBMISSION_SUMMARY } },
} as const;

export const YEAR_STATUS = {
  type: "object",
  required: ["year", "complete", "districts"],
  properties: {
    year: { type: "integer" },
    complete: { type: "boolean" },
    districts: {
      type: "array",
      items: {
        type: "object",
        required: ["district_code", "district_name", "status", "accepted_at", "latest"],
        properties: {
          district_code: { type: "string" },
          district_name: nullableString,
          status: { type: "string", enum: ["accepted", "in_progress", "rejected", "missing"] },
          accepted_at: nullableString,
          latest: {
            anyOf: [
              {
                type: "object",
                required: ["id", "at", "status"],
                properties: {
                  id: { type: "string" },
                  at: { type: "string" },
                  status: { type: "string" },
                },
              },
              { type: "null" },
            ],
          },
        },
      },
    },
  },
} as const;

export const COMPUTE_JOB = {
  type: "object",
  required: [
    "id",
    "year",
    "status",
    "stages_done",
    "stages",
    "step",
    "run_id",
    "started_at",
    "finished_at",
    "error",
  ],
  properties: {
    id: { type: "string" },
    year: { type: "integer" },
    status: { type: "string", enum: ["queued", "running", "done", "failed"] },
    stages_done: { type: "integer" },
    stages: { type: "integer" },
    step: { type: "string" },
    run_id: nullableString,
    started_at: { type: "string", format: "date-time" },
    finished_at: { type: ["string", "null"], format: "date-time" },
    error: nullableString,
  },
} as const;

export const COMPUTE_JOB_LIST = {
  type: "object",
  required: ["computes"],
  properties: { computes: { type: "array", items: COMPUTE_JOB } },
} as const;

export const DISTRICT_YEAR_PARAMS = {
  type: "object",
  required: ["districtCode", "year"],
  properties: {
    districtCode: { type: "string", pattern: "^[0-9]{7}$" },
    year: { type: "integer", minimum: 1990, maximum: 2100 },
  },
} as const;

export const SUBMISSION_PARAMS = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", pattern: "^[0-9a-f]{32}$" } },
} as const;

export const YEAR_PARAMS = {
  type: "object",
  required: ["year"],
  properties: { year: { type: "integer", minimum: 1990, maximum: 2100 } },
} as const;

export const COMPUTE_PARAMS = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", pattern: "^[0-9a-f]{16}$" } },
} as const;

export const SUBMISSION_LIST_QUERY = {
  type: "object",
  properties: {
    district: { type: "string", pattern: "^[0-9]{7}$" },
    year: { type: "integer", minimum: 1990, maximum: 2100 },
  },
} as const;
