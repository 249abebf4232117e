import type { RunRow } from "../runs/find-run.ts";
import { readRows, selectList } from "../warehouse/read-rows.ts";
import { closedShape, type RowOf } from "../warehouse/row-shape.ts";
import { TABLE_EXISTS_SQL } from "../warehouse/table-exists-sql.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { INT, NUM, STR } from "./api-schemas.ts";
import { GROWTH_PROPERTIES } from "./growth-row.ts";
import { runChainSql } from "./run-chain-sql.ts";

/** A year of the run chain: its run and the cut set its levels come from. */
const CHAIN_ROW = {
  type: "object",
  required: ["run_id", "year", "cut_set"],
  additionalProperties: false,
  properties: {
    run_id: { type: "string" },
    year: { type: "integer" },
    cut_set: { type: "string" },
  },
} as const;

/** A group's result on a measure in one year's run, with its level (null: none assigned). */
const YEAR_CELL_ROW = {
  type: "object",
  required: ["run_id", "school_level", "metric", "student_group", "n", "value", "level"],
  additionalProperties: false,
  properties: {
    run_id: { type: "string" },
    school_level: { type: "string" },
    metric: { type: "string" },
    student_group: { type: "string" },
    n: { type: "integer" },
    value: NUM,
    level: INT,
  },
} as const;

/** The school's index and tier in one year's run. */
const YEAR_INDEX_ROW = {
  type: "object",
  required: ["run_id", "school_level", "index_score", "index_level", "tier"],
  additionalProperties: false,
  properties: {
    run_id: { type: "string" },
    school_level: { type: "string" },
    index_score: NUM,
    index_level: INT,
    tier: STR,
  },
} as const;

/** A growth estimate of one subject and group in one year's run. */
const YEAR_GROWTH_ROW = closedShape({ run_id: { type: "string" }, ...GROWTH_PROPERTIES });

/** One level's value band of a measure in a cut set (`cut_points`; null bounds: open ends). */
const BAND_ROW = {
  type: "object",
  required: ["cut_set", "metric", "school_level", "level", "lower_bound", "upper_bound"],
  additionalProperties: false,
  properties: {
    cut_set: { type: "string" },
    metric: { type: "string" },
    school_level: { type: "string" },
    level: { type: "integer" },
    lower_bound: NUM,
    upper_bound: NUM,
  },
} as const;

export type ChainRow = RowOf<typeof CHAIN_ROW>;
export type YearCellRow = RowOf<typeof YEAR_CELL_ROW>;
export type YearIndexRow = RowOf<typeof YEAR_INDEX_ROW>;
export type YearGrowthRow = RowOf<typeof YEAR_GROWTH_ROW>;
export type BandRow = RowOf<typeof BAND_ROW>;

/** A school's results over the years of a run's chain, unsuppressed (disclosure comes after). */
export interface SchoolHistoryData {
  readonly chain: readonly ChainRow[];
  readonly cells: readonly YearCellRow[];
  readonly index: readonly YearIndexRow[];
  readonly growth: readonly YearGrowthRow[];
  readonly bands: readonly BandRow[];
}

/**
 * Reads a school's history up to `run`: the run chain ({@link runChainSql}), the school's cells of
 * all students and of `group` on every measure in each year's run with their levels, its index and
 * tier, its growth for both groups, and the value bands of each year's cut set for the school's
 * levels. A few hundred rows; each read is checked against its declared row shape.
 */
export async function loadSchoolHistory(
  warehouse: Warehouse,
  run: RunRow,
  schoolCode: string,
  group: string,
): Promise<SchoolHistoryData> {
  const chain = await readRows(
    warehouse,
    "runs",
    CHAIN_ROW,
    `SELECT ${selectList(CHAIN_ROW)} FROM (${runChainSql(run)}) ORDER BY year`,
  );
  const runs = chain.map((c) => c.run_id);
  if (runs.length === 0) return { chain, cells: [], index: [], growth: [], bands: [] };
  const inRuns = (column: string) => `${column} IN (${runs.map(() => "?").join(", ")})`;
  const cells = await readRows(
    warehouse,
    "metric_results and metric_levels",
    YEAR_CELL_ROW,
    `SELECT ${selectList(YEAR_CELL_ROW, (c) => (c === "level" ? "l.level" : `m.${c}`))}
     FROM metric_results m LEFT JOIN metric_levels l
       ON l.run_id = m.run_id AND l.school_code = m.school_code AND l.school_level = m.school_level
      AND l.metric = m.metric AND l.student_group = m.student_group
     WHERE ${inRuns("m.run_id")} AND m.school_code = ? AND m.student_group IN ('ALL', ?)
     ORDER BY m.school_level, m.metric, m.student_group`,
    [...runs, schoolCode, group],
  );
  const index = await readRows(
    warehouse,
    "index_results and identification",
    YEAR_INDEX_ROW,
    `SELECT ${selectList(YEAR_INDEX_ROW, (c) => (c === "tier" ? "d.tier" : `i.${c}`))}
     FROM index_results i LEFT JOIN identification d
       ON d.run_id = i.run_id AND d.school_code = i.school_code AND d.school_level = i.school_level
     WHERE ${inRuns("i.run_id")} AND i.school_code = ? ORDER BY i.school_level`,
    [...runs, schoolCode],
  );
  const hasGrowth = Number((await warehouse.one(TABLE_EXISTS_SQL, ["growth_results"])).n) > 0;
  const growth = hasGrowth
    ? await readRows(
        warehouse,
        "growth_results",
        YEAR_GROWTH_ROW,
        `SELECT ${selectList(YEAR_GROWTH_ROW)} FROM growth_results
         WHERE ${inRuns("run_id")} AND school_code = ? AND student_group IN ('ALL', ?)
         ORDER BY subject, student_group`,
        [...runs, schoolCode, group],
      )
    : [];
  const sets = [...new Set(chain.map((c) => c.cut_set))];
  const hasCuts = Number((await warehouse.one(TABLE_EXISTS_SQL, ["cut_points"])).n) > 0;
  if (!hasCuts) return { chain, cells, index, growth, bands: [] };
  const bands = await readRows(
    warehouse,
    "cut_points",
    BAND_ROW,
    `SELECT ${selectList(BAND_ROW)} FROM cut_points
     WHERE cut_set IN (${sets.map(() => "?").join(", ")})
       AND school_level IN (SELECT DISTINCT school_level FROM metric_results
                            WHERE ${inRuns("run_id")} AND school_code = ?)
     ORDER BY cut_set, metric, school_level, level`,
    [...sets, ...runs, schoolCode],
  );
  return { chain, cells, index, growth, bands };
}
