import type { Framework } from "../domain/framework/framework-schema.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { elaPerformance, mathPerformance } from "./academic-performance.ts";
import { chronicAbsence } from "./chronic-absence.ts";
import { cultureClimate } from "./culture-climate.ts";
import { elaDistanceFromStandard, mathDistanceFromStandard } from "./distance-from-standard.ts";
import { elRedesignation } from "./el-redesignation.ts";
import { graduation } from "./graduation.ts";
import { hsReadiness } from "./hs-readiness.ts";
import type { Measure } from "./measure.ts";
import { METRIC_RESULTS_DDL } from "./metric-results.ts";
import { selSkills } from "./sel-skills.ts";
import { sqlString } from "./sql-text.ts";
import { STUDENT_GROUPS_TABLE, studentGroupListsSql } from "./student-groups.ts";
import { suspension } from "./suspension.ts";

/**
 * Every measure computed here, in run order. Growth is computed by src/growth/ into the same
 * table; framework measures without an entry here (ela_growth, math_growth) are skipped.
 */
export const MEASURES: readonly Measure[] = [
  elaPerformance,
  mathPerformance,
  elaDistanceFromStandard,
  mathDistanceFromStandard,
  hsReadiness,
  graduation,
  chronicAbsence,
  suspension,
  elRedesignation,
  selSkills,
  cultureClimate,
];

/** Progress of {@link computeMeasures}: the measure just finished, and how many of how many. */
export interface MeasureProgress {
  readonly measure: string;
  readonly done: number;
  readonly total: number;
}

export interface ComputeMeasuresOptions {
  readonly runId: string;
  readonly year: number;
  readonly framework: Framework;
  readonly onProgress?: (progress: MeasureProgress) => void;
}

/** What {@link computeMeasures} wrote. */
export interface ComputeMeasuresSummary {
  readonly measures: string[];
  readonly rows: number;
}

/**
 * Computes every measure the framework defines for one run and school year, in one transaction:
 * creates `metric_results` when missing, replaces the run's rows for that year, builds the run's
 * shared work table (every student's reporting groups, {@link STUDENT_GROUPS_TABLE}, read once
 * from `students`), then runs each measure's SQL. All computation happens in DuckDB.
 */
export async function computeMeasures(
  warehouse: Warehouse,
  options: ComputeMeasuresOptions,
): Promise<ComputeMeasuresSummary> {
  const { runId, year, framework, onProgress } = options;
  if (!Number.isInteger(year)) throw new Error(`invalid school year "${year}"`);
  const measures = MEASURES.filter((m) => framework.measures[m.id] !== undefined);
  await warehouse.run(METRIC_RESULTS_DDL);
  await warehouse.transaction(async () => {
    await warehouse.run(
      `DELETE FROM metric_results WHERE run_id = ${sqlString(runId)} AND year = ${year}`,
    );
    await warehouse.run(
      `CREATE OR REPLACE TEMP TABLE ${STUDENT_GROUPS_TABLE} AS ${studentGroupListsSql(framework, year)}`,
    );
    let done = 0;
    for (const measure of measures) {
      for (const statement of measure.sql({ runId, year, framework }))
        await warehouse.run(statement);
      done++;
      onProgress?.({ measure: measure.id, done, total: measures.length });
    }
    await warehouse.run(`DROP TABLE ${STUDENT_GROUPS_TABLE}`);
  });
  const { rows } = await warehouse.one<{ rows: number }>(
    `SELECT count(*)::INTEGER AS rows FROM metric_results WHERE run_id = ${sqlString(runId)} AND year = ${year}`,
  );
  return { measures: measures.map((m) => m.id), rows };
}
