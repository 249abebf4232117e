import { decidePeriodicCells, showPeriodicRow } from "../disclosure/periodic-cells.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import { readRows, selectList } from "../warehouse/read-rows.ts";
import type { RowOf } from "../warehouse/row-shape.ts";
import { TABLE_EXISTS_SQL } from "../warehouse/table-exists-sql.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import type { PeriodicPoint } from "./periodic-schema.ts";

/** A `periodic_results` row as the series read it (dates as `YYYY-MM-DD`). */
export const PERIODIC_SERIES_ROW = {
  type: "object",
  required: [
    "school_code",
    "school_level",
    "measure",
    "student_group",
    "period_start",
    "period_end",
    "period_label",
    "n",
    "numerator",
    "denominator",
    "value",
  ],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    school_level: { type: "string" },
    measure: { type: "string" },
    student_group: { type: "string" },
    period_start: { type: "string" },
    period_end: { type: "string" },
    period_label: { type: "string" },
    n: { type: "integer" },
    numerator: { type: "number" },
    denominator: { type: "number" },
    value: { type: ["number", "null"] },
  },
} as const;
export type PeriodicSeriesRow = RowOf<typeof PERIODIC_SERIES_ROW>;

const DATE_COLUMNS = new Set(["period_start", "period_end"]);

/** Warehouses known to hold the table (a table once created stays). */
const withTable = new WeakSet<Warehouse>();

/** Whether the warehouse has periodic measures at all (runs computed before them have none). */
export async function hasPeriodicResults(warehouse: Warehouse): Promise<boolean> {
  if (withTable.has(warehouse)) return true;
  const has = Number((await warehouse.one(TABLE_EXISTS_SQL, ["periodic_results"])).n) > 0;
  if (has) withTable.add(warehouse);
  return has;
}

/**
 * Every group's rows of one school's periodic measures in run `runId` — one level and measure,
 * or all of them — ordered by level, measure, group and period. Empty when the warehouse has no
 * periodic measures. Call inside the reader's serialized read.
 */
export async function readPeriodicRows(
  warehouse: Warehouse,
  runId: string,
  schoolCode: string,
  series: { level?: string; measure?: string } = {},
): Promise<PeriodicSeriesRow[]> {
  if (!(await hasPeriodicResults(warehouse))) return [];
  const where = ["run_id = ?", "school_code = ?"];
  const params: string[] = [runId, schoolCode];
  if (series.level) {
    where.push("school_level = ?");
    params.push(series.level);
  }
  if (series.measure) {
    where.push("measure = ?");
    params.push(series.measure);
  }
  const rows = await readRows<typeof PERIODIC_SERIES_ROW>(
    warehouse,
    "periodic_results",
    PERIODIC_SERIES_ROW,
    `SELECT ${selectList(PERIODIC_SERIES_ROW, (c) =>
      DATE_COLUMNS.has(c) ? `strftime(${c}, '%Y-%m-%d')` : c,
    )}
     FROM periodic_results WHERE ${where.join(" AND ")}
     ORDER BY school_level, measure, student_group, period_start`,
    params,
  );
  return rows;
}

/**
 * The rows of one series (every group of a school × level × measure, as read) as a reader sees
 * them: each period's group table decided by the disclosure pass ({@link decidePeriodicCells}),
 * then hidden cells blanked for a reader of the suppressed form (`suppress`), grouped by student
 * group, each group's points in period order.
 */
export function shownPeriodicSeries(
  rows: readonly PeriodicSeriesRow[],
  framework: Framework,
  suppress: boolean,
): Map<string, PeriodicPoint[]> {
  const decisions = decidePeriodicCells(rows, framework);
  const byGroup = new Map<string, PeriodicPoint[]>();
  for (const r of rows) {
    const s = showPeriodicRow(r, decisions, suppress);
    const point: PeriodicPoint = {
      period_start: s.period_start,
      period_end: s.period_end,
      period_label: s.period_label,
      n: s.n,
      numerator: s.numerator,
      denominator: s.denominator,
      value: s.value,
      suppressed: s.suppressed,
      suppression_reason: s.suppression_reason,
    };
    const list = byGroup.get(r.student_group);
    if (list) list.push(point);
    else byGroup.set(r.student_group, [point]);
  }
  return byGroup;
}
