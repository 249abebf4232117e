import { DISTRICT_RESULT_ROW } from "../results/district-rows.ts";
import { readRows, selectList } from "../warehouse/read-rows.ts";
import { TABLE_EXISTS_SQL } from "../warehouse/table-exists-sql.ts";
import type { CellSuppression } from "./cell.ts";
import type { DisclosureReader } from "./disclosure-reader.ts";
import {
  type DistrictCell,
  type DistrictSchoolCell,
  decideDistrictCells,
  districtCellId,
  networkCellId,
} from "./district-cells.ts";
import { localCells } from "./local-cells.ts";
import { minNOf } from "./min-n.ts";
import { runCells } from "./run-cells.ts";

/** A run's district rows, as computed, with their decisions for a reader of the suppressed form. */
export interface DistrictRunCells {
  readonly rows: readonly DistrictResultRow[];
  /** The decision of a district cell (unknown cells are hidden: fails closed). */
  district(district: string, metric: string, group: string): CellSuppression;
  /** The decision of a network cell (Σ districts). */
  network(metric: string, group: string): CellSuppression;
}

export type DistrictResultRow = {
  year: number;
  district_code: string;
  metric: string;
  local: boolean;
  student_group: string;
  n: number;
  numerator: number | null;
  value: number | null;
};

const HIDDEN: CellSuppression = { suppressed: true, reason: "small_n" };
const cache = new WeakMap<DisclosureReader, Map<string, Promise<DistrictRunCells>>>();

/** Whether `table` exists (runs computed before the district tables have none). */
export async function hasTable(reader: DisclosureReader, table: string): Promise<boolean> {
  const [row] = await reader.warehouse.all<{ n: number | bigint }>(TABLE_EXISTS_SQL, [table]);
  return Number(row?.n ?? 0) > 0;
}

/**
 * The run's district cells decided once per run and reader ({@link decideDistrictCells}, one
 * measure at a time): the school cells beside each district's are the run's own, with the school
 * pass's decisions (shared measures from {@link runCells}, local ones from {@link localCells}).
 * Call inside the reader's serialized read.
 */
export function districtRunCells(
  reader: DisclosureReader,
  runId: string,
): Promise<DistrictRunCells> {
  let runs = cache.get(reader);
  if (!runs) {
    runs = new Map();
    cache.set(reader, runs);
  }
  const hit = runs.get(runId);
  if (hit) return hit;
  const loading = decide(reader, runId);
  runs.set(runId, loading);
  loading.catch(() => runs.delete(runId));
  return loading;
}

async function decide(reader: DisclosureReader, runId: string): Promise<DistrictRunCells> {
  if (!(await hasTable(reader, "district_results")))
    return { rows: [], district: () => HIDDEN, network: () => HIDDEN };
  const rows = await readRows(
    reader.warehouse,
    "district_results",
    DISTRICT_RESULT_ROW,
    `SELECT ${selectList(DISTRICT_RESULT_ROW)} FROM district_results WHERE run_id = ?
     ORDER BY district_code, metric, student_group`,
    [runId],
  );
  // The school rows each district row sums (the same filter as computeDistrictResults).
  const shared = await reader.warehouse.all<{
    district_code: string;
    school_code: string;
    school_level: string;
    metric: string;
    student_group: string;
    n: number;
    numerator: number | null;
  }>(
    `SELECT s.district_code, m.school_code, m.school_level, m.metric, m.student_group, m.n, m.numerator
     FROM metric_results m
     JOIN (SELECT DISTINCT school_code, district_code FROM schools
           WHERE year = (SELECT year FROM runs WHERE run_id = ?)) s ON s.school_code = m.school_code
     WHERE m.run_id = ? AND m.value IS NOT NULL AND m.metric NOT LIKE '%\\_growth' ESCAPE '\\'`,
    [runId, runId],
  );
  const schoolDecisions = await runCells(reader, runId);
  const local = await localCells(reader, runId);
  const schoolsByMetric = new Map<string, DistrictSchoolCell[]>();
  const add = (metric: string, cell: DistrictSchoolCell) => {
    const list = schoolsByMetric.get(metric) ?? [];
    list.push(cell);
    schoolsByMetric.set(metric, list);
  };
  for (const r of shared)
    add(r.metric, {
      district: r.district_code,
      school: r.school_code,
      level: r.school_level,
      group: r.student_group,
      n: r.n,
      numerator: r.numerator,
      hidden: schoolDecisions.hidden(r.school_code, r.school_level, r.metric, r.student_group),
    });
  for (const r of local.rows) {
    if (r.value === null) continue;
    add(r.metric, {
      district: r.district_code,
      school: r.school_code,
      level: r.school_level,
      group: r.student_group,
      n: r.n,
      numerator: r.numerator,
      hidden:
        local.decisions.get(`${r.school_code}|${r.school_level}|${r.metric}|${r.student_group}`)
          ?.suppressed ?? true,
    });
  }
  const districtsByMetric = new Map<string, DistrictCell[]>();
  for (const r of rows) {
    const list = districtsByMetric.get(r.metric) ?? [];
    list.push({
      district: r.district_code,
      group: r.student_group,
      n: r.n,
      numerator: r.numerator,
    });
    districtsByMetric.set(r.metric, list);
  }
  const minN = minNOf(reader.framework);
  const baseOf = new Map(local.rows.map((r) => [r.metric, r.base_metric]));
  const decided = new Map<string, CellSuppression>();
  for (const [metric, districts] of districtsByMetric) {
    const d = decideDistrictCells(
      schoolsByMetric.get(metric) ?? [],
      districts,
      minN(baseOf.get(metric) ?? metric),
    );
    for (const [id, s] of d.districts) decided.set(`${metric}|${id}`, s);
    for (const [id, s] of d.network) decided.set(`${metric}|${id}`, s);
  }
  return {
    rows,
    district: (district, metric, group) =>
      decided.get(`${metric}|${districtCellId(district, group)}`) ?? HIDDEN,
    network: (metric, group) => decided.get(`${metric}|${networkCellId(group)}`) ?? HIDDEN,
  };
}
