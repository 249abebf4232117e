import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * CSRF protection by the synchronizer-token pattern: each session gets its own random token,
 * stored in `sessions.csrf_token` and handed to the page (e.g. in the `GET /api/session` answer).
 * Every state-changing request (any method but GET, HEAD, OPTIONS) must send it back in the
 * {@link CSRF_HEADER} header; the server compares it with the session's stored token. A
 * cross-site attacker can make the browser send the cookie but cannot read the token. The
 * session cookie being SameSite=Lax is a second line, not the only one.
 */
export const CSRF_HEADER = "x-csrf-token";

/** Methods that change nothing and need no CSRF token. */
export const CSRF_SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/** A new per-session CSRF token: 32 random bytes, base64url. */
export function createCsrfToken(random: (bytes: number) => Buffer = randomBytes): string {
  return random(32).toString("base64url");
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * Whether a request carrying `sent` (the header value, possibly missing) may proceed for a
 * session whose token is `expected`. Compared in constant time (over SHA-256 digests, so lengths
 * do not leak either).
 */
export function verifyCsrfToken(expected: string, sent: string | undefined | null): boolean {
  if (!sent || expected === "") return false;
  return timingSafeEqual(digest(expected), digest(sent));
}

/** Whether a request with this method must carry a valid CSRF token. */
export function requiresCsrf(method: string): boolean {
  return !CSRF_SAFE_METHODS.has(method.toUpperCase());
}
