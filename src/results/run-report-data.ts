import type { Trigger } from "../identification/identify-schools.ts";
import type { TierFacts } from "../identification/reason-facts.ts";
import { sqlString } from "../measures/sql-text.ts";
import type { RunRow } from "../runs/find-run.ts";
import { TABLE_EXISTS_SQL } from "../warehouse/table-exists-sql.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

/** A school's metric result for one group, with its level and the change to rise 1–3 levels. */
export interface MetricRow {
  school_code: string;
  school_level: string;
  metric: string;
  student_group: string;
  n: number;
  numerator: number | null;
  value: number | null;
  level: number | null;
  change_1: number | null;
  change_2: number | null;
  change_3: number | null;
}

/** The ALL value of a measure in the run of one year (the trend). */
export interface TrendRow {
  year: number;
  run_id: string;
  school_level: string;
  metric: string;
  n: number;
  value: number | null;
}

export interface GrowthRow {
  /** Null in runs computed before growth was estimated per school level (one unit per school). */
  school_level: string | null;
  subject: string;
  student_group: string;
  n: number;
  growth_score: number;
  effect_shrunk: number;
  ci_low: number;
  ci_high: number;
  level: number;
  suppressed: boolean;
}

export interface IndexRow {
  school_level: string;
  index_score: number | null;
  index_level: number | null;
  tier: string | null;
  /** What the tier reason is rendered from (null: no identification row, or an older run). */
  facts: TierFacts<number> | null;
  exit_status: string | null;
  years_in_tier: number | null;
  /** The focus triggers the reason quotes (null without an identification row). */
  triggers: Trigger[] | null;
}

/** A cell that enters the school's index: a component's ALL cell or a subgroup behind it. */
export interface IndexInputRow {
  school_level: string;
  metric: string;
  student_group: string;
}

/** Everything a school's report is made of, unsuppressed (suppression is applied per reader). */
export interface SchoolReportData {
  school: {
    school_code: string;
    school_name: string;
    district_code: string;
    district_name: string;
    year: number;
    school_levels: string;
    title_i: boolean;
    charter: boolean;
  };
  indexRows: IndexRow[];
  metricRows: MetricRow[];
  trendRows: TrendRow[];
  growthRows: GrowthRow[];
  indexInputRows: IndexInputRow[];
}

/**
 * A run's report data for every school: school code → the school's rows as compact JSON arrays
 * (column orders below), parsed per request by {@link schoolReportData}. Strings of arrays keep a
 * CORE-sized run's ~300k result rows at ~35 MB instead of several times that as objects.
 */
export type RunReportData = ReadonlyMap<string, string>;

const SCHOOL_COLUMNS = [
  "school_code",
  "school_name",
  "district_code",
  "district_name",
  "year",
  "school_levels",
  "title_i",
  "charter",
] as const;
const INDEX_COLUMNS = [
  "school_level",
  "index_score",
  "index_level",
  "tier",
  "facts",
  "exit_status",
  "years_in_tier",
  "triggers",
] as const;
const METRIC_COLUMNS = [
  "school_code",
  "school_level",
  "metric",
  "student_group",
  "n",
  "numerator",
  "value",
  "level",
  "change_1",
  "change_2",
  "change_3",
] as const;
const INPUT_COLUMNS = ["school_level", "metric", "student_group"] as const;
const TREND_COLUMNS = ["year", "run_id", "school_level", "metric", "n", "value"] as const;
const GROWTH_COLUMNS = [
  "school_level",
  "subject",
  "student_group",
  "n",
  "growth_score",
  "effect_shrunk",
  "ci_low",
  "ci_high",
  "level",
  "suppressed",
] as const;

/** `'[' || rows as JSON arrays || ']'` of `columns` (qualified by `alias`), in `order`. */
function jsonRows(columns: readonly string[], order: string, qualify: (c: string) => string) {
  return `'[' || string_agg(json_array(${columns.map(qualify).join(", ")})::VARCHAR, ',' ORDER BY ${order}) || ']'`;
}

/**
 * Reads every school's report data of `run` in one pass of SQL: each school's latest directory
 * row up to the run's year, index and tier per level, metric results joined with their levels,
 * the ALL trend over the latest complete run of each year under the same framework, growth, and
 * the cells that enter each index (to decide whether its exact score may be shown).
 * Rows are ordered as the report shows them. Runs are immutable, so this is read once per run.
 */
export async function loadRunReportData(warehouse: Warehouse, run: RunRow): Promise<RunReportData> {
  const runSql = sqlString(run.run_id);
  const yearSql = Number(run.year);
  const hashSql = sqlString(run.framework_hash);
  const hasGrowth = Number((await warehouse.one(TABLE_EXISTS_SQL, ["growth_results"])).n) > 0;
  const growth = hasGrowth
    ? `SELECT school_code, ${jsonRows(GROWTH_COLUMNS, "school_level, subject, student_group", (c) => c)} AS rows
       FROM growth_results WHERE run_id = ${runSql} GROUP BY school_code`
    : "SELECT NULL::VARCHAR AS school_code, NULL::VARCHAR AS rows WHERE false";
  const fromIdentification = new Set(["tier", "facts", "exit_status", "years_in_tier", "triggers"]);
  const fromLevels = new Set(["level", "change_1", "change_2", "change_3"]);
  const rows = await warehouse.all<{ school_code: string; data: string }>(
    `WITH sch AS (
       SELECT ${SCHOOL_COLUMNS.join(", ")}
       FROM schools WHERE year <= ${yearSql}
       QUALIFY row_number() OVER (PARTITION BY school_code ORDER BY year DESC) = 1),
     idx AS (
       SELECT i.school_code,
         ${jsonRows(INDEX_COLUMNS, "i.school_level", (c) => `${fromIdentification.has(c) ? "d" : "i"}.${c}`)} AS rows
       FROM index_results i LEFT JOIN identification d
         ON d.run_id = i.run_id AND d.school_code = i.school_code AND d.school_level = i.school_level
       WHERE i.run_id = ${runSql} GROUP BY i.school_code),
     met AS (
       SELECT m.school_code,
         ${jsonRows(METRIC_COLUMNS, "m.school_level, m.metric, m.student_group", (c) => `${fromLevels.has(c) ? "l" : "m"}.${c}`)} AS rows
       FROM metric_results m LEFT JOIN metric_levels l
         ON l.run_id = m.run_id AND l.school_code = m.school_code AND l.school_level = m.school_level
        AND l.metric = m.metric AND l.student_group = m.student_group
       WHERE m.run_id = ${runSql} GROUP BY m.school_code),
     per_year AS (
       SELECT run_id, year FROM runs
       WHERE status = 'complete' AND framework_hash = ${hashSql} AND year <= ${yearSql}
       QUALIFY row_number() OVER (PARTITION BY year ORDER BY (run_id = ${runSql}) DESC, created_at DESC, run_id DESC) = 1),
     tr AS (
       SELECT m.school_code,
         ${jsonRows(TREND_COLUMNS, "m.school_level, m.metric, p.year", (c) => `${c === "year" || c === "run_id" ? "p" : "m"}.${c}`)} AS rows
       FROM per_year p JOIN metric_results m ON m.run_id = p.run_id
       WHERE m.student_group = 'ALL' GROUP BY m.school_code),
     gr AS (${growth}),
     inp AS (
       SELECT school_code, ${jsonRows(INPUT_COLUMNS, "school_level, metric, student_group", (c) => c)} AS rows
       FROM (SELECT school_code, school_level, metric, student_group FROM index_group_levels WHERE run_id = ${runSql}
         UNION ALL SELECT school_code, school_level, metric, 'ALL' FROM index_components WHERE run_id = ${runSql})
       GROUP BY school_code)
     SELECT s.school_code,
       '{"school":' || json_array(${SCHOOL_COLUMNS.map((c) => `s.${c}`).join(", ")})::VARCHAR
       || ',"index":' || coalesce(idx.rows, '[]') || ',"metrics":' || coalesce(met.rows, '[]')
       || ',"trend":' || coalesce(tr.rows, '[]') || ',"growth":' || coalesce(gr.rows, '[]')
       || ',"inputs":' || coalesce(inp.rows, '[]') || '}' AS data
     FROM sch s LEFT JOIN idx USING (school_code) LEFT JOIN met USING (school_code)
       LEFT JOIN tr USING (school_code) LEFT JOIN gr USING (school_code)
       LEFT JOIN inp USING (school_code)`,
  );
  return new Map(rows.map((r) => [r.school_code, r.data]));
}

function objects<T>(columns: readonly string[], rows: unknown[][]): T[] {
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])) as T);
}

/** One school's data from the run's, or undefined when the school is not in the directory. */
export function schoolReportData(
  data: RunReportData,
  schoolCode: string,
): SchoolReportData | undefined {
  const json = data.get(schoolCode);
  if (json === undefined) return undefined;
  const d = JSON.parse(json) as Record<
    "index" | "metrics" | "trend" | "growth" | "inputs",
    unknown[][]
  > & {
    school: unknown[];
  };
  return {
    school: objects<SchoolReportData["school"]>(SCHOOL_COLUMNS, [d.school])[0]!,
    indexRows: objects(INDEX_COLUMNS, d.index),
    metricRows: objects(METRIC_COLUMNS, d.metrics),
    trendRows: objects(TREND_COLUMNS, d.trend),
    growthRows: objects(GROWTH_COLUMNS, d.growth),
    indexInputRows: objects(INPUT_COLUMNS, d.inputs),
  };
}
