import type { Framework } from "../domain/framework/framework-schema.ts";
import type { MeasureId } from "../domain/framework/measure-settings.ts";

/** What a measure's SQL is computed for. */
export interface MeasureContext {
  readonly runId: string;
  /** School year (spring). */
  readonly year: number;
  readonly framework: Framework;
}

/**
 * A measure: set-based DuckDB SQL that inserts its rows into `metric_results` for one run and
 * year. `sql` returns statements to run in order (later ones may read earlier ones' rows); it is
 * only called when the framework defines the measure. The statements run inside computeMeasures,
 * which provides the run's shared work tables (`STUDENT_GROUPS_TABLE`, student-groups.ts). Its
 * plain-language definition is the framework's `description` (one source, rendered from the
 * framework's values), not a text of the code.
 */
export interface Measure {
  /** The framework key whose settings the measure reads. */
  readonly id: MeasureId;
  /** Metric ids the measure writes (e.g. sel_skills writes one per construct and the composite). */
  metrics(framework: Framework): string[];
  sql(context: MeasureContext): string[];
}
