import type { Selectable } from "kysely";
import { type Clock, systemClock } from "./clock.ts";
import type { User } from "./user-repository.ts";
import { DuplicateKeyError, isUniqueViolation } from "./workspace-errors.ts";
import type { SessionsTable, WorkspaceDb } from "./workspace-schema.ts";

/** A stored session. `id` is the SHA-256 of the cookie token, never the token. */
export interface Session {
  readonly id: string;
  readonly userId: number;
  readonly csrfToken: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly lastSeenAt: Date;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export interface NewSession {
  readonly id: string;
  readonly userId: number;
  readonly csrfToken: string;
  readonly expiresAt: Date;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
}

function toSession(row: Selectable<SessionsTable>): Session {
  return {
    id: row.id,
    userId: row.user_id,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastSeenAt: row.last_seen_at,
    ip: row.ip,
    userAgent: row.user_agent,
  };
}

/** Sessions: create, resolve (with their user), touch, end. */
export class SessionRepository {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  async create(input: NewSession): Promise<Session> {
    const now = this.clock();
    try {
      const row = await this.db
        .insertInto("sessions")
        .values({
          id: input.id,
          user_id: input.userId,
          csrf_token: input.csrfToken,
          created_at: now,
          expires_at: input.expiresAt,
          last_seen_at: now,
          ip: input.ip ?? null,
          user_agent: input.userAgent ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSession(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateKeyError("session id", input.id, error);
      throw error;
    }
  }

  /**
   * The session and its user when the session exists, has not expired and its user is not
   * disabled; otherwise undefined.
   */
  async findActive(id: string): Promise<{ session: Session; user: User } | undefined> {
    const row = await this.db
      .selectFrom("sessions as s")
      .innerJoin("users as u", "u.id", "s.user_id")
      .selectAll("s")
      .select([
        "u.email",
        "u.display_name",
        "u.role",
        "u.district_code",
        "u.school_code",
        "u.created_at as user_created_at",
      ])
      .where("s.id", "=", id)
      .where("s.expires_at", ">", this.clock())
      .where("u.disabled_at", "is", null)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      session: toSession(row),
      user: {
        id: row.user_id,
        email: row.email,
        displayName: row.display_name,
        role: row.role,
        districtCode: row.district_code,
        schoolCode: row.school_code,
        createdAt: row.user_created_at,
        disabledAt: null,
      },
    };
  }

  /** Records activity now; with `expiresAt`, also slides the expiry. False when no such session. */
  async touch(id: string, expiresAt?: Date): Promise<boolean> {
    const r = await this.db
      .updateTable("sessions")
      .set(
        expiresAt
          ? { last_seen_at: this.clock(), expires_at: expiresAt }
          : { last_seen_at: this.clock() },
      )
      .where("id", "=", id)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /** Ends one session (logout). */
  async delete(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom("sessions").where("id", "=", id).executeTakeFirst();
    return r.numDeletedRows > 0n;
  }

  /** Ends every session of a user (password change, account disabled); returns how many. */
  async deleteForUser(userId: number): Promise<number> {
    const r = await this.db.deleteFrom("sessions").where("user_id", "=", userId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Removes sessions expired by now; returns how many. */
  async deleteExpired(): Promise<number> {
    const r = await this.db
      .deleteFrom("sessions")
      .where("expires_at", "<=", this.clock())
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
