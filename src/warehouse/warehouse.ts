import {
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBValue,
  JSDuckDBValueConverter,
} from "@duckdb/node-api";
import { migrateInputTables } from "./migrate-input-tables.ts";
import { warehouseInputDdl } from "./schema.ts";

/**
 * The storage format new warehouse files are written in (an existing file keeps its own).
 * DuckDB's default writes files that DuckDB 0.10.2 can still read, which leaves out the newer
 * compression methods; with this version's, ingest of the 1.2M-student network took 75.3 s on
 * average against 82.1 s (4 alternating pairs, each pair faster) and the file is 4% smaller.
 * Files written so can be opened by DuckDB 1.5 or later only; the warehouse is read by this
 * package's own DuckDB.
 */
const STORAGE_VERSION = "v1.5.0";

/** A plain row as returned by {@link Warehouse.all}: column name to JS value. */
export type Row = Record<string, unknown>;

/** Runs a statement on some connection of the database and gives back what it gave. */
export type LendConnection = <T>(statement: (connection: Warehouse) => Promise<T>) => Promise<T>;

/**
 * The DuckDB warehouse: one file (or ":memory:" in tests) owned by one process. A thin wrapper
 * over a single connection with helpers that return plain objects; or, made by
 * {@link Warehouse.lending}, a view of the database that runs each statement on whatever
 * connection a pool lends it, so that statements of different callers run at once.
 */
export class Warehouse {
  private constructor(
    readonly path: string,
    readonly instance: DuckDBInstance,
    /** Null when each statement runs on a lent connection. */
    private readonly own: DuckDBConnection | null,
    /** False for a connection from {@link connect}: closing it leaves the database open. */
    private readonly ownsInstance: boolean,
    private readonly lend: LendConnection | null = null,
  ) {}

  /** Opens (creating when missing) the warehouse at `path` and ensures the input tables exist. */
  static async open(
    path = ":memory:",
    options: { threads?: number; memoryLimit?: string } = {},
  ): Promise<Warehouse> {
    const config: Record<string, string> = { storage_compatibility_version: STORAGE_VERSION };
    if (options.threads !== undefined) config.threads = String(options.threads);
    if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
    const instance = await DuckDBInstance.create(path, config);
    const connection = await instance.connect();
    const warehouse = new Warehouse(path, instance, connection, true);
    for (const ddl of warehouseInputDdl()) await warehouse.run(ddl);
    await migrateInputTables(warehouse);
    return warehouse;
  }

  /**
   * A view of `warehouse`'s database whose every statement runs on a connection `lend` gives it
   * for that statement alone (a pool's): statements of different callers run at the same time.
   * It has no connection of its own, so no transaction and no stream (hold one of the pool's).
   */
  static lending(warehouse: Warehouse, lend: LendConnection): Warehouse {
    return new Warehouse(warehouse.path, warehouse.instance, null, false, lend);
  }

  /** This warehouse's own connection (a lending view has none). */
  get connection(): DuckDBConnection {
    if (!this.own) throw new Error(`${NO_CONNECTION}: hold one of the pool's connections`);
    return this.own;
  }

  /**
   * Another connection to the same database, for work that runs at the same time as this one's
   * (its own transactions and temporary tables). Close it before closing this warehouse.
   */
  async connect(): Promise<Warehouse> {
    return new Warehouse(this.path, this.instance, await this.instance.connect(), false);
  }

  /** Runs a statement (or several separated by semicolons) with optional positional parameters. */
  async run(sql: string, params: DuckDBValue[] = []): Promise<void> {
    if (this.lend) return this.lend((connection) => connection.run(sql, params));
    if (params.length === 0) await this.connection.run(sql);
    else await this.connection.run(sql, params);
  }

  /** Runs a query and returns its rows as objects (BIGINT as JS number when it fits, else bigint). */
  async all<T extends Row = Row>(sql: string, params: DuckDBValue[] = []): Promise<T[]> {
    if (this.lend) return this.lend((connection) => connection.all<T>(sql, params));
    const reader =
      params.length === 0
        ? await this.connection.runAndReadAll(sql)
        : await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJS().map(normalizeRow) as T[];
  }

  /** Runs a query expected to return exactly one row. */
  async one<T extends Row = Row>(sql: string, params: DuckDBValue[] = []): Promise<T> {
    const rows = await this.all<T>(sql, params);
    if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}: ${sql}`);
    return rows[0]!;
  }

  /**
   * Runs a query and yields its rows as {@link all} converts them, a DuckDB chunk (up to 2,048
   * rows) at a time or in pieces of at most `rows` rows (each converted when asked for), fetching
   * the next chunk only when the consumer asks for it: a consumer that stops early leaves the
   * rest unread. When `signal` aborts, the statement running on the connection (a sort, the next
   * chunk) is interrupted and the iteration throws the signal's reason. The connection runs
   * nothing else until the iteration ends.
   */
  async *stream<T extends Row = Row>(
    sql: string,
    params: DuckDBValue[] = [],
    options: { signal?: AbortSignal; rows?: number } = {},
  ): AsyncGenerator<T[], void, undefined> {
    const { signal } = options;
    const connection = this.connection;
    signal?.throwIfAborted();
    const interrupt = () => connection.interrupt();
    signal?.addEventListener("abort", interrupt, { once: true });
    try {
      const result =
        params.length === 0 ? await connection.stream(sql) : await connection.stream(sql, params);
      const names = result.deduplicatedColumnNames();
      for (;;) {
        signal?.throwIfAborted();
        const chunk = await result.fetchChunk();
        signal?.throwIfAborted();
        if (!chunk || chunk.rowCount === 0) return;
        const size = chunk.rowCount;
        const piece = Math.min(size, options.rows ?? size);
        for (let start = 0; start < size; start += piece) {
          const rows: Row[] = [];
          for (let i = start; i < Math.min(size, start + piece); i++) {
            const row: Row = {};
            chunk.visitRowValues(i, (value, _row, column, type) => {
              row[names[column]!] = JSDuckDBValueConverter(value, type, JSDuckDBValueConverter);
            });
            rows.push(normalizeRow(row));
          }
          yield rows as T[];
          signal?.throwIfAborted();
        }
      }
    } catch (error) {
      // An interrupted statement fails with DuckDB's own error; the caller asked for the abort.
      signal?.throwIfAborted();
      throw error;
    } finally {
      signal?.removeEventListener("abort", interrupt);
    }
  }

  /** Runs `work` inside a transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.lend) throw new Error(`${NO_CONNECTION}: a transaction needs one of the pool's`);
    await this.run("BEGIN TRANSACTION");
    try {
      const result = await work();
      await this.run("COMMIT");
      return result;
    } catch (error) {
      await this.run("ROLLBACK");
      throw error;
    }
  }

  /** Closes the connection and, unless it came from {@link connect}, the database (flushes the file). */
  close(): void {
    this.own?.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }
}

const NO_CONNECTION =
  "this warehouse lends each statement a pooled connection and has none of its own";

function normalizeRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] =
      typeof value === "bigint" &&
      value <= BigInt(Number.MAX_SAFE_INTEGER) &&
      value >= BigInt(Number.MIN_SAFE_INTEGER)
        ? Number(value)
        : value;
  }
  return out;
}
