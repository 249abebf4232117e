import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConnectionPool } from "../../src/warehouse/connection-pool.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

/** A promise and what settles it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe("ConnectionPool(warehouse, size)", () => {
  let warehouse: Warehouse;
  let pool: ConnectionPool;
  beforeEach(async () => {
    warehouse = await Warehouse.open(":memory:");
    await warehouse.run("CREATE TABLE t AS SELECT range AS i FROM range(10)");
  });
  afterEach(() => {
    pool.close();
    warehouse.close();
  });

  it("lends its connections to holders at the same time (one holder waits on another)", async () => {
    pool = new ConnectionPool(warehouse, 2);
    const b = gate();
    const first = pool.hold(async (connection) => {
      await b.opened;
      return (await connection.one<{ n: number }>("SELECT count(*) AS n FROM t")).n;
    });
    const second = pool.hold(async (connection) => {
      const n = (await connection.one<{ n: number }>("SELECT sum(i) AS n FROM t")).n;
      b.open();
      return n;
    });
    expect(await Promise.all([first, second])).toEqual([10, 45]);
    expect(pool.activity).toEqual({ size: 2, busy: 0, waiting: 0 });
  });

  it("runs each statement of its warehouse on a free connection while others are held", async () => {
    pool = new ConnectionPool(warehouse, 2);
    const release = gate();
    const held = pool.hold(() => release.opened);
    expect((await pool.warehouse.one<{ n: number }>("SELECT count(*) AS n FROM t")).n).toBe(10);
    release.open();
    await held;
  });

  it("makes callers wait in turn when every connection is lent, and serves them first come first served", async () => {
    pool = new ConnectionPool(warehouse, 1);
    const release = gate();
    const order: string[] = [];
    const held = pool.hold(async () => {
      await release.opened;
      order.push("held");
    });
    const a = pool.hold(async () => {
      order.push("a");
    });
    const b = pool.warehouse.all("SELECT 1").then(() => order.push("b"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pool.activity).toEqual({ size: 1, busy: 1, waiting: 2 });
    expect(order).toEqual([]);
    release.open();
    await Promise.all([held, a, b]);
    expect(order).toEqual(["held", "a", "b"]);
  });

  it("lets a waiter whose signal aborts leave the line with the signal's reason", async () => {
    pool = new ConnectionPool(warehouse, 1);
    const release = gate();
    const held = pool.hold(() => release.opened);
    const left = new AbortController();
    const waiting = pool.hold(async () => "served", left.signal);
    await new Promise((resolve) => setTimeout(resolve, 20));
    left.abort(new Error("the client left"));
    await expect(waiting).rejects.toThrow("the client left");
    expect(pool.activity.waiting).toBe(0);
    release.open();
    await held;
    expect(await pool.hold(async () => "next")).toBe("next");
  });

  it("gives a connection back when the holder's work throws", async () => {
    pool = new ConnectionPool(warehouse, 1);
    await expect(pool.hold((c) => c.all("SELECT * FROM no_such_table"))).rejects.toThrow(
      /no_such_table/,
    );
    expect(pool.activity.busy).toBe(0);
    expect((await pool.warehouse.one<{ x: number }>("SELECT 7 AS x")).x).toBe(7);
  });

  it("refuses a size that is not a whole number of at least one", () => {
    pool = new ConnectionPool(warehouse, 1);
    expect(() => new ConnectionPool(warehouse, 0)).toThrow(/got 0/);
  });

  it("has no connection of its own on its warehouse: a transaction needs a held one", async () => {
    pool = new ConnectionPool(warehouse, 1);
    await expect(pool.warehouse.transaction(async () => 1)).rejects.toThrow(
      /a transaction needs one of the pool's/,
    );
    expect(() => pool.warehouse.connection).toThrow(/hold one/);
  });
});
