import { mkdirSync } from "node:fs";
import { Kysely, type LogEvent } from "kysely";
import { pgliteDialect } from "./dialects/pglite.ts";
import { postgresDialect } from "./dialects/postgres.ts";
import { migrateWorkspace } from "./migrate-workspace.ts";
import type { WorkspaceDb, WorkspaceSchema } from "./workspace-schema.ts";

/** Default embedded workspace folder, beside the default warehouse `.collab/warehouse.duckdb`. */
export const DEFAULT_WORKSPACE_DIR = ".collab/workspace";

/** Environment variable naming a PostgreSQL server to use instead of the embedded PGlite. */
export const DATABASE_URL_ENV = "DATABASE_URL";

/**
 * Where the workspace is: a PGlite folder (`dataDir`), an in-memory PGlite (`dataDir: ":memory:"`,
 * for tests), or a PostgreSQL server (`databaseUrl`).
 */
export type WorkspaceLocation = { readonly dataDir: string } | { readonly databaseUrl: string };

/** An open workspace: the typed Kysely instance and how to close it. */
export interface Workspace {
  readonly db: WorkspaceDb;
  readonly kind: "pglite" | "postgres";
  /** Where it is, without any password of a database URL. */
  readonly description: string;
  close(): Promise<void>;
}

/**
 * Picks the workspace location: PostgreSQL when `DATABASE_URL` is set in `env`, else the PGlite
 * folder `dataDir`. The environment is a parameter so the core never reads `process.env` itself.
 */
export function workspaceLocation(
  env: Readonly<Record<string, string | undefined>>,
  dataDir: string = DEFAULT_WORKSPACE_DIR,
): WorkspaceLocation {
  const url = env[DATABASE_URL_ENV]?.trim();
  return url ? { databaseUrl: url } : { dataDir };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

/**
 * Opens the workspace and, unless `migrate: false`, brings its schema up to date. PGlite folders
 * are created when missing; a PGlite folder belongs to one process at a time.
 */
export async function openWorkspace(
  location: WorkspaceLocation,
  options: {
    readonly migrate?: boolean;
    /** PostgreSQL only: where to report idle connections lost (default stderr). */
    readonly onIdleConnectionError?: (error: Error) => void;
    /**
     * Called with the SQL and parameters of every statement run (tests count the statements of a
     * request; the EXPLAIN bench replays them).
     */
    readonly onQuery?: (sql: string, parameters: readonly unknown[]) => void;
  } = {},
): Promise<Workspace> {
  let kind: Workspace["kind"];
  let description: string;
  let db: WorkspaceDb;
  const onQuery = options.onQuery;
  const log = onQuery
    ? {
        log: (event: LogEvent) => {
          if (event.level === "query") onQuery(event.query.sql, event.query.parameters);
        },
      }
    : {};
  if ("databaseUrl" in location) {
    kind = "postgres";
    description = redact(location.databaseUrl);
    db = new Kysely<WorkspaceSchema>({
      dialect: postgresDialect({
        databaseUrl: location.databaseUrl,
        ...(options.onIdleConnectionError
          ? { onIdleConnectionError: options.onIdleConnectionError }
          : {}),
      }),
      ...log,
    });
  } else {
    kind = "pglite";
    const memory = location.dataDir === ":memory:";
    description = memory ? "PGlite in memory" : `PGlite ${location.dataDir}`;
    if (!memory) mkdirSync(location.dataDir, { recursive: true });
    db = new Kysely<WorkspaceSchema>({
      dialect: pgliteDialect(memory ? {} : { dataDir: location.dataDir }),
      ...log,
    });
  }
  try {
    if (options.migrate !== false) await migrateWorkspace(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, kind, description, close: () => db.destroy() };
}
