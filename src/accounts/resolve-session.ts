import type { Clock } from "../workspace/clock.ts";
import type { Session, SessionRepository } from "../workspace/session-repository.ts";
import type { User } from "../workspace/user-repository.ts";
import { sessionIdOf, slidingExpiry } from "./session-token.ts";

/**
 * The session and user behind a cookie token, or undefined when the token is missing, unknown,
 * expired or its user is disabled. A live session's idle expiry slides forward (never past its
 * absolute lifetime).
 */
export async function resolveSession(
  sessions: SessionRepository,
  clock: Clock,
  token: string | undefined | null,
): Promise<{ session: Session; user: User } | undefined> {
  if (!token) return undefined;
  const found = await sessions.findActive(sessionIdOf(token));
  if (!found) return undefined;
  const expiresAt = slidingExpiry(found.session.createdAt, clock());
  await sessions.touch(found.session.id, expiresAt);
  return { ...found, session: { ...found.session, expiresAt, lastSeenAt: clock() } };
}

/** Ends the session behind a cookie token (logout); false when there was none. */
export async function endSession(
  sessions: SessionRepository,
  token: string | undefined | null,
): Promise<boolean> {
  if (!token) return false;
  return sessions.delete(sessionIdOf(token));
}
