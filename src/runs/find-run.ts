import { sqlString } from "../measures/sql-text.ts";
import { readRows, selectList } from "../warehouse/read-rows.ts";
import type { RowOf } from "../warehouse/row-shape.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

/** A run id (or `latest`) that names no complete run. */
export class RunNotFoundError extends Error {
  constructor(readonly run: string) {
    super(
      run === "latest" ? "no complete run in the warehouse" : `no complete run with id "${run}"`,
    );
    this.name = "RunNotFoundError";
  }
}

/** A complete run as stored in `runs` (`created_at` as the warehouse gives it; the manifest as JSON text). */
export const RUN_ROW = {
  type: "object",
  required: [
    "run_id",
    "year",
    "framework_id",
    "framework_hash",
    "cut_set",
    "created_at",
    "code_version",
    "manifest",
  ],
  additionalProperties: false,
  properties: {
    run_id: { type: "string" },
    year: { type: "integer" },
    framework_id: { type: "string" },
    framework_hash: { type: "string" },
    cut_set: { type: "string" },
    created_at: {},
    code_version: { type: "string" },
    manifest: { type: "string" },
  },
} as const;
export type RunRow = RowOf<typeof RUN_ROW>;

/** A run's id. */
const RUN_ID_ROW = {
  type: "object",
  required: ["run_id"],
  additionalProperties: false,
  properties: { run_id: { type: "string" } },
} as const;

/**
 * The complete run named `run`, or the most recent one for `latest` (by creation time, then id).
 * Throws {@link RunNotFoundError}.
 */
export async function findRun(warehouse: Warehouse, run: string): Promise<RunRow> {
  const where = run === "latest" ? "" : `AND run_id = ${sqlString(run)}`;
  const rows = await readRows(
    warehouse,
    "runs",
    RUN_ROW,
    `SELECT ${selectList(RUN_ROW, (c) => (c === "manifest" ? "manifest::VARCHAR" : c))}
     FROM runs WHERE status = 'complete' ${where} ORDER BY created_at DESC, run_id DESC LIMIT 1`,
  );
  if (rows.length === 0) throw new RunNotFoundError(run);
  return rows[0]!;
}

/** The latest complete run of `year` with framework hash `hash`, or null. */
export async function latestRunOf(
  warehouse: Warehouse,
  year: number,
  hash: string,
): Promise<string | null> {
  const rows = await readRows(
    warehouse,
    "runs",
    RUN_ID_ROW,
    `SELECT run_id FROM runs WHERE status = 'complete' AND year = ${year} AND framework_hash = ${sqlString(hash)}
     ORDER BY created_at DESC, run_id DESC LIMIT 1`,
  );
  return rows[0]?.run_id ?? null;
}
