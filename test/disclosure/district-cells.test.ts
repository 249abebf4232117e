import { describe, expect, it } from "vitest";
import type { Cell, Partition } from "../../src/disclosure/cell.ts";
import {
  type DistrictCell,
  type DistrictSchoolCell,
  decideDistrictCells,
} from "../../src/disclosure/district-cells.ts";
import { recoverableCells } from "./brute-force-attacker.ts";

/** Schools with ALL and EL cells; `hiddenEl` marks the school pass's hidden EL cells. */
function school(
  district: string,
  code: string,
  all: [number, number],
  el: [number, number],
  hiddenEl: boolean,
): DistrictSchoolCell[] {
  return [
    {
      district,
      school: code,
      level: "elementary",
      group: "ALL",
      n: all[0],
      numerator: all[1],
      hidden: false,
    },
    {
      district,
      school: code,
      level: "elementary",
      group: "EL",
      n: el[0],
      numerator: el[1],
      hidden: hiddenEl,
    },
  ];
}

/** Every district's pooled cells: the sums of its schools, as computeDistrictResults writes them. */
function pooled(schools: readonly DistrictSchoolCell[]): DistrictCell[] {
  const out = new Map<string, DistrictCell>();
  for (const s of schools) {
    const key = `${s.district}|${s.group}`;
    const d = out.get(key) ?? { district: s.district, group: s.group, n: 0, numerator: 0 };
    out.set(key, { ...d, n: d.n + s.n, numerator: (d.numerator ?? 0) + (s.numerator ?? 0) });
  }
  return [...out.values()];
}

/**
 * What a reader knows, written out independently of the code under test: every school's ALL and
 * EL with the implicit "not EL" remainder, each district = Σ its schools per group with its own
 * "not EL", and the network = Σ districts.
 */
function system(schools: readonly DistrictSchoolCell[], districts: readonly DistrictCell[]) {
  const cells: Cell[] = [];
  const partitions: Partition[] = [];
  const table = (
    prefix: string,
    all: DistrictCell | DistrictSchoolCell,
    el: DistrictCell | DistrictSchoolCell,
  ) => {
    cells.push({ id: `${prefix}|ALL`, n: all.n, numerator: all.numerator });
    cells.push({ id: `${prefix}|EL`, n: el.n, numerator: el.numerator });
    cells.push({
      id: `${prefix}|~not_EL`,
      n: all.n - el.n,
      numerator: all.numerator! - el.numerator!,
      implicit: true,
    });
    partitions.push({ total: `${prefix}|ALL`, parts: [`${prefix}|EL`, `${prefix}|~not_EL`] });
  };
  const codes = [...new Set(schools.map((s) => s.school))];
  for (const code of codes) {
    const of = schools.filter((s) => s.school === code);
    table(`S|${code}`, of.find((s) => s.group === "ALL")!, of.find((s) => s.group === "EL")!);
  }
  const ids = [...new Set(districts.map((d) => d.district))];
  for (const id of ids) {
    const of = districts.filter((d) => d.district === id);
    table(`D|${id}`, of.find((d) => d.group === "ALL")!, of.find((d) => d.group === "EL")!);
    for (const g of ["ALL", "EL"])
      partitions.push({
        total: `D|${id}|${g}`,
        parts: [...new Set(schools.filter((s) => s.district === id).map((s) => s.school))].map(
          (c) => `S|${c}|${g}`,
        ),
      });
  }
  const sum = (g: string) => districts.filter((d) => d.group === g);
  table(
    "N",
    {
      district: "N",
      group: "ALL",
      n: sum("ALL").reduce((s, d) => s + d.n, 0),
      numerator: sum("ALL").reduce((s, d) => s + d.numerator!, 0),
    },
    {
      district: "N",
      group: "EL",
      n: sum("EL").reduce((s, d) => s + d.n, 0),
      numerator: sum("EL").reduce((s, d) => s + d.numerator!, 0),
    },
  );
  for (const g of ["ALL", "EL"])
    partitions.push({ total: `N|${g}`, parts: ids.map((id) => `D|${id}|${g}`) });
  return { cells, partitions };
}

describe("decideDistrictCells(schools, districts, minN)", () => {
  it("hides a district cell that would give away a school's hidden cell by subtraction, and nothing hidden can be recovered", () => {
    const schools = [
      ...school("A", "A1", [100, 30], [5, 2], true), // the school pass hid A1's EL (n = 5)
      ...school("A", "A2", [200, 50], [40, 10], false),
      ...school("B", "B1", [150, 20], [30, 6], false),
      ...school("B", "B2", [120, 40], [25, 9], false),
      ...school("C", "C1", [90, 10], [22, 5], false),
    ];
    const districts = pooled(schools);
    const decided = decideDistrictCells(schools, districts, 20);
    // District A's EL (45 = 5 + 40) minus A2's shown 40 is A1's hidden 5.
    expect(decided.districts.get("D|A|EL")).toEqual({ suppressed: true, reason: "complementary" });
    expect(decided.districts.get("D|A|ALL")?.suppressed).toBe(false);
    const { cells, partitions } = system(schools, districts);
    const hidden = new Set<string>(["S|A1|EL"]);
    for (const [id, d] of [...decided.districts, ...decided.network])
      if (d.suppressed) hidden.add(id);
    for (const c of cells) if (c.implicit) hidden.add(c.id);
    const attack = recoverableCells(cells, partitions, hidden);
    expect(attack.n).not.toContain("S|A1|EL");
    expect(attack.numerator).not.toContain("S|A1|EL");
    expect(attack.n).not.toContain("D|A|EL");
    expect(attack.numerator).not.toContain("D|A|EL");
  });

  it("without the district's decisions the attacker does recover the school's hidden cell (the test can fail)", () => {
    const schools = [
      ...school("A", "A1", [100, 30], [5, 2], true),
      ...school("A", "A2", [200, 50], [40, 10], false),
      ...school("B", "B1", [150, 20], [30, 6], false),
    ];
    const districts = pooled(schools);
    const { cells, partitions } = system(schools, districts);
    const hidden = new Set<string>([
      "S|A1|EL",
      ...cells.filter((c) => c.implicit).map((c) => c.id),
    ]);
    expect(recoverableCells(cells, partitions, hidden).n).toContain("S|A1|EL");
  });

  it("primary-suppresses a small district group and protects it from ALL minus the other groups", () => {
    const schools = [
      ...school("A", "A1", [24, 9], [6, 2], true),
      ...school("A", "A2", [22, 8], [7, 3], true),
      ...school("B", "B1", [50, 15], [21, 6], false),
    ];
    const districts = pooled(schools);
    const decided = decideDistrictCells(schools, districts, 20);
    expect(decided.districts.get("D|A|EL")).toEqual({ suppressed: true, reason: "small_n" });
    const { cells, partitions } = system(schools, districts);
    const hidden = new Set<string>(["S|A1|EL", "S|A2|EL"]);
    for (const [id, d] of [...decided.districts, ...decided.network])
      if (d.suppressed) hidden.add(id);
    for (const c of cells) if (c.implicit) hidden.add(c.id);
    const attack = recoverableCells(cells, partitions, hidden);
    for (const id of ["S|A1|EL", "S|A2|EL", "D|A|EL"]) {
      expect(attack.n).not.toContain(id);
      expect(attack.numerator).not.toContain(id);
    }
    // Shown: district B and the network's ALL.
    expect(decided.districts.get("D|B|ALL")?.suppressed).toBe(false);
    expect(decided.network.get("N|ALL")?.suppressed).toBe(false);
  });
});
