import type { Selectable } from "kysely";
import { type Clock, systemClock } from "./clock.ts";
import { WorkspaceInputError } from "./workspace-errors.ts";
import type { PairingOverridesTable, WorkspaceDb } from "./workspace-schema.ts";

export interface PairingOverride {
  readonly id: number;
  readonly runId: string;
  readonly schoolCode: string;
  /** null: the school's proposed pairing is removed. */
  readonly partnerCode: string | null;
  readonly reason: string;
  readonly byUser: number;
  readonly at: Date;
}

export interface NewPairingOverride {
  readonly runId: string;
  readonly schoolCode: string;
  readonly partnerCode: string | null;
  readonly reason: string;
  readonly byUser: number;
}

const SCHOOL_CODE = /^[0-9]{14}$/;

function toOverride(row: Selectable<PairingOverridesTable>): PairingOverride {
  return {
    id: row.id,
    runId: row.run_id,
    schoolCode: row.school_code,
    partnerCode: row.partner_code,
    reason: row.reason,
    byUser: row.by_user,
    at: row.at,
  };
}

/** The hub analyst's changes to a run's proposed pairings; history is kept, the latest wins. */
export class PairingOverrideRepository {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  async add(input: NewPairingOverride): Promise<PairingOverride> {
    for (const [field, code] of [
      ["schoolCode", input.schoolCode],
      ["partnerCode", input.partnerCode],
    ] as const) {
      if (code !== null && !SCHOOL_CODE.test(code)) {
        throw new WorkspaceInputError(
          `invalid ${field} "${code}" (14-digit CDS code)`,
          field,
          code,
        );
      }
    }
    if (input.partnerCode === input.schoolCode) {
      throw new WorkspaceInputError(
        `school "${input.schoolCode}" cannot be its own partner`,
        "partnerCode",
        input.partnerCode,
      );
    }
    if (input.reason.trim() === "") {
      throw new WorkspaceInputError(
        `an override of school "${input.schoolCode}" needs a reason`,
        "reason",
        input.reason,
      );
    }
    const row = await this.db
      .insertInto("pairing_overrides")
      .values({
        run_id: input.runId,
        school_code: input.schoolCode,
        partner_code: input.partnerCode,
        reason: input.reason.trim(),
        by_user: input.byUser,
        at: this.clock(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toOverride(row);
  }

  /** The override in force for each school of a run (the latest per school), by school code. */
  async effective(runId: string): Promise<PairingOverride[]> {
    const rows = await this.db
      .selectFrom("pairing_overrides")
      .selectAll()
      .distinctOn("school_code")
      .where("run_id", "=", runId)
      .orderBy("school_code")
      .orderBy("at", "desc")
      .orderBy("id", "desc")
      .execute();
    return rows.map(toOverride);
  }

  /** Every override of a run (optionally one school), oldest first. */
  async history(runId: string, schoolCode?: string): Promise<PairingOverride[]> {
    let q = this.db.selectFrom("pairing_overrides").selectAll().where("run_id", "=", runId);
    if (schoolCode !== undefined) q = q.where("school_code", "=", schoolCode);
    const rows = await q.orderBy("at").orderBy("id").execute();
    return rows.map(toOverride);
  }
}
