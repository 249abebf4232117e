import type { Clock } from "../workspace/clock.ts";
import type { Session, SessionRepository } from "../workspace/session-repository.ts";
import type { User } from "../workspace/user-repository.ts";
import { SESSION_TOUCH_MS, sessionIdOf, slidingExpiry } from "./session-token.ts";

/**
 * The session and user behind a cookie token, or undefined when the token is missing, unknown,
 * expired or its user is disabled. A live session's idle expiry slides forward (never past its
 * absolute lifetime), written at most once a {@link SESSION_TOUCH_MS}: a request within a minute of
 * the stored last-seen time writes nothing (a page's burst of GETs would otherwise write the same
 * row each time), so a session ends 30 minutes after the last request that wrote it — never later
 * than 30 minutes after the last request, at most a minute earlier.
 */
export async function resolveSession(
  sessions: SessionRepository,
  clock: Clock,
  token: string | undefined | null,
): Promise<{ session: Session; user: User } | undefined> {
  if (!token) return undefined;
  const found = await sessions.findActive(sessionIdOf(token));
  if (!found) return undefined;
  const now = clock();
  if (now.getTime() - found.session.lastSeenAt.getTime() < SESSION_TOUCH_MS) return found;
  const expiresAt = slidingExpiry(found.session.createdAt, now);
  await sessions.touch(found.session.id, expiresAt);
  return { ...found, session: { ...found.session, expiresAt, lastSeenAt: now } };
}

/** Ends the session behind a cookie token (logout); false when there was none. */
export async function endSession(
  sessions: SessionRepository,
  token: string | undefined | null,
): Promise<boolean> {
  if (!token) return false;
  return sessions.delete(sessionIdOf(token));
}
