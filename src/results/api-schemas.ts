/** JSON schema fragments shared by the routes. */
export const RUN_ID = { type: "string", pattern: "^[A-Za-z0-9_.-]{1,100}$" } as const;
export const SCHOOL_CODE = { type: "string", pattern: "^[0-9]{14}$" } as const;
export const DISTRICT_CODE = { type: "string", pattern: "^[0-9]{7}$" } as const;
export const METRIC = { type: "string", pattern: "^[a-z0-9_]{1,60}$" } as const;
export const SCHOOL_LEVEL = { type: "string", enum: ["elementary", "middle", "high"] } as const;

export const RUN_PARAMS = {
  type: "object",
  required: ["runId"],
  properties: { runId: RUN_ID },
  additionalProperties: false,
} as const;

export const RUN_SCHOOL_PARAMS = {
  type: "object",
  required: ["runId", "schoolCode"],
  properties: { runId: RUN_ID, schoolCode: SCHOOL_CODE },
  additionalProperties: false,
} as const;

export const SCHOOL_PARAMS = {
  type: "object",
  required: ["schoolCode"],
  properties: { schoolCode: SCHOOL_CODE },
  additionalProperties: false,
} as const;

/** The querystring of a route that takes none: unknown parameters are refused, not ignored. */
export const NO_QUERY = { type: "object", properties: {}, additionalProperties: false } as const;

/** Standard error responses, referencing the shared ErrorBody schema. */
export const ERRORS = {
  400: { $ref: "ErrorBody#" },
  401: { $ref: "ErrorBody#" },
  403: { $ref: "ErrorBody#" },
  404: { $ref: "ErrorBody#" },
} as const;

const nullable = <T extends string>(type: T) => ({ type: [type, "null"] }) as const;
export const NUM = nullable("number");
export const INT = nullable("integer");
export const STR = nullable("string");

/** Beside a null `index_score`: the school's index uses a cell hidden from this reader. */
export const INDEX_SCORE_SUPPRESSED = {
  type: "boolean",
  description:
    "the index uses a student group cell suppressed for this reader: index_score is null (it would give the hidden measure's points back by subtraction), the level stays",
} as const;

/**
 * A school's index at one level as one reader may see it: the score (null and flagged when
 * withheld) and the level, which is always served.
 */
export const SHOWN_INDEX = {
  index_score: NUM,
  index_score_suppressed: INDEX_SCORE_SUPPRESSED,
  index_level: INT,
} as const;

/**
 * A growth estimate as one reader may see it: the growth score, the school's effect with its
 * interval, and the level (all null when suppressed for the reader).
 */
export const SHOWN_GROWTH = {
  growth_score: NUM,
  effect: NUM,
  ci_low: NUM,
  ci_high: NUM,
  level: INT,
  suppressed: { type: "boolean" },
} as const;

/** A value of one year's run as one reader may see it (null when suppressed for the reader). */
export const SHOWN_YEAR_VALUE = {
  year: { type: "integer" },
  run_id: { type: "string" },
  value: NUM,
} as const;

/** One student group's cell as shown: suppressed cells are present, marked, with values null. */
export const GROUP_CELL = {
  type: "object",
  required: [
    "student_group",
    "n",
    "numerator",
    "value",
    "level",
    "suppressed",
    "suppression_reason",
  ],
  additionalProperties: false,
  properties: {
    student_group: { type: "string" },
    n: INT,
    numerator: NUM,
    value: NUM,
    level: INT,
    suppressed: { type: "boolean" },
    suppression_reason: STR,
  },
} as const;

/** A group result as shown, with the school, level and metric it belongs to. */
export const GROUP_RESULT = {
  ...GROUP_CELL,
  required: ["school_code", "school_level", "metric", ...GROUP_CELL.required],
  properties: {
    school_code: { type: "string" },
    school_level: { type: "string" },
    metric: { type: "string" },
    ...GROUP_CELL.properties,
  },
} as const;
