import { type CellDecisions, cellKey } from "./suppress-metric-rows.ts";

/** One group cell of a school: where it is, and its count of students. */
export interface CellAt {
  readonly school: string;
  readonly level: string;
  readonly metric: string;
  readonly group: string;
  readonly n: number;
}

/**
 * Whether a group cell of some run is hidden from a reader of the suppressed form, as that run's
 * own decisions have it (`decisions`, from its `runCells`): the same cell in another year of a
 * trend follows its year's run, so a cell hidden there beside a small one stays hidden in every
 * report that shows the year. A cell the decisions do not hold is hidden below the min n.
 */
export function hiddenInRun(
  decisions: CellDecisions | undefined,
  cell: CellAt,
  minN: number,
): boolean {
  const decided = decisions?.get(cellKey(cell.school, cell.level, cell.metric, cell.group));
  return decided?.suppressed ?? cell.n < minN;
}

/**
 * Whether a growth row is hidden from a reader of the suppressed form: a growth row tells what the
 * growth measure's cell of the same group tells (its effect × weight adds up like the cell's), so
 * it follows that cell as its run decided it (unknown cells are hidden: fails closed), besides its
 * own `suppressed` flag and the min n.
 */
export function growthRowHidden(
  row: { readonly suppressed: boolean },
  decisions: CellDecisions | undefined,
  cell: CellAt,
  minN: number,
): boolean {
  return (
    row.suppressed ||
    cell.n < minN ||
    (decisions?.get(cellKey(cell.school, cell.level, cell.metric, cell.group))?.suppressed ?? true)
  );
}
