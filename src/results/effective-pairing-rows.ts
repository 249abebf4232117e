import {
  effectiveCommunitiesSql,
  effectivePairingsSql,
} from "../identification/effective-pairings.ts";
import { readRows, selectList } from "../warehouse/read-rows.ts";
import { closedShape, type RowOf, type RowShape } from "../warehouse/row-shape.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { hasExportTable } from "./export-rows.ts";
import { COMMUNITY_COLUMNS, PAIRING_COLUMNS } from "./pairing-schema.ts";

/** The proposal's facts as stored (JSON text; null for a run from before facts were kept). */
const FACTS = { facts: { type: ["string", "null"] } } as const;

/** A pairing as it stands, read with the schools' names and the proposal's facts. */
export const EFFECTIVE_PAIRING_ROW = closedShape({ ...PAIRING_COLUMNS, ...FACTS });
export type EffectivePairingRow = RowOf<typeof EFFECTIVE_PAIRING_ROW>;

/** A community membership as it stands, read with the school's name and the proposal's facts. */
export const EFFECTIVE_COMMUNITY_ROW = closedShape({ ...COMMUNITY_COLUMNS, ...FACTS });
export type EffectiveCommunityRow = RowOf<typeof EFFECTIVE_COMMUNITY_ROW>;

/**
 * `column` of an effective-pairings row `e`, the schools' names from the run's contexts (`s`,
 * `ps`), the override's time as ISO 8601 text. The analyst's account (`override_by`) is for the
 * hub's override history, not for every reader: no row shape here has it.
 */
function source(column: string): string {
  if (column === "school_name") return "s.school_name";
  if (column === "partner_name") return "ps.school_name";
  if (column === "override_at") return `strftime(e.override_at, '%Y-%m-%dT%H:%M:%S.%gZ')`;
  return `e.${column}`;
}

/** How each table is read as it stands. */
const EFFECTIVE = {
  pairings: {
    shape: EFFECTIVE_PAIRING_ROW,
    sql: effectivePairingsSql,
    partner: "e.partner_code",
    order: "e.school_code, e.school_level",
  },
  communities: {
    shape: EFFECTIVE_COMMUNITY_ROW,
    sql: effectiveCommunitiesSql,
    partner: null,
    order: "e.community_id NULLS LAST, e.school_code, e.school_level",
  },
} as const;

/** Run `runId`'s rows of `table` as they stand; null when the table was never written. */
async function readEffective(
  warehouse: Warehouse,
  table: keyof typeof EFFECTIVE,
  runId: string,
): Promise<unknown[] | null> {
  if (!(await hasExportTable(warehouse, table))) return null;
  const { shape, sql, partner, order } = EFFECTIVE[table];
  return readRows(
    warehouse,
    table,
    shape as RowShape,
    `SELECT ${selectList(shape, source)}
FROM (${sql(runId)}) e
LEFT JOIN school_context s ON s.run_id = e.run_id AND s.school_code = e.school_code AND s.school_level = e.school_level
${partner === null ? "" : `LEFT JOIN school_context ps ON ps.run_id = e.run_id AND ps.school_code = ${partner} AND ps.school_level = e.school_level`}
ORDER BY ${order}`,
  );
}

/**
 * Run `runId`'s pairings with the hub analyst's latest override per school applied (the run's
 * rows never change), by school and level; null when pairing never ran in this warehouse.
 */
export function readEffectivePairings(
  warehouse: Warehouse,
  runId: string,
): Promise<EffectivePairingRow[] | null> {
  // Checked against EFFECTIVE_PAIRING_ROW on read.
  return readEffective(warehouse, "pairings", runId) as Promise<EffectivePairingRow[] | null>;
}

/**
 * Run `runId`'s communities with the latest override per school applied, by community (schools
 * in none last), school and level; null when pairing never ran in this warehouse.
 */
export function readEffectiveCommunities(
  warehouse: Warehouse,
  runId: string,
): Promise<EffectiveCommunityRow[] | null> {
  // Checked against EFFECTIVE_COMMUNITY_ROW on read.
  return readEffective(warehouse, "communities", runId) as Promise<EffectiveCommunityRow[] | null>;
}
