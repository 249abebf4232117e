import { sqlString } from "../measures/sql-text.ts";
import { readRows, selectList } from "../warehouse/read-rows.ts";
import type { CellSuppression } from "./cell.ts";
import type { DisclosureReader } from "./disclosure-reader.ts";
import { decidePeriodicCells, PERIODIC_CELL_ROW } from "./periodic-cells.ts";
import type { CellDecisions } from "./suppress-metric-rows.ts";

/** A school × level × measure: every period and group of it is decided together. */
export interface PeriodicSeriesKey {
  readonly schoolCode: string;
  readonly schoolLevel: string;
  readonly measure: string;
}

/** Series decided and kept per reader (runs are immutable); enough for an export's batches. */
const KEPT_SERIES = 512;
const kept = new WeakMap<DisclosureReader, Map<string, CellDecisions>>();

const seriesId = (runId: string, k: PeriodicSeriesKey) =>
  `${runId}|${k.schoolCode}|${k.schoolLevel}|${k.measure}`;

/**
 * The decisions for every periodic cell of the series `keys` of run `runId`, for a reader of the
 * suppressed form ({@link decidePeriodicCells}): the series' rows of every group and period are
 * read whole, whatever part of them the caller shows, so a batch of an export decides a cell as
 * the API does. The latest series decided are kept per reader. Call inside the reader's
 * serialized read.
 */
export async function periodicDecisions(
  reader: DisclosureReader,
  runId: string,
  keys: readonly PeriodicSeriesKey[],
): Promise<CellDecisions> {
  let cache = kept.get(reader);
  if (!cache) {
    cache = new Map();
    kept.set(reader, cache);
  }
  const out = new Map<string, CellSuppression>();
  const missing = new Map<string, PeriodicSeriesKey>();
  for (const k of keys) {
    const hit = cache.get(seriesId(runId, k));
    if (hit) for (const [id, d] of hit) out.set(id, d);
    else missing.set(seriesId(runId, k), k);
  }
  if (missing.size === 0) return out;
  const wanted = `(VALUES ${[...missing.values()]
    .map(
      (k) => `(${sqlString(k.schoolCode)}, ${sqlString(k.schoolLevel)}, ${sqlString(k.measure)})`,
    )
    .join(", ")}) AS k(school_code, school_level, measure)`;
  const rows = await readRows(
    reader.warehouse,
    "periodic_results",
    PERIODIC_CELL_ROW,
    `SELECT ${selectList(PERIODIC_CELL_ROW, (c) =>
      c === "period_start" ? "strftime(p.period_start, '%Y-%m-%d')" : `p.${c}`,
    )}
     FROM periodic_results p JOIN ${wanted} USING (school_code, school_level, measure)
     WHERE p.run_id = ?`,
    [runId],
  );
  const bySeries = new Map<string, typeof rows>();
  for (const r of rows) {
    const id = seriesId(runId, {
      schoolCode: r.school_code,
      schoolLevel: r.school_level,
      measure: r.measure,
    });
    const list = bySeries.get(id);
    if (list) list.push(r);
    else bySeries.set(id, [r]);
  }
  for (const id of missing.keys()) {
    const decided = decidePeriodicCells(bySeries.get(id) ?? [], reader.framework);
    cache.set(id, decided);
    while (cache.size > KEPT_SERIES) cache.delete(cache.keys().next().value!);
    for (const [cell, d] of decided) out.set(cell, d);
  }
  return out;
}
