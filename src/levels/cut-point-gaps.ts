import type { Framework } from "../domain/framework/framework-schema.ts";
import { sqlString } from "../measures/sql-text.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { insertPercentileCuts } from "./freeze-cut-set.ts";
import { metricPolicies, metricPoliciesSql } from "./metric-policy.ts";

/**
 * A metric × school level whose cut points in a set are missing (no eligible school: no level,
 * not in the index), thin (from fewer schools than the framework's `cut_points.min_schools`), or
 * frozen after the baseline year from another year's values.
 */
export interface CutPointGap {
  readonly metric: string;
  readonly school_level: string;
  readonly kind: "missing" | "thin" | "later_year";
  /** Schools whose values set the cut points (null when missing). */
  readonly schools: number | null;
  /** For `later_year`: the year whose values set them, and the run that froze them. */
  readonly values_year?: number;
  readonly frozen_by_run?: string;
}

/**
 * Every percentile-cut metric × school level of the framework whose cut points in `cutSet` are
 * missing, come from fewer than `min_schools` schools, or come from a later year than the set's
 * baseline, in metric and level order.
 */
export async function cutPointGaps(
  warehouse: Warehouse,
  options: { cutSet: string; framework: Framework },
): Promise<CutPointGap[]> {
  const { cutSet, framework } = options;
  const policies = [...metricPolicies(framework).values()].filter(
    (p) => p.method === "baseline_percentiles",
  );
  if (policies.length === 0) return [];
  const rows = await warehouse.all<{
    metric: string;
    school_level: string;
    schools: number | null;
    has_cuts: boolean;
    values_year: number | null;
    frozen_by_run: string | null;
  }>(`WITH p AS ${metricPoliciesSql(policies)},
c AS (
  SELECT metric, school_level, min(baseline_schools) AS schools FROM cut_points
  WHERE cut_set = ${sqlString(cutSet)} GROUP BY metric, school_level
)
SELECT p.metric, p.school_level, c.schools, c.metric IS NOT NULL AS has_cuts, s.values_year, s.frozen_by_run
FROM p LEFT JOIN c USING (metric, school_level)
LEFT JOIN cut_point_sources s ON s.cut_set = ${sqlString(cutSet)} AND s.metric = p.metric AND s.school_level = p.school_level
ORDER BY p.metric, p.school_level`);
  const gaps: CutPointGap[] = [];
  for (const r of rows) {
    const base = { metric: r.metric, school_level: r.school_level, schools: r.schools };
    if (!r.has_cuts) gaps.push({ ...base, kind: "missing", schools: null });
    else {
      if (r.values_year !== null && r.frozen_by_run !== null)
        gaps.push({
          ...base,
          kind: "later_year",
          values_year: r.values_year,
          frozen_by_run: r.frozen_by_run,
        });
      if (r.schools !== null && r.schools < framework.cut_points.min_schools)
        gaps.push({ ...base, kind: "thin" });
    }
  }
  return gaps;
}

/** One warning line per metric and kind of gap, naming the levels, counts and what happens. */
export function cutPointGapWarnings(
  gaps: readonly CutPointGap[],
  options: { cutSet: string; baselineYear: number; framework: Framework },
): string[] {
  const { cutSet, baselineYear, framework } = options;
  const byKey = new Map<string, CutPointGap[]>();
  for (const g of gaps) {
    const key = `${g.kind} ${g.metric}`;
    byKey.set(key, [...(byKey.get(key) ?? []), g]);
  }
  const warnings: string[] = [];
  for (const list of byKey.values()) {
    const { kind, metric } = list[0]!;
    const levels = list.map((g) => g.school_level).join(", ");
    if (kind === "missing")
      warnings.push(
        `CUT POINTS MISSING: ${metric} (${levels}) has no cut points in set "${cutSet}" (no eligible school in baseline year ${baselineYear}${framework.cut_points.when_missing === "first_year_with_values" ? " or any later year computed so far" : ""}): no level, and not in the index (cut_points.when_missing: ${framework.cut_points.when_missing})`,
      );
    else if (kind === "thin")
      warnings.push(
        `CUT POINTS THIN: ${metric} cut points in set "${cutSet}" come from fewer schools than the framework minimum of ${framework.cut_points.min_schools} (${list.map((g) => `${g.school_level}: ${g.schools}`).join(", ")}); used as they are`,
      );
    else
      warnings.push(
        `CUT POINTS FROM A LATER YEAR: ${metric} (${list.map((g) => `${g.school_level}: ${g.values_year}`).join(", ")}) had no eligible school in baseline year ${baselineYear}; its cut points in set "${cutSet}" were frozen from that year's values by run ${list[0]!.frozen_by_run} (cut_points.when_missing: first_year_with_values)`,
      );
  }
  return warnings;
}

/**
 * With `cut_points.when_missing: first_year_with_values`, freezes into `cutSet` the cut points of
 * every metric × school level it lacks, from the first year after the set's baseline (up to the
 * run's year) with eligible values: the run's own values for its year, or for an earlier year
 * values that `computeValues` writes under a scratch run id (deleted afterwards). Each is frozen
 * once, recorded in `cut_point_sources`; later runs reuse it. Returns what it froze.
 */
export async function fillMissingCutPoints(
  warehouse: Warehouse,
  options: {
    cutSet: string;
    framework: Framework;
    runId: string;
    year: number;
    createdAt: Date;
    computeValues: (scratchRunId: string, year: number) => Promise<void>;
    /** Only these districts' schools set the cut points (the members); null: every school. */
    cutDistricts?: readonly string[] | null;
  },
): Promise<CutPointGap[]> {
  const { cutSet, framework, runId, year } = options;
  if (framework.cut_points.when_missing !== "first_year_with_values") return [];
  const { baseline_year: baselineYear } = await warehouse.one<{ baseline_year: number }>(
    `SELECT baseline_year FROM cut_sets WHERE name = ${sqlString(cutSet)}`,
  );
  const policies = [...metricPolicies(framework).values()].filter(
    (p) => p.method === "baseline_percentiles",
  );
  const missing = async () =>
    (await cutPointGaps(warehouse, { cutSet, framework })).filter((g) => g.kind === "missing");
  let todo = await missing();
  if (todo.length === 0 || year <= baselineYear) return [];
  const years = (
    await warehouse.all<{ year: number }>(
      `SELECT DISTINCT year FROM submissions WHERE year > ${baselineYear} AND year < ${year} ORDER BY year`,
    )
  ).map((r) => r.year);
  const frozen: CutPointGap[] = [];
  for (const valuesYear of [...years, year]) {
    const scratch = valuesYear === year ? null : `${runId}~cut-values-${valuesYear}`;
    try {
      if (scratch !== null) await options.computeValues(scratch, valuesYear);
      const inserted = await insertPercentileCuts(warehouse, {
        cutSet,
        framework,
        runId: scratch ?? runId,
        year: valuesYear,
        policies,
        only: todo,
        cutDistricts: options.cutDistricts ?? null,
      });
      for (const r of inserted) {
        await warehouse.run(
          `INSERT INTO cut_point_sources VALUES (${sqlString(cutSet)}, ${sqlString(r.metric)}, ${sqlString(r.school_level)},
            ${valuesYear}, ${sqlString(runId)}, ${sqlString(options.createdAt.toISOString())}::TIMESTAMP, ${r.schools})`,
        );
        frozen.push({ ...r, kind: "later_year", values_year: valuesYear, frozen_by_run: runId });
      }
    } finally {
      if (scratch !== null)
        await warehouse.run(`DELETE FROM metric_results WHERE run_id = ${sqlString(scratch)}`);
    }
    todo = await missing();
    if (todo.length === 0) break;
  }
  return frozen;
}
