import { LOCAL_RESULT_ROW } from "../results/district-rows.ts";
import { readRows, selectList } from "../warehouse/read-rows.ts";
import type { DisclosureReader } from "./disclosure-reader.ts";
import { minNOf } from "./min-n.ts";
import { type CellDecisions, decideGroupCells } from "./suppress-metric-rows.ts";

/** A run's local results with their decisions for a reader of the suppressed form. */
export interface LocalCells {
  readonly rows: readonly LocalResultRow[];
  readonly decisions: CellDecisions;
}

export type LocalResultRow = {
  district_code: string;
  school_code: string;
  school_level: string;
  metric: string;
  base_metric: string;
  student_group: string;
  n: number;
  numerator: number | null;
  value: number | null;
};

const cache = new WeakMap<DisclosureReader, Map<string, Promise<LocalCells>>>();

/**
 * The run's local measure cells, decided like every shared measure's (primary and complementary
 * suppression per school × level, each local measure's table on its own, min n of its base
 * measure), once per run and reader. Call inside the reader's serialized read.
 */
export function localCells(reader: DisclosureReader, runId: string): Promise<LocalCells> {
  let runs = cache.get(reader);
  if (!runs) {
    runs = new Map();
    cache.set(reader, runs);
  }
  const hit = runs.get(runId);
  if (hit) return hit;
  const loading = (async () => {
    const rows = await readRows(
      reader.warehouse,
      "local_results",
      LOCAL_RESULT_ROW,
      `SELECT ${selectList(LOCAL_RESULT_ROW)} FROM local_results WHERE run_id = ?
       ORDER BY school_code, school_level, metric, student_group`,
      [runId],
    );
    const baseOf = new Map(rows.map((r) => [r.metric, r.base_metric]));
    const minN = minNOf(reader.framework);
    const decisions = decideGroupCells(rows, {
      minN: (metric) => minN(baseOf.get(metric) ?? metric),
      composites: [],
      complementary: reader.framework.suppression.complementary,
    });
    return { rows, decisions };
  })();
  runs.set(runId, loading);
  loading.catch(() => runs.delete(runId));
  return loading;
}
