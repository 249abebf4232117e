import { describe, expect, it } from "vitest";
import { independentColumns } from "../../src/stats/independent-columns.ts";

function crossProduct(columns: number[][]): number[][] {
  return columns.map((a) => columns.map((b) => a.reduce((s, v, i) => s + v * b[i]!, 0)));
}

describe("independentColumns(xtx, tolerance)", () => {
  it("keeps every column of a full-rank matrix", () => {
    const xtx = crossProduct([
      [1, 2, 3, 4],
      [0, 1, 0, 1],
      [5, 1, 2, 0],
    ]);
    expect(independentColumns(xtx)).toEqual([0, 1, 2]);
  });

  it("drops a column without variation", () => {
    const xtx = crossProduct([
      [1, 2, 3, 4],
      [0, 0, 0, 0],
      [5, 1, 2, 0],
    ]);
    expect(independentColumns(xtx)).toEqual([0, 2]);
  });

  it("drops a column that is a combination of earlier ones, keeping the earlier ones", () => {
    const a = [1, 2, 3, 4, 5];
    const b = [0, 1, 0, 1, 1];
    const c = a.map((v, i) => 2 * v - 3 * b[i]!);
    const d = [3, 1, 4, 1, 5];
    expect(independentColumns(crossProduct([a, b, c, d]))).toEqual([0, 1, 3]);
  });

  it("drops a demeaned constant column left with rounding residue", () => {
    const a = [1, 2, 3, 4, 5];
    const residue = [1e-17, -2e-17, 0, 1e-17, 0];
    expect(independentColumns(crossProduct([a, residue]))).toEqual([0]);
  });

  it("is independent of the columns' units", () => {
    const a = [1, 2, 3, 4, 5].map((v) => v * 1e3);
    const b = [0, 1, 0, 1, 1].map((v) => v * 1e-3);
    expect(independentColumns(crossProduct([a, b]))).toEqual([0, 1]);
  });
});
