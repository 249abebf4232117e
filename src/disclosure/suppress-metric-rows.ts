import type { Framework } from "../domain/framework/framework-schema.ts";
import type { Cell, CellSuppression, Partition, SuppressionReason } from "./cell.ts";
import {
  type CompositeRelation,
  compositeMembers,
  compositeRelations,
} from "./composite-relations.ts";
import { groupCellId, groupPartitions } from "./group-partitions.ts";
import { minNOf } from "./min-n.ts";
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
  /** Survey participation floor met (decides which culture-climate components the composite averages). */
  readonly meets_floor?: boolean | null;
}

/** The row as shown: hidden cells keep their place with n, numerator and value null. */
export type ShownGroupRow<R extends GroupResultRow> = Omit<R, "n" | "numerator" | "value"> & {
  readonly n: number | null;
  readonly numerator: number | null;
  readonly value: number | null;
  readonly suppressed: boolean;
  readonly suppression_reason: SuppressionReason | null;
};

/** What decides a cell: each metric's min n and the composites beside their components. */
export interface CellRules {
  readonly minN: (metric: string) => number;
  readonly composites: readonly CompositeRelation[];
  /** False: the primary rule only (the framework's `suppression.complementary`). */
  readonly complementary?: boolean;
}

/** The rules of a framework. */
export function cellRules(framework: Framework): CellRules {
  return {
    minN: minNOf(framework),
    composites: compositeRelations(framework),
    complementary: framework.suppression.complementary,
  };
}

/** The key of one group cell in a decision map. */
export function cellKey(school: string, level: string, metric: string, group: string): string {
  return `${school}|${level}|${metric}|${group}`;
}

/** Decisions for group cells, by {@link cellKey}. */
export type CellDecisions = ReadonlyMap<string, CellSuppression>;

/**
 * Primary and complementary suppression of group rows, one school × level at a time: every
 * measure's table (ALL beside its race groups and binary groups, see {@link groupPartitions}),
 * the composites' respondent counts as partitions of their members' (culture-climate), and the
 * composites' means: where a composite and its members hold exactly one hidden cell, the shown
 * member (or composite) with the smallest n is hidden too, and the tables are decided again
 * until no relation holds a lone hidden cell. Rows of a school × level must all be given
 * (a composite needs its components beside it).
 */
export function decideGroupCells(rows: readonly GroupResultRow[], rules: CellRules): CellDecisions {
  const bySchoolLevel = new Map<string, GroupResultRow[]>();
  for (const r of rows) {
    const key = `${r.school_code}|${r.school_level}`;
    const list = bySchoolLevel.get(key);
    if (list) list.push(r);
    else bySchoolLevel.set(key, [r]);
  }
  const decided = new Map<string, CellSuppression>();
  if (rules.complementary === false) {
    for (const r of rows) {
      const small = r.n > 0 && r.n < rules.minN(r.metric);
      decided.set(cellKey(r.school_code, r.school_level, r.metric, r.student_group), {
        suppressed: small,
        reason: small ? "small_n" : null,
      });
    }
    return decided;
  }
  for (const [key, list] of bySchoolLevel) {
    for (const [id, s] of decideSchoolLevel(key, list, rules)) decided.set(id, s);
  }
  return decided;
}

function decideSchoolLevel(
  schoolLevel: string,
  rows: readonly GroupResultRow[],
  rules: CellRules,
): ReadonlyMap<string, CellSuppression> {
  const tables = new Map<string, GroupResultRow[]>();
  for (const r of rows) {
    const list = tables.get(r.metric);
    if (list) list.push(r);
    else tables.set(r.metric, [r]);
  }
  const cells: Cell[] = [];
  const partitions: Partition[] = [];
  const metricOf = new Map<string, string>();
  for (const [metric, list] of tables) {
    const table = `${schoolLevel}|${metric}`;
    const built = groupPartitions(
      table,
      list.map((r) => ({ group: r.student_group, n: r.n, numerator: r.numerator })),
    );
    for (const c of built.cells) metricOf.set(c.id, metric);
    cells.push(...built.cells);
    partitions.push(...built.partitions);
  }
  const idOf = (r: GroupResultRow) => groupCellId(`${schoolLevel}|${r.metric}`, r.student_group);
  // The composites' relations, each as its composite row and member rows.
  const means: { members: GroupResultRow[] }[] = [];
  for (const relation of rules.composites) {
    for (const composite of tables.get(relation.composite) ?? []) {
      const components = relation.components.flatMap(
        (m) => tables.get(m)?.filter((r) => r.student_group === composite.student_group) ?? [],
      );
      const members = compositeMembers(relation, components);
      if (members.length === 0) continue;
      means.push({ members: [composite, ...members] });
      if (relation.nIsSum) partitions.push({ total: idOf(composite), parts: members.map(idOf) });
    }
  }
  const minN = (id: string) => rules.minN(metricOf.get(id) ?? "");
  // Tables share no equation unless a composite's n sums its members' n: decide each group of
  // linked tables on its own (the exact check is cubic in a group's hidden cells).
  const linked = new Map<string, string>();
  for (const relation of rules.composites) {
    if (!relation.nIsSum) continue;
    for (const m of [relation.composite, ...relation.components]) linked.set(m, relation.composite);
  }
  const groupOf = (id: string) => {
    const metric = metricOf.get(id) ?? "";
    return linked.get(metric) ?? metric;
  };
  const groups = new Map<string, { cells: Cell[]; partitions: Partition[] }>();
  const groupFor = (key: string) => {
    let g = groups.get(key);
    if (!g) {
      g = { cells: [], partitions: [] };
      groups.set(key, g);
    }
    return g;
  };
  for (const c of cells) groupFor(groupOf(c.id)).cells.push(c);
  for (const p of partitions) groupFor(groupOf(p.total)).partitions.push(p);
  const forced = new Set<string>();
  for (;;) {
    const result = new Map<string, CellSuppression>();
    for (const g of groups.values()) {
      for (const [id, d] of suppressCells(g.cells, g.partitions, minN, forced).cells)
        result.set(id, d);
    }
    let grew = false;
    for (const { members } of means) {
      const hidden = members.filter((r) => result.get(idOf(r))?.suppressed ?? false);
      if (hidden.length !== 1) continue;
      const next = members
        .filter((r) => r.n > 0 && !(result.get(idOf(r))?.suppressed ?? false))
        .sort((a, b) => a.n - b.n || (idOf(a) < idOf(b) ? -1 : 1))[0];
      if (next && !forced.has(idOf(next))) {
        forced.add(idOf(next));
        grew = true;
      }
    }
    if (!grew) return result;
  }
}

/**
 * Rows as a reader sees them under `decisions`: hidden cells keep their place with n, numerator
 * and value null. With `apply` false (a reader allowed the same students row by row, or the hub's
 * analysts) values stay, but small cells are still flagged. A row with no decision is hidden
 * (fails closed).
 */
export function applyCellDecisions<R extends GroupResultRow>(
  rows: readonly R[],
  decisions: CellDecisions,
  apply = true,
): ShownGroupRow<R>[] {
  return rows.map((r) => {
    const s = decisions.get(cellKey(r.school_code, r.school_level, r.metric, r.student_group)) ?? {
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

/** {@link decideGroupCells} then {@link applyCellDecisions}, for rows holding whole school × levels. */
export function suppressGroupRows<R extends GroupResultRow>(
  rows: readonly R[],
  rules: CellRules,
  apply = true,
): ShownGroupRow<R>[] {
  return applyCellDecisions(rows, decideGroupCells(rows, rules), apply);
}
