import { readRows, selectList } from "../warehouse/read-rows.ts";
import type { DisclosureReader } from "./disclosure-reader.ts";
import type { RunCells } from "./run-decisions.ts";
import {
  type CellDecisions,
  cellKey,
  cellRules,
  decideGroupCells,
} from "./suppress-metric-rows.ts";

/** A group cell of `metric_results` as disclosure decides it (a `GroupResultRow`). */
export const GROUP_CELL_ROW = {
  type: "object",
  required: [
    "school_code",
    "school_level",
    "metric",
    "student_group",
    "n",
    "numerator",
    "value",
    "meets_floor",
  ],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    school_level: { type: "string" },
    metric: { type: "string" },
    student_group: { type: "string" },
    n: { type: "integer" },
    numerator: { type: ["number", "null"] },
    value: { type: ["number", "null"] },
    meets_floor: { type: ["boolean", "null"] },
  },
} as const;

/** Builds {@link RunCells} from decisions. */
export function runCellsOf(decisions: CellDecisions): RunCells {
  return {
    decisions,
    hidden: (school, level, metric, group) =>
      decisions.get(cellKey(school, level, metric, group))?.suppressed ?? true,
  };
}

/**
 * The run's group cells, decided over the whole run at once ({@link decideGroupCells}: every
 * measure of a school × level together, so composites see their components), whatever part of it a
 * request shows: every route, page and export looks its cells up here. Runs are immutable: decided
 * once per run and kept in `reader.runCells`. Call inside the reader's serialized read.
 */
export function runCells(reader: DisclosureReader, runId: string): Promise<RunCells> {
  const hit = reader.runCells.get(runId);
  if (hit) return hit;
  const loading = (async () => {
    const rows = await readRows(
      reader.warehouse,
      "metric_results",
      GROUP_CELL_ROW,
      `SELECT ${selectList(GROUP_CELL_ROW)} FROM metric_results WHERE run_id = ?`,
      [runId],
    );
    return runCellsOf(decideGroupCells(rows, cellRules(reader.framework)));
  })();
  reader.runCells.set(runId, loading);
  loading.catch(() => reader.runCells.delete(runId));
  return loading;
}
