import { sqlString } from "../measures/sql-text.ts";

/**
 * The relation `(metric, school_level, direction, cuts)` of a cut set: `cuts` is the ascending
 * list of finite cut points (every level's non-NULL upper bound). With it a level is
 * `1 + #{c ≤ v}` (higher is better) or `1 + #{c ≥ v}` (lower is better), as in `levelOf`.
 */
export function cutListsSql(cutSet: string): string {
  return `(SELECT metric, school_level, any_value(direction) AS direction,
    list(upper_bound ORDER BY upper_bound) FILTER (WHERE upper_bound IS NOT NULL) AS cuts
  FROM cut_points WHERE cut_set = ${sqlString(cutSet)}
  GROUP BY metric, school_level)`;
}

/** SQL for the level of `value` against the list `cuts` in a row with `direction`. */
export function levelSql(value: string, cuts: string, direction: string): string {
  return `(1 + CASE WHEN ${direction} = 'higher'
    THEN len(list_filter(coalesce(${cuts}, []), lambda c: c <= ${value}))
    ELSE len(list_filter(coalesce(${cuts}, []), lambda c: c >= ${value})) END)::INTEGER`;
}

/**
 * SQL for the signed change from `value` to reach at least `level + step`: NULL past the top
 * level; else the bound of the target level (see `changeNeeded`) minus the value.
 */
export function changeSql(
  value: string,
  level: string,
  cuts: string,
  direction: string,
  step: number,
): string {
  const target = `(${level} + ${step})`;
  return `CASE WHEN ${target} > len(${cuts}) + 1 THEN NULL
    WHEN ${direction} = 'higher' THEN ${cuts}[${target} - 1] - ${value}
    ELSE ${cuts}[len(${cuts}) + 2 - ${target}] - ${value} END`;
}
