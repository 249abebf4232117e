import { sqlString } from "../measures/sql-text.ts";
import type { RunRow } from "../runs/find-run.ts";

/**
 * The run chain of `run` as SQL (`run_id`, `year`, `cut_set`): the latest complete run of each
 * year up to the run's under the same framework, the run itself for its own year. What a trend
 * draws its years from, in the school report and in a school's history.
 */
export function runChainSql(run: Pick<RunRow, "run_id" | "year" | "framework_hash">): string {
  const runSql = sqlString(run.run_id);
  return `SELECT run_id, year, cut_set FROM runs
       WHERE status = 'complete' AND framework_hash = ${sqlString(run.framework_hash)} AND year <= ${Number(run.year)}
       QUALIFY row_number() OVER (PARTITION BY year ORDER BY (run_id = ${runSql}) DESC, created_at DESC, run_id DESC) = 1`;
}
