import type { CellDecisions } from "./suppress-metric-rows.ts";

/* What a run's disclosure decides once and keeps (see run-cells.ts and withheld-indexes.ts). */

/** Every group cell of a run, decided once for a reader of the suppressed form. */
export interface RunCells {
  readonly decisions: CellDecisions;
  /** The cell is hidden from a reader of the suppressed form (unknown cells are: fails closed). */
  hidden(school: string, level: string, metric: string, group: string): boolean;
}

/** The exact figures of one school × level whose index is withheld in the suppressed form. */
export interface WithheldFigures {
  readonly schoolCode: string;
  readonly indexScore: number | null;
  /** As the identification stage computes it (null: no subgroup mean). */
  readonly subgroupComponent: number | null;
}

/** A run's withheld indexes: their keys (`schoolLevelKey`) and their exact figures. */
export interface WithheldIndexes {
  readonly keys: ReadonlySet<string>;
  readonly figures: readonly WithheldFigures[];
}
