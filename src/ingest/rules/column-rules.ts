import type { ColumnSpec, TableSpec } from "../../domain/input-format.ts";
import {
  DATE_REGEX,
  DECIMAL_REGEX,
  INTEGER_REGEX,
  ident,
  present,
  type SqlCheck,
  sqlString,
  stagingTable,
} from "../sql-check.ts";

/**
 * A check of one value against its column's spec: `condition` is true on a bad row of the
 * staging table and `message` is the SQL text of the problem. Rules: required, type, code,
 * pattern, range (all errors).
 */
export interface ColumnCheck {
  readonly rule: "required" | "type" | "code" | "pattern" | "range";
  readonly column: string;
  readonly condition: string;
  readonly message: string;
}

/** The value checks the TableSpec implies, one or more per column. */
export function columnChecks(spec: TableSpec): ColumnCheck[] {
  return spec.columns.flatMap(checksOf);
}

function checksOf(column: ColumnSpec): ColumnCheck[] {
  const v = ident(column.name);
  const given = present(v);
  const checks: ColumnCheck[] = [];
  if (column.required) {
    checks.push({
      rule: "required",
      column: column.name,
      condition: `NOT ${given}`,
      message: "'value is blank but required'",
    });
  }
  const typeRegex =
    column.type === "integer"
      ? INTEGER_REGEX
      : column.type === "decimal"
        ? DECIMAL_REGEX
        : column.type === "date"
          ? DATE_REGEX
          : null;
  if (typeRegex !== null) {
    const typeCondition =
      column.type === "date"
        ? `(NOT regexp_full_match(${v}, '${typeRegex}') OR TRY_CAST(${v} AS DATE) IS NULL)`
        : `NOT regexp_full_match(${v}, '${typeRegex}')`;
    const expected = column.type === "date" ? "a date (YYYY-MM-DD)" : `an ${column.type}`;
    checks.push({
      rule: "type",
      column: column.name,
      condition: `${given} AND ${typeCondition}`,
      message: `format('value "{}" is not ${column.type === "integer" ? "an integer" : column.type === "decimal" ? "a number" : expected}', ${v})`,
    });
  }
  if ((column.type === "code" || column.type === "flag") && column.codes) {
    const list = column.codes.map(sqlString).join(", ");
    checks.push({
      rule: "code",
      column: column.name,
      condition: `${given} AND ${v} NOT IN (${list})`,
      message: `format('value "{}" is not one of {}', ${v}, ${sqlString(column.codes.join(", "))})`,
    });
  }
  if (column.type === "text" && column.pattern !== undefined) {
    checks.push({
      rule: "pattern",
      column: column.name,
      condition: `${given} AND NOT regexp_full_match(${v}, ${sqlString(column.pattern)})`,
      message: `format('value "{}" does not match the pattern {}', ${v}, ${sqlString(column.pattern)})`,
    });
  }
  if (
    typeRegex !== null &&
    column.type !== "date" &&
    (column.min !== undefined || column.max !== undefined)
  ) {
    const min = column.min ?? Number.MIN_SAFE_INTEGER;
    const max = column.max ?? Number.MAX_SAFE_INTEGER;
    checks.push({
      rule: "range",
      column: column.name,
      condition: `${given} AND regexp_full_match(${v}, '${typeRegex}') AND TRY_CAST(${v} AS DOUBLE) NOT BETWEEN ${min} AND ${max}`,
      message: `format('value "{}" is outside the range {} to {}', ${v}, '${min}', '${max}')`,
    });
  }
  return checks;
}

/** One column check as a stand-alone {@link SqlCheck} (to list its offending rows). */
export function columnCheckSql(spec: TableSpec, check: ColumnCheck): SqlCheck {
  return {
    rule: check.rule,
    severity: "error",
    file: spec.file,
    column: check.column,
    reads: [spec.table],
    sql: `SELECT line, ${ident(check.column)} AS value, ${check.message} AS message FROM ${stagingTable(spec.table)} WHERE ${check.condition}`,
    scan: { table: spec.table, condition: check.condition },
  };
}
