import type { Clock } from "../workspace/clock.ts";
import type { LoginAttemptRepository } from "../workspace/login-attempt-repository.ts";
import type { SessionRepository } from "../workspace/session-repository.ts";

/** One hour: expired sessions and old attempts are dead weight, not a risk, so no hurry. */
export const DEFAULT_AUTH_CLEANUP_INTERVAL_MS = 60 * 60 * 1000;

/** What the cleanup deletes from. */
export interface AuthRecordStores {
  readonly sessions: Pick<SessionRepository, "deleteExpired">;
  readonly loginAttempts: Pick<LoginAttemptRepository, "purgeBefore">;
}

/** How many rows one cleanup deleted. */
export interface PurgedAuthRecords {
  readonly sessions: number;
  readonly loginAttempts: number;
}

/**
 * Deletes expired sessions and the login attempts older than the rate-limit window
 * (`windowMs` before now). Neither is read again: an expired session no longer resolves, and the
 * limiter counts only failures inside the window, which a success older than the window cannot
 * clear either.
 */
export async function purgeStaleAuthRecords(
  stores: AuthRecordStores,
  clock: Clock,
  windowMs: number,
): Promise<PurgedAuthRecords> {
  const sessions = await stores.sessions.deleteExpired();
  const loginAttempts = await stores.loginAttempts.purgeBefore(
    new Date(clock().getTime() - windowMs),
  );
  return { sessions, loginAttempts };
}

/** A running cleanup. */
export interface AuthRecordCleanup {
  /** Stops the periodic runs and waits for one in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `purge` now (its failure rejects, so a server does not start on a workspace it cannot
 * write) and then every `intervalMs`; a failed periodic run goes to `onError` and the next one
 * tries again. A run is skipped while the previous one is still going. The timer does not keep
 * the process alive.
 */
export async function startAuthRecordCleanup(
  purge: () => Promise<unknown>,
  intervalMs: number,
  onError: (error: unknown) => void,
): Promise<AuthRecordCleanup> {
  if (!(Number.isFinite(intervalMs) && intervalMs > 0))
    throw new RangeError(
      `auth cleanup interval must be a positive number of ms, got ${intervalMs}`,
    );
  await purge();
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = purge()
      .then(() => undefined, onError)
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
