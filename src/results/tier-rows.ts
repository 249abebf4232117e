import { readRows } from "../warehouse/read-rows.ts";
import type { RowOf } from "../warehouse/row-shape.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

/**
 * A school's tier as stored (`identification`, its facts and triggers as JSON text) with its
 * index score and level (`index_results`, null without one). Unsuppressed: disclosure decides
 * per reader what is shown.
 */
export const TIER_ROW = {
  type: "object",
  required: [
    "school_code",
    "school_level",
    "tier",
    "facts",
    "exit_status",
    "years_in_tier",
    "index_score",
    "index_level",
    "triggers",
  ],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    school_level: { type: "string" },
    tier: { type: "string" },
    facts: { type: ["string", "null"] },
    exit_status: { type: ["string", "null"] },
    years_in_tier: { type: "integer" },
    index_score: { type: ["number", "null"] },
    index_level: { type: ["integer", "null"] },
    triggers: { type: "string" },
  },
} as const;
export type TierRow = RowOf<typeof TIER_ROW>;

/** Which schools' tiers: one tier, one district's schools, or all. */
export interface TierFilter {
  readonly tier?: string | undefined;
  readonly district?: string | undefined;
}

/**
 * The tiers of run `runId` by school and level, ordered by school and level. Call inside the
 * reader's serialized read.
 */
export function readTierRows(
  warehouse: Warehouse,
  runId: string,
  { tier, district }: TierFilter,
): Promise<TierRow[]> {
  const where = ["d.run_id = ?"];
  const params: string[] = [runId];
  if (tier) {
    where.push("d.tier = ?");
    params.push(tier);
  }
  if (district) {
    where.push("starts_with(d.school_code, ?)");
    params.push(district);
  }
  return readRows(
    warehouse,
    "identification",
    TIER_ROW,
    `SELECT d.school_code, d.school_level, d.tier, d.facts::VARCHAR AS facts, d.exit_status,
       d.years_in_tier, i.index_score, i.index_level, d.triggers::VARCHAR AS triggers
     FROM identification d LEFT JOIN index_results i
       ON i.run_id = d.run_id AND i.school_code = d.school_code AND i.school_level = d.school_level
     WHERE ${where.join(" AND ")} ORDER BY d.school_code, d.school_level`,
    params,
  );
}
