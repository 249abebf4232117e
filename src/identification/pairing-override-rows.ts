import { readRows, selectList } from "../warehouse/read-rows.ts";
import type { RowOf } from "../warehouse/row-shape.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

/** A recorded override as stored in `pairing_overrides` (`created_at` as the warehouse gives it). */
export const OVERRIDE_ROW = {
  type: "object",
  required: [
    "run_id",
    "kind",
    "school_code",
    "school_level",
    "target",
    "reason",
    "by_user",
    "created_at",
    "seq",
  ],
  additionalProperties: false,
  properties: {
    run_id: { type: "string" },
    kind: { type: "string", enum: ["pair", "community"] },
    school_code: { type: "string" },
    school_level: { type: "string" },
    target: { type: ["string", "null"] },
    reason: { type: "string" },
    by_user: { type: "string" },
    created_at: {},
    seq: { type: "integer" },
  },
} as const;
export type OverrideRow = RowOf<typeof OVERRIDE_ROW>;

/** Every override of run `runId`, oldest first (by `seq`). */
export function readOverrides(warehouse: Warehouse, runId: string): Promise<OverrideRow[]> {
  return readRows(
    warehouse,
    "pairing_overrides",
    OVERRIDE_ROW,
    `SELECT ${selectList(OVERRIDE_ROW)} FROM pairing_overrides WHERE run_id = ? ORDER BY seq`,
    [runId],
  );
}

/** The override `seq` of run `runId`; throws when there is none. */
export async function readOverride(
  warehouse: Warehouse,
  runId: string,
  seq: number,
): Promise<OverrideRow> {
  const rows = await readRows(
    warehouse,
    "pairing_overrides",
    OVERRIDE_ROW,
    `SELECT ${selectList(OVERRIDE_ROW)} FROM pairing_overrides WHERE run_id = ? AND seq = ?`,
    [runId, seq],
  );
  const row = rows[0];
  if (rows.length !== 1 || row === undefined)
    throw new Error(
      `pairing_overrides: expected one override ${seq} of run "${runId}", got ${rows.length}`,
    );
  return row;
}
