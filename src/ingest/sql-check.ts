import { type ColumnSpec, type ColumnType, inputTable } from "../domain/input-format.ts";
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
  /**
   * A cheap test, run together with the other checks of the same staging table in ONE pass over
   * it: `sql` is run (to count and list the offending rows) only when some row passes the scan's
   * condition. Without a scan, `sql` always runs.
   */
  readonly scan?: CheckScan;
}

/**
 * How a check is tested in its table's single pass: `condition` is true on at least one row of
 * `stg_<table>` LEFT JOINed with `joins` exactly when `sql` returns at least one row.
 * The condition names the staging table's columns unqualified; a join exposes only `__`-prefixed
 * columns (so names never clash) and is named by its alias, shared by the checks that use it.
 */
export interface CheckScan {
  readonly table: string;
  /**
   * Checks with the same pass share one query (default: the table's). A check whose joins
   * repeat rows (several per staging row) gets a pass of its own so the others scan fewer rows.
   */
  readonly pass?: string;
  readonly condition: string;
  /** Joins by alias, LEFT JOINed to the staging table (checks may share an alias). */
  readonly joins?: Readonly<Record<string, ScanJoin>>;
}

/** `LEFT JOIN (source) AS alias ON on`: source selects only `__`-prefixed columns. */
export interface ScanJoin {
  readonly source: string;
  readonly on: string;
}

/**
 * The LEFT JOIN of the distinct values of `column` of another staging table as `alias.__key`:
 * `alias.__key IS NULL` on a row whose `value` is not among them. When the column has a pattern,
 * `alias.__ok` tells whether the key matches it, tested once per distinct key (see
 * {@link patternCondition}).
 */
export function distinctJoin(
  alias: string,
  table: string,
  column: string,
  value: string,
): Record<string, ScanJoin> {
  const keys = `SELECT DISTINCT ${ident(column)} AS __key FROM ${stagingTable(table)}`;
  return {
    [alias]: {
      source:
        columnPattern(table, column) === undefined
          ? keys
          : `SELECT __key, ${matchesPattern(table, column, "__key")} FROM (${keys})`,
      on: `${alias}.__key = ${value}`,
    },
  };
}

/** The pattern a text column of an input table must match, if it has one. */
export function columnPattern(table: string, column: string): string | undefined {
  return inputTable(table).columns.find((c) => c.name === column)?.pattern;
}

/** `regexp_full_match(expr, <pattern of table.column>) AS __ok`, for a join source. */
export function matchesPattern(table: string, column: string, expr: string): string {
  const pattern = columnPattern(table, column);
  if (pattern === undefined) throw new Error(`${table}.${column} has no pattern`);
  return `regexp_full_match(${expr}, ${sqlString(pattern)}) AS __ok`;
}

/**
 * The scan condition of a pattern check on `value` when the rows are joined (as `alias`) to the
 * ids of the file they refer to, whose `__ok` tells whether an id matches the same pattern: the
 * pattern is then tested once per distinct id there, and on the row itself only when its id is
 * not listed (on the 1.2M-student network, ~100M row tests become ~3M). Equivalent to
 * `NOT regexp_full_match(value, pattern)` on every row with a value.
 */
export function patternCondition(value: string, pattern: string, alias: string): string {
  return `CASE WHEN ${alias}.__key IS NULL THEN NOT regexp_full_match(${value}, ${sqlString(pattern)}) ELSE NOT ${alias}.__ok END`;
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

/** The column types whose staging tables carry a parsed companion (see {@link parsedValue}). */
const PARSED_TYPES = new Set<ColumnType>(["integer", "decimal", "date"]);

/** Whether a staging table carries the parsed companion of `column` ({@link parsed}). */
export function hasParsedValue(column: ColumnSpec): boolean {
  return PARSED_TYPES.has(column.type);
}

/**
 * The SQL that parses a text value of an integer, decimal or date column: NULL when blank or not
 * in the format's form (integers -?d{1,9}, decimals -?d{1,15}[.d+], real YYYY-MM-DD dates).
 * DuckDB's own casts accept more ("+5", " 5", "5.0" for an integer), hence the patterns.
 */
export function parsedValue(column: ColumnSpec, expr: string): string {
  switch (column.type) {
    case "integer":
      return `CASE WHEN regexp_full_match(${expr}, '${INTEGER_REGEX}') THEN CAST(${expr} AS INTEGER) END`;
    case "decimal":
      return `CASE WHEN regexp_full_match(${expr}, '${DECIMAL_REGEX}') THEN CAST(${expr} AS DOUBLE) END`;
    case "date":
      return `CASE WHEN regexp_full_match(${expr}, '${DATE_REGEX}') THEN TRY_CAST(${expr} AS DATE) END`;
    default:
      throw new Error(`column "${column.name}" of type ${column.type} has no parsed value`);
  }
}

/**
 * The parsed value of an integer, decimal or date column of a staging table: the companion
 * column `"#name"` that staging computes once per row when it reads the file, so that checks and
 * the load compare and copy typed values instead of matching patterns again. `ref` is the column
 * name, optionally qualified by a table alias (`d.action_date`).
 */
export function parsed(ref: string): string {
  const dot = ref.lastIndexOf(".");
  const column = ident(`#${ref.slice(dot + 1)}`);
  return dot === -1 ? column : `${ref.slice(0, dot)}.${column}`;
}
