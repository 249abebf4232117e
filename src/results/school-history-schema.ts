import { closedShape } from "../warehouse/row-shape.ts";
import {
  INDEX_SCORE_SUPPRESSED,
  INT,
  NUM,
  SHOWN_GROWTH,
  SHOWN_YEAR_VALUE,
  STR,
} from "./api-schemas.ts";

/** One level's value band in a year (the year's cut set; null bounds are open ends). */
const BAND = {
  type: "object",
  required: ["year", "level", "lower", "upper"],
  additionalProperties: false,
  properties: { year: { type: "integer" }, level: { type: "integer" }, lower: NUM, upper: NUM },
} as const;

/** A group's value in one year: null when suppressed for the reader (a gap, not a value). */
const POINT = closedShape({ ...SHOWN_YEAR_VALUE, level: INT, suppressed: { type: "boolean" } });

/** A growth estimate in one year, with its interval (all null when suppressed for the reader). */
const GROWTH_POINT = closedShape({ year: { type: "integer" }, ...SHOWN_GROWTH });

/** A student group's series: one point per year of the chain that has the cell. */
const series = <P>(point: P) =>
  ({
    type: "object",
    required: ["student_group", "points"],
    additionalProperties: false,
    properties: { student_group: { type: "string" }, points: { type: "array", items: point } },
  }) as const;

/**
 * A school's history over the years of a run's chain (`GET /api/runs/:run/schools/:school/history`),
 * declared once: the route's response schema and the web app's `SchoolHistory` type derive from it.
 * Every figure is disclosed for the reader as its year's run decided it.
 */
export const SCHOOL_HISTORY = {
  type: "object",
  required: ["school_code", "group", "years", "levels"],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    /** The group drawn beside all students (ALL: none). */
    group: { type: "string" },
    years: {
      type: "array",
      items: {
        type: "object",
        required: ["year", "run_id", "cut_set"],
        additionalProperties: false,
        properties: {
          year: { type: "integer" },
          run_id: { type: "string" },
          cut_set: { type: "string" },
        },
      },
    },
    levels: {
      type: "array",
      items: {
        type: "object",
        required: ["school_level", "index", "index_bands", "measures"],
        additionalProperties: false,
        properties: {
          school_level: { type: "string" },
          index: {
            type: "array",
            items: {
              type: "object",
              required: [
                "year",
                "run_id",
                "index_score",
                "index_score_suppressed",
                "index_level",
                "tier",
              ],
              additionalProperties: false,
              properties: {
                year: { type: "integer" },
                run_id: { type: "string" },
                index_score: NUM,
                index_score_suppressed: INDEX_SCORE_SUPPRESSED,
                index_level: INT,
                tier: STR,
              },
            },
          },
          index_bands: { type: "array", items: BAND },
          measures: {
            type: "array",
            items: {
              type: "object",
              required: ["metric", "label", "direction", "bands", "series", "growth"],
              additionalProperties: false,
              properties: {
                metric: { type: "string" },
                label: { type: "string" },
                direction: { type: "string" },
                bands: { type: "array", items: BAND },
                series: { type: "array", items: series(POINT) },
                growth: { type: ["array", "null"], items: series(GROWTH_POINT) },
              },
            },
          },
        },
      },
    },
  },
} as const;
