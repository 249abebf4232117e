import { canAccess } from "../access/access-policy.ts";
import type { Principal } from "../access/principal.ts";
import type { RowOf } from "../warehouse/row-shape.ts";
import type { CutoffHidden } from "./hidden-cutoffs.ts";

/** One table of group results: a school × school level × metric. */
export interface TableKey {
  readonly schoolCode: string;
  readonly schoolLevel: string;
  readonly metric: string;
}

/** A student group behind a school's index measure level (an `index_group_levels` row). */
export const INDEX_GROUP_KEY_ROW = {
  type: "object",
  required: ["school_code", "school_level", "metric", "student_group"],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    school_level: { type: "string" },
    metric: { type: "string" },
    student_group: { type: "string" },
  },
} as const;
export type IndexGroup = Readonly<RowOf<typeof INDEX_GROUP_KEY_ROW>>;

/**
 * The group cells one reader may not see, for everything the server derives from them: a value
 * that quotes a cell (a level in a reason, a community's problem level, an index subgroup level)
 * is hidden exactly when the cell is hidden in the school's report for the same reader.
 */
export interface HiddenCells {
  /** The group's result on the measure is suppressed for this reader. */
  cell(schoolCode: string, schoolLevel: string, metric: string, group: string): boolean;
  /**
   * Some level behind the school's index measure level (ALL or an accountability group) is
   * hidden, so the measure level, the subgroup mean and the points, which give it away by
   * arithmetic, are hidden too.
   */
  measure(schoolCode: string, schoolLevel: string, metric: string): boolean;
  /**
   * Some cell that enters the school's index is hidden, so the exact index score (and the
   * subgroup component) is too: minus the points still shown, it gives the hidden measure's
   * points back. Only the index level is served. True for an unseen school whose index inputs
   * were not given (fails closed).
   */
  index(schoolCode: string, schoolLevel: string): boolean;
  /** A network cut-off, as quoted, reads as a figure of a school whose index is withheld. */
  cutoff: CutoffHidden;
}

/** Hides nothing: a reader who may see every cell involved. */
export const NOTHING_HIDDEN: HiddenCells = {
  cell: () => false,
  measure: () => false,
  index: () => false,
  cutoff: () => false,
};

const tableId = (school: string, level: string, metric: string) => `${school}|${level}|${metric}`;

/**
 * Whether `who` sees a school's group cells unsuppressed: the same decision as for the school's
 * report (only users who could read the school's students row by row).
 */
export function readerSeesCellsOf(who: Principal): (schoolCode: string) => boolean {
  return (schoolCode) =>
    !canAccess(who, {
      kind: "aggregate",
      districtCode: schoolCode.slice(0, 7),
      schoolCode,
    }).suppress;
}

/**
 * Everything {@link readerSeesCellsOf} depends on, as a key: two principals with the same key see
 * the same schools unsuppressed (caches per reader scope key on it).
 */
export function readerScope(who: Principal): string {
  return `${who.role}|${who.districtCode ?? ""}|${who.schoolCode ?? ""}`;
}

/** Whether a group cell is hidden from a reader of the suppressed form (see `RunCells.hidden`). */
export type CellHidden = (school: string, level: string, metric: string, group: string) => boolean;

/**
 * The hidden cells for a reader who sees the schools `sees` accepts unsuppressed, given the run's
 * decision for a reader of the suppressed form (`suppressedForm`, from {@link runCells} or, for
 * one school's rows, {@link decideGroupCells}). `indexGroups` are the groups behind index measure
 * levels to decide on; `indexInputs` every cell that enters the indexes to decide on: each
 * component's ALL cell and its `index_group_levels` groups, for whole school × levels.
 * Cut-offs depend on the whole network's withheld indexes: every quoted cut-off counts as hidden
 * unless the caller overrides `cutoff` ({@link hiddenCutoffs}).
 */
export function hiddenCells(
  suppressedForm: CellHidden,
  indexGroups: readonly IndexGroup[],
  sees: (schoolCode: string) => boolean,
  indexInputs: readonly IndexGroup[] = [],
): HiddenCells {
  const cell = (school: string, level: string, metric: string, group: string) =>
    !sees(school) && suppressedForm(school, level, metric, group);
  const hiddenMeasures = new Set<string>();
  for (const g of indexGroups) {
    if (cell(g.school_code, g.school_level, g.metric, g.student_group)) {
      hiddenMeasures.add(tableId(g.school_code, g.school_level, g.metric));
    }
  }
  const indexed = new Set<string>();
  const hiddenIndexes = new Set<string>();
  for (const g of indexInputs) {
    const key = `${g.school_code}|${g.school_level}`;
    indexed.add(key);
    if (cell(g.school_code, g.school_level, g.metric, g.student_group)) hiddenIndexes.add(key);
  }
  return {
    cell,
    measure: (school, level, metric) =>
      !sees(school) &&
      (hiddenMeasures.has(tableId(school, level, metric)) || cell(school, level, metric, "ALL")),
    index: (school, level) =>
      !sees(school) &&
      (!indexed.has(`${school}|${level}`) || hiddenIndexes.has(`${school}|${level}`)),
    cutoff: () => true,
  };
}
