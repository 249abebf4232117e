import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Row } from "../../src/warehouse/warehouse.ts";
import { Warehouse } from "../../src/warehouse/warehouse.ts";

describe("Warehouse.stream(sql, params, signal)", () => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await Warehouse.open(":memory:");
    await warehouse.run(
      `CREATE TABLE t AS SELECT range AS i, 'row ' || range AS label, range * 3_000_000_000 AS big,
         CASE WHEN range % 5 = 0 THEN NULL ELSE range / 7 END AS ratio FROM range(5000)`,
    );
  });
  afterAll(() => warehouse.close());

  it("yields the rows all() returns, converted the same way, a DuckDB chunk or `rows` at a time", async () => {
    const sql = "SELECT * FROM t WHERE i >= ? ORDER BY i DESC";
    const chunks: Row[][] = [];
    for await (const chunk of warehouse.stream(sql, [10])) chunks.push(chunk);
    expect(chunks.map((c) => c.length)).toEqual([2048, 2048, 894]);
    expect(chunks.flat()).toEqual(await warehouse.all(sql, [10]));
    const pieces: Row[][] = [];
    for await (const piece of warehouse.stream(sql, [10], { rows: 1000 })) pieces.push(piece);
    expect(pieces.map((c) => c.length)).toEqual([1000, 1000, 48, 1000, 1000, 48, 894]);
    expect(pieces.flat()).toEqual(chunks.flat());
  });

  it("interrupts the running statement when the signal aborts, and the connection runs the next", async () => {
    const abort = new AbortController();
    // Minutes of work: only the interrupt ends it within the test's time.
    const rows = warehouse.stream(
      "SELECT sum(a.range * b.range % 7) AS s FROM range(10_000_000) a, range(10_000_000) b",
      [],
      { signal: abort.signal },
    );
    setTimeout(() => abort.abort(new Error("the client left")), 100);
    await expect(rows.next()).rejects.toThrow("the client left");
    expect((await warehouse.one<{ n: number }>("SELECT count(*) AS n FROM t")).n).toBe(5000);
  });

  it("stops between chunks when the signal aborts", async () => {
    const abort = new AbortController();
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const chunk of warehouse.stream("SELECT i FROM t ORDER BY i", [], {
          signal: abort.signal,
        })) {
          seen.push(chunk.length);
          abort.abort(new Error("enough"));
        }
      })(),
    ).rejects.toThrow("enough");
    expect(seen).toEqual([2048]);
  });
});
