import { localMetricId } from "../domain/framework/district-overlay-schema.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import type { LoadedOverlay } from "../domain/framework/load-district-overlay.ts";
import { exactSumSql } from "../measures/exact-sum-sql.ts";
import { sqlString } from "../measures/sql-text.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";

/**
 * The min n of each metric of the run as a SQL VALUES list: a shared measure's own (else the
 * framework's), a local measure's that of its base (carried in its merged settings).
 */
export function minNValuesSql(framework: Framework, overlays: readonly LoadedOverlay[]): string {
  const rows: string[] = [];
  for (const [id, m] of Object.entries(framework.measures))
    if (m) rows.push(`(${sqlString(id)}, ${m.min_n})`);
  for (const { overlay, settings } of overlays)
    for (const key of Object.keys(overlay.measures)) {
      const minN = Number(settings.get(key)?.min_n ?? framework.suppression.min_n);
      rows.push(`(${sqlString(localMetricId(key))}, ${minN})`);
    }
  return `(VALUES ${rows.join(", ")}) k(metric, min_n)`;
}

/**
 * Writes the run's `district_results`: every shared measure but growth (a school effect, not a
 * sum over students) and every local measure, pooled over each district's schools and levels
 * per student group. n and numerator are summed; a rate is 100 × Σ numerator ÷ Σ n, a mean
 * Σ (value × n) ÷ Σ n — the district's students counted once per school where the measure counts
 * them, exactly as the school rows do. `suppressed` is n below the metric's min n. All in DuckDB,
 * with order-independent sums ({@link exactSumSql}) so that a rerun gives the same bits.
 */
export async function computeDistrictResults(
  warehouse: Warehouse,
  run: { runId: string; year: number; framework: Framework },
  overlays: readonly LoadedOverlay[],
): Promise<void> {
  const runId = sqlString(run.runId);
  await warehouse.run(`INSERT INTO district_results
    WITH schools_of AS (
      SELECT DISTINCT school_code, district_code FROM schools WHERE year = ${run.year}
    ),
    rows_of AS (
      SELECT s.district_code, m.metric, false AS local, m.student_group, m.n, m.numerator, m.value
      FROM metric_results m JOIN schools_of s ON s.school_code = m.school_code
      WHERE m.run_id = ${runId} AND m.metric NOT LIKE '%\\_growth' ESCAPE '\\' AND m.value IS NOT NULL
      UNION ALL
      SELECT district_code, metric, true, student_group, n, numerator, value
      FROM local_results WHERE run_id = ${runId} AND value IS NOT NULL
    ),
    pooled AS (
      SELECT district_code, metric, local, student_group, sum(n)::BIGINT AS n,
        ${exactSumSql("numerator")} AS numerator, ${exactSumSql("value * n")} AS weighted,
        bool_and(numerator IS NOT NULL) AS is_rate
      FROM rows_of GROUP BY ALL
    )
    SELECT ${runId}, ${run.year}, p.district_code, p.metric, p.local, p.student_group, p.n::INTEGER,
      CASE WHEN p.is_rate THEN p.numerator END,
      CASE WHEN p.is_rate THEN 100.0 * p.numerator / p.n ELSE p.weighted / p.n END,
      p.n < coalesce(k.min_n, ${run.framework.suppression.min_n})
    FROM pooled p LEFT JOIN ${minNValuesSql(run.framework, overlays)} ON k.metric = p.metric`);
}

/**
 * The district-wide local index of each overlay district (`school_code` = the district code,
 * `school_level` = 'district'), from its pooled local rows, like the school local index.
 */
export async function writeDistrictLocalIndex(
  warehouse: Warehouse,
  run: { runId: string; year: number },
  weights: string | null,
): Promise<void> {
  if (weights === null) return;
  await warehouse.run(`INSERT INTO local_index_results
    SELECT r.run_id, r.year, r.district_code, r.district_code, 'district',
      ${exactSumSql("w.weight * CASE WHEN w.higher THEN r.value ELSE 100 - r.value END")} / ${exactSumSql("w.weight")},
      count(*)::INTEGER
    FROM district_results r JOIN ${weights} ON w.district_code = r.district_code AND w.metric = r.metric
    WHERE r.run_id = ${sqlString(run.runId)} AND r.local AND r.student_group = 'ALL'
      AND NOT r.suppressed AND r.value IS NOT NULL
    GROUP BY ALL`);
}
