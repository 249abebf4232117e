import { type Dialect, PostgresDialect } from "kysely";
import pg from "pg";

/** Connection to a PostgreSQL server, e.g. `postgres://user@host:5432/collab`. */
export interface PostgresDialectOptions {
  readonly databaseUrl: string;
  /** Pool size; PostgreSQL's default connection limit is 100, shared with everything else. */
  readonly maxConnections?: number;
}

/** Kysely dialect for a PostgreSQL server through a `pg` connection pool. */
export function postgresDialect(options: PostgresDialectOptions): Dialect {
  return new PostgresDialect({
    pool: new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.maxConnections ?? 10,
    }),
  });
}
