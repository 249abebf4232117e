import { inDistrictsSql } from "../collaborative/district-filter-sql.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import { sqlString } from "../measures/sql-text.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { INDEX_METRIC } from "./cut-set-tables.ts";
import { type MetricPolicy, metricPolicies, metricPoliciesSql } from "./metric-policy.ts";

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
  /** Only these districts' schools set the cut points (the members); null: every school. */
  readonly cutDistricts?: readonly string[] | null;
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
 * `baseline_percentiles` metrics get the framework's percentiles of the all-students school
 * values (see {@link insertPercentileCuts}); `deciles_of_score` metrics get fixed bins of
 * `growth_bin_width` over 0–100. Writes the `cut_sets` row with provenance. Metrics left without
 * cut points or with too few schools are reported by `cutPointGaps`, not here.
 */
export async function freezeMetricCutPoints(
  warehouse: Warehouse,
  source: CutSetSource,
): Promise<void> {
  const { framework, name } = source;
  const existing = await warehouse.all(`SELECT name FROM cut_sets WHERE name = ${sqlString(name)}`);
  if (existing.length > 0) throw new CutSetExistsError(name);
  const policies = [...metricPolicies(framework).values()];
  for (const p of policies)
    if (p.method === "deciles_of_score" && p.direction !== "higher")
      throw new RangeError(`score bins need a higher-is-better measure, got "${p.metric}" (lower)`);
  const cuts = framework.cut_points;
  const width = cuts.growth_bin_width;
  const bins: number[] = [];
  for (let b = width; b < 100; b += width) bins.push(b);
  const provenance = {
    method: cuts.method,
    percentiles: cuts.percentiles,
    per: cuts.per,
    eligible: cuts.eligible,
    eligible_requires_participation_floor: cuts.eligible_requires_participation_floor,
    min_schools: cuts.min_schools,
    when_missing: cuts.when_missing,
    growth_bin_width: width,
    baseline_year: source.year,
    baseline_run: source.runId,
  };
  await warehouse.run(
    `INSERT INTO cut_sets VALUES (${sqlString(name)}, ${sqlString(framework.id)}, ${sqlString(source.frameworkHash)},
      ${source.year}, ${sqlString(source.runId)}, ${sqlString(source.createdAt.toISOString())}::TIMESTAMP,
      ${sqlString(JSON.stringify(provenance))})`,
  );
  await insertPercentileCuts(warehouse, {
    cutSet: name,
    framework,
    runId: source.runId,
    year: source.year,
    policies: policies.filter((p) => p.method === "baseline_percentiles"),
    cutDistricts: source.cutDistricts ?? null,
  });
  await warehouse.run(`INSERT INTO cut_points
WITH p AS ${metricPoliciesSql(policies.filter((p) => p.method === "deciles_of_score"))},
all_cuts AS (
  SELECT metric, school_level, direction, NULL::INTEGER AS schools, [${bins.join(", ")}]::DOUBLE[] AS cuts
  FROM p
)
SELECT ${sqlString(name)}, metric, school_level, direction, 'deciles_of_score', level::INTEGER,
  ${boundsSql("cuts", "direction", "level")}, schools
FROM all_cuts CROSS JOIN range(1, len(cuts) + 2) r(level)`);
}

/**
 * Inserts into set `cutSet` the percentile cut points of `policies` (all `baseline_percentiles`)
 * from run `runId`'s values of `year`: the framework's percentiles (type 7, `quantile_cont`) of
 * the all-students school values per metric × school level, among schools whose ALL result is
 * not suppressed (n ≥ min n), has a value and, unless the framework says otherwise
 * (`eligible_requires_participation_floor`), met its survey participation floor. `only` limits
 * it to these metric × school levels. Returns what it inserted, with the number of schools.
 */
export async function insertPercentileCuts(
  warehouse: Warehouse,
  options: {
    cutSet: string;
    framework: Framework;
    runId: string;
    year: number;
    policies: readonly MetricPolicy[];
    only?: readonly { metric: string; school_level: string }[];
    /** Only these districts' schools set the cut points (the members); null: every school. */
    cutDistricts?: readonly string[] | null;
  },
): Promise<{ metric: string; school_level: string; schools: number }[]> {
  const { cutSet, framework, runId, year, policies, only } = options;
  if (policies.length === 0 || (only !== undefined && only.length === 0)) return [];
  const fractions = `[${framework.cut_points.percentiles.map((p) => p / 100).join(", ")}]::DOUBLE[]`;
  const floor = framework.cut_points.eligible_requires_participation_floor
    ? "AND coalesce(m.meets_floor, true)"
    : "";
  const onlyPairs =
    only === undefined
      ? ""
      : `AND (m.metric, m.school_level) IN (${only.map((o) => `(${sqlString(o.metric)}, ${sqlString(o.school_level)})`).join(", ")})`;
  const inserted = await warehouse.all<{ metric: string; school_level: string; schools: number }>(
    `INSERT INTO cut_points
WITH p AS ${metricPoliciesSql(policies)},
all_cuts AS (
  SELECT m.metric, m.school_level, any_value(p.direction) AS direction, count(*)::INTEGER AS schools,
    quantile_cont(m.value, ${fractions}) AS cuts
  FROM metric_results m JOIN p ON p.metric = m.metric AND p.school_level = m.school_level
  WHERE m.run_id = ${sqlString(runId)} AND m.year = ${year}
    AND m.student_group = 'ALL' AND NOT m.suppressed AND m.n >= p.min_n
    AND m.value IS NOT NULL ${floor} ${onlyPairs}
    AND ${inDistrictsSql("m.school_code", options.cutDistricts ?? null)}
  GROUP BY m.metric, m.school_level
)
SELECT ${sqlString(cutSet)}, metric, school_level, direction, 'baseline_percentiles', level::INTEGER,
  ${boundsSql("cuts", "direction", "level")}, schools
FROM all_cuts CROSS JOIN range(1, len(cuts) + 2) r(level)
RETURNING metric, school_level, baseline_schools AS schools`,
  );
  const seen = new Map<string, { metric: string; school_level: string; schools: number }>();
  for (const row of inserted) seen.set(`${row.metric}\u0000${row.school_level}`, row);
  return [...seen.values()].sort(
    (a, b) => a.metric.localeCompare(b.metric) || a.school_level.localeCompare(b.school_level),
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
  options: {
    name: string;
    framework: Framework;
    runId: string;
    year: number;
    /** Only these districts' schools set the cut points (the members); null: every school. */
    cutDistricts?: readonly string[] | null;
  },
): Promise<void> {
  const fractions = `[${options.framework.index.index_level_percentiles.map((p) => p / 100).join(", ")}]::DOUBLE[]`;
  await warehouse.run(`INSERT INTO cut_points
WITH scores AS (
  SELECT school_code, school_level, list_reduce(list(points ORDER BY metric), lambda a, b: a + b) AS score
  FROM index_components WHERE run_id = ${sqlString(options.runId)} AND year = ${options.year}
    AND ${inDistrictsSql("school_code", options.cutDistricts ?? null)}
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
