import type { FromSchema } from "json-schema-to-ts";
import { SCHOOL_CODE, STR } from "../results/api-schemas.ts";
import { PERIODIC_POINT } from "../results/periodic-schema.ts";
import { CHART_RESULT_SCHEMA, DIRECTION_SCHEMA } from "../stats/charts/chart-result.ts";

/*
 * A plan's evidence of progress (issue #17 point 4), declared once: its charts (the warehouse's
 * periodic measures of its schools and groups, and the team's process measures) with the plan's
 * PDSA cycles and meetings as annotations, and what changed since the plan began.
 */

const ISO_DATE = { type: "string", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" } as const;

export const MEASURE_PARAMS = {
  type: "object",
  required: ["planId", "measureId"],
  properties: {
    planId: { type: "integer", minimum: 1 },
    measureId: { type: "integer", minimum: 1 },
  },
  additionalProperties: false,
} as const;

export const VALUE_PARAMS = {
  type: "object",
  required: ["planId", "measureId", "date"],
  properties: { ...MEASURE_PARAMS.properties, date: ISO_DATE },
  additionalProperties: false,
} as const;

/** A process measure's definition as a team writes it. */
export const NEW_PROCESS_MEASURE = {
  type: "object",
  required: ["name", "unit", "chart", "direction"],
  properties: {
    name: { type: "string", minLength: 1, maxLength: 120 },
    unit: { type: "string", minLength: 1, maxLength: 40, description: "e.g. students, calls" },
    chart: {
      type: "string",
      enum: ["run", "xmr"],
      description: "run: a run chart (median, IHI rules); xmr: an individuals chart with limits",
    },
    direction: DIRECTION_SCHEMA,
    school_code: { ...SCHOOL_CODE, description: "omit: the whole plan's" },
    description: { type: "string", maxLength: 1000 },
  },
  additionalProperties: false,
} as const;

/** Changes to a process measure (each given replaces the stored one). */
export const PROCESS_MEASURE_CHANGES = {
  type: "object",
  properties: {
    ...NEW_PROCESS_MEASURE.properties,
    school_code: { anyOf: [SCHOOL_CODE, { type: "null" }] },
  },
  additionalProperties: false,
  minProperties: 1,
} as const;

/** A value of a day. */
export const PROCESS_VALUE_BODY = {
  type: "object",
  required: ["value"],
  properties: {
    value: { type: "number", minimum: -1e11, maximum: 1e11 },
    note: { type: "string", maxLength: 500 },
  },
  additionalProperties: false,
} as const;

export const PROCESS_VALUE = {
  type: "object",
  required: ["date", "value", "note", "entered_by", "entered_at"],
  properties: {
    date: { type: "string" },
    value: { type: "number" },
    note: { type: "string" },
    entered_by: { type: "string", description: "who entered it" },
    entered_at: { type: "string", description: "when (ISO 8601)" },
  },
  additionalProperties: false,
} as const;

export const PROCESS_MEASURE = {
  type: "object",
  required: ["id", "name", "unit", "chart", "direction", "school_code", "description", "values"],
  properties: {
    id: { type: "integer" },
    name: { type: "string" },
    unit: { type: "string" },
    chart: NEW_PROCESS_MEASURE.properties.chart,
    direction: DIRECTION_SCHEMA,
    school_code: STR,
    description: { type: "string" },
    values: { type: "array", items: PROCESS_VALUE },
  },
  additionalProperties: false,
} as const;

/** A PDSA cycle (at its start) or a meeting (its day), drawn as a vertical mark with its label. */
export const PLAN_ANNOTATION = {
  type: "object",
  required: ["kind", "ref_id", "date", "label", "text"],
  properties: {
    kind: { type: "string", enum: ["pdsa_cycle", "meeting"] },
    ref_id: { type: "integer", description: "the cycle's or meeting's id" },
    date: { type: "string", description: "YYYY-MM-DD" },
    label: { type: "string", description: "short, for the mark" },
    text: { type: "string", description: "in full, for the list under the chart" },
  },
  additionalProperties: false,
} as const;

/** A signal of a chart in a period that ends on or after the plan's start. */
export const PLAN_CHANGE = {
  type: "object",
  required: ["effect", "rule", "first_period", "last_period", "sentence"],
  properties: {
    effect: { type: "string", enum: ["improvement", "deterioration"] },
    rule: { type: "string" },
    first_period: { type: "string" },
    last_period: { type: "string" },
    sentence: { type: "string", description: "the rule and the periods in words" },
  },
  additionalProperties: false,
} as const;

/** One chart of the plan. */
export const PLAN_CHART = {
  type: "object",
  required: [
    "key",
    "source",
    "title",
    "school_code",
    "school_level",
    "measure",
    "student_group",
    "unit",
    "direction",
    "points",
    "chart",
    "chart_note",
    "annotations",
    "baseline_before_start",
    "changes",
    "verdict",
    "sentence",
  ],
  properties: {
    key: { type: "string", description: "stable id of the chart in the plan" },
    source: {
      type: "string",
      enum: ["warehouse", "process"],
      description: "warehouse: a periodic measure of the run; process: the team's own measure",
    },
    title: { type: "string" },
    school_code: STR,
    school_level: STR,
    measure: {
      type: "string",
      description: "the periodic measure's id, or the process measure's id as text",
    },
    student_group: STR,
    unit: { type: "string" },
    direction: DIRECTION_SCHEMA,
    points: {
      type: "array",
      items: PERIODIC_POINT,
      description:
        "the series as this reader is shown it (warehouse points through the disclosure pass; a process value's period is its day)",
    },
    chart: { ...CHART_RESULT_SCHEMA, type: ["object", "null"] },
    chart_note: STR,
    annotations: { type: "array", items: PLAN_ANNOTATION },
    baseline_before_start: {
      type: "boolean",
      description: "the centre line and limits are frozen on the periods before the plan began",
    },
    changes: { type: "array", items: PLAN_CHANGE },
    verdict: {
      type: "string",
      enum: [
        "improvement",
        "deterioration",
        "mixed",
        "no_change",
        "no_data_since_start",
        "no_chart",
      ],
    },
    sentence: { ...STR, description: "the chart's change since the plan began in words" },
  },
  additionalProperties: false,
} as const;

/** The plan's evidence of progress. */
export const PLAN_EVIDENCE = {
  type: "object",
  required: [
    "plan_id",
    "run_id",
    "year",
    "started_on",
    "started_by",
    "summary",
    "charts",
    "process_measures",
  ],
  properties: {
    plan_id: { type: "integer" },
    run_id: { ...STR, description: "the published run the warehouse charts come from" },
    year: { type: ["integer", "null"] },
    started_on: { type: "string", description: "the day the plan began (YYYY-MM-DD)" },
    started_by: {
      type: "string",
      description: "what set that day: the plan's creation, its first meeting or its first cycle",
    },
    summary: {
      type: "array",
      items: { type: "string" },
      description: "in words, which charts show a real change since the plan began",
    },
    charts: { type: "array", items: PLAN_CHART },
    process_measures: { type: "array", items: PROCESS_MEASURE },
  },
  additionalProperties: false,
} as const;

export type PlanAnnotation = FromSchema<typeof PLAN_ANNOTATION>;
export type PlanChange = FromSchema<typeof PLAN_CHANGE>;
export type PlanChart = FromSchema<typeof PLAN_CHART>;
export type PlanEvidence = FromSchema<typeof PLAN_EVIDENCE>;
export type ProcessMeasureJson = FromSchema<typeof PROCESS_MEASURE>;
