import { type Clock, systemClock } from "./clock.ts";
import type { WorkspaceDb } from "./workspace-schema.ts";

/** An invitation as stored: the token itself is never stored, only its SHA-256. */
export interface Invitation {
  readonly id: number;
  readonly userId: number;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
}

/** One-time invitations that let an invited account set its password. */
export class InvitationRepository {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  async create(input: {
    userId: number;
    tokenHash: string;
    expiresAt: Date;
    createdBy: number | null;
  }): Promise<Invitation> {
    const row = await this.db
      .insertInto("invitations")
      .values({
        user_id: input.userId,
        token_hash: input.tokenHash,
        created_by: input.createdBy,
        created_at: this.clock(),
        expires_at: input.expiresAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return {
      id: row.id,
      userId: row.user_id,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      usedAt: row.used_at,
    };
  }

  /**
   * Marks the unused, unexpired invitation of `tokenHash` used and returns its user id; undefined
   * when there is none (unknown, used or expired). One statement, so two concurrent uses cannot
   * both succeed.
   */
  async consume(tokenHash: string): Promise<number | undefined> {
    const now = this.clock();
    const row = await this.db
      .updateTable("invitations")
      .set({ used_at: now })
      .where("token_hash", "=", tokenHash)
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .returning("user_id")
      .executeTakeFirst();
    return row?.user_id;
  }

  /** The unused, unexpired invitation of `tokenHash`, without using it. */
  async findUsable(tokenHash: string): Promise<Invitation | undefined> {
    const row = await this.db
      .selectFrom("invitations")
      .selectAll()
      .where("token_hash", "=", tokenHash)
      .where("used_at", "is", null)
      .where("expires_at", ">", this.clock())
      .executeTakeFirst();
    return row === undefined
      ? undefined
      : {
          id: row.id,
          userId: row.user_id,
          createdAt: row.created_at,
          expiresAt: row.expires_at,
          usedAt: row.used_at,
        };
  }

  /** Every invitation of the users of district `districtCode`, newest first. */
  async listForDistrict(
    districtCode: string,
  ): Promise<(Invitation & { email: string; displayName: string })[]> {
    const rows = await this.db
      .selectFrom("invitations as i")
      .innerJoin("users as u", "u.id", "i.user_id")
      .select([
        "i.id",
        "i.user_id",
        "i.created_at",
        "i.expires_at",
        "i.used_at",
        "u.email",
        "u.display_name",
      ])
      .where("u.district_code", "=", districtCode)
      .orderBy("i.id", "desc")
      .execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      usedAt: r.used_at,
      email: r.email,
      displayName: r.display_name,
    }));
  }
}
