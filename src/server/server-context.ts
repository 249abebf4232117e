import { LoginRateLimiter } from "../accounts/login-rate-limiter.ts";
import type { ScryptParams } from "../accounts/password-hash.ts";
import type { RunCells, WithheldIndexes } from "../disclosure/run-decisions.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { AuditLog } from "../workspace/audit-log.ts";
import type { Clock } from "../workspace/clock.ts";
import { LoginAttemptRepository } from "../workspace/login-attempt-repository.ts";
import type { Workspace } from "../workspace/open-workspace.ts";
import { PublishedRunRepository } from "../workspace/published-run-repository.ts";
import { SessionRepository } from "../workspace/session-repository.ts";
import { UserRepository } from "../workspace/user-repository.ts";

/** Server settings with production defaults. */
export interface ServerOptions {
  /**
   * The session cookie always Secure with the `__Host-` prefix. Default false: Secure (and
   * prefixed) on each request that came over HTTPS or whose proxy says so (`cameOverHttps`).
   */
  readonly secureCookies?: boolean;
  /** A built web app to serve at `/` with an SPA fallback; null or missing folder: none. */
  readonly webRoot?: string | null;
  /** scrypt parameters for rehashing on login (tests pass cheap ones). */
  readonly scryptParams?: ScryptParams;
  /** Requests per minute per IP on POST /api/auth/login (on top of the per-account limiter). */
  readonly loginRequestsPerMinute?: number;
  /** Fastify's request log. Default false. */
  readonly logger?: boolean;
  /** School reports kept in memory, serialized (runs are immutable: a report never goes stale); 0: none. Default 2000. */
  readonly reportCacheSize?: number;
  /** Runs whose report data (every school's results) and school contexts are kept in memory. Default 4. */
  readonly reportRunsKept?: number;
  /**
   * How often expired sessions and login attempts older than the rate-limit window are deleted
   * (also once at start). Default an hour (`DEFAULT_AUTH_CLEANUP_INTERVAL_MS`).
   */
  readonly authCleanupIntervalMs?: number;
}

/** What {@link buildApp} is given: I/O comes in, nothing is opened here. */
export interface ServerDeps {
  readonly warehouse: Warehouse;
  readonly workspace: Workspace;
  readonly framework: Framework;
  readonly clock: Clock;
  readonly options?: ServerOptions;
}

/** Everything a route reads: the stores, the framework, the repositories. */
export interface ServerContext {
  readonly warehouse: Warehouse;
  readonly framework: Framework;
  readonly clock: Clock;
  readonly options: ServerOptions;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly loginAttempts: LoginAttemptRepository;
  readonly audit: AuditLog;
  readonly published: PublishedRunRepository;
  readonly limiter: LoginRateLimiter;
  /** Run ids known to have been published (publication is never undone). */
  readonly publishedRuns: Set<string>;
  /**
   * Per run, the school × levels whose index uses a cell hidden in the suppressed form (runs are
   * immutable; filled by `withheldIndexes`), with their exact index figures.
   */
  readonly withheldIndexes: Map<string, Promise<WithheldIndexes>>;
  /** Per run, every group cell's decision for a reader of the suppressed form (`runCells`). */
  readonly runCells: Map<string, Promise<RunCells>>;
  /** Serializes warehouse reads: one DuckDB connection runs one statement at a time. */
  readonly read: <T>(work: () => Promise<T>) => Promise<T>;
}

/** Builds the context: repositories over the workspace, sharing the clock. */
export function serverContext(deps: ServerDeps): ServerContext {
  const db = deps.workspace.db;
  let queue: Promise<unknown> = Promise.resolve();
  const read = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const loginAttempts = new LoginAttemptRepository(db, deps.clock);
  return {
    warehouse: deps.warehouse,
    framework: deps.framework,
    clock: deps.clock,
    options: deps.options ?? {},
    users: new UserRepository(db, deps.clock),
    sessions: new SessionRepository(db, deps.clock),
    loginAttempts,
    audit: new AuditLog(db, deps.clock),
    published: new PublishedRunRepository(db, deps.clock),
    limiter: new LoginRateLimiter(loginAttempts, deps.clock),
    publishedRuns: new Set(),
    withheldIndexes: new Map(),
    runCells: new Map(),
    read,
  };
}
