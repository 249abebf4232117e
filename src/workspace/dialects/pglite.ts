import { PGlite } from "@electric-sql/pglite";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
import { lockPgliteFolder } from "./pglite-lock.ts";

/** Where a PGlite workspace lives: a folder on disk, or memory when `dataDir` is omitted. */
export interface PgliteDialectOptions {
  readonly dataDir?: string;
}

/**
 * Kysely dialect for embedded PGlite. PGlite is one backend with one session, so the driver hands
 * out one connection at a time: a transaction holds it until commit or rollback, and queries from
 * elsewhere wait instead of slipping into the open transaction.
 */
export function pgliteDialect(options: PgliteDialectOptions = {}): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PgliteDriver(options),
    createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

class PgliteDriver implements Driver {
  #client: PGlite | undefined;
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;
  #unlock: (() => void) | undefined;

  constructor(readonly options: PgliteDialectOptions) {}

  async init(): Promise<void> {
    const dir = this.options.dataDir;
    this.#unlock = dir === undefined ? undefined : lockPgliteFolder(dir);
    try {
      this.#client = await PGlite.create(dir);
    } catch (error) {
      this.#unlock?.();
      throw error;
    }
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const client = this.#client;
    if (!client) throw new Error("PGlite workspace is closed");
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.#release = release;
    return new PgliteConnection(client);
  }

  async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    const begin = settings.isolationLevel
      ? `start transaction isolation level ${settings.isolationLevel}`
      : "begin";
    await connection.executeQuery(CompiledQuery.raw(begin));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    await this.#queue;
    const client = this.#client;
    this.#client = undefined;
    await client?.close();
    this.#unlock?.();
    this.#unlock = undefined;
  }
}

const COUNTED_COMMANDS = new Set(["INSERT", "UPDATE", "DELETE", "MERGE"]);

class PgliteConnection implements DatabaseConnection {
  constructor(readonly client: PGlite) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.client.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
    const command = (result as { command?: string }).command ?? "";
    return COUNTED_COMMANDS.has(command)
      ? { rows: result.rows, numAffectedRows: BigInt(result.affectedRows ?? 0) }
      : { rows: result.rows };
  }

  // biome-ignore lint/correctness/useYield: PGlite has no cursors; the method must still exist.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("PGlite does not support streaming queries");
  }
}
