import type { Trigger } from "../identification/identify-schools.ts";
import type { TierFacts } from "../identification/reason-facts.ts";
import { sqlString } from "../measures/sql-text.ts";
import type { RunRow } from "../runs/find-run.ts";
import { checkRows } from "../warehouse/check-rows.ts";
import { readRows } from "../warehouse/read-rows.ts";
import { columnsOf, pickColumns, type RowOf, type RowShape } from "../warehouse/row-shape.ts";
import { TABLE_EXISTS_SQL } from "../warehouse/table-exists-sql.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { INT, NUM, STR } from "./api-schemas.ts";
import { GROWTH_ROW, type GrowthRow } from "./growth-row.ts";
import { LEVEL_COLUMNS, METRIC_ROW } from "./metric-row.ts";
import { runChainSql } from "./run-chain-sql.ts";
import { SCHOOL_ROW } from "./school-directory.ts";
import { REPORT_SCHOOL_COLUMNS } from "./school-report-schema.ts";

/** A school's metric result for one group, with its level and the change to rise 1–3 levels. */
export type MetricRow = RowOf<typeof METRIC_ROW>;

/** The school's directory row (its latest up to the run's year) as the report shows it. */
const REPORT_SCHOOL_ROW = pickColumns(SCHOOL_ROW, REPORT_SCHOOL_COLUMNS);

/** The school's index at one level (`index_results`) with its tier (`identification`, when it has one). */
const INDEX_ROW = {
  type: "object",
  required: [
    "school_level",
    "index_score",
    "index_level",
    "tier",
    "facts",
    "exit_status",
    "years_in_tier",
    "triggers",
  ],
  additionalProperties: false,
  properties: {
    school_level: { type: "string" },
    index_score: { type: "number" },
    index_level: INT,
    tier: STR,
    // JSON the identification stage writes; its own types (TierFacts, Trigger) declare the inside.
    facts: { type: ["object", "null"] },
    exit_status: STR,
    years_in_tier: INT,
    triggers: { type: ["array", "null"], items: { type: "object" } },
  },
} as const;

/** The columns of {@link INDEX_ROW} that come from `identification`; the others from `index_results`. */
const FROM_IDENTIFICATION: ReadonlySet<string> = new Set([
  "tier",
  "facts",
  "exit_status",
  "years_in_tier",
  "triggers",
]);

export type IndexRow = Omit<RowOf<typeof INDEX_ROW>, "facts" | "triggers"> & {
  /** What the tier reason is rendered from (null: no identification row, or an older run). */
  facts: TierFacts<number> | null;
  /** The focus triggers the reason quotes (null without an identification row). */
  triggers: Trigger[] | null;
};

/** The ALL value of a measure in the run of one year (the trend). */
const TREND_ROW = {
  type: "object",
  required: ["year", "run_id", "school_level", "metric", "n", "value"],
  additionalProperties: false,
  properties: {
    year: { type: "integer" },
    run_id: { type: "string" },
    school_level: { type: "string" },
    metric: { type: "string" },
    n: { type: "integer" },
    value: NUM,
  },
} as const;
export type TrendRow = RowOf<typeof TREND_ROW>;

/**
 * A cell that enters the school's index: a component's ALL cell or a subgroup behind it, with the
 * accountability group it stands for (`component_group`: EL, SWD, SED, LOWEST_RACE; ALL).
 */
const INDEX_INPUT_ROW = {
  type: "object",
  required: ["school_level", "metric", "component_group", "student_group"],
  additionalProperties: false,
  properties: {
    school_level: { type: "string" },
    metric: { type: "string" },
    component_group: { type: "string" },
    student_group: { type: "string" },
  },
} as const;
export type IndexInputRow = RowOf<typeof INDEX_INPUT_ROW>;

/** Everything a school's report is made of, unsuppressed (suppression is applied per reader). */
export interface SchoolReportData {
  school: RowOf<typeof REPORT_SCHOOL_ROW>;
  indexRows: IndexRow[];
  metricRows: MetricRow[];
  trendRows: TrendRow[];
  growthRows: GrowthRow[];
  indexInputRows: IndexInputRow[];
}

/**
 * A run's report data for every school: school code → the school's rows as compact JSON arrays
 * (the columns of each row shape, in order), parsed and checked per request by
 * {@link schoolReportData}. Strings of arrays keep a CORE-sized run's ~300k result rows at
 * ~35 MB instead of several times that as objects.
 */
export type RunReportData = ReadonlyMap<string, string>;

/** One school's rows of every kind, as one JSON document. */
const SCHOOL_DATA = {
  type: "object",
  required: ["school_code", "data"],
  additionalProperties: false,
  properties: { school_code: { type: "string" }, data: { type: "string" } },
} as const;

const SCHOOL_COLUMNS = columnsOf(REPORT_SCHOOL_ROW);
const INDEX_COLUMNS = columnsOf(INDEX_ROW);
const METRIC_COLUMNS = columnsOf(METRIC_ROW);
const INPUT_COLUMNS = columnsOf(INDEX_INPUT_ROW);
const TREND_COLUMNS = columnsOf(TREND_ROW);
const GROWTH_COLUMNS = columnsOf(GROWTH_ROW);

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
  const hasGrowth = Number((await warehouse.one(TABLE_EXISTS_SQL, ["growth_results"])).n) > 0;
  const growth = hasGrowth
    ? `SELECT school_code, ${jsonRows(GROWTH_COLUMNS, "school_level, subject, student_group", (c) => c)} AS rows
       FROM growth_results WHERE run_id = ${runSql} GROUP BY school_code`
    : "SELECT NULL::VARCHAR AS school_code, NULL::VARCHAR AS rows WHERE false";
  const rows = await readRows(
    warehouse,
    "the run's report data",
    SCHOOL_DATA,
    `WITH sch AS (
       SELECT ${SCHOOL_COLUMNS.join(", ")}
       FROM schools WHERE year <= ${yearSql}
       QUALIFY row_number() OVER (PARTITION BY school_code ORDER BY year DESC) = 1),
     idx AS (
       SELECT i.school_code,
         ${jsonRows(INDEX_COLUMNS, "i.school_level", (c) => `${FROM_IDENTIFICATION.has(c) ? "d" : "i"}.${c}`)} AS rows
       FROM index_results i LEFT JOIN identification d
         ON d.run_id = i.run_id AND d.school_code = i.school_code AND d.school_level = i.school_level
       WHERE i.run_id = ${runSql} GROUP BY i.school_code),
     met AS (
       SELECT m.school_code,
         ${jsonRows(METRIC_COLUMNS, "m.school_level, m.metric, m.student_group", (c) => `${LEVEL_COLUMNS.has(c) ? "l" : "m"}.${c}`)} AS rows
       FROM metric_results m LEFT JOIN metric_levels l
         ON l.run_id = m.run_id AND l.school_code = m.school_code AND l.school_level = m.school_level
        AND l.metric = m.metric AND l.student_group = m.student_group
       WHERE m.run_id = ${runSql} GROUP BY m.school_code),
     per_year AS (${runChainSql(run)}),
     tr AS (
       SELECT m.school_code,
         ${jsonRows(TREND_COLUMNS, "m.school_level, m.metric, p.year", (c) => `${c === "year" || c === "run_id" ? "p" : "m"}.${c}`)} AS rows
       FROM per_year p JOIN metric_results m ON m.run_id = p.run_id
       WHERE m.student_group = 'ALL' GROUP BY m.school_code),
     gr AS (${growth}),
     inp AS (
       SELECT school_code, ${jsonRows(INPUT_COLUMNS, "school_level, metric, student_group", (c) => c)} AS rows
       FROM (SELECT school_code, school_level, metric, component_group, student_group FROM index_group_levels WHERE run_id = ${runSql}
         UNION ALL SELECT school_code, school_level, metric, 'ALL', 'ALL' FROM index_components WHERE run_id = ${runSql})
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

/** The rows of `table` (one school's) as objects of `shape`, checked (see `checkRows`). */
function rowsOf(table: string, shape: RowShape, rows: unknown[][]): Record<string, unknown>[] {
  const columns = columnsOf(shape);
  const objects = rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
  checkRows(table, shape, objects);
  return objects;
}

/**
 * One school's data from the run's, or undefined when the school is not in the directory. Each
 * row is checked against its declared shape: a column of another type than declared throws a
 * `ResultRowError` naming the table, the school, the row and the column.
 */
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
  const of = (table: string) => `${table} (school ${schoolCode})`;
  return {
    school: rowsOf(of("schools"), REPORT_SCHOOL_ROW, [d.school])[0] as SchoolReportData["school"],
    indexRows: rowsOf(of("index_results and identification"), INDEX_ROW, d.index) as IndexRow[],
    metricRows: rowsOf(
      of("metric_results and metric_levels"),
      METRIC_ROW,
      d.metrics,
    ) as MetricRow[],
    trendRows: rowsOf(of("metric_results of the trend"), TREND_ROW, d.trend) as TrendRow[],
    growthRows: rowsOf(of("growth_results"), GROWTH_ROW, d.growth) as GrowthRow[],
    indexInputRows: rowsOf(
      of("index_group_levels and index_components"),
      INDEX_INPUT_ROW,
      d.inputs,
    ) as IndexInputRow[],
  };
}
