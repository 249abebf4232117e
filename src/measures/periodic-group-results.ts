import type { MeasureContext } from "./measure.ts";
import { sqlString } from "./sql-text.ts";
import { groupSetListSql, STUDENT_GROUPS_TABLE } from "./student-groups.ts";

/** The aggregation of one periodic measure over per-student × period rows. */
export interface PeriodicResultsSpec {
  readonly measure: string;
  /**
   * A SELECT with at least `school_code, school_level, period_start, period_end, period_label`,
   * the columns the partials read, and `district_code, student_id` (joined to the student's groups)
   * or else `group_set` ({@link rowsHaveGroupSet}); one row per student × school × level × period,
   * or per school × level × group set × period with the partials already summed over its students.
   */
  readonly rows: string;
  /**
   * Additive integer aggregates over the rows, by name (`count(*)`, `sum(days)`): computed per
   * school × level × period × set of groups, then summed per group. Integers add exactly in any
   * order, so a multi-threaded rerun gives the same bits.
   */
  readonly partials: Readonly<Record<string, string>>;
  /** Expressions over the summed partials of one school × level × period × group. */
  readonly n: string;
  readonly numerator: string;
  readonly denominator: string;
  /** `value = numerator / denominator × scale`. */
  readonly scale: number;
  /**
   * An expression over the summed partials: a school × level × group's period gets a row only
   * where it holds (and n ≥ 1).
   */
  readonly keep?: string;
  /** The rows carry their student's `group_set` already (no join to the groups table). */
  readonly rowsHaveGroupSet?: boolean;
}

/**
 * The INSERT … SELECT that writes one periodic measure into `periodic_results` for every school ×
 * level × student group × period with n ≥ 1: each row counts in ALL and in each reporting group of
 * its student ({@link STUDENT_GROUPS_TABLE}), never multiplied by its groups.
 */
export function insertPeriodicResultsSql(
  context: MeasureContext,
  spec: PeriodicResultsSpec,
): string {
  const names = Object.keys(spec.partials);
  const partials = names.map((name) => `${spec.partials[name]} AS ${name}`).join(", ");
  const summed = names.map((name) => `sum(${name}) AS ${name}`).join(", ");
  const keys = "school_code, school_level, period_start, period_end, period_label";
  const join = spec.rowsHaveGroupSet
    ? ""
    : `LEFT JOIN ${STUDENT_GROUPS_TABLE} g
      ON g.district_code = r.district_code AND g.student_id = r.student_id`;
  return `INSERT INTO periodic_results
  (run_id, year, school_code, school_level, measure, student_group, period_start, period_end,
   period_label, n, numerator, denominator, value)
SELECT ${sqlString(context.runId)}, ${context.year}, school_code, school_level,
  ${sqlString(spec.measure)}, student_group, period_start, period_end, period_label, n,
  numerator, denominator,
  CASE WHEN denominator > 0 THEN ${spec.scale} * numerator / denominator END
FROM (
  WITH measure_rows AS (${spec.rows}),
  per_set AS (
    SELECT r.school_code, r.school_level, r.period_start, r.period_end, r.period_label,
      ${spec.rowsHaveGroupSet ? "r" : "g"}.group_set, ${partials}
    FROM measure_rows r
    ${join}
    GROUP BY ALL
  ),
  per_group AS (
    SELECT ${keys},
      unnest(list_prepend('ALL', ${groupSetListSql(context.framework, "group_set")})) AS student_group,
      ${names.join(", ")}
    FROM per_set
  ),
  summed AS (
    SELECT ${keys}, student_group, ${summed}
    FROM per_group GROUP BY ${keys}, student_group
  )
  SELECT ${keys}, student_group,
    (${spec.n})::INTEGER AS n,
    (${spec.numerator})::DOUBLE AS numerator,
    (${spec.denominator})::DOUBLE AS denominator
  FROM summed${
    spec.keep
      ? `
  WHERE ${spec.keep}`
      : ""
  }
)
WHERE n >= 1`;
}
