import type { SuppressionReason } from "./cell.ts";
import { groupCellId, groupPartitions } from "./group-partitions.ts";
import { suppressCells } from "./suppress-cells.ts";

/** A results row of one student group (from `metric_results` or the like). */
export interface GroupResultRow {
  readonly school_code: string;
  readonly school_level: string;
  readonly metric: string;
  readonly student_group: string;
  readonly n: number;
  readonly numerator: number | null;
  readonly value: number | null;
}

/** The row as shown: hidden cells keep their place with n, numerator and value null. */
export type ShownGroupRow<R extends GroupResultRow> = Omit<R, "n" | "numerator" | "value"> & {
  readonly n: number | null;
  readonly numerator: number | null;
  readonly value: number | null;
  readonly suppressed: boolean;
  readonly suppression_reason: SuppressionReason | null;
};

/**
 * Applies primary and complementary suppression to group rows, table by table (school × level ×
 * metric: ALL beside its race groups and binary groups). `minN` gives each metric's min n. With
 * `apply` false (a reader allowed the same students row by row) values stay, but small cells are
 * still flagged.
 */
export function suppressGroupRows<R extends GroupResultRow>(
  rows: readonly R[],
  minN: (metric: string) => number,
  apply = true,
): ShownGroupRow<R>[] {
  const tables = new Map<string, R[]>();
  const keyOf = (r: R) => `${r.school_code}|${r.school_level}|${r.metric}`;
  for (const r of rows) {
    const key = keyOf(r);
    const list = tables.get(key);
    if (list) list.push(r);
    else tables.set(key, [r]);
  }
  const decided = new Map<string, { suppressed: boolean; reason: SuppressionReason | null }>();
  for (const [key, list] of tables) {
    const { cells, partitions } = groupPartitions(
      key,
      list.map((r) => ({ group: r.student_group, n: r.n, numerator: r.numerator })),
    );
    const metric = list[0]!.metric;
    for (const [id, s] of suppressCells(cells, partitions, minN(metric)).cells) decided.set(id, s);
  }
  return rows.map((r) => {
    const s = decided.get(groupCellId(keyOf(r), r.student_group)) ?? {
      suppressed: true,
      reason: "small_n" as const,
    };
    const hide = s.suppressed && apply;
    return {
      ...r,
      n: hide ? null : r.n,
      numerator: hide ? null : r.numerator,
      value: hide ? null : r.value,
      suppressed: apply ? s.suppressed : s.reason === "small_n",
      suppression_reason: apply ? s.reason : s.reason === "small_n" ? "small_n" : null,
    };
  });
}
