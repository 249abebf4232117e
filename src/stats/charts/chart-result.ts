import type { FromSchema } from "json-schema-to-ts";

/**
 * The one shape every chart in `src/stats/charts/` returns, declared once as a JSON schema so an
 * API can serialise and document it as it is, and the TypeScript types derive from it (types only:
 * json-schema-to-ts is not loaded at run time). A chart is the points with their centre line and
 * limits, the parts the series is split into, and the signals: which rule fired at which points,
 * which way, and whether that is good news for the measure.
 */

const NULLABLE_NUMBER = { type: ["number", "null"] } as const;

/** Which way is "good" for a measure: a rise in attendance is good, a rise in absence is not. */
export const DIRECTION_SCHEMA = {
  type: "string",
  enum: ["higher_is_better", "lower_is_better"],
} as const;

/**
 * The rules the engine reports.
 * - run charts, IHI (Perla, Provost & Murray 2011): `shift`, `trend`, `too-few-runs`,
 *   `too-many-runs`, `astronomical` (a point an advisor flagged)
 * - run charts, Anhøj (qicharts2): `long-run`, `few-crossings`
 * - control charts: `outside-limits`, `shift`, `trend`, `two-of-three`, `fifteen-inner-third`
 */
export const SIGNAL_RULE_SCHEMA = {
  type: "string",
  enum: [
    "shift",
    "trend",
    "too-few-runs",
    "too-many-runs",
    "astronomical",
    "long-run",
    "few-crossings",
    "outside-limits",
    "two-of-three",
    "fifteen-inner-third",
  ],
} as const;

/** One rule firing. */
export const CHART_SIGNAL_SCHEMA = {
  type: "object",
  required: ["rule", "part", "points", "side", "effect", "detail"],
  properties: {
    rule: SIGNAL_RULE_SCHEMA,
    part: { type: "integer", description: "index of the part the signal was found in" },
    points: {
      type: "array",
      items: { type: "integer" },
      description:
        "the points (0-based indexes) that make the signal, in order; points a rule skips (on the centre line for a shift, equal to the previous one for a trend) are not listed; for the runs-count rules, every useful point of the part",
    },
    side: {
      type: ["string", "null"],
      enum: ["up", "down", null],
      description:
        "above the centre or rising (up), or the opposite; null for rules with no direction",
    },
    effect: {
      type: "string",
      enum: ["improvement", "deterioration", "no_direction"],
      description: "what the signal means given the measure's direction of good",
    },
    detail: {
      type: "object",
      description: "the figures the rule compared; only those that apply to the rule are set",
      properties: {
        length: { type: "integer", description: "points counted in a shift, trend or long run" },
        limit: {
          type: "integer",
          description: "the length, number of runs or crossings the rule compared against",
        },
        runs: { type: "integer", description: "observed runs (IHI runs rule)" },
        runsLower: { type: "integer", description: "fewer runs than this is too few" },
        runsUpper: { type: "integer", description: "more runs than this is too many" },
        useful: { type: "integer", description: "points not on the centre line" },
        crossings: { type: "integer", description: "observed median crossings (Anhøj)" },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

/** One point as drawn; null where there is nothing to draw. */
export const CHART_POINT_SCHEMA = {
  type: "object",
  required: ["index", "value", "part", "baseline", "centre", "lower", "upper", "sigma"],
  properties: {
    index: { type: "integer" },
    value: NULLABLE_NUMBER,
    part: { type: "integer" },
    baseline: {
      type: "boolean",
      description: "the point is in its part's baseline (it helped set the centre line and limits)",
    },
    centre: NULLABLE_NUMBER,
    lower: {
      ...NULLABLE_NUMBER,
      description: "lower control limit (null on run charts, missing points, the MR chart)",
    },
    upper: { ...NULLABLE_NUMBER, description: "upper control limit (null on run charts)" },
    sigma: {
      ...NULLABLE_NUMBER,
      description: "one sigma at this point, before the limits are clipped (null on run charts)",
    },
  },
  additionalProperties: false,
} as const;

/** A stretch of the series with its own centre line: the whole series, or one side of a known change. */
export const CHART_PART_SCHEMA = {
  type: "object",
  required: ["index", "start", "end", "baselineStart", "baselineEnd", "centre"],
  properties: {
    index: { type: "integer" },
    start: { type: "integer", description: "first point of the part" },
    end: { type: "integer", description: "last point of the part (inclusive)" },
    baselineStart: { type: "integer" },
    baselineEnd: { type: "integer", description: "last baseline point (inclusive)" },
    centre: { type: "number" },
  },
  additionalProperties: false,
} as const;

/** Something the reader should know about the chart (a short baseline, a degenerate limit…). */
export const CHART_WARNING_SCHEMA = {
  type: "object",
  required: ["code", "part", "message"],
  properties: {
    code: {
      type: "string",
      enum: ["short-baseline", "too-few-points-for-runs", "zero-sigma", "missing-points"],
    },
    part: { type: ["integer", "null"] },
    message: { type: "string" },
  },
  additionalProperties: false,
} as const;

/** A computed chart: what an API returns and a page draws. */
export const CHART_RESULT_SCHEMA = {
  type: "object",
  required: ["kind", "ruleSet", "direction", "points", "parts", "signals", "warnings"],
  properties: {
    kind: {
      type: "string",
      enum: ["run", "p", "p-prime", "u", "u-prime", "seasonal-u", "i", "mr"],
    },
    ruleSet: { type: "string", enum: ["ihi", "anhoej", "spc"] },
    direction: DIRECTION_SCHEMA,
    points: { type: "array", items: CHART_POINT_SCHEMA },
    parts: { type: "array", items: CHART_PART_SCHEMA },
    signals: { type: "array", items: CHART_SIGNAL_SCHEMA },
    warnings: { type: "array", items: CHART_WARNING_SCHEMA },
  },
  additionalProperties: false,
} as const;

export type Direction = FromSchema<typeof DIRECTION_SCHEMA>;
export type SignalRule = FromSchema<typeof SIGNAL_RULE_SCHEMA>;
export type ChartSignal = FromSchema<typeof CHART_SIGNAL_SCHEMA>;
export type SignalSide = Exclude<ChartSignal["side"], null>;
export type SignalEffect = ChartSignal["effect"];
export type ChartPoint = FromSchema<typeof CHART_POINT_SCHEMA>;
export type ChartPart = FromSchema<typeof CHART_PART_SCHEMA>;
export type ChartWarning = FromSchema<typeof CHART_WARNING_SCHEMA>;
export type ChartResult = FromSchema<typeof CHART_RESULT_SCHEMA>;
export type ChartKind = ChartResult["kind"];
export type ChartRuleSet = ChartResult["ruleSet"];
