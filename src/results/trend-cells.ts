import type { CellDecisions, GroupResultRow } from "../disclosure/suppress-metric-rows.ts";
import { cellRules, decideGroupCells } from "../disclosure/suppress-metric-rows.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

/**
 * The decisions of other runs (a school report's trend: the same cell in earlier years) for one
 * school: each run decides a school × level on that school's own rows, so deciding the school's
 * rows of each run gives exactly that run's decisions, keyed `run_id|` + the cell key.
 */
export async function trendDecisions(
  warehouse: Warehouse,
  framework: Framework,
  schoolCode: string,
  runIds: readonly string[],
): Promise<(runId: string) => CellDecisions> {
  const byRun = new Map<string, GroupResultRow[]>();
  if (runIds.length > 0) {
    const rows = await warehouse.all<GroupResultRow & { run_id: string } & Record<string, unknown>>(
      `SELECT run_id, school_code, school_level, metric, student_group, n, numerator, value, meets_floor
       FROM metric_results WHERE school_code = ? AND run_id IN (${runIds.map(() => "?").join(", ")})`,
      [schoolCode, ...runIds],
    );
    for (const r of rows) byRun.set(r.run_id, [...(byRun.get(r.run_id) ?? []), r]);
  }
  const rules = cellRules(framework);
  const decided = new Map<string, CellDecisions>();
  for (const [runId, rows] of byRun) decided.set(runId, decideGroupCells(rows, rules));
  return (runId) => decided.get(runId) ?? new Map();
}
