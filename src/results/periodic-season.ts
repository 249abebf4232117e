import type { RunRow } from "../runs/find-run.ts";
import type { SeasonTotal } from "../stats/charts/seasonal-index.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { hasPeriodicResults } from "./periodic-series.ts";
import { runChainSql } from "./run-chain-sql.ts";

/**
 * A district's totals of a periodic measure in a run by calendar month (`"01"` … `"12"`): all
 * students of all its schools and levels, what its seasonal index is computed from
 * (`seasonalIndex`). Empty when the run has none. Call inside the reader's serialized read.
 */
export async function readDistrictSeason(
  warehouse: Warehouse,
  runId: string,
  districtCode: string,
  measure: string,
): Promise<SeasonTotal[]> {
  if (!(await hasPeriodicResults(warehouse))) return [];
  const rows = await warehouse.all<{ key: string; count: number; exposure: number }>(
    `SELECT strftime(period_start, '%m') AS key, sum(numerator)::DOUBLE AS count,
       sum(denominator)::DOUBLE AS exposure
     FROM periodic_results
     WHERE run_id = ? AND measure = ? AND student_group = 'ALL' AND starts_with(school_code, ?)
     GROUP BY key ORDER BY key`,
    [runId, measure, districtCode],
  );
  return rows.map((r) => ({ key: r.key, count: Number(r.count), exposure: Number(r.exposure) }));
}

/** The run of the year before `run`'s in its chain (`runChainSql`), or null when there is none. */
export async function previousRunId(
  warehouse: Warehouse,
  run: Pick<RunRow, "run_id" | "year" | "framework_hash">,
): Promise<string | null> {
  const rows = await warehouse.all<{ run_id: string }>(
    `SELECT run_id FROM (${runChainSql(run)}) WHERE year = ${Number(run.year) - 1}`,
  );
  return rows[0]?.run_id ?? null;
}
