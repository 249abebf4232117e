import { DISTRICT_DDL, DISTRICT_TABLES } from "../districts/district-tables.ts";
import { GROWTH_DDL, GROWTH_TABLES } from "../growth/growth-tables.ts";
import {
  IDENTIFICATION_DDL,
  IDENTIFICATION_MIGRATION,
} from "../identification/identification-table.ts";
import {
  COMMUNITIES_DDL,
  PAIRING_CANDIDATES_DDL,
  PAIRING_MIGRATION,
  PAIRING_OVERRIDES_DDL,
  PAIRING_RESULT_TABLES,
  PAIRINGS_DDL,
} from "../identification/pairing-tables.ts";
import { SCHOOL_CONTEXT_DDL } from "../identification/school-context.ts";
import { CUT_POINT_SOURCES_DDL, CUT_POINTS_DDL, CUT_SETS_DDL } from "../levels/cut-set-tables.ts";
import {
  INDEX_COMPONENTS_DDL,
  INDEX_GROUP_LEVELS_DDL,
  INDEX_RESULTS_DDL,
} from "../levels/index-tables.ts";
import { METRIC_LEVELS_DDL } from "../levels/metric-levels-table.ts";
import { METRIC_RESULTS_DDL } from "../measures/metric-results.ts";
import { PERIODIC_RESULTS_DDL } from "../measures/periodic-results-table.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { RUNS_DDL } from "./runs-table.ts";

/** Every table a run writes, in dependency order. */
export const RESULT_TABLES = [
  "metric_results",
  "periodic_results",
  ...GROWTH_TABLES,
  "metric_levels",
  "index_group_levels",
  "index_components",
  "index_results",
  "identification",
  ...PAIRING_RESULT_TABLES,
  ...DISTRICT_TABLES,
] as const;

/**
 * Creates what a server needs on a fresh warehouse: the runs table (the run listing works before
 * any run) and the pairing overrides kept with the runs (the one table the server writes); a
 * run's result tables exist once a run does.
 */
export async function ensureServedTables(warehouse: Warehouse): Promise<void> {
  await warehouse.run(RUNS_DDL);
  await warehouse.run(PAIRING_OVERRIDES_DDL);
}

/**
 * Creates the results tables (runs, cut sets, measures, periodic measures, growth, levels, index, identification, pairing) when
 * missing, and brings those of an earlier version up to date (reasons kept as facts).
 */
export async function ensureResultTables(warehouse: Warehouse): Promise<void> {
  for (const ddl of [
    RUNS_DDL,
    CUT_SETS_DDL,
    CUT_POINTS_DDL,
    CUT_POINT_SOURCES_DDL,
    METRIC_RESULTS_DDL,
    PERIODIC_RESULTS_DDL,
    ...GROWTH_DDL,
    METRIC_LEVELS_DDL,
    INDEX_GROUP_LEVELS_DDL,
    INDEX_COMPONENTS_DDL,
    INDEX_RESULTS_DDL,
    IDENTIFICATION_DDL,
    ...IDENTIFICATION_MIGRATION,
    SCHOOL_CONTEXT_DDL,
    PAIRING_CANDIDATES_DDL,
    PAIRINGS_DDL,
    COMMUNITIES_DDL,
    ...PAIRING_MIGRATION,
    PAIRING_OVERRIDES_DDL,
    ...DISTRICT_DDL,
  ])
    await warehouse.run(ddl);
}
