import { describe, expect, it } from "vitest";
import type { Cell, Partition } from "../../src/disclosure/cell.ts";
import {
  type GroupCount,
  groupCellId,
  groupPartitions,
} from "../../src/disclosure/group-partitions.ts";
import { linearlyDeterminedCells } from "../../src/disclosure/linear-disclosure.ts";
import { suppressCells, UnknownCellError } from "../../src/disclosure/suppress-cells.ts";
import { recoverableCells } from "./brute-force-attacker.ts";

const cell = (id: string, n: number, numerator: number | null = null, implicit = false): Cell => ({
  id,
  n,
  numerator,
  implicit,
});

function hiddenIds(result: ReturnType<typeof suppressCells>): Set<string> {
  return new Set([...result.cells].filter(([, s]) => s.suppressed).map(([id]) => id));
}

describe("suppressCells(cells, partitions, minN)", () => {
  it("hides a cell below min n with reason small_n and shows the rest", () => {
    const result = suppressCells([cell("a", 19), cell("b", 20)], [], 20);
    expect(result.cells.get("a")).toEqual({ suppressed: true, reason: "small_n" });
    expect(result.cells.get("b")).toEqual({ suppressed: false, reason: null });
  });

  it("hides the next-smallest part when a partition would have a single hidden cell", () => {
    const cells = [cell("all", 100, 40), cell("x", 5, 2), cell("y", 30, 10), cell("z", 65, 28)];
    const result = suppressCells(cells, [{ total: "all", parts: ["x", "y", "z"] }], 20);
    expect(result.cells.get("x")?.reason).toBe("small_n");
    expect(result.cells.get("y")).toEqual({ suppressed: true, reason: "complementary" });
    expect(result.cells.get("z")?.suppressed).toBe(false);
    expect(result.cells.get("all")?.suppressed).toBe(false);
  });

  it("hides a large group whose implicit complement is small (95% SED school)", () => {
    const { cells, partitions } = groupPartitions("s", [
      { group: "ALL", n: 300, numerator: 60 },
      { group: "SED", n: 290, numerator: 55 },
    ]);
    const result = suppressCells(cells, partitions, 20);
    expect(result.cells.get(groupCellId("s", "SED"))).toEqual({
      suppressed: true,
      reason: "complementary",
    });
    expect(result.cells.get(groupCellId("s", "ALL"))?.suppressed).toBe(false);
  });

  it("leaves a small binary group protected by its large hidden complement alone", () => {
    const { cells, partitions } = groupPartitions("s", [
      { group: "ALL", n: 300, numerator: 60 },
      { group: "EL", n: 6, numerator: 2 },
      { group: "SED", n: 150, numerator: 40 },
    ]);
    const hidden = hiddenIds(suppressCells(cells, partitions, 20));
    expect([...hidden]).toEqual([groupCellId("s", "EL")]);
  });

  it("keeps hiding until a hidden rate is not pinned to 0%: adds a part with counted students", () => {
    // x and y have no one counted; hiding only them would show their rate is 0% by subtraction.
    const cells = [
      cell("all", 100, 30),
      cell("x", 5, 0),
      cell("y", 8, 0),
      cell("z", 40, 10),
      cell("w", 47, 20),
    ];
    const result = suppressCells(cells, [{ total: "all", parts: ["x", "y", "z", "w"] }], 20);
    expect(hiddenIds(result)).toEqual(new Set(["x", "y", "z"]));
    expect(result.extremeTotals).toEqual([]);
  });

  it("reports a partition whose total rate is 0% as an extreme total instead of hiding the total", () => {
    const cells = [cell("all", 40, 0), cell("x", 5, 0), cell("y", 35, 0)];
    const partition = { total: "all", parts: ["x", "y"] };
    const result = suppressCells(cells, [partition], 20);
    expect(hiddenIds(result)).toEqual(new Set(["x", "y"]));
    expect(result.extremeTotals).toEqual([partition]);
  });

  it("protects a cell across two crossing partitions (schools summing to a district)", () => {
    // 2 schools × 2 groups, district totals per group and per school: a 2-D table.
    const cells = [
      cell("s1|A", 5, 1),
      cell("s1|B", 50, 10),
      cell("s2|A", 40, 8),
      cell("s2|B", 45, 9),
      cell("s1", 55, 11),
      cell("s2", 85, 17),
      cell("d|A", 45, 9),
      cell("d|B", 95, 19),
    ];
    const partitions: Partition[] = [
      { total: "s1", parts: ["s1|A", "s1|B"] },
      { total: "s2", parts: ["s2|A", "s2|B"] },
      { total: "d|A", parts: ["s1|A", "s2|A"] },
      { total: "d|B", parts: ["s1|B", "s2|B"] },
    ];
    const hidden = hiddenIds(suppressCells(cells, partitions, 20));
    expect(hidden).toEqual(new Set(["s1|A", "s1|B", "s2|A", "s2|B"]));
    expect(linearlyDeterminedCells(hidden, partitions)).toEqual([]);
  });

  it("names an unknown cell referenced by a partition", () => {
    expect(() => suppressCells([cell("a", 5)], [{ total: "a", parts: ["nope"] }], 20)).toThrow(
      new UnknownCellError("nope"),
    );
  });
});

describe("linearlyDeterminedCells(hidden, partitions)", () => {
  it("finds a lone hidden part and clears two hidden parts of one partition", () => {
    const p = [{ total: "t", parts: ["a", "b", "c"] }];
    expect(linearlyDeterminedCells(new Set(["a"]), p)).toEqual(["a"]);
    expect(linearlyDeterminedCells(new Set(["a", "b"]), p)).toEqual([]);
  });

  it("finds a cell pinned by a chain of partitions", () => {
    // a+b = known, b+c = known, a+c = known → each is determined (a = (1st − 2nd + 3rd)/2).
    const p = [
      { total: "t1", parts: ["a", "b"] },
      { total: "t2", parts: ["b", "c"] },
      { total: "t3", parts: ["a", "c"] },
    ];
    expect(linearlyDeterminedCells(new Set(["a", "b", "c"]), p).sort()).toEqual(["a", "b", "c"]);
  });
});

/** Seeded PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Student {
  race: string;
  el: boolean;
  sed: boolean;
  counted: boolean;
}

function randomSchool(rand: () => number, size: number): Student[] {
  const races = ["HI", "AS", "WH", "NR"];
  const weights = [rand(), rand() * 0.5, rand() * 0.3, rand() * 0.1];
  const sum = weights.reduce((a, b) => a + b, 0);
  return Array.from({ length: size }, () => {
    let u = rand() * sum;
    let race = races[races.length - 1]!;
    for (let i = 0; i < races.length; i++) {
      u -= weights[i]!;
      if (u <= 0) {
        race = races[i]!;
        break;
      }
    }
    return { race, el: rand() < 0.2, sed: rand() < 0.85, counted: rand() < 0.3 };
  });
}

function groupCounts(students: readonly Student[]): GroupCount[] {
  const groups: [string, (s: Student) => boolean][] = [
    ["ALL", () => true],
    ["HI", (s) => s.race === "HI"],
    ["AS", (s) => s.race === "AS"],
    ["WH", (s) => s.race === "WH"],
    ["EL", (s) => s.el],
    ["SED", (s) => s.sed],
  ];
  return groups.flatMap(([group, member]) => {
    const members = students.filter(member);
    if (members.length === 0) return [];
    return [{ group, n: members.length, numerator: members.filter((s) => s.counted).length }];
  });
}

describe("differencing: no suppressed cell can be recovered from the visible ones", () => {
  it("holds for 150 random school tables (ALL, race groups with a remainder, EL, SED)", () => {
    const rand = random(20240601);
    const minN = 5;
    let hiddenSeen = 0;
    for (let t = 0; t < 150; t++) {
      const students = randomSchool(rand, 5 + Math.floor(rand() * 20));
      const { cells, partitions } = groupPartitions("s", groupCounts(students));
      const result = suppressCells(cells, partitions, minN);
      const hidden = new Set([
        ...hiddenIds(result),
        ...cells.filter((c) => c.implicit && c.n > 0).map((c) => c.id),
      ]);
      const sensitive = cells
        .filter((c) => hidden.has(c.id) && (!c.implicit || c.n < minN))
        .map((c) => c.id);
      hiddenSeen += sensitive.length;
      const attack = recoverableCells(cells, partitions, hidden);
      const extremeMembers = new Set(result.extremeTotals.flatMap((p) => p.parts));
      for (const id of sensitive) {
        expect(attack.n, `table ${t}: n of ${id}`).not.toContain(id);
        if (!extremeMembers.has(id)) {
          expect(attack.numerator, `table ${t}: numerator of ${id}`).not.toContain(id);
        }
      }
      for (const p of result.extremeTotals) {
        const total = cells.find((c) => c.id === p.total)!;
        expect([0, total.n]).toContain(total.numerator);
      }
    }
    expect(hiddenSeen).toBeGreaterThan(100);
  });

  it("holds for 60 random districts of 3 schools with district totals per group", () => {
    const rand = random(7);
    const minN = 4;
    for (let t = 0; t < 60; t++) {
      const schools = [0, 1, 2].map(() => {
        const size = 4 + Math.floor(rand() * 10);
        return Array.from({ length: size }, () => ({
          group: rand() < 0.3 ? "A" : "B",
          counted: rand() < 0.4,
        }));
      });
      const cells: Cell[] = [];
      const partitions: Partition[] = [];
      const count = (rows: { counted: boolean }[]) => ({
        n: rows.length,
        numerator: rows.filter((r) => r.counted).length,
      });
      for (const g of ["A", "B"]) {
        cells.push({ id: `d|${g}`, ...count(schools.flat().filter((s) => s.group === g)) });
        partitions.push({ total: `d|${g}`, parts: schools.map((_, i) => `s${i}|${g}`) });
      }
      schools.forEach((rows, i) => {
        cells.push({ id: `s${i}`, ...count(rows) });
        for (const g of ["A", "B"]) {
          cells.push({ id: `s${i}|${g}`, ...count(rows.filter((r) => r.group === g)) });
        }
        partitions.push({ total: `s${i}`, parts: [`s${i}|A`, `s${i}|B`] });
      });
      const live = cells.filter((c) => c.n > 0);
      const liveIds = new Set(live.map((c) => c.id));
      const livePartitions = partitions.map((p) => ({
        total: p.total,
        parts: p.parts.filter((id) => liveIds.has(id)),
      }));
      const result = suppressCells(live, livePartitions, minN);
      const hidden = hiddenIds(result);
      if (hidden.size === 0) continue;
      const attack = recoverableCells(live, livePartitions, hidden);
      const extremeMembers = new Set(result.extremeTotals.flatMap((p) => [...p.parts, p.total]));
      for (const id of hidden) {
        expect(attack.n, `district ${t}: n of ${id}`).not.toContain(id);
        if (!extremeMembers.has(id)) {
          expect(attack.numerator, `district ${t}: numerator of ${id}`).not.toContain(id);
        }
      }
    }
  });

  it("is a test that can fail: primary suppression alone leaks a cell to the same attacker", () => {
    const cells = [cell("all", 30, 9), cell("x", 3, 1), cell("y", 27, 8)];
    const attack = recoverableCells(cells, [{ total: "all", parts: ["x", "y"] }], new Set(["x"]));
    expect(attack.n).toEqual(["x"]);
    expect(attack.numerator).toEqual(["x"]);
  });
});
