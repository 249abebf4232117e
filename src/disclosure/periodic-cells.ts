import type { Framework } from "../domain/framework/framework-schema.ts";
import { periodicMeasure } from "../measures/periodic-results-table.ts";
import type { RowOf } from "../warehouse/row-shape.ts";
import type { SuppressionReason } from "./cell.ts";
import { minNOf } from "./min-n.ts";
import {
  type CellDecisions,
  cellKey,
  decideGroupCells,
  type GroupResultRow,
} from "./suppress-metric-rows.ts";

/**
 * A cell of `periodic_results` as disclosure decides it: one student group's figures for one
 * period of a school × level × measure (dates as `YYYY-MM-DD`).
 */
export const PERIODIC_CELL_ROW = {
  type: "object",
  required: [
    "school_code",
    "school_level",
    "measure",
    "student_group",
    "period_start",
    "n",
    "numerator",
    "denominator",
  ],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    school_level: { type: "string" },
    measure: { type: "string" },
    student_group: { type: "string" },
    period_start: { type: "string" },
    n: { type: "integer" },
    numerator: { type: "number" },
    denominator: { type: "number" },
  },
} as const;
export type PeriodicCellRow = RowOf<typeof PERIODIC_CELL_ROW>;

/** The table one period's cells form, as a metric id for the yearly machinery: `measure@date`. */
export function periodicTableId(measure: string, periodStart: string): string {
  return `${measure}@${periodStart}`;
}

/** The key of one periodic cell in a decision map. */
export function periodicCellKey(
  school: string,
  level: string,
  measure: string,
  periodStart: string,
  group: string,
): string {
  return cellKey(school, level, periodicTableId(measure, periodStart), group);
}

/**
 * Primary and complementary suppression of periodic cells: each period of a school × level ×
 * measure is one table of student groups (ALL beside the race groups and each binary group with
 * its implicit remainder), decided exactly as a yearly measure's table is
 * ({@link decideGroupCells}, the same rules, the framework's min n). Rows must hold every group
 * of each period they hold (the partitions need ALL beside its parts).
 *
 * The numerator takes part in the rule that no hidden rate be pinned to 0% or 100% only where
 * it counts students (at most one per student: chronic absence to date, D/F rate); where it
 * counts days or events (days absent over days enrolled, suspensions) it is left out, and the
 * structure of the partitions alone protects the hidden cells' counts, numerators and
 * denominators, which all obey the same sums.
 */
export function decidePeriodicCells(
  rows: readonly PeriodicCellRow[],
  framework: Framework,
): CellDecisions {
  const minN = minNOf(framework);
  const measureOf = new Map<string, number>();
  const asGroupRows: GroupResultRow[] = rows.map((r) => {
    const metric = periodicTableId(r.measure, r.period_start);
    if (!measureOf.has(metric)) measureOf.set(metric, minN(r.measure));
    return {
      school_code: r.school_code,
      school_level: r.school_level,
      metric,
      student_group: r.student_group,
      n: r.n,
      numerator: countsStudents(r.measure) ? r.numerator : null,
      value: null,
    };
  });
  return decideGroupCells(asGroupRows, {
    minN: (metric) => measureOf.get(metric) ?? framework.suppression.min_n,
    composites: [],
    complementary: framework.suppression.complementary,
  });
}

/** Whether a measure's numerator counts students, each at most once (a proportion of `n`). */
function countsStudents(measure: string): boolean {
  const info = periodicMeasure(measure);
  return info !== undefined && info.chart === "p" && info.denominatorKind === "students";
}

/** The figures of a periodic cell as a reader sees them. */
export interface ShownPeriodicFigures {
  readonly n: number | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly value: number | null;
  readonly suppressed: boolean;
  readonly suppression_reason: SuppressionReason | null;
}

/**
 * A periodic row as a reader sees it under `decisions`: a hidden cell keeps its place (its
 * period and group) with every figure null, so a chart draws a gap, never a value. With `apply`
 * false (the school's own district staff, the hub's analysts) the figures stay and small cells
 * are still flagged. A row with no decision is hidden (fails closed).
 */
export function showPeriodicRow<
  R extends {
    school_code: string;
    school_level: string;
    measure: string;
    student_group: string;
    period_start: string;
    n: number | null;
    numerator: number | null;
    denominator: number | null;
    value: number | null;
  },
>(row: R, decisions: CellDecisions, apply: boolean): R & ShownPeriodicFigures {
  const s = decisions.get(
    periodicCellKey(
      row.school_code,
      row.school_level,
      row.measure,
      row.period_start,
      row.student_group,
    ),
  ) ?? { suppressed: true, reason: "small_n" as const };
  const hide = s.suppressed && apply;
  return {
    ...row,
    n: hide ? null : row.n,
    numerator: hide ? null : row.numerator,
    denominator: hide ? null : row.denominator,
    value: hide ? null : row.value,
    suppressed: apply ? s.suppressed : s.reason === "small_n",
    suppression_reason: apply ? s.reason : s.reason === "small_n" ? "small_n" : null,
  };
}
