import type { SchoolLevel } from "../domain/codes.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import { MEASURE_IDS, type MeasureId } from "../domain/framework/measure-settings.ts";
import { MEASURES } from "../measures/compute-measures.ts";
import { sqlString } from "../measures/sql-text.ts";
import type { Direction } from "./level-of-value.ts";

/**
 * How a metric gets its levels: `baseline_percentiles` (cut points from the baseline year's
 * all-students school values) or `deciles_of_score` (its 0–100 score cut into fixed bins, CORE's
 * growth rule). Read from the framework's `cut_points` settings.
 */
export type CutMethod = "baseline_percentiles" | "deciles_of_score";

/** Everything the levels stage needs to know about one metric. */
export interface MetricPolicy {
  readonly metric: string;
  /** The framework measure that defines the metric (sel_growth_mindset → sel_skills). */
  readonly measure: MeasureId;
  readonly direction: Direction;
  readonly method: CutMethod;
  readonly minN: number;
  readonly schoolLevels: readonly SchoolLevel[];
  /** The metric is the measure's own result and the measure counts in the index. */
  readonly inIndex: boolean;
  readonly domain: "academic" | "se_cc";
  /** Results exist for all students only (EL reclassification): no subgroup part in the index. */
  readonly allStudentsOnly: boolean;
}

/**
 * The policy of every metric the framework produces: each measure's own metric plus the extra
 * metrics a measure writes (SEL constructs, culture-climate per respondent type), which inherit
 * the measure's direction and min n but are reported only, never in the index.
 */
export function metricPolicies(framework: Framework): Map<string, MetricPolicy> {
  const policies = new Map<string, MetricPolicy>();
  const scoreBins = new Set<string>(framework.cut_points.score_bin_measures);
  const extraMetrics = new Map<MeasureId, string[]>();
  for (const measure of MEASURES) extraMetrics.set(measure.id, measure.metrics(framework));
  for (const id of MEASURE_IDS) {
    const settings = framework.measures[id];
    if (!settings) continue;
    const metrics = new Set([id, ...(extraMetrics.get(id) ?? [])]);
    for (const metric of metrics) {
      policies.set(metric, {
        metric,
        measure: id,
        direction: settings.direction,
        method: scoreBins.has(id) ? "deciles_of_score" : "baseline_percentiles",
        minN: settings.min_n,
        schoolLevels: settings.school_levels,
        inIndex: metric === id && settings.in_index,
        domain: settings.domain,
        allStudentsOnly: "all_students_only" in settings && settings.all_students_only === true,
      });
    }
  }
  return policies;
}

/**
 * The policies as an SQL relation `(metric, measure, direction, method, min_n, school_level,
 * in_index, domain, all_students_only)`, one row per metric × school level it applies to.
 */
export function metricPoliciesSql(policies: Iterable<MetricPolicy>): string {
  const rows: string[] = [];
  for (const p of policies)
    for (const level of p.schoolLevels)
      rows.push(
        `(${sqlString(p.metric)}, ${sqlString(p.measure)}, ${sqlString(p.direction)}, ${sqlString(p.method)}, ${p.minN}, ${sqlString(level)}, ${p.inIndex}, ${sqlString(p.domain)}, ${p.allStudentsOnly})`,
      );
  if (rows.length === 0) rows.push("(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
  return `(SELECT * FROM (VALUES ${rows.join(",\n  ")}) AS p(metric, measure, direction, method, min_n, school_level, in_index, domain, all_students_only) WHERE metric IS NOT NULL)`;
}
