import { sqlString } from "../measures/sql-text.ts";
import { readRows } from "../warehouse/read-rows.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

/** What an override changes: a priority school's partner, or a focus school's community. */
export type OverrideKind = "pair" | "community";

/** A hub analyst's change, with the stated reason. */
export interface PairingOverrideInput {
  readonly runId: string;
  readonly kind: OverrideKind;
  readonly schoolCode: string;
  /** Needed only when the school is listed at several levels. */
  readonly schoolLevel?: string;
  /** New partner or community id; null removes the pair or takes the school out of communities. */
  readonly target: string | null;
  readonly reason: string;
  readonly by: string;
  readonly at: Date;
}

/** An override that cannot apply; names the bad value. */
export class PairingOverrideError extends Error {
  constructor(
    message: string,
    readonly field: string,
    readonly value: string | null,
  ) {
    super(message);
    this.name = "PairingOverrideError";
  }
}

/** The latest override row per school × level of one kind (a SELECT). */
export function latestOverridesSql(runId: string, kind: OverrideKind): string {
  return `SELECT school_code, school_level, target, reason, by_user, created_at FROM pairing_overrides
WHERE run_id = ${sqlString(runId)} AND kind = '${kind}'
QUALIFY row_number() OVER (PARTITION BY school_code, school_level ORDER BY seq DESC) = 1`;
}

/** The levels a school is listed at. */
const SCHOOL_LEVEL_ROW = {
  type: "object",
  required: ["school_level"],
  additionalProperties: false,
  properties: { school_level: { type: "string" } },
} as const;

/**
 * Records an override with its reason (the run's own rows are never changed). Checks that the
 * school has a pairing (or community row) in the run, that a new partner is another school of the
 * same level in the run, and that a community exists at the school's level.
 * @throws PairingOverrideError naming the bad value.
 */
export async function addPairingOverride(
  warehouse: Warehouse,
  input: PairingOverrideInput,
): Promise<{ schoolLevel: string; seq: number }> {
  const run = sqlString(input.runId);
  if (input.reason.trim() === "")
    throw new PairingOverrideError(
      `an override of school "${input.schoolCode}" needs a reason`,
      "reason",
      input.reason,
    );
  const table = input.kind === "pair" ? "pairings" : "communities";
  const levels = (
    await readRows(
      warehouse,
      table,
      SCHOOL_LEVEL_ROW,
      `SELECT DISTINCT school_level FROM ${table} WHERE run_id = ? AND school_code = ? ORDER BY 1`,
      [input.runId, input.schoolCode],
    )
  ).map((r) => r.school_level);
  const what =
    input.kind === "pair"
      ? "a priority school with a pairing"
      : "a focus school in the communities";
  if (levels.length === 0)
    throw new PairingOverrideError(
      `school "${input.schoolCode}" is not ${what} of run "${input.runId}"`,
      "schoolCode",
      input.schoolCode,
    );
  const level = input.schoolLevel ?? (levels.length === 1 ? levels[0]! : null);
  if (level === null || !levels.includes(level))
    throw new PairingOverrideError(
      `school "${input.schoolCode}" is listed at ${levels.join(" and ")}: name one level (got "${input.schoolLevel ?? ""}")`,
      "schoolLevel",
      input.schoolLevel ?? null,
    );
  if (input.target !== null) {
    if (input.kind === "pair") {
      if (input.target === input.schoolCode)
        throw new PairingOverrideError(
          `school "${input.schoolCode}" cannot be its own partner`,
          "target",
          input.target,
        );
      const found = await warehouse.one<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM school_context WHERE run_id = ${run} AND school_code = ${sqlString(input.target)} AND school_level = ${sqlString(level)}`,
      );
      if (found.n === 0)
        throw new PairingOverrideError(
          `partner "${input.target}" is not a ${level} school of run "${input.runId}"`,
          "target",
          input.target,
        );
    } else {
      const found = await warehouse.one<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM communities WHERE run_id = ${run} AND community_id = ${sqlString(input.target)} AND school_level = ${sqlString(level)}`,
      );
      if (found.n === 0)
        throw new PairingOverrideError(
          `community "${input.target}" is not a ${level} community of run "${input.runId}"`,
          "target",
          input.target,
        );
    }
  }
  const { seq } = await warehouse.one<{ seq: number }>(
    `SELECT (coalesce(max(seq), 0) + 1)::INTEGER AS seq FROM pairing_overrides WHERE run_id = ${run}`,
  );
  await warehouse.run(
    `INSERT INTO pairing_overrides VALUES (${run}, '${input.kind}', ${sqlString(input.schoolCode)}, ${sqlString(level)},
      ${input.target === null ? "NULL" : sqlString(input.target)}, ${sqlString(input.reason.trim())}, ${sqlString(input.by)},
      ${sqlString(input.at.toISOString())}::TIMESTAMP, ${seq})`,
  );
  return { schoolLevel: level, seq };
}

/** A pair as it stands once the latest override of the school is applied (null: no partner). */
const EFFECTIVE_PAIR_ROW = {
  type: "object",
  required: ["school_code", "school_level", "partner_code"],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    school_level: { type: "string" },
    partner_code: { type: ["string", "null"] },
  },
} as const;

/** A run's pairs after overrides (pairs removed by an override are left out). */
export async function effectivePairs(
  warehouse: Warehouse,
  runId: string,
): Promise<{ schoolCode: string; schoolLevel: string; partnerCode: string }[]> {
  const rows = await readRows(
    warehouse,
    "pairings",
    EFFECTIVE_PAIR_ROW,
    `SELECT p.school_code, p.school_level,
       CASE WHEN o.school_code IS NULL THEN p.partner_code ELSE o.target END AS partner_code
     FROM pairings p LEFT JOIN (${latestOverridesSql(runId, "pair")}) o USING (school_code, school_level)
     WHERE p.run_id = ? ORDER BY p.school_code, p.school_level`,
    [runId],
  );
  return rows.flatMap((r) =>
    r.partner_code === null
      ? []
      : [{ schoolCode: r.school_code, schoolLevel: r.school_level, partnerCode: r.partner_code }],
  );
}
