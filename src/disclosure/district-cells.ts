import type { Cell, CellSuppression, Partition } from "./cell.ts";
import { groupPartitions } from "./group-partitions.ts";
import { linearlyDeterminedCells } from "./linear-disclosure.ts";
import { suppressCells } from "./suppress-cells.ts";

/** One school × level cell of a measure, with the district it belongs to and its own decision. */
export interface DistrictSchoolCell {
  readonly district: string;
  readonly school: string;
  readonly level: string;
  readonly group: string;
  readonly n: number;
  readonly numerator: number | null;
  /** Hidden from this reader by the school-level pass. */
  readonly hidden: boolean;
}

/** One district (pooled) cell of a measure. */
export interface DistrictCell {
  readonly district: string;
  readonly group: string;
  readonly n: number;
  readonly numerator: number | null;
}

/** The decisions for one measure: each district's cells and the network's (Σ districts). */
export interface DistrictDecisions {
  readonly districts: ReadonlyMap<string, CellSuppression>;
  readonly network: ReadonlyMap<string, CellSuppression>;
}

export const districtCellId = (district: string, group: string) => `D|${district}|${group}`;
export const networkCellId = (group: string) => `N|${group}`;
const schoolCellId = (c: DistrictSchoolCell) => `S|${c.school}|${c.level}|${c.group}`;

/**
 * Disclosure of one measure's district table. The school cells are already decided (the school
 * pass, shown elsewhere) and never change here; the district cells are primary-suppressed on
 * their own n and hidden as complements so that no hidden cell — a district's, or a school's —
 * can be recovered from:
 * - a district's groups beside its ALL (race groups and binary groups, {@link groupPartitions});
 * - a district = Σ its school × level cells, per group (the school cells shown beside it);
 * - the network = Σ districts, per group, and its groups beside its ALL.
 *
 * Two stages. Each district with its schools: {@link suppressCells} with the school pass's hidden
 * cells forced; where it would hide one more school cell (one its report shows), the district cell
 * of that group is hidden instead and the table decided again; an exact check over every equation
 * (the schools' own group tables too) then hides the district's cells of a group, else all of
 * them, while a sensitive cell is still pinned. Then the network with every district: the
 * districts' hidden cells forced, the same rules and exact check (whole network columns hidden as
 * the fallback). Deciding each district apart keeps the exact checks small (they are cubic).
 */
export function decideDistrictCells(
  schools: readonly DistrictSchoolCell[],
  districts: readonly DistrictCell[],
  minN: number,
): DistrictDecisions {
  const byDistrict = new Map<string, DistrictCell[]>();
  for (const d of districts) {
    const list = byDistrict.get(d.district) ?? [];
    list.push(d);
    byDistrict.set(d.district, list);
  }
  const schoolsOf = new Map<string, DistrictSchoolCell[]>();
  for (const c of schools) {
    const list = schoolsOf.get(c.district) ?? [];
    list.push(c);
    schoolsOf.set(c.district, list);
  }
  const hidden = new Set<string>();
  // District cells its schools' shown cells give away anyway: no use as a complement.
  const known = new Set<string>();
  for (const [district, rows] of byDistrict) {
    const one = decideOneDistrict(district, rows, schoolsOf.get(district) ?? [], minN);
    for (const id of one.hidden) hidden.add(id);
    for (const id of one.known) known.add(id);
  }

  // The network over the districts.
  const groups = [...new Set(districts.map((d) => d.group))];
  const network = groups.map((group) => {
    const parts = districts.filter((d) => d.group === group);
    return {
      group,
      n: parts.reduce((s, d) => s + d.n, 0),
      numerator: parts.some((d) => d.numerator === null)
        ? null
        : parts.reduce((s, d) => s + d.numerator!, 0),
    };
  });
  const cells: Cell[] = [];
  const partitions: Partition[] = [];
  const built = groupPartitions("N", network);
  cells.push(...built.cells);
  partitions.push(...built.partitions);
  for (const [district, rows] of byDistrict) {
    const d = groupPartitions(`D|${district}`, rows);
    cells.push(...d.cells);
    partitions.push(...d.partitions);
  }
  for (const group of groups)
    partitions.push({
      total: networkCellId(group),
      parts: districts
        .filter((d) => d.group === group)
        .map((d) => districtCellId(d.district, group)),
    });
  // A known district cell hidden as a complement protects nothing: its network cell goes instead.
  const forced = new Set(hidden);
  let decided = suppressCells(cells, partitions, minN, forced);
  for (let round = 0; round < 50; round++) {
    const extra = [...known].filter((id) => !hidden.has(id) && decided.cells.get(id)?.suppressed);
    if (extra.length === 0) break;
    for (const id of extra) forced.add(networkCellId(id.split("|").at(-1)!));
    decided = suppressCells(cells, partitions, minN, forced);
  }
  for (const [id, d] of decided.cells) if (d.suppressed) hidden.add(id);
  const sensitive = new Set([
    ...hidden,
    ...cells.filter((c) => c.n > 0 && c.n < minN).map((c) => c.id),
  ]);
  const implicit = cells.filter((c) => c.implicit).map((c) => c.id);
  const pinned = () =>
    linearlyDeterminedCells(
      new Set([...hidden, ...implicit].filter((id) => !known.has(id))),
      partitions,
    ).filter((id) => sensitive.has(id) && !known.has(id));
  for (let stuck = pinned(); stuck.length > 0; stuck = pinned()) {
    const before = hidden.size;
    for (const id of stuck) hidden.add(networkCellId(id.split("|").at(-1)!));
    if (hidden.size === before) {
      for (const g of groups) hidden.add(networkCellId(g));
      break;
    }
  }
  const byId = new Map(cells.map((c) => [c.id, c]));
  const decision = (id: string): CellSuppression => {
    if (!hidden.has(id)) return { suppressed: false, reason: null };
    const c = byId.get(id);
    const small = c !== undefined && c.n > 0 && c.n < minN;
    return { suppressed: true, reason: small ? "small_n" : "complementary" };
  };
  return {
    districts: new Map(
      districts.map((d) => {
        const id = districtCellId(d.district, d.group);
        return [id, decision(id)];
      }),
    ),
    network: new Map(
      network.map((c) => [networkCellId(c.group), decision(networkCellId(c.group))]),
    ),
  };
}

/**
 * One district's hidden cells (ids `D|district|group`) beside its schools, and those its schools'
 * shown cells give away whatever the district table shows (`known`).
 */
function decideOneDistrict(
  district: string,
  rows: readonly DistrictCell[],
  schools: readonly DistrictSchoolCell[],
  minN: number,
): { hidden: Set<string>; known: Set<string> } {
  const built = groupPartitions(`D|${district}`, rows);
  const cells: Cell[] = [...built.cells];
  const partitions: Partition[] = [...built.partitions];
  const schoolIds = new Set<string>();
  const forcedSchools = new Set<string>();
  const schoolGroupTables = new Map<string, DistrictSchoolCell[]>();
  for (const s of schools) {
    const id = schoolCellId(s);
    schoolIds.add(id);
    cells.push({ id, n: s.n, numerator: s.numerator });
    if (s.hidden) forcedSchools.add(id);
    const key = `${s.school}|${s.level}`;
    const list = schoolGroupTables.get(key) ?? [];
    list.push(s);
    schoolGroupTables.set(key, list);
  }
  for (const d of rows)
    partitions.push({
      total: districtCellId(district, d.group),
      parts: schools.filter((s) => s.group === d.group).map(schoolCellId),
    });
  const districtOf = new Map(
    schools.map((s) => [schoolCellId(s), districtCellId(district, s.group)]),
  );
  const forced = new Set(forcedSchools);
  let decided = suppressCells(cells, partitions, minN, forced);
  for (let round = 0; round < 50; round++) {
    const extra = [...schoolIds].filter(
      (id) => !forcedSchools.has(id) && decided.cells.get(id)?.suppressed,
    );
    if (extra.length === 0) break;
    for (const id of extra) forced.add(districtOf.get(id)!);
    decided = suppressCells(cells, partitions, minN, forced);
  }
  const hidden = new Set(
    [...decided.cells].filter(([id, d]) => d.suppressed && !schoolIds.has(id)).map(([id]) => id),
  );
  // A school cell the rounds still hid stays shown on its report: the exact check below then
  // hides more of the district's cells instead.
  const schoolPartitions: Partition[] = [];
  const schoolImplicit: Cell[] = [];
  for (const [key, list] of schoolGroupTables) {
    const t = groupPartitions(
      `S|${key}`,
      list.map((s) => ({ group: s.group, n: s.n, numerator: s.numerator })),
    );
    schoolImplicit.push(...t.cells.filter((c) => c.implicit));
    schoolPartitions.push(...t.partitions);
  }
  const sensitive = new Set<string>([
    ...forcedSchools,
    ...[...cells, ...schoolImplicit].filter((c) => c.n > 0 && c.n < minN).map((c) => c.id),
  ]);
  const all = [...partitions, ...schoolPartitions];
  const implicitIds = [...cells, ...schoolImplicit].filter((c) => c.implicit).map((c) => c.id);
  const determined = (shownHidden: Iterable<string>) =>
    linearlyDeterminedCells(new Set([...shownHidden, ...forcedSchools, ...implicitIds]), all);
  // What the schools' own cells give away whatever the district table shows is not its to guard.
  const districtIds = rows.map((d) => districtCellId(district, d.group));
  const anyway = new Set(determined(districtIds));
  const pinned = () => determined(hidden).filter((id) => sensitive.has(id) && !anyway.has(id));
  for (let stuck = pinned(); stuck.length > 0; stuck = pinned()) {
    const before = hidden.size;
    for (const id of stuck) {
      const group = id.split("|").at(-1)!;
      if (districtIds.includes(districtCellId(district, group)))
        hidden.add(districtCellId(district, group));
    }
    if (hidden.size === before) {
      for (const id of districtIds) hidden.add(id);
      break;
    }
  }
  return {
    hidden: new Set([...hidden].filter((id) => districtIds.includes(id))),
    known: new Set(districtIds.filter((id) => anyway.has(id))),
  };
}
