import { sqlString } from "../measures/sql-text.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { changeSql, cutListsSql, levelSql } from "./cut-lists-sql.ts";

/**
 * Writes `metric_levels` for one run and year from cut set `cutSet`: every result that is not
 * suppressed, has a value, met its survey participation floor, and has cut points for its metric
 * and school level gets a level (subgroups use the all-students cut points) and the change
 * needed to rise 1, 2 and 3 levels. Returns the number of rows written.
 */
export async function assignMetricLevels(
  warehouse: Warehouse,
  options: { runId: string; year: number; cutSet: string },
): Promise<number> {
  const { runId, year, cutSet } = options;
  await warehouse.run(`INSERT INTO metric_levels
WITH levelled AS (
  SELECT m.run_id, m.year, m.school_code, m.school_level, m.metric, m.student_group, m.value,
    c.cuts, c.direction, ${levelSql("m.value", "c.cuts", "c.direction")} AS level
  FROM metric_results m
  JOIN ${cutListsSql(cutSet)} c ON c.metric = m.metric AND c.school_level = m.school_level
  WHERE m.run_id = ${sqlString(runId)} AND m.year = ${year}
    AND NOT m.suppressed AND m.value IS NOT NULL AND coalesce(m.meets_floor, true)
)
SELECT run_id, year, school_code, school_level, metric, student_group, level,
  ${[1, 2, 3].map((step) => changeSql("value", "level", "cuts", "direction", step)).join(",\n  ")}
FROM levelled`);
  const { rows } = await warehouse.one<{ rows: number }>(
    `SELECT count(*)::INTEGER AS rows FROM metric_levels WHERE run_id = ${sqlString(runId)} AND year = ${year}`,
  );
  return rows;
}
