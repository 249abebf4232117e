import { sqlString } from "../measures/sql-text.ts";
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

/** A complete run as stored in `runs`. */
export interface RunRow extends Record<string, unknown> {
  run_id: string;
  year: number;
  framework_id: string;
  framework_hash: string;
  cut_set: string;
  created_at: unknown;
  code_version: string;
  manifest: string;
}

/**
 * The complete run named `run`, or the most recent one for `latest` (by creation time, then id).
 * Throws {@link RunNotFoundError}.
 */
export async function findRun(warehouse: Warehouse, run: string): Promise<RunRow> {
  const where = run === "latest" ? "" : `AND run_id = ${sqlString(run)}`;
  const rows = await warehouse.all<RunRow>(
    `SELECT run_id, year, framework_id, framework_hash, cut_set, created_at, code_version, manifest::VARCHAR AS manifest
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
  const rows = await warehouse.all<{ run_id: string }>(
    `SELECT run_id FROM runs WHERE status = 'complete' AND year = ${year} AND framework_hash = ${sqlString(hash)}
     ORDER BY created_at DESC, run_id DESC LIMIT 1`,
  );
  return rows[0]?.run_id ?? null;
}
