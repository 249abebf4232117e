import { minNOf } from "../reports/school-report.ts";
import type { ServerContext } from "../server-context.ts";
import { hiddenCells, type IndexGroup } from "./hidden-cells.ts";
import type { GroupResultRow } from "./suppress-metric-rows.ts";

/** The key of a school × level in {@link withheldIndexes}' set. */
export const schoolLevelKey = (schoolCode: string, schoolLevel: string) =>
  `${schoolCode}|${schoolLevel}`;

/**
 * The school × levels of run `runId` whose index uses a cell hidden in the suppressed form of its
 * tables (a component's ALL cell or a subgroup behind it). The set does not depend on the reader
 * (who sees which school unsuppressed is applied by the caller) and runs are immutable, so it is
 * computed once per run — every component table of the network passes through suppression — and
 * kept in `ctx.withheldIndexes`. Call inside `ctx.read`.
 */
export function withheldIndexes(ctx: ServerContext, runId: string): Promise<ReadonlySet<string>> {
  const hit = ctx.withheldIndexes.get(runId);
  if (hit) return hit;
  const loading = computeWithheldIndexes(ctx, runId);
  ctx.withheldIndexes.set(runId, loading);
  loading.catch(() => ctx.withheldIndexes.delete(runId));
  return loading;
}

async function computeWithheldIndexes(
  ctx: ServerContext,
  runId: string,
): Promise<ReadonlySet<string>> {
  const rows = await ctx.warehouse.all<GroupResultRow & Record<string, unknown>>(
    `SELECT m.school_code, m.school_level, m.metric, m.student_group, m.n, m.numerator, m.value
     FROM metric_results m JOIN index_components c USING (run_id, school_code, school_level, metric)
     WHERE m.run_id = ?`,
    [runId],
  );
  const inputs = await ctx.warehouse.all<IndexGroup & Record<string, unknown>>(
    `SELECT school_code, school_level, metric, student_group FROM index_group_levels WHERE run_id = ?
     UNION ALL
     SELECT school_code, school_level, metric, 'ALL' FROM index_components WHERE run_id = ?`,
    [runId, runId],
  );
  const hidden = hiddenCells(rows, [], minNOf(ctx.framework), () => false, inputs);
  const withheld = new Set<string>();
  for (const i of inputs) {
    if (hidden.index(i.school_code, i.school_level))
      withheld.add(schoolLevelKey(i.school_code, i.school_level));
  }
  return withheld;
}
