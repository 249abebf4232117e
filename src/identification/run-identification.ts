import { inDistrictsSql } from "../collaborative/district-filter-sql.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import { sqlString, sqlStrings } from "../measures/sql-text.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { IDENTIFICATION_COLUMNS } from "./identification-table.ts";
import {
  type GroupStanding,
  type Identification,
  identifySchools,
  type NetworkCutoffs,
  type PriorIdentification,
  type SchoolStanding,
  type Tier,
} from "./identify-schools.ts";
import { SUBGROUP_COMPONENT_SQL } from "./subgroup-component-sql.ts";

/** The run to identify schools for, and the latest run of the year before (for exits). */
export interface IdentificationContext {
  readonly runId: string;
  readonly year: number;
  readonly framework: Framework;
  readonly priorRunId: string | null;
  /**
   * The districts whose schools are identified (members and opted-in participants) and, among
   * them, those whose schools set the cut-offs (members); null: every district, both.
   */
  readonly identifiedDistricts?: readonly string[] | null;
  readonly cutoffDistricts?: readonly string[] | null;
}

/**
 * Reads each school's standing from the run's index tables (small: one row per school × level),
 * identifies tiers with {@link identifySchools} and writes the `identification` rows.
 */
export async function runIdentification(
  warehouse: Warehouse,
  context: IdentificationContext,
): Promise<{ identifications: Identification[]; cutoffs: NetworkCutoffs }> {
  const standings = await readStandings(warehouse, context);
  const cutoffDistricts = context.cutoffDistricts ?? null;
  const result = identifySchools(
    standings,
    context.framework,
    (s) => cutoffDistricts === null || cutoffDistricts.includes(s.schoolCode.slice(0, 7)),
  );
  const rows = result.identifications.map(
    (i) =>
      `(${sqlString(context.runId)}, ${context.year}, ${sqlString(i.schoolCode)}, ${sqlString(i.schoolLevel)}, ${sqlString(i.tier)}, ${i.meetsPriority}, ${i.meetsFocus}, ${sqlString(JSON.stringify(i.triggers))}, ${i.yearsInTier}, ${i.yearsBelowEntry}, ${i.exitStatus === null ? "NULL" : sqlString(i.exitStatus)}, ${sqlString(JSON.stringify(i.facts))})`,
  );
  for (let start = 0; start < rows.length; start += 500)
    await warehouse.run(
      `INSERT INTO identification (${IDENTIFICATION_COLUMNS}) VALUES ${rows.slice(start, start + 500).join(",\n")}`,
    );
  return result;
}

interface StandingRow extends Record<string, unknown> {
  school_code: string;
  school_level: string;
  index_score: number;
  index_level: number | null;
  title_i: boolean | null;
  graduation: number | null;
  subgroup_component: number | null;
  growth_level: number | null;
  growth_metrics: string[] | null;
  groups: string | null;
  prior_tier: string | null;
  prior_years_in_tier: number | null;
  prior_years_below: number | null;
}

async function readStandings(
  warehouse: Warehouse,
  context: IdentificationContext,
): Promise<SchoolStanding[]> {
  const { runId, year, framework, priorRunId } = context;
  const run = (alias: string) =>
    `${alias}.run_id = ${sqlString(runId)} AND ${alias}.year = ${year}`;
  const growth = framework.cut_points.score_bin_measures;
  const rows = await warehouse.all<StandingRow>(`
WITH groups AS (
  SELECT school_code, school_level, to_json(list({
      'group': component_group,
      'measures': measures
    } ORDER BY component_group))::VARCHAR AS groups
  FROM (
    SELECT school_code, school_level, component_group,
      list({'metric': metric, 'level': level, 'studentGroup': student_group} ORDER BY metric) AS measures
    FROM index_group_levels g WHERE ${run("g")}
    GROUP BY school_code, school_level, component_group
  ) GROUP BY school_code, school_level
),
component AS (
  SELECT school_code, school_level,
    ${SUBGROUP_COMPONENT_SQL} AS subgroup_component
  FROM index_components c WHERE ${run("c")} AND subgroup_mean IS NOT NULL
  GROUP BY school_code, school_level
),
growth AS (
  SELECT school_code, school_level, avg(level) AS growth_level, list(metric ORDER BY metric) AS growth_metrics
  FROM metric_levels l WHERE ${run("l")} AND student_group = 'ALL'
    AND metric IN ${growth.length > 0 ? sqlStrings(growth) : "(NULL)"}
  GROUP BY school_code, school_level
),
graduation AS (
  SELECT school_code, school_level, value AS graduation
  FROM metric_results m WHERE ${run("m")} AND metric = 'graduation' AND student_group = 'ALL'
    AND NOT suppressed AND value IS NOT NULL
),
title AS (
  SELECT school_code, bool_or(title_i) AS title_i FROM schools WHERE year = ${year} GROUP BY school_code
),
prior AS (
  SELECT school_code, school_level, tier AS prior_tier, years_in_tier AS prior_years_in_tier,
    years_below_entry AS prior_years_below
  FROM identification WHERE run_id = ${priorRunId === null ? "NULL" : sqlString(priorRunId)}
)
SELECT r.school_code, r.school_level, r.index_score, r.index_level, t.title_i, gr.graduation,
  c.subgroup_component, gw.growth_level, gw.growth_metrics, g.groups, p.prior_tier, p.prior_years_in_tier, p.prior_years_below
FROM index_results r
LEFT JOIN groups g USING (school_code, school_level)
LEFT JOIN component c USING (school_code, school_level)
LEFT JOIN growth gw USING (school_code, school_level)
LEFT JOIN graduation gr USING (school_code, school_level)
LEFT JOIN title t USING (school_code)
LEFT JOIN prior p USING (school_code, school_level)
WHERE ${run("r")} AND ${inDistrictsSql("r.school_code", context.identifiedDistricts ?? null)}
ORDER BY r.school_code, r.school_level`);
  return rows.map((r) => ({
    schoolCode: r.school_code,
    schoolLevel: r.school_level,
    indexScore: r.index_score,
    indexLevel: r.index_level,
    titleI: r.title_i ?? false,
    graduationRate: r.graduation,
    subgroupComponent: r.subgroup_component,
    growthLevel: r.growth_level,
    growthMetrics: r.growth_metrics ?? [],
    groups: r.groups === null ? [] : (JSON.parse(r.groups) as GroupStanding[]),
    prior:
      r.prior_tier === null
        ? null
        : ({
            tier: r.prior_tier as Tier,
            yearsInTier: r.prior_years_in_tier ?? 1,
            yearsBelowEntry: r.prior_years_below ?? 0,
          } satisfies PriorIdentification),
  }));
}
