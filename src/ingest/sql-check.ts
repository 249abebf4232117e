import type { Severity } from "./validation-issue.ts";

/**
 * A validation rule as SQL over the staging tables: `sql` selects the offending rows as
 * `line` (file line), `value` (the bad value, text) and `message` (the problem, without the
 * "file line N, column C:" prefix, which the runner adds).
 */
export interface SqlCheck {
  readonly rule: string;
  readonly severity: Severity;
  /** CSV file the offending rows are in. */
  readonly file: string;
  readonly column: string;
  /** Input tables the check reads; it is skipped when one of them could not be read. */
  readonly reads: readonly string[];
  readonly sql: string;
}

/** What checks know about the submission being validated. */
export interface CheckContext {
  readonly districtCode: string;
  readonly year: number;
}

/** Name of the temporary table holding a file's rows as text, with their `line`. */
export function stagingTable(table: string): string {
  return `stg_${table}`;
}

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** True when a text value is given (DuckDB reads empty fields as NULL; "" counts as blank too). */
export function present(expr: string): string {
  return `(${expr} IS NOT NULL AND ${expr} <> '')`;
}

export const INTEGER_REGEX = "-?[0-9]{1,9}";
export const DECIMAL_REGEX = "-?[0-9]{1,15}(\\.[0-9]+)?";
export const DATE_REGEX = "[0-9]{4}-[0-9]{2}-[0-9]{2}";

/** The integer value of a text column, NULL when blank or not an integer. */
export function asInteger(expr: string): string {
  return `(CASE WHEN regexp_full_match(${expr}, '${INTEGER_REGEX}') THEN CAST(${expr} AS INTEGER) END)`;
}

/** The decimal value of a text column, NULL when blank or not a number. */
export function asDecimal(expr: string): string {
  return `(CASE WHEN regexp_full_match(${expr}, '${DECIMAL_REGEX}') THEN CAST(${expr} AS DOUBLE) END)`;
}

/** The date value of a text column, NULL when blank or not a real YYYY-MM-DD date. */
export function asDate(expr: string): string {
  return `(CASE WHEN regexp_full_match(${expr}, '${DATE_REGEX}') THEN TRY_CAST(${expr} AS DATE) END)`;
}
