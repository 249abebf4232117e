import { Warehouse } from "./warehouse.ts";

/** How busy a pool is: its connections lent out now, and the callers waiting for one. */
export interface PoolActivity {
  readonly size: number;
  readonly busy: number;
  readonly waiting: number;
}

interface Waiter {
  readonly grant: (connection: Warehouse) => void;
  readonly refuse: (reason: unknown) => void;
}

/**
 * Up to `size` connections to one warehouse database, each lent to one caller at a time. DuckDB
 * runs the statements of different connections at the same time (one connection runs one
 * statement at a time), so callers of a pool read side by side. Connections are opened when first
 * needed and kept; when all are lent, callers wait their turn, first come first served.
 */
export class ConnectionPool {
  private readonly idle: Warehouse[] = [];
  private readonly waiters: Waiter[] = [];
  private opened = 0;
  private lent = 0;
  private closed = false;
  /** {@link Warehouse.lending} over this pool: each statement on whichever connection is free. */
  readonly warehouse: Warehouse;

  constructor(
    private readonly database: Warehouse,
    readonly size: number,
  ) {
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`a connection pool needs a whole number of connections ≥ 1, got ${size}`);
    this.warehouse = Warehouse.lending(database, (statement) => this.hold(statement));
  }

  /**
   * Runs `work` with a connection of its own, given back to the pool when `work` settles. Waits
   * while all are lent; `signal` aborting the wait rejects with its reason (the caller left).
   */
  async hold<T>(work: (connection: Warehouse) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const connection = await this.acquire(signal);
    try {
      return await work(connection);
    } finally {
      this.release(connection);
    }
  }

  /** Connections lent and callers waiting now. */
  get activity(): PoolActivity {
    return { size: this.size, busy: this.lent, waiting: this.waiters.length };
  }

  /** Closes the idle connections (and each lent one when it comes back); refuses every waiter. */
  close(): void {
    this.closed = true;
    for (const connection of this.idle.splice(0)) connection.close();
    for (const waiter of this.waiters.splice(0)) waiter.refuse(new Error("the pool is closed"));
  }

  private async acquire(signal?: AbortSignal): Promise<Warehouse> {
    signal?.throwIfAborted();
    if (this.closed) throw new Error("the pool is closed");
    const idle = this.idle.pop();
    if (idle) {
      this.lent++;
      return idle;
    }
    if (this.opened < this.size) {
      this.opened++;
      this.lent++;
      try {
        return await this.database.connect();
      } catch (error) {
        this.opened--;
        this.lent--;
        throw error;
      }
    }
    return new Promise<Warehouse>((resolve, reject) => {
      const leave = () => {
        const at = this.waiters.indexOf(waiter);
        if (at !== -1) this.waiters.splice(at, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: (connection) => {
          signal?.removeEventListener("abort", leave);
          this.lent++;
          resolve(connection);
        },
        refuse: (reason) => {
          signal?.removeEventListener("abort", leave);
          reject(reason);
        },
      };
      this.waiters.push(waiter);
      signal?.addEventListener("abort", leave, { once: true });
    });
  }

  private release(connection: Warehouse): void {
    this.lent--;
    if (this.closed) {
      connection.close();
      return;
    }
    const next = this.waiters.shift();
    if (next) next.grant(connection);
    else this.idle.push(connection);
  }
}
