import type { Clock } from "../workspace/clock.ts";
import type { LoginAttemptRepository } from "../workspace/login-attempt-repository.ts";

/** How many failed logins are tolerated in a sliding window. */
export interface LoginRateLimits {
  readonly windowMs: number;
  /** Failures per email since its last successful login. */
  readonly maxFailuresPerEmail: number;
  /** Failures per client IP, successes notwithstanding. */
  readonly maxFailuresPerIp: number;
}

/** 5 failures per email and 20 per IP in any 15 minutes. */
export const DEFAULT_LOGIN_RATE_LIMITS: LoginRateLimits = {
  windowMs: 15 * 60 * 1000,
  maxFailuresPerEmail: 5,
  maxFailuresPerIp: 20,
};

export type RateLimitDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly limitedBy: "email" | "ip";
      readonly retryAfterSeconds: number;
    };

type AttemptStore = Pick<
  LoginAttemptRepository,
  "record" | "recentEmailFailures" | "recentIpFailures"
>;

/**
 * Login rate limiting over the `login_attempts` table, so it holds across processes and restarts.
 * A login is refused while the email has `maxFailuresPerEmail` failures in the window, or the IP
 * `maxFailuresPerIp`; it opens again when the oldest of those failures leaves the window.
 */
export class LoginRateLimiter {
  constructor(
    private readonly attempts: AttemptStore,
    private readonly clock: Clock,
    readonly limits: LoginRateLimits = DEFAULT_LOGIN_RATE_LIMITS,
  ) {}

  /** Whether a login for `email` from `ip` may be tried now. */
  async check(email: string, ip: string): Promise<RateLimitDecision> {
    const now = this.clock();
    const since = new Date(now.getTime() - this.limits.windowMs);
    const byEmail = await this.attempts.recentEmailFailures(
      email,
      since,
      this.limits.maxFailuresPerEmail,
    );
    const byIp = await this.attempts.recentIpFailures(ip, since, this.limits.maxFailuresPerIp);
    const blocked = (
      [
        ["email", byEmail, this.limits.maxFailuresPerEmail],
        ["ip", byIp, this.limits.maxFailuresPerIp],
      ] as const
    ).flatMap(([limitedBy, failures, max]) => {
      const oldestCounted = failures[max - 1];
      if (failures.length < max || oldestCounted === undefined) return [];
      const opensAt = oldestCounted.getTime() + this.limits.windowMs;
      return [
        { limitedBy, retryAfterSeconds: Math.max(1, Math.ceil((opensAt - now.getTime()) / 1000)) },
      ];
    });
    if (blocked.length === 0) return { allowed: true };
    const longest = blocked.reduce((a, b) => (b.retryAfterSeconds > a.retryAfterSeconds ? b : a));
    return { allowed: false, ...longest };
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await this.attempts.record({ email, ip, succeeded: false });
  }

  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.attempts.record({ email, ip, succeeded: true });
  }
}
