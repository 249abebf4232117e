import type { Framework } from "../domain/framework/framework-schema.ts";
import { sqlString } from "../measures/sql-text.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { INDEX_METRIC } from "./cut-set-tables.ts";
import { metricPolicies, metricPoliciesSql } from "./metric-policy.ts";

/** Where a cut set comes from: the baseline run whose values set it. */
export interface CutSetSource {
  /** Name of the new set, e.g. `core-sqii-2023`. */
  readonly name: string;
  readonly framework: Framework;
  readonly frameworkHash: string;
  /** The baseline run and its school year. */
  readonly runId: string;
  readonly year: number;
  readonly createdAt: Date;
}

/** A cut set that already exists under the requested name. */
export class CutSetExistsError extends Error {
  constructor(readonly cutSet: string) {
    super(`cut point set "${cutSet}" already exists; cut sets are frozen, choose another name`);
    this.name = "CutSetExistsError";
  }
}

/**
 * Freezes the metric cut points of a new set from the baseline run's values (in DuckDB):
 * `baseline_percentiles` metrics get the framework's percentiles (type 7, `quantile_cont`) of
 * the all-students school values per metric × school level, among schools whose ALL result is
 * not suppressed (n ≥ min n), has a value and met its survey participation floor;
 * `deciles_of_score` metrics get fixed bins of `growth_bin_width` over 0–100. Writes the
 * `cut_sets` row with provenance. Returns warnings for metric × levels cut from fewer schools
 * than levels.
 */
export async function freezeMetricCutPoints(
  warehouse: Warehouse,
  source: CutSetSource,
): Promise<string[]> {
  const { framework, name } = source;
  const existing = await warehouse.all(`SELECT name FROM cut_sets WHERE name = ${sqlString(name)}`);
  if (existing.length > 0) throw new CutSetExistsError(name);
  const percentiles = framework.cut_points.percentiles;
  const levels = percentiles.length + 1;
  const policies = [...metricPolicies(framework).values()];
  for (const p of policies)
    if (p.method === "deciles_of_score" && p.direction !== "higher")
      throw new RangeError(`score bins need a higher-is-better measure, got "${p.metric}" (lower)`);
  const fractions = `[${percentiles.map((p) => p / 100).join(", ")}]::DOUBLE[]`;
  const width = framework.cut_points.growth_bin_width;
  const bins: number[] = [];
  for (let b = width; b < 100; b += width) bins.push(b);
  const provenance = {
    method: framework.cut_points.method,
    percentiles,
    per: framework.cut_points.per,
    eligible: framework.cut_points.eligible,
    growth_bin_width: width,
    baseline_year: source.year,
    baseline_run: source.runId,
  };
  await warehouse.run(
    `INSERT INTO cut_sets VALUES (${sqlString(name)}, ${sqlString(framework.id)}, ${sqlString(source.frameworkHash)},
      ${source.year}, ${sqlString(source.runId)}, ${sqlString(source.createdAt.toISOString())}::TIMESTAMP,
      ${sqlString(JSON.stringify(provenance))})`,
  );
  await warehouse.run(`INSERT INTO cut_points
WITH p AS ${metricPoliciesSql(policies)},
percentile_cuts AS (
  SELECT m.metric, m.school_level, any_value(p.direction) AS direction, count(*)::INTEGER AS schools,
    quantile_cont(m.value, ${fractions}) AS cuts
  FROM metric_results m JOIN p ON p.metric = m.metric AND p.school_level = m.school_level
  WHERE m.run_id = ${sqlString(source.runId)} AND m.year = ${source.year}
    AND m.student_group = 'ALL' AND NOT m.suppressed AND m.n >= p.min_n
    AND m.value IS NOT NULL AND coalesce(m.meets_floor, true)
    AND p.method = 'baseline_percentiles'
  GROUP BY m.metric, m.school_level
),
bin_cuts AS (
  SELECT metric, school_level, direction, NULL::INTEGER AS schools, [${bins.join(", ")}]::DOUBLE[] AS cuts
  FROM p WHERE method = 'deciles_of_score'
),
all_cuts AS (
  SELECT *, 'baseline_percentiles' AS method FROM percentile_cuts
  UNION ALL SELECT *, 'deciles_of_score' AS method FROM bin_cuts
)
SELECT ${sqlString(name)}, metric, school_level, direction, method, level::INTEGER,
  ${boundsSql("cuts", "direction", "level")}, schools
FROM all_cuts CROSS JOIN range(1, len(cuts) + 2) r(level)`);
  const thin = await warehouse.all<{ metric: string; school_level: string; schools: number }>(
    `SELECT DISTINCT metric, school_level, baseline_schools AS schools FROM cut_points
     WHERE cut_set = ${sqlString(name)} AND baseline_schools < ${levels} ORDER BY metric, school_level`,
  );
  return thin.map(
    (t) =>
      `cut points for ${t.metric} (${t.school_level}) in set "${name}" come from only ${t.schools} schools`,
  );
}

/**
 * Freezes the index-level cut points of set `name` from the baseline run's index scores: the
 * framework's `index_level_percentiles` of the scores per school level (higher is better).
 * Scores are read from `index_components` (the sum the index stage will write), so it can run
 * before `index_results` exists for the baseline run.
 */
export async function freezeIndexCutPoints(
  warehouse: Warehouse,
  options: { name: string; framework: Framework; runId: string; year: number },
): Promise<void> {
  const fractions = `[${options.framework.index.index_level_percentiles.map((p) => p / 100).join(", ")}]::DOUBLE[]`;
  await warehouse.run(`INSERT INTO cut_points
WITH scores AS (
  SELECT school_code, school_level, list_reduce(list(points ORDER BY metric), lambda a, b: a + b) AS score
  FROM index_components WHERE run_id = ${sqlString(options.runId)} AND year = ${options.year}
  GROUP BY school_code, school_level
),
all_cuts AS (
  SELECT school_level, 'higher' AS direction, count(*)::INTEGER AS schools,
    quantile_cont(score, ${fractions}) AS cuts
  FROM scores GROUP BY school_level
)
SELECT ${sqlString(options.name)}, '${INDEX_METRIC}', school_level, direction, 'baseline_percentiles',
  level::INTEGER, ${boundsSql("cuts", "direction", "level")}, schools
FROM all_cuts CROSS JOIN range(1, len(cuts) + 2) r(level)`);
}

/**
 * `lower_bound, upper_bound` of `level` from the ascending list `cuts` (P cuts, P + 1 levels):
 * higher is better: [c(k-1), c(k)); lower is better: (c(P+1-k), c(P+2-k)]; NULL at open ends.
 */
function boundsSql(cuts: string, direction: string, level: string): string {
  const p = `len(${cuts})`;
  return `CASE WHEN ${direction} = 'higher'
      THEN CASE WHEN ${level} = 1 THEN NULL ELSE ${cuts}[${level} - 1] END
      ELSE CASE WHEN ${level} = 1 THEN ${cuts}[${p}] WHEN ${level} = ${p} + 1 THEN NULL ELSE ${cuts}[${p} + 1 - ${level}] END END,
    CASE WHEN ${direction} = 'higher'
      THEN CASE WHEN ${level} = ${p} + 1 THEN NULL ELSE ${cuts}[${level}] END
      ELSE CASE WHEN ${level} = 1 THEN NULL ELSE ${cuts}[${p} + 2 - ${level}] END END`;
}
