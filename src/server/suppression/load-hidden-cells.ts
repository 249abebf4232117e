import { sqlString } from "../../measures/sql-text.ts";
import { minNOf } from "../reports/school-report.ts";
import type { ServerContext } from "../server-context.ts";
import {
  type HiddenCells,
  hiddenCells,
  type IndexGroup,
  NOTHING_HIDDEN,
  type TableKey,
} from "./hidden-cells.ts";
import type { GroupResultRow } from "./suppress-metric-rows.ts";

/** A school at one school level, whose index is to be decided on. */
export interface SchoolLevelKey {
  readonly schoolCode: string;
  readonly schoolLevel: string;
}

/** `VALUES` rows as a named relation; an empty list gives an empty relation of the same columns. */
function valuesOf(rows: readonly (readonly string[])[], name: string, columns: readonly string[]) {
  if (rows.length === 0)
    return `(SELECT ${columns.map((c) => `NULL::VARCHAR AS ${c}`).join(", ")} WHERE false) AS ${name}`;
  return `(VALUES ${rows.map((r) => `(${r.map(sqlString).join(", ")})`).join(", ")}) AS ${name}(${columns.join(", ")})`;
}

/**
 * Reads the group results of the quoted tables `tables` of run `runId` (only those of schools the
 * reader does not see unsuppressed) and decides which of their cells, and which index measure
 * levels built on them, are hidden from the reader. With `indexesOf`, it also reads every cell
 * that enters those schools' indexes (each component's table) and decides whether each index
 * uses a hidden cell ({@link HiddenCells.index}). Call inside `ctx.read`.
 */
export async function loadHiddenCells(
  ctx: ServerContext,
  runId: string,
  tables: readonly TableKey[],
  sees: (schoolCode: string) => boolean,
  indexesOf: readonly SchoolLevelKey[] = [],
): Promise<HiddenCells> {
  const unique = <T>(items: readonly T[], key: (t: T) => string) => [
    ...new Map(items.map((t) => [key(t), t])).values(),
  ];
  const unseen = unique(
    tables.filter((t) => !sees(t.schoolCode)),
    (t) => `${t.schoolCode}|${t.schoolLevel}|${t.metric}`,
  );
  const unseenIndexes = unique(
    indexesOf.filter((s) => !sees(s.schoolCode)),
    (s) => `${s.schoolCode}|${s.schoolLevel}`,
  );
  if (unseen.length === 0 && unseenIndexes.length === 0) return NOTHING_HIDDEN;
  const schools = valuesOf(
    unseenIndexes.map((s) => [s.schoolCode, s.schoolLevel]),
    "s",
    ["school_code", "school_level"],
  );
  const indexTables = `SELECT c.school_code, c.school_level, c.metric
    FROM index_components c JOIN ${schools} USING (school_code, school_level)
    WHERE c.run_id = ${sqlString(runId)}`;
  const keys = `(SELECT * FROM ${valuesOf(
    unseen.map((t) => [t.schoolCode, t.schoolLevel, t.metric]),
    "t",
    ["school_code", "school_level", "metric"],
  )} UNION ${indexTables}) AS k`;
  const rows = await ctx.warehouse.all<GroupResultRow & Record<string, unknown>>(
    `SELECT m.school_code, m.school_level, m.metric, m.student_group, m.n, m.numerator, m.value
     FROM metric_results m JOIN ${keys} USING (school_code, school_level, metric)
     WHERE m.run_id = ?`,
    [runId],
  );
  const groups = await ctx.warehouse.all<IndexGroup & Record<string, unknown>>(
    `SELECT g.school_code, g.school_level, g.metric, g.student_group
     FROM index_group_levels g JOIN ${keys} USING (school_code, school_level, metric)
     WHERE g.run_id = ?`,
    [runId],
  );
  const inSchools = new Set(unseenIndexes.map((s) => `${s.schoolCode}|${s.schoolLevel}`));
  const components = await ctx.warehouse.all<Omit<IndexGroup, "student_group">>(indexTables);
  const inputs: IndexGroup[] = [
    ...components.map((c) => ({ ...c, student_group: "ALL" })),
    ...groups.filter((g) => inSchools.has(`${g.school_code}|${g.school_level}`)),
  ];
  return hiddenCells(rows, groups, minNOf(ctx.framework), sees, inputs);
}
