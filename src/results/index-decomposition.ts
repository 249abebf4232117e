import { shownComponent, shownIndexScore } from "../disclosure/derived-values.ts";
import type { HiddenCells } from "../disclosure/hidden-cells.ts";
import { INDEX_COMPONENT_ROW } from "../levels/index-component-row.ts";
import { readRows, selectList } from "../warehouse/read-rows.ts";
import type { RowOf } from "../warehouse/row-shape.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

/** A school's index at one school level (`index_results`). */
export const INDEX_RESULT_ROW = {
  type: "object",
  required: ["school_level", "index_score", "index_level"],
  additionalProperties: false,
  properties: {
    school_level: { type: "string" },
    index_score: { type: "number" },
    index_level: { type: ["integer", "null"] },
  },
} as const;

/** A subgroup level behind an index measure (`index_group_levels`). */
export const INDEX_GROUP_ROW = {
  type: "object",
  required: ["school_level", "metric", "component_group", "student_group", "level"],
  additionalProperties: false,
  properties: {
    school_level: { type: "string" },
    metric: { type: "string" },
    component_group: { type: "string" },
    student_group: { type: "string" },
    level: { type: "integer" },
  },
} as const;

/** A school's index rows of one run, unsuppressed, in the order they are shown. */
export interface IndexDecompositionData {
  readonly results: RowOf<typeof INDEX_RESULT_ROW>[];
  readonly components: RowOf<typeof INDEX_COMPONENT_ROW>[];
  readonly groups: RowOf<typeof INDEX_GROUP_ROW>[];
}

/** Reads a school's index, components and subgroup levels of a run. Call inside the reader's serialized read. */
export async function readIndexDecomposition(
  warehouse: Warehouse,
  runId: string,
  schoolCode: string,
): Promise<IndexDecompositionData> {
  const params = [runId, schoolCode];
  const results = await readRows(
    warehouse,
    "index_results",
    INDEX_RESULT_ROW,
    `SELECT ${selectList(INDEX_RESULT_ROW)} FROM index_results
     WHERE run_id = ? AND school_code = ? ORDER BY school_level`,
    params,
  );
  const components = await readRows(
    warehouse,
    "index_components",
    INDEX_COMPONENT_ROW,
    `SELECT ${selectList(INDEX_COMPONENT_ROW)} FROM index_components
     WHERE run_id = ? AND school_code = ? ORDER BY school_level, metric`,
    params,
  );
  const groups = await readRows(
    warehouse,
    "index_group_levels",
    INDEX_GROUP_ROW,
    `SELECT ${selectList(INDEX_GROUP_ROW)} FROM index_group_levels
     WHERE run_id = ? AND school_code = ? ORDER BY component_group`,
    params,
  );
  return { results, components, groups };
}

/**
 * The decomposition as one reader sees it ({@link INDEX_DECOMPOSITION}): a subgroup level hidden
 * from the reader (complementary suppression) is null, and so are the subgroup mean, measure
 * level and points of its measure, which would give it away by arithmetic, and the index score
 * (flagged `index_score_suppressed`), which minus the points still shown would give the hidden
 * points back. The index level stays. `hidden` is loaded for the components' tables and the
 * school's index.
 */
export function shownIndexDecomposition(
  schoolCode: string,
  { results, components, groups }: IndexDecompositionData,
  hidden: HiddenCells,
) {
  return {
    levels: results.map((r) => ({
      ...r,
      ...shownIndexScore(
        { school_code: schoolCode, school_level: r.school_level },
        r.index_score,
        hidden,
      ),
      components: components
        .filter((c) => c.school_level === r.school_level)
        .map((c) => {
          const { school_code: _school, ...shown } = shownComponent(c, hidden);
          return {
            ...shown,
            subgroups: groups
              .filter((g) => g.school_level === c.school_level && g.metric === c.metric)
              .map((g) => {
                const isHidden = hidden.cell(schoolCode, g.school_level, g.metric, g.student_group);
                return {
                  component_group: g.component_group,
                  student_group: g.student_group,
                  level: isHidden ? null : g.level,
                  suppressed: isHidden,
                };
              }),
          };
        }),
    })),
  };
}
