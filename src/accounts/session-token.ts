import { createHash, randomBytes } from "node:crypto";

/** A new session: the token goes in the cookie, only its hash (the session id) is stored. */
export interface SessionToken {
  /** 32 random bytes, base64url; sent to the browser, never stored. */
  readonly token: string;
  /** SHA-256 of the token, hex; the `sessions.id` primary key. */
  readonly id: string;
}

/**
 * The session cookie: HttpOnly (no script access), SameSite=Strict (no cross-site request carries
 * it), Path=/. When `secure` (the request came over HTTPS): Secure too, and named with the
 * `__Host-` prefix, which browsers only accept with Secure, Path=/ and no Domain. Over plain HTTP
 * neither, or no browser would keep it.
 */
export function sessionCookie(secure: boolean) {
  return {
    name: secure ? "__Host-collab_session" : "collab_session",
    options: { httpOnly: true, secure, sameSite: "strict", path: "/" },
  } as const;
}

/** Sessions last 12 hours from sign-in and end after 30 minutes without activity. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 30 * 60 * 1000;
/** A session's last-seen time (and idle expiry) is written at most this often. */
export const SESSION_TOUCH_MS = 60 * 1000;

/** The stored id of a session token. Tokens are 256-bit random, so a plain SHA-256 suffices. */
export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Creates a session token from 32 random bytes. */
export function createSessionToken(random: (bytes: number) => Buffer = randomBytes): SessionToken {
  const token = random(32).toString("base64url");
  return { token, id: sessionIdOf(token) };
}

/**
 * When a session seen at `now` should expire: `SESSION_IDLE_MS` after now, but never later than
 * `SESSION_LIFETIME_MS` after it was created.
 */
export function slidingExpiry(createdAt: Date, now: Date): Date {
  return new Date(
    Math.min(now.getTime() + SESSION_IDLE_MS, createdAt.getTime() + SESSION_LIFETIME_MS),
  );
}
