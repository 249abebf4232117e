import { type Clock, systemClock } from "./clock.ts";
import { normalizeEmail } from "./user-repository.ts";
import type { WorkspaceDb } from "./workspace-schema.ts";

export interface LoginAttempt {
  readonly email: string;
  readonly ip: string;
  readonly succeeded: boolean;
}

/** Login attempts, kept for rate limiting. */
export class LoginAttemptRepository {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  async record(attempt: LoginAttempt): Promise<void> {
    await this.db
      .insertInto("login_attempts")
      .values({
        at: this.clock(),
        email: normalizeEmail(attempt.email),
        ip: attempt.ip,
        succeeded: attempt.succeeded,
      })
      .execute();
  }

  /**
   * Times of the most recent failed logins for an email after `since`, newest first, at most
   * `limit`. A successful login for the email clears the failures before it.
   */
  async recentEmailFailures(email: string, since: Date, limit: number): Promise<Date[]> {
    const e = normalizeEmail(email);
    const rows = await this.db
      .selectFrom("login_attempts as a")
      .select("a.at")
      .where("a.email", "=", e)
      .where("a.succeeded", "=", false)
      .where("a.at", ">", since)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("login_attempts as ok")
              .select("ok.id")
              .where("ok.email", "=", e)
              .where("ok.succeeded", "=", true)
              .whereRef("ok.at", ">=", "a.at"),
          ),
        ),
      )
      .orderBy("a.at", "desc")
      .limit(limit)
      .execute();
    return rows.map((r) => r.at);
  }

  /**
   * Times of the most recent failed logins from an IP after `since`, newest first, at most
   * `limit`. Successes do not clear these: one valid account must not unlock guessing at others.
   */
  async recentIpFailures(ip: string, since: Date, limit: number): Promise<Date[]> {
    const rows = await this.db
      .selectFrom("login_attempts")
      .select("at")
      .where("ip", "=", ip)
      .where("succeeded", "=", false)
      .where("at", ">", since)
      .orderBy("at", "desc")
      .limit(limit)
      .execute();
    return rows.map((r) => r.at);
  }

  /** Deletes attempts older than `before`; returns how many. */
  async purgeBefore(before: Date): Promise<number> {
    const r = await this.db
      .deleteFrom("login_attempts")
      .where("at", "<", before)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
