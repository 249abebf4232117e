import { localMetricId } from "../domain/framework/district-overlay-schema.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import type { LoadedOverlay } from "../domain/framework/load-district-overlay.ts";
import { computeMeasures } from "../measures/compute-measures.ts";
import { exactSumSql } from "../measures/exact-sum-sql.ts";
import { sqlString } from "../measures/sql-text.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

/**
 * Computes each overlay's local measures for one run: the base measure's SQL runs with the
 * district's settings under a scratch run id, the rows of the district's own schools move to
 * `local_results` under the local metric id, and the scratch rows are deleted, so `metric_results`
 * of the run is byte for byte what it would be without overlays. Then the local index per school
 * × level and for the district (see district-tables.ts).
 */
export async function computeLocalMeasures(
  warehouse: Warehouse,
  run: { runId: string; year: number; framework: Framework },
  overlays: readonly LoadedOverlay[],
): Promise<void> {
  for (const { overlay, settings } of overlays) {
    const district = sqlString(overlay.district);
    for (const [key, measure] of Object.entries(overlay.measures)) {
      await warehouse.run(
        `INSERT INTO local_measures VALUES (${sqlString(run.runId)}, ${district}, ${sqlString(localMetricId(key))},
          ${sqlString(measure.base)}, ${sqlString(measure.label)}, ${sqlString(measure.description)},
          ${sqlString(measure.direction)}, ${measure.weight ?? "NULL"})`,
      );
      const scratch = `${run.runId}~local~${overlay.district}~${key}`;
      const framework = {
        ...run.framework,
        measures: { [measure.base]: settings.get(key) },
      } as Framework;
      try {
        await computeMeasures(warehouse, { runId: scratch, year: run.year, framework });
        await warehouse.run(`INSERT INTO local_results
          SELECT ${sqlString(run.runId)}, m.year, ${district}, m.school_code, m.school_level,
            ${sqlString(localMetricId(key))}, m.metric, m.student_group, m.n, m.numerator, m.value, m.suppressed
          FROM metric_results m
          WHERE m.run_id = ${sqlString(scratch)} AND m.metric = ${sqlString(measure.base)}
            AND m.school_code IN (SELECT school_code FROM schools WHERE year = ${run.year} AND district_code = ${district})`);
      } finally {
        await warehouse.run(`DELETE FROM metric_results WHERE run_id = ${sqlString(scratch)}`);
      }
    }
  }
}

/** The local index's weights and directions of all overlays, as a SQL VALUES list (or null). */
export function localWeightsSql(overlays: readonly LoadedOverlay[]): string | null {
  const rows = overlays.flatMap(({ overlay }) =>
    Object.entries(overlay.measures)
      .filter(([, m]) => m.weight !== undefined)
      .map(
        ([key, m]) =>
          `(${sqlString(overlay.district)}, ${sqlString(localMetricId(key))}, ${m.weight}::DOUBLE, ${m.direction === "higher"})`,
      ),
  );
  return rows.length === 0
    ? null
    : `(VALUES ${rows.join(", ")}) w(district_code, metric, weight, higher)`;
}

/**
 * The local index of each school × level (from `local_results`) of the run: the weighted mean of
 * its shown ALL-students local percent measures, lower-is-better ones as 100 − value.
 */
export async function writeSchoolLocalIndex(
  warehouse: Warehouse,
  run: { runId: string; year: number },
  overlays: readonly LoadedOverlay[],
): Promise<void> {
  const weights = localWeightsSql(overlays);
  if (weights === null) return;
  await warehouse.run(`INSERT INTO local_index_results
    SELECT r.run_id, r.year, r.district_code, r.school_code, r.school_level,
      ${exactSumSql("w.weight * CASE WHEN w.higher THEN r.value ELSE 100 - r.value END")} / ${exactSumSql("w.weight")},
      count(*)::INTEGER
    FROM local_results r JOIN ${weights} ON w.district_code = r.district_code AND w.metric = r.metric
    WHERE r.run_id = ${sqlString(run.runId)} AND r.student_group = 'ALL' AND NOT r.suppressed
      AND r.value IS NOT NULL
    GROUP BY ALL`);
}
