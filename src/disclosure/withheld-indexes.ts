import { SUBGROUP_COMPONENT_SQL } from "../identification/subgroup-component-sql.ts";
import { readRows, selectList } from "../warehouse/read-rows.ts";
import type { DisclosureReader } from "./disclosure-reader.ts";
import { hiddenCells, INDEX_GROUP_KEY_ROW } from "./hidden-cells.ts";
import { runCells } from "./run-cells.ts";
import type { WithheldIndexes } from "./run-decisions.ts";

/** A school × level's index score with its subgroup component (the figures a cut-off may quote). */
const INDEX_FIGURE_ROW = {
  type: "object",
  required: ["school_code", "school_level", "index_score", "subgroup_component"],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    school_level: { type: "string" },
    index_score: { type: ["number", "null"] },
    subgroup_component: { type: ["number", "null"] },
  },
} as const;

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
  const inputs = await readRows(
    ctx.warehouse,
    "index_group_levels and index_components",
    INDEX_GROUP_KEY_ROW,
    `SELECT ${selectList(INDEX_GROUP_KEY_ROW)} FROM index_group_levels WHERE run_id = ?
     UNION ALL
     SELECT ${selectList(INDEX_GROUP_KEY_ROW, (c) => (c === "student_group" ? "'ALL'" : c))}
     FROM index_components WHERE run_id = ?`,
    [runId, runId],
  );
  const hidden = hiddenCells(cells.hidden, [], () => false, inputs);
  const withheld = new Set<string>();
  for (const i of inputs) {
    if (hidden.index(i.school_code, i.school_level))
      withheld.add(schoolLevelKey(i.school_code, i.school_level));
  }
  const figures = await readRows(
    ctx.warehouse,
    "index_results",
    INDEX_FIGURE_ROW,
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
