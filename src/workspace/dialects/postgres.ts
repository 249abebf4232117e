import { type Dialect, PostgresDialect } from "kysely";
import pg from "pg";

/** Connection to a PostgreSQL server, e.g. `postgres://user@host:5432/collab`. */
export interface PostgresDialectOptions {
  readonly databaseUrl: string;
  /** Pool size; PostgreSQL's default connection limit is 100, shared with everything else. */
  readonly maxConnections?: number;
  /**
   * Told when an idle pooled connection dies (server restart, admin termination). The pool drops
   * that connection and the next query opens a new one; without a listener `pg` would crash the
   * process. Default: one line on stderr.
   */
  readonly onIdleConnectionError?: (error: Error) => void;
}

const warnOnStderr = (error: Error) => {
  process.stderr.write(`workspace: idle PostgreSQL connection lost: ${error.message}\n`);
};

/** Kysely dialect for a PostgreSQL server through a `pg` connection pool. */
export function postgresDialect(options: PostgresDialectOptions): Dialect {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.maxConnections ?? 10,
  });
  pool.on("error", options.onIdleConnectionError ?? warnOnStderr);
  return new PostgresDialect({ pool });
}
