import type { Framework } from "../domain/framework/framework-schema.ts";
import { LOWEST_RACE_GROUP } from "../domain/framework/policy-settings.ts";
import { exactSumSql } from "../measures/exact-sum-sql.ts";
import { sqlString, sqlStrings } from "../measures/sql-text.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { cutListsSql, levelSql } from "./cut-lists-sql.ts";
import { INDEX_METRIC } from "./cut-set-tables.ts";
import { metricPolicies, metricPoliciesSql } from "./metric-policy.ts";

/** The run, year and framework the index stage works on. */
export interface IndexContext {
  readonly runId: string;
  readonly year: number;
  readonly framework: Framework;
}

/**
 * Writes the index decomposition of a run (`index_group_levels`, `index_components`) from its
 * `metric_levels`, all in DuckDB:
 *
 * 1. Subgroup levels per index measure: each accountability group with a level; the
 *    lowest-performing race group is chosen per measure among the framework's race groups with a
 *    level (so n ≥ min n) by lowest level, then the framework's tie breaks (`lower_value` = the
 *    worse raw value, i.e. the higher one for lower-is-better measures; `larger_n`), then the
 *    group code. Measures reported for all students only have no subgroup part.
 * 2. Measure level = all × level(ALL) + subgroups × mean subgroup level, or level(ALL) alone.
 * 3. Weights: a domain's weight is shared equally by its measures with an ALL level at the school.
 *    A school with no such measure in a domain that has weight gets no index (framework
 *    `index.missing_domain: no_index`), or the present domains' weights are scaled up to sum to
 *    100 (`rescale`). Points = weight × measure level / 10.
 *
 * Returns the school × levels that have measure levels but no index because a domain is missing
 * (always empty with `rescale`), with the missing domains.
 */
export async function computeIndexComponents(
  warehouse: Warehouse,
  context: IndexContext,
): Promise<{ school_code: string; school_level: string; missing: string[] }[]> {
  const { runId, year, framework } = context;
  const run = `run_id = ${sqlString(runId)} AND year = ${year}`;
  const runL = `l.run_id = ${sqlString(runId)} AND l.year = ${year}`;
  const policies = [...metricPolicies(framework).values()].filter((p) => p.inIndex);
  const groups = framework.student_groups;
  const direct = groups.accountability.filter((g) => g !== LOWEST_RACE_GROUP);
  const withRace = groups.accountability.includes(LOWEST_RACE_GROUP);
  const tieBreaks = groups.lowest_race_group.tie_breaks.map((t) =>
    t === "lower_value" ? "CASE WHEN direction = 'higher' THEN value ELSE -value END" : "n DESC",
  );
  const order = ["level", ...tieBreaks, "student_group"].join(", ");
  const selectGroup = (component: string) =>
    `SELECT ${sqlString(runId)}, ${year}, school_code, school_level, metric, ${component}, student_group, level, value, n FROM lv`;
  const parts: string[] = [];
  if (direct.length > 0)
    parts.push(`${selectGroup("student_group")} WHERE student_group IN ${sqlStrings(direct)}`);
  if (withRace)
    parts.push(`${selectGroup(sqlString(LOWEST_RACE_GROUP))}
  WHERE student_group IN ${sqlStrings(groups.lowest_race_group.among)}
  QUALIFY row_number() OVER (PARTITION BY school_code, school_level, metric ORDER BY ${order}) = 1`);
  if (parts.length > 0)
    await warehouse.run(`INSERT INTO index_group_levels
WITH p AS ${metricPoliciesSql(policies)},
lv AS (
  SELECT m.school_code, m.school_level, m.metric, m.student_group, m.value, m.n, l.level, p.direction
  FROM metric_levels l
  JOIN metric_results m ON m.run_id = l.run_id AND m.year = l.year AND m.school_code = l.school_code
    AND m.school_level = l.school_level AND m.metric = l.metric AND m.student_group = l.student_group
  JOIN p ON p.metric = l.metric AND p.school_level = l.school_level
  WHERE ${runL} AND NOT p.all_students_only AND l.student_group <> 'ALL'
)
${parts.join("\nUNION ALL\n")}`);
  const split = framework.index.measure_level;
  const weighted = Object.entries(framework.index.domain_weights)
    .filter(([, weight]) => weight > 0)
    .map(([domain]) => domain);
  const domainWeights = Object.entries(framework.index.domain_weights)
    .map(([domain, weight]) => `(${sqlString(domain)}, ${weight}::DOUBLE)`)
    .join(", ");
  await warehouse.run(`INSERT INTO index_components
WITH p AS ${metricPoliciesSql(policies)},
dw AS (SELECT * FROM (VALUES ${domainWeights}) AS t(domain, domain_weight)),
alls AS (
  SELECT l.school_code, l.school_level, l.metric, l.level AS all_level, p.domain
  FROM metric_levels l JOIN p ON p.metric = l.metric AND p.school_level = l.school_level
  WHERE ${runL} AND l.student_group = 'ALL'
),
sub AS (
  SELECT school_code, school_level, metric, avg(level) AS subgroup_mean, count(*)::INTEGER AS subgroup_count
  FROM index_group_levels WHERE ${run} GROUP BY school_code, school_level, metric
),
present AS (
  SELECT school_code, school_level, ${exactSumSql("domain_weight")} AS total,
    count(*) FILTER (WHERE domain_weight > 0) AS weighted_domains
  FROM (SELECT DISTINCT school_code, school_level, domain FROM alls) JOIN dw USING (domain)
  GROUP BY school_code, school_level
),
counted AS (
  SELECT a.*, s.subgroup_mean, coalesce(s.subgroup_count, 0) AS subgroup_count, dw.domain_weight, pr.total,
    count(*) OVER (PARTITION BY a.school_code, a.school_level, a.domain) AS k
  FROM alls a
  JOIN dw USING (domain)
  JOIN present pr ON pr.school_code = a.school_code AND pr.school_level = a.school_level
  LEFT JOIN sub s ON s.school_code = a.school_code AND s.school_level = a.school_level AND s.metric = a.metric
  WHERE pr.total > 0${framework.index.missing_domain === "no_index" ? ` AND pr.weighted_domains = ${weighted.length}` : ""}
),
weighted AS (
  SELECT *, domain_weight * 100.0 / total / k AS weight,
    CASE WHEN subgroup_count > 0
      THEN ${split.all_students}::DOUBLE * all_level + ${split.subgroups}::DOUBLE * subgroup_mean
      ELSE all_level::DOUBLE END AS measure_level
  FROM counted
)
SELECT ${sqlString(runId)}, ${year}, school_code, school_level, metric, domain, weight, all_level,
  subgroup_mean, subgroup_count, measure_level, weight * measure_level / 10 AS points
FROM weighted`);
  if (framework.index.missing_domain === "rescale") return [];
  const left = await warehouse.all<{
    school_code: string;
    school_level: string;
    present: string[];
  }>(
    `WITH p AS ${metricPoliciesSql(policies)}
SELECT l.school_code, l.school_level, list(DISTINCT p.domain ORDER BY p.domain) AS present
FROM metric_levels l JOIN p ON p.metric = l.metric AND p.school_level = l.school_level
WHERE ${runL} AND l.student_group = 'ALL'
  AND NOT EXISTS (SELECT 1 FROM index_components c WHERE c.run_id = l.run_id AND c.year = l.year
    AND c.school_code = l.school_code AND c.school_level = l.school_level)
GROUP BY l.school_code, l.school_level ORDER BY l.school_code, l.school_level`,
  );
  return left.map((r) => ({
    school_code: r.school_code,
    school_level: r.school_level,
    missing: weighted.filter((d) => !r.present.includes(d)),
  }));
}

/**
 * Writes `index_results` for a run: index score = left-to-right sum of the components' points in
 * metric order, index level from the cut set's `index` cut points of the school level (NULL when
 * the set has none for that level).
 */
export async function writeIndexResults(
  warehouse: Warehouse,
  options: { runId: string; year: number; cutSet: string },
): Promise<number> {
  const { runId, year, cutSet } = options;
  await warehouse.run(`INSERT INTO index_results
WITH scores AS (
  SELECT school_code, school_level, list_reduce(list(points ORDER BY metric), lambda a, b: a + b) AS score,
    count(*)::INTEGER AS measures
  FROM index_components WHERE run_id = ${sqlString(runId)} AND year = ${year}
  GROUP BY school_code, school_level
)
SELECT ${sqlString(runId)}, ${year}, s.school_code, s.school_level, s.score,
  CASE WHEN c.cuts IS NULL THEN NULL ELSE ${levelSql("s.score", "c.cuts", "c.direction")} END, s.measures
FROM scores s LEFT JOIN ${cutListsSql(cutSet)} c ON c.metric = '${INDEX_METRIC}' AND c.school_level = s.school_level`);
  const { rows } = await warehouse.one<{ rows: number }>(
    `SELECT count(*)::INTEGER AS rows FROM index_results WHERE run_id = ${sqlString(runId)} AND year = ${year}`,
  );
  return rows;
}
