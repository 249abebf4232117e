import type { DisclosureReader } from "../disclosure/disclosure-reader.ts";
import { hasTable } from "../disclosure/district-run-cells.ts";
import { localCells } from "../disclosure/local-cells.ts";
import { applyCellDecisions, cellKey } from "../disclosure/suppress-metric-rows.ts";
import { readRows, selectList } from "../warehouse/read-rows.ts";
import { LOCAL_INDEX_ROW, LOCAL_MEASURE_ROW } from "./district-rows.ts";

/** A school's local measures as its report shows them: the district's own, marked as such. */
export interface SchoolLocalMeasures {
  readonly district_code: string;
  readonly measures: readonly {
    readonly metric: string;
    readonly label: string;
    readonly description: string;
    readonly base_metric: string;
    readonly direction: string;
    readonly weight: number | null;
    readonly school_level: string;
    readonly groups: readonly {
      readonly student_group: string;
      readonly n: number | null;
      readonly value: number | null;
      readonly suppressed: boolean;
      readonly suppression_reason: "small_n" | "complementary" | null;
    }[];
  }[];
  /** Per school level: the district's local index (null when it would use a hidden cell). */
  readonly local_index: readonly { readonly school_level: string; readonly score: number | null }[];
}

/**
 * A school's local measures in a run (`local_results` of its district's overlay), disclosed like
 * every measure ({@link localCells}); `suppress` false gives them as computed. Empty when the
 * district has no overlay. Call inside the reader's serialized read.
 */
export async function readSchoolLocalMeasures(
  reader: DisclosureReader,
  runId: string,
  schoolCode: string,
  suppress: boolean,
): Promise<SchoolLocalMeasures> {
  const district = schoolCode.slice(0, 7);
  if (!(await hasTable(reader, "local_results")))
    return { district_code: district, measures: [], local_index: [] };
  const cells = await localCells(reader, runId);
  const rows = cells.rows.filter((r) => r.school_code === schoolCode);
  const definitions = await readRows(
    reader.warehouse,
    "local_measures",
    LOCAL_MEASURE_ROW,
    `SELECT ${selectList(LOCAL_MEASURE_ROW)} FROM local_measures WHERE run_id = ? AND district_code = ? ORDER BY metric`,
    [runId, district],
  );
  const shown = applyCellDecisions(rows, cells.decisions, suppress);
  const measures = [];
  for (const def of definitions) {
    const levels = [
      ...new Set(rows.filter((r) => r.metric === def.metric).map((r) => r.school_level)),
    ];
    for (const level of levels)
      measures.push({
        metric: def.metric,
        label: def.label,
        description: def.description,
        base_metric: def.base_metric,
        direction: def.direction,
        weight: def.weight,
        school_level: level,
        groups: shown
          .filter((r) => r.metric === def.metric && r.school_level === level)
          .map((r) => ({
            student_group: r.student_group,
            n: r.n,
            value: r.value,
            suppressed: r.suppressed,
            suppression_reason: r.suppression_reason,
          })),
      });
  }
  const index = await readRows(
    reader.warehouse,
    "local_index_results",
    LOCAL_INDEX_ROW,
    `SELECT ${selectList(LOCAL_INDEX_ROW)} FROM local_index_results WHERE run_id = ? AND school_code = ? ORDER BY school_level`,
    [runId, schoolCode],
  );
  const weighted = definitions.filter((d) => d.weight !== null).map((d) => d.metric);
  const localIndex = index.map((i) => {
    // Withheld when a weighted measure it averages is hidden: it would give that value away.
    const hidden = weighted.some(
      (m) =>
        suppress &&
        rows.some((r) => r.metric === m && r.school_level === i.school_level) &&
        (cells.decisions.get(cellKey(schoolCode, i.school_level, m, "ALL"))?.suppressed ?? true),
    );
    return { school_level: i.school_level, score: hidden ? null : i.score };
  });
  return { district_code: district, measures, local_index: localIndex };
}
