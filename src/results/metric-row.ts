import { GROUP_CELL_ROW } from "../disclosure/run-cells.ts";
import { closedShape, omitColumns } from "../warehouse/row-shape.ts";
import { INT, NUM } from "./api-schemas.ts";

/** A group's level on a measure and the change to rise 1–3 levels (`metric_levels`). */
const LEVEL_PROPERTIES = { level: INT, change_1: NUM, change_2: NUM, change_3: NUM } as const;

/**
 * A school's result on a measure for one student group (`metric_results`: the group cell as
 * disclosure reads it, {@link GROUP_CELL_ROW}, without the participation floor) with its level and
 * the change to rise 1–3 levels (`metric_levels`, null without a level), as read for the school
 * report and the measure results. Unsuppressed: disclosure decides per reader what is shown.
 */
export const METRIC_ROW = closedShape({
  ...omitColumns(GROUP_CELL_ROW, ["meets_floor"]).properties,
  ...LEVEL_PROPERTIES,
});

/** The columns of {@link METRIC_ROW} that come from `metric_levels`; the others from `metric_results`. */
export const LEVEL_COLUMNS: ReadonlySet<string> = new Set(Object.keys(LEVEL_PROPERTIES));
