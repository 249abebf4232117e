import { readRows, selectList } from "../warehouse/read-rows.ts";
import { omitColumns, type RowOf } from "../warehouse/row-shape.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { LEVEL_COLUMNS, METRIC_ROW } from "./metric-row.ts";

/** A measure's result for one group at one school and level, with its level (unsuppressed). */
export const MEASURE_RESULT_ROW = omitColumns(METRIC_ROW, ["change_1", "change_2", "change_3"]);
export type MeasureResultRow = RowOf<typeof MEASURE_RESULT_ROW>;

/** Which schools' results: one school, or one district's, and optionally one school level. */
export interface MeasureResultFilter {
  readonly school?: string | undefined;
  readonly district?: string | undefined;
  readonly level?: string | undefined;
}

/**
 * One measure's results of a run by school, level and student group, with their levels, ordered
 * by school, level and group; `school` wins over `district`. Call inside the reader's
 * serialized read.
 */
export function readMeasureResults(
  warehouse: Warehouse,
  runId: string,
  metric: string,
  { school, district, level }: MeasureResultFilter,
): Promise<MeasureResultRow[]> {
  const where = ["m.run_id = ?", "m.metric = ?"];
  const params: string[] = [runId, metric];
  if (school) {
    where.push("m.school_code = ?");
    params.push(school);
  } else if (district) {
    where.push("starts_with(m.school_code, ?)");
    params.push(district);
  }
  if (level) {
    where.push("m.school_level = ?");
    params.push(level);
  }
  return readRows(
    warehouse,
    "metric_results",
    MEASURE_RESULT_ROW,
    `SELECT ${selectList(MEASURE_RESULT_ROW, (c) => `${LEVEL_COLUMNS.has(c) ? "l" : "m"}.${c}`)}
     FROM metric_results m LEFT JOIN metric_levels l
       ON l.run_id = m.run_id AND l.school_code = m.school_code AND l.school_level = m.school_level
      AND l.metric = m.metric AND l.student_group = m.student_group
     WHERE ${where.join(" AND ")} ORDER BY m.school_code, m.school_level, m.student_group`,
    params,
  );
}
