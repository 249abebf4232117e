import { exactSumSql } from "./exact-sum-sql.ts";
import type { MeasureContext } from "./measure.ts";
import { sqlString } from "./sql-text.ts";
import { groupSetListSql, STUDENT_GROUPS_TABLE } from "./student-groups.ts";

/** The aggregation of one metric over per-student (or per-respondent) rows. */
export interface GroupResultsSpec {
  readonly metric: string;
  /**
   * A column of `rows` holding the metric id, for one INSERT that writes several metrics (e.g.
   * one per survey construct): the rows are grouped by it too and `metric` is ignored.
   */
  readonly metricColumn?: string;
  readonly minN: number;
  /** Results for ALL only (no group split), e.g. EL reclassification. */
  readonly allStudentsOnly?: boolean;
  /**
   * A SELECT with at least `district_code, student_id, school_code, school_level` and the
   * columns the aggregates read; one row per counted unit. `student_id` may be NULL (anonymous
   * survey respondents): such rows count in ALL only.
   */
  readonly rows: string;
  /**
   * Additive aggregates over the rows, by name (`count(*)`, `count(*) FILTER (WHERE …)`,
   * `sum(x)`, `count(x)`): computed per school × level × set of groups (students with the same
   * groups together), then summed per group, so rows are never multiplied by their groups.
   */
  readonly partials: Readonly<Record<string, string>>;
  /**
   * The partials that add DOUBLE values (written with `exactSumSql` in `partials`): they are
   * summed over the groups' sets with `exactSumSql` too, so a multi-threaded rerun gives the
   * same bits. Counts and integer sums are exact already.
   */
  readonly doublePartials?: readonly string[];
  /** Expressions over the summed partials (by name) of one school × level × group. */
  readonly n: string;
  readonly numerator: string | null;
  readonly value: string;
  /**
   * Optional SELECT of `(school_code, school_level, participation, meets_floor)` joined onto every
   * group row of the school and level (surveys).
   */
  readonly participation?: string;
}

/**
 * The INSERT … SELECT that writes one metric for every school × level × student group with n ≥ 1:
 * each row is counted in ALL and in each reporting group its student belongs to (membership from
 * {@link STUDENT_GROUPS_TABLE}), and `suppressed` is n < min n.
 */
export function insertGroupResultsSql(context: MeasureContext, spec: GroupResultsSpec): string {
  const participation = spec.participation
    ? `LEFT JOIN (${spec.participation}) p ON p.school_code = a.school_code AND p.school_level = a.school_level`
    : "";
  const metric = spec.metricColumn
    ? `${spec.metricColumn} AS metric`
    : `${sqlString(spec.metric)} AS metric`;
  const names = Object.keys(spec.partials);
  const partials = names.map((name) => `${spec.partials[name]} AS ${name}`).join(", ");
  const doubles = new Set(spec.doublePartials ?? []);
  const summed = names
    .map((name) => `${doubles.has(name) ? exactSumSql(name) : `sum(${name})`} AS ${name}`)
    .join(", ");
  const allOnly = spec.allStudentsOnly ?? false;
  const groupSet = allOnly ? "NULL::BIGINT AS group_set" : "g.group_set";
  const join = allOnly
    ? ""
    : `LEFT JOIN ${STUDENT_GROUPS_TABLE} g ON g.district_code = r.district_code AND g.student_id = r.student_id`;
  const groups = allOnly
    ? "['ALL']"
    : `list_prepend('ALL', ${groupSetListSql(context.framework, "group_set")})`;
  return `INSERT INTO metric_results
  (run_id, year, school_code, school_level, metric, student_group, n, numerator, value, suppressed, participation, meets_floor)
SELECT ${sqlString(context.runId)}, ${context.year}, a.school_code, a.school_level, a.metric,
  a.student_group, a.n, a.numerator, a.value, a.n < ${spec.minN},
  ${spec.participation ? "p.participation, p.meets_floor" : "NULL, NULL"}
FROM (
  WITH measure_rows AS (${spec.rows}),
  per_set AS (
    SELECT r.school_code, r.school_level, ${metric}, ${groupSet}, ${partials}
    FROM (SELECT * FROM measure_rows) r
    ${join}
    GROUP BY ALL
  ),
  per_group AS (
    SELECT school_code, school_level, metric, unnest(${groups}) AS student_group, ${names.join(", ")}
    FROM per_set
  ),
  summed AS (
    SELECT school_code, school_level, metric, student_group, ${summed}
    FROM per_group GROUP BY school_code, school_level, metric, student_group
  )
  SELECT school_code, school_level, metric, student_group,
    (${spec.n})::INTEGER AS n,
    (${spec.numerator ?? "NULL"})::DOUBLE AS numerator,
    (${spec.value})::DOUBLE AS value
  FROM summed
) a
${participation}
WHERE a.n >= 1`;
}

/**
 * Expands the rows of the CTE or table `rows` (with `district_code` and `student_id`) to one row
 * per student group: every row once as ALL, plus once per reporting group of its student
 * (unless `allStudentsOnly`). Rows with a NULL student_id stay in ALL only. Reads the run's
 * {@link STUDENT_GROUPS_TABLE} (one row per student with the list of their groups).
 */
export function withStudentGroupsSql(rows: string, allStudentsOnly: boolean): string {
  if (allStudentsOnly) return `SELECT r.*, 'ALL' AS student_group FROM ${rows} r`;
  return `SELECT r.*, unnest(list_prepend('ALL', coalesce(g.groups, []::VARCHAR[]))) AS student_group
  FROM ${rows} r
  LEFT JOIN ${STUDENT_GROUPS_TABLE} g
    ON g.district_code = r.district_code AND g.student_id = r.student_id`;
}
