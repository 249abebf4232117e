import type { Framework } from "../domain/framework/framework-schema.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import {
  chronicAbsenceToDateSql,
  monthlyAbsenceSql,
  studentYearTableSql,
} from "./periodic-absence.ts";
import { dfRateSql } from "./periodic-df-rate.ts";
import { type PeriodicContext, periodicMonthsSql } from "./periodic-months.ts";
import { PERIODIC_RESULTS_DDL, type PeriodicMeasureId } from "./periodic-results-table.ts";
import { suspensionsPerMonthSql } from "./periodic-suspensions.ts";
import { sqlString } from "./sql-text.ts";
import { STUDENT_GROUPS_TABLE, studentGroupListsSql } from "./student-groups.ts";

/** Each periodic measure's statements, in run order. */
const PERIODIC_SQL: Readonly<Record<PeriodicMeasureId, (context: PeriodicContext) => string[]>> = {
  monthly_absence_rate: monthlyAbsenceSql,
  chronic_absence_to_date: chronicAbsenceToDateSql,
  suspensions_per_month: suspensionsPerMonthSql,
  df_rate_term: dfRateSql,
};

export interface ComputePeriodicOptions {
  readonly runId: string;
  readonly year: number;
  readonly framework: Framework;
  /** Told after each step (`groups`, `student year`, then each measure id) with its milliseconds. */
  readonly onStep?: (step: string, ms: number) => void;
}

/**
 * Computes the periodic measures of one run and school year into `periodic_results`, in one
 * transaction: replaces the run's rows for the year, finds the year's months, builds the run's
 * student groups ({@link STUDENT_GROUPS_TABLE}) and each student's year of attendance (read by
 * both absence measures) and runs each measure's SQL (a measure whose framework settings are
 * missing writes nothing; an empty attendance_periods table gives no absence rows). Returns the
 * rows written per measure.
 */
export async function computePeriodicMeasures(
  warehouse: Warehouse,
  options: ComputePeriodicOptions,
): Promise<Record<PeriodicMeasureId, number>> {
  const { runId, year, framework } = options;
  let last = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    options.onStep?.(name, now - last);
    last = now;
  };
  if (!Number.isInteger(year)) throw new Error(`invalid school year "${year}"`);
  await warehouse.run(PERIODIC_RESULTS_DDL);
  await warehouse.transaction(async () => {
    const months = await warehouse.all<{ month: string }>(
      `SELECT strftime(month, '%Y-%m-%d') AS month FROM (${periodicMonthsSql(year)})`,
    );
    const context: PeriodicContext = {
      runId,
      year,
      framework,
      months: months.map((m) => m.month),
    };
    const studentYear = studentYearTableSql(context);
    await warehouse.run(
      `DELETE FROM periodic_results WHERE run_id = ${sqlString(runId)} AND year = ${year}`,
    );
    await warehouse.run(
      `CREATE OR REPLACE TEMP TABLE ${STUDENT_GROUPS_TABLE} AS ${studentGroupListsSql(framework, year)}`,
    );
    step("groups");
    for (const statement of studentYear.create) await warehouse.run(statement);
    step("student year");
    for (const [id, sql] of Object.entries(PERIODIC_SQL)) {
      for (const statement of sql(context)) await warehouse.run(statement);
      step(id);
    }
    for (const statement of studentYear.drop) await warehouse.run(statement);
    await warehouse.run(`DROP TABLE ${STUDENT_GROUPS_TABLE}`);
  });
  const rows = await warehouse.all<{ measure: PeriodicMeasureId; rows: number }>(
    `SELECT measure, count(*)::INTEGER AS rows FROM periodic_results
     WHERE run_id = ${sqlString(runId)} AND year = ${year} GROUP BY measure`,
  );
  const out = Object.fromEntries(Object.keys(PERIODIC_SQL).map((id) => [id, 0])) as Record<
    PeriodicMeasureId,
    number
  >;
  for (const r of rows) out[r.measure] = r.rows;
  return out;
}
