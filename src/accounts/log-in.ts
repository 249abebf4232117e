import type { Clock } from "../workspace/clock.ts";
import type { Session, SessionRepository } from "../workspace/session-repository.ts";
import type { User, UserRepository } from "../workspace/user-repository.ts";
import { createCsrfToken } from "./csrf-token.ts";
import type { LoginRateLimiter } from "./login-rate-limiter.ts";
import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  needsRehash,
  type ScryptParams,
  verifyPassword,
} from "./password-hash.ts";
import { createSessionToken, slidingExpiry } from "./session-token.ts";

/** What signing in needs; the server builds it once. */
export interface LogInDeps {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly limiter: LoginRateLimiter;
  readonly clock: Clock;
  /** Parameters for new hashes (and rehashing older ones); tests pass cheap ones. */
  readonly scryptParams?: ScryptParams;
}

export interface LogInRequest {
  readonly email: string;
  readonly password: string;
  readonly ip: string;
  readonly userAgent?: string | null;
}

export type LogInResult =
  | {
      readonly ok: true;
      readonly user: User;
      readonly session: Session;
      /** Goes in the session cookie; shown once, never stored. */
      readonly token: string;
    }
  | { readonly ok: false; readonly reason: "invalid_credentials" }
  | { readonly ok: false; readonly reason: "rate_limited"; readonly retryAfterSeconds: number };

const dummyHashes = new Map<string, Promise<string>>();

/** A hash to verify against when the email is unknown, so both paths take the same time. */
function dummyHash(params: ScryptParams): Promise<string> {
  const key = `${params.N}/${params.r}/${params.p}`;
  let hash = dummyHashes.get(key);
  if (!hash) {
    hash = hashPassword("no account has this password", params);
    dummyHashes.set(key, hash);
  }
  return hash;
}

/**
 * Signs a user in: rate limit, verify the password (spending the same work when the account is
 * unknown or disabled, and answering the same), record the attempt, create a session with its
 * CSRF token. Upgrades the stored hash when its parameters are out of date.
 */
export async function logIn(deps: LogInDeps, request: LogInRequest): Promise<LogInResult> {
  const params = deps.scryptParams ?? DEFAULT_SCRYPT_PARAMS;
  const limit = await deps.limiter.check(request.email, request.ip);
  if (!limit.allowed) {
    return { ok: false, reason: "rate_limited", retryAfterSeconds: limit.retryAfterSeconds };
  }
  const found = await deps.users.findCredentials(request.email);
  const usable = found !== undefined && found.user.disabledAt === null;
  const matches = await verifyPassword(
    request.password,
    usable ? found.passwordHash : await dummyHash(params),
  );
  if (!usable || !matches) {
    await deps.limiter.recordFailure(request.email, request.ip);
    return { ok: false, reason: "invalid_credentials" };
  }
  await deps.limiter.recordSuccess(request.email, request.ip);
  if (needsRehash(found.passwordHash, params)) {
    await deps.users.setPasswordHash(found.user.id, await hashPassword(request.password, params));
  }
  const { token, id } = createSessionToken();
  const now = deps.clock();
  const session = await deps.sessions.create({
    id,
    userId: found.user.id,
    csrfToken: createCsrfToken(),
    expiresAt: slidingExpiry(now, now),
    ip: request.ip,
    userAgent: request.userAgent ?? null,
  });
  return { ok: true, user: found.user, session, token };
}
