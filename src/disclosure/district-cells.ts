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
 * The tables are decided together by {@link suppressCells} with the school pass's hidden cells
 * forced; where it would hide one more school cell (a school the school report shows), the
 * district cell of that group is hidden instead and the tables decided again. A last exact
 * check over every equation (the schools' own group tables included) hides the whole group's
 * district and network column when a sensitive cell is still pinned, then the whole measure.
 */
export function decideDistrictCells(
  schools: readonly DistrictSchoolCell[],
  districts: readonly DistrictCell[],
  minN: number,
): DistrictDecisions {
  const cells: Cell[] = [];
  const partitions: Partition[] = [];
  const byDistrict = new Map<string, DistrictCell[]>();
  for (const d of districts) {
    const list = byDistrict.get(d.district) ?? [];
    list.push(d);
    byDistrict.set(d.district, list);
  }
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
  const network_ = groupPartitions("N", network);
  cells.push(...network_.cells);
  partitions.push(...network_.partitions);
  for (const [district, rows] of byDistrict) {
    const built = groupPartitions(`D|${district}`, rows);
    cells.push(...built.cells);
    partitions.push(...built.partitions);
  }
  for (const group of groups)
    partitions.push({
      total: networkCellId(group),
      parts: districts
        .filter((d) => d.group === group)
        .map((d) => districtCellId(d.district, d.group)),
    });
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
  for (const d of districts)
    partitions.push({
      total: districtCellId(d.district, d.group),
      parts: schools
        .filter((s) => s.district === d.district && s.group === d.group)
        .map(schoolCellId),
    });
  const districtOfCell = new Map(
    schools.map((s) => [schoolCellId(s), districtCellId(s.district, s.group)]),
  );
  // The district cells are shown: groupPartitions' ids are `D|district|group`, as districtCellId.
  const forced = new Set(forcedSchools);
  let decided = suppressCells(cells, partitions, minN, forced);
  for (let round = 0; round < 50; round++) {
    const extra = [...schoolIds].filter(
      (id) => !forcedSchools.has(id) && decided.cells.get(id)?.suppressed,
    );
    if (extra.length === 0) break;
    for (const id of extra) forced.add(districtOfCell.get(id)!);
    decided = suppressCells(cells, partitions, minN, forced);
  }
  const hidden = new Set(
    [...decided.cells].filter(([id, d]) => d.suppressed && !schoolIds.has(id)).map(([id]) => id),
  );
  // A school cell the rounds still hid stays shown on its report: the exact check below then
  // hides whole columns instead.
  const schoolPartitions: Partition[] = [];
  const schoolCells: Cell[] = [];
  for (const [key, list] of schoolGroupTables) {
    const built = groupPartitions(
      `S|${key}`,
      list.map((s) => ({ group: s.group, n: s.n, numerator: s.numerator })),
    );
    schoolCells.push(...built.cells.filter((c) => c.implicit));
    schoolPartitions.push(...built.partitions);
  }
  const sensitive = new Set<string>([
    ...forcedSchools,
    ...cells.filter((c) => c.n > 0 && c.n < minN).map((c) => c.id),
    ...schoolCells.filter((c) => c.n > 0 && c.n < minN).map((c) => c.id),
  ]);
  const all = [...partitions, ...schoolPartitions];
  const implicitIds = [...cells, ...schoolCells].filter((c) => c.implicit).map((c) => c.id);
  const determined = (shownHidden: Iterable<string>) =>
    linearlyDeterminedCells(new Set([...shownHidden, ...forcedSchools, ...implicitIds]), all);
  // What the schools' own cells give away whatever the district table shows is not its to guard.
  const anyway = new Set(determined(cells.filter((c) => !schoolIds.has(c.id)).map((c) => c.id)));
  const pinned = () => determined(hidden).filter((id) => sensitive.has(id) && !anyway.has(id));
  const columnOf = (group: string) => [
    networkCellId(group),
    ...districts.filter((d) => d.group === group).map((d) => districtCellId(d.district, group)),
  ];
  for (let stuck = pinned(); stuck.length > 0; stuck = pinned()) {
    const before = hidden.size;
    const groupsOf = new Set(stuck.map((id) => id.split("|").at(-1)!));
    for (const g of groupsOf) for (const id of columnOf(g)) hidden.add(id);
    if (hidden.size === before) {
      for (const g of groups) for (const id of columnOf(g)) hidden.add(id);
      break;
    }
  }
  const decision = (id: string): CellSuppression => {
    if (!hidden.has(id)) return { suppressed: false, reason: null };
    const c = cells.find((x) => x.id === id);
    const small = c !== undefined && c.n > 0 && c.n < minN;
    return { suppressed: true, reason: small ? "small_n" : "complementary" };
  };
  return {
    districts: new Map(
      districts.map((d) => [
        districtCellId(d.district, d.group),
        decision(districtCellId(d.district, d.group)),
      ]),
    ),
    network: new Map(
      network.map((c) => [networkCellId(c.group), decision(networkCellId(c.group))]),
    ),
  };
}
