import { RACE_GROUPS } from "../domain/codes.ts";
import type { Cell, Partition } from "./cell.ts";

/** One student group's counts in a table keyed by `key` (e.g. a school × metric). */
export interface GroupCount {
  readonly group: string;
  readonly n: number;
  readonly numerator: number | null;
}

/** Groups each of which splits ALL in two: the group and its implicit complement. */
export const BINARY_GROUPS = ["EL", "RFEP", "SED", "SWD", "FOS", "HOM"] as const;

/** The cell id of a group within a table key. */
export function groupCellId(key: string, group: string): string {
  return `${key}|${group}`;
}

/**
 * The cells and partitions of one table of student groups beside its ALL total:
 * - race groups plus an implicit remainder (students of no reported race group) make up ALL;
 * - each binary group (EL, SED, SWD, …) plus its implicit complement ("not EL") makes up ALL.
 * Remainders are computed from ALL minus the shown groups; a negative remainder (inconsistent
 * input) drops that partition rather than invent an equation. Without an ALL row there is no
 * total to subtract from and no partition.
 */
export function groupPartitions(
  key: string,
  rows: readonly GroupCount[],
): { cells: Cell[]; partitions: Partition[] } {
  const cells: Cell[] = rows.map((r) => ({
    id: groupCellId(key, r.group),
    n: r.n,
    numerator: r.numerator,
  }));
  const all = rows.find((r) => r.group === "ALL");
  const partitions: Partition[] = [];
  if (!all) return { cells, partitions };
  const total = groupCellId(key, "ALL");
  const remainder = (label: string, parts: readonly GroupCount[]) => {
    const n = all.n - parts.reduce((s, r) => s + r.n, 0);
    if (n < 0) return;
    const numerator =
      all.numerator === null || parts.some((r) => r.numerator === null)
        ? null
        : all.numerator - parts.reduce((s, r) => s + r.numerator!, 0);
    const id = groupCellId(key, label);
    cells.push({ id, n, numerator, implicit: true });
    partitions.push({ total, parts: [...parts.map((r) => groupCellId(key, r.group)), id] });
  };
  const races = rows.filter((r) => (RACE_GROUPS as readonly string[]).includes(r.group));
  if (races.length > 0) remainder("~no_race_group", races);
  for (const group of BINARY_GROUPS) {
    const row = rows.find((r) => r.group === group);
    if (row) remainder(`~not_${group}`, [row]);
  }
  return { cells, partitions };
}
