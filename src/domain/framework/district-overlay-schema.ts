import { z } from "zod";
import type { MEASURE_IDS } from "./measure-settings.ts";

/**
 * The shared measures whose SQL a local measure may reuse with its own settings: those that write
 * one metric named after themselves (not growth, which is a model, nor the survey composites).
 */
export const LOCAL_MEASURE_BASES = [
  "ela_performance",
  "math_performance",
  "ela_distance_from_standard",
  "math_distance_from_standard",
  "hs_readiness",
  "graduation",
  "chronic_absence",
  "suspension",
  "el_redesignation",
] as const satisfies readonly (typeof MEASURE_IDS)[number][];
export type LocalMeasureBase = (typeof LOCAL_MEASURE_BASES)[number];

/** One local measure: a shared measure's SQL run with the district's own settings. */
export const localMeasureSchema = z.strictObject({
  label: z.string().min(1),
  /** Plain words for the district's principals; shown beside the measure. */
  description: z.string().min(1),
  /** The shared measure whose definition this one reuses. */
  base: z.enum(LOCAL_MEASURE_BASES),
  /**
   * Settings of the base measure that differ (e.g. `absence_threshold_percent: 20`); checked
   * against the base measure's own schema once merged with the shared framework's settings.
   */
  settings: z.record(z.string(), z.unknown()).default({}),
  direction: z.enum(["higher", "lower"]),
  /** Weight in the district's local index (percent measures only); absent: not in it. */
  weight: z.number().gt(0).max(100).optional(),
});

/**
 * A district overlay (`frameworks/districts/<district>.yaml`): the district's own measures, for
 * its own view. It extends a shared framework and never changes it: the shared index, levels and
 * tiers are computed without it.
 */
export const districtOverlaySchema = z.strictObject({
  district: z.string().regex(/^[0-9A-Za-z]+$/, "must be a district code (letters and digits)"),
  /** The shared framework's id this overlay extends. */
  extends: z.string().min(1),
  name: z.string().min(1),
  measures: z
    .record(
      z.string().regex(/^[a-z][a-z0-9_]*$/, "must be lower-case letters, digits or _"),
      localMeasureSchema,
    )
    .refine((m) => Object.keys(m).length > 0, "must list at least one measure"),
});

export type DistrictOverlay = z.output<typeof districtOverlaySchema>;
export type LocalMeasure = z.output<typeof localMeasureSchema>;

/** The metric id a local measure's rows carry: never equal to a shared metric id. */
export function localMetricId(measureKey: string): string {
  return `local_${measureKey}`;
}
