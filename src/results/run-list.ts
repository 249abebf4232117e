import { readRows, selectList } from "../warehouse/read-rows.ts";
import { omitColumns, type RowOf } from "../warehouse/row-shape.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { RUN } from "./run-schema.ts";

/** A complete run as listed: the API's run without whether it was published (the workspace knows). */
export const RUN_LIST_ROW = omitColumns(RUN, ["published"]);
export type RunListRow = RowOf<typeof RUN_LIST_ROW>;

/**
 * Every complete run, the latest year first, then the latest made; `created_at` in ISO 8601
 * (UTC, seconds). Call inside the reader's serialized read.
 */
export function readRunList(warehouse: Warehouse): Promise<RunListRow[]> {
  return readRows(
    warehouse,
    "runs",
    RUN_LIST_ROW,
    `SELECT ${selectList(RUN_LIST_ROW, (c) => (c === "created_at" ? "strftime(created_at, '%Y-%m-%dT%H:%M:%SZ')" : c))}
     FROM runs WHERE status = 'complete' ORDER BY year DESC, created_at DESC, run_id DESC`,
  );
}
