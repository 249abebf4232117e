import type { Framework } from "../domain/framework/framework-schema.ts";
import { sqlString } from "../measures/sql-text.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { computeGrowth } from "./compute-growth.ts";

/**
 * The growth step of a run, in the shape of the run pipeline's extra stage (`computeRun`'s
 * `growth` option): computes the growth model and returns its warnings as sentences.
 */
export async function growthStage(
  warehouse: Warehouse,
  context: {
    runId: string;
    year: number;
    framework: Framework;
    districts?: readonly string[] | null;
  },
): Promise<{ warnings: readonly string[] }> {
  const summary = await computeGrowth(warehouse, context);
  return {
    warnings: summary.warnings.map(
      (w) =>
        `growth ${w.subject}${w.grade === undefined ? "" : ` grade ${w.grade}`}${w.studentGroup ? ` ${w.studentGroup}` : ""}: ${w.message}`,
    ),
  };
}

/**
 * The SELECT behind `growth_results.csv` for a run: run_id, year, school_code, school_level, subject,
 * student_group, n, effect, se, effect_shrunk, se_shrunk, ci_low, ci_high, growth_score, level.
 * Suppressed rows (n below the measure's min n) keep n but no estimates. Values are rounded to
 * 9 decimals so that the last bits of a parallel sum cannot change the bytes.
 */
export function growthResultsExportSql(runId: string): string {
  const value = (column: string): string =>
    `CASE WHEN suppressed THEN NULL ELSE round(${column}, 9) END AS ${column}`;
  return `SELECT run_id, year, school_code, school_level, subject, student_group, n,
  ${["effect", "se", "effect_shrunk", "se_shrunk", "ci_low", "ci_high", "growth_score"].map(value).join(", ")},
  CASE WHEN suppressed THEN NULL ELSE level END AS level
FROM growth_results WHERE run_id = ${sqlString(runId)}
ORDER BY school_code, school_level, subject, student_group`;
}
