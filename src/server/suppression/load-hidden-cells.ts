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
import { hiddenCutoffs } from "./hidden-cutoffs.ts";
import type { GroupResultRow } from "./suppress-metric-rows.ts";
import { schoolLevelKey, withheldIndexes } from "./withheld-indexes.ts";

/** A school at one school level, whose index is to be decided on. */
export interface SchoolLevelKey {
  readonly schoolCode: string;
  readonly schoolLevel: string;
}

/**
 * Reads the group results of the quoted tables `tables` of run `runId` (only those of schools the
 * reader does not see unsuppressed) and decides which of their cells, and which index measure
 * levels built on them, are hidden from the reader. With `indexesOf`, it also decides whether
 * each of those schools' indexes uses a hidden cell ({@link HiddenCells.index}, from the run's
 * {@link withheldIndexes}) and which network cut-offs quoted beside them give a withheld figure
 * back ({@link hiddenCutoffs}). Call inside `ctx.read`.
 */
export async function loadHiddenCells(
  ctx: ServerContext,
  runId: string,
  tables: readonly TableKey[],
  sees: (schoolCode: string) => boolean,
  indexesOf: readonly SchoolLevelKey[] = [],
): Promise<HiddenCells> {
  const unseen = [
    ...new Map(
      tables
        .filter((t) => !sees(t.schoolCode))
        .map((t) => [`${t.schoolCode}|${t.schoolLevel}|${t.metric}`, t]),
    ).values(),
  ];
  // A reason of a school the reader sees may quote a cut-off that is another school's figure.
  const withheld = indexesOf.length > 0 ? await withheldIndexes(ctx, runId) : null;
  const index = (school: string, level: string) =>
    !sees(school) && (withheld?.keys.has(schoolLevelKey(school, level)) ?? false);
  const cutoff = withheld ? hiddenCutoffs(withheld.figures, sees) : () => false;
  if (unseen.length === 0) return { ...NOTHING_HIDDEN, index, cutoff };
  const keys = `(VALUES ${unseen
    .map((t) => `(${sqlString(t.schoolCode)}, ${sqlString(t.schoolLevel)}, ${sqlString(t.metric)})`)
    .join(", ")}) AS k(school_code, school_level, metric)`;
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
  return { ...hiddenCells(rows, groups, minNOf(ctx.framework), sees), index, cutoff };
}
