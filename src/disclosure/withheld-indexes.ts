import { SUBGROUP_COMPONENT_SQL } from "../identification/subgroup-component-sql.ts";
import type { DisclosureReader } from "./disclosure-reader.ts";
import { hiddenCells, type IndexGroup } from "./hidden-cells.ts";
import { runCells } from "./run-cells.ts";
import type { WithheldIndexes } from "./run-decisions.ts";

/** The key of a school × level in {@link withheldIndexes}' set. */
export const schoolLevelKey = (schoolCode: string, schoolLevel: string) =>
  `${schoolCode}|${schoolLevel}`;

/**
 * The school × levels of run `runId` whose index uses a cell hidden in the suppressed form of its
 * tables (a component's ALL cell or a subgroup behind it), with their index scores and subgroup
 * components (a network cut-off a reason quotes is one school's such figure). The set does not
 * depend on the reader (who sees which school unsuppressed is applied by the caller) and runs are
 * immutable, so it is computed once per run — every component table of the network passes
 * through suppression — and kept in `ctx.withheldIndexes`. Call inside `ctx.read`.
 */
export function withheldIndexes(ctx: DisclosureReader, runId: string): Promise<WithheldIndexes> {
  const hit = ctx.withheldIndexes.get(runId);
  if (hit) return hit;
  const loading = computeWithheldIndexes(ctx, runId);
  ctx.withheldIndexes.set(runId, loading);
  loading.catch(() => ctx.withheldIndexes.delete(runId));
  return loading;
}

async function computeWithheldIndexes(
  ctx: DisclosureReader,
  runId: string,
): Promise<WithheldIndexes> {
  const cells = await runCells(ctx, runId);
  const inputs = await ctx.warehouse.all<IndexGroup & Record<string, unknown>>(
    `SELECT school_code, school_level, metric, student_group FROM index_group_levels WHERE run_id = ?
     UNION ALL
     SELECT school_code, school_level, metric, 'ALL' FROM index_components WHERE run_id = ?`,
    [runId, runId],
  );
  const hidden = hiddenCells(cells.hidden, [], () => false, inputs);
  const withheld = new Set<string>();
  for (const i of inputs) {
    if (hidden.index(i.school_code, i.school_level))
      withheld.add(schoolLevelKey(i.school_code, i.school_level));
  }
  const figures = await ctx.warehouse.all<{
    school_code: string;
    school_level: string;
    index_score: number | null;
    subgroup_component: number | null;
  }>(
    `SELECT r.school_code, r.school_level, r.index_score, c.subgroup_component
     FROM index_results r LEFT JOIN (
       SELECT school_code, school_level,
         ${SUBGROUP_COMPONENT_SQL} AS subgroup_component
       FROM index_components WHERE run_id = ? AND subgroup_mean IS NOT NULL
       GROUP BY school_code, school_level
     ) c USING (school_code, school_level)
     WHERE r.run_id = ?`,
    [runId, runId],
  );
  return {
    keys: withheld,
    figures: figures
      .filter((f) => withheld.has(schoolLevelKey(f.school_code, f.school_level)))
      .map((f) => ({
        schoolCode: f.school_code,
        indexScore: f.index_score,
        subgroupComponent: f.subgroup_component,
      })),
  };
}
