import type { ColumnSpec, TableSpec } from "../../domain/input-format.ts";
import {
  type CheckScan,
  hasParsedValue,
  ident,
  parsed,
  patternCondition,
  present,
  type SqlCheck,
  sqlString,
  stagingTable,
} from "../sql-check.ts";
import { referenceJoin } from "./references.ts";

/**
 * A check of one value against its column's spec: `condition` is true on a bad row of the
 * staging table and `message` is the SQL text of the problem. Rules: required, type, code,
 * pattern, range, formula (all errors).
 */
export interface ColumnCheck {
  readonly rule: "required" | "type" | "code" | "pattern" | "range" | "formula";
  readonly column: string;
  readonly condition: string;
  readonly message: string;
  /** How the table's pass tests it, when not by `condition` alone. */
  readonly scan?: Omit<CheckScan, "table">;
}

/**
 * A cell a spreadsheet would run as a formula: `=` or `@` first, or `+`/`-` then something that
 * is not a number or a space (a name like "- none -" or "+1 555" passes).
 */
const FORMULA = "^(=|@|[+-][A-Za-z(])";

/** The value checks the TableSpec implies, one or more per column. */
export function columnChecks(spec: TableSpec): ColumnCheck[] {
  return spec.columns.flatMap((column) => checksOf(spec, column));
}

function checksOf(spec: TableSpec, column: ColumnSpec): ColumnCheck[] {
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
  if (hasParsedValue(column)) {
    const expected =
      column.type === "date"
        ? "a date (YYYY-MM-DD)"
        : column.type === "integer"
          ? "an integer"
          : "a number";
    checks.push({
      rule: "type",
      column: column.name,
      condition: `${given} AND ${parsed(column.name)} IS NULL`,
      message: `format('value "{}" is not ${expected}', ${v})`,
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
    // an id that refers to another file is tested there, once per distinct id, when that
    // file's column has the same pattern
    const ref = referenceJoin(spec.table, column.name);
    checks.push({
      rule: "pattern",
      column: column.name,
      condition: `${given} AND NOT regexp_full_match(${v}, ${sqlString(column.pattern)})`,
      message: `format('value "{}" does not match the pattern {}', ${v}, ${sqlString(column.pattern)})`,
      ...(ref !== undefined && ref.pattern === column.pattern
        ? {
            scan: {
              condition: `${given} AND ${patternCondition(v, column.pattern, ref.alias)}`,
              joins: ref.joins,
            },
          }
        : {}),
    });
  }
  if (column.type === "text" && column.pattern === undefined) {
    // a spreadsheet saved as CSV can keep a cell's formula as its text; a free-text column is
    // the only place one would pass the other rules (codes, patterns and numbers refuse it)
    checks.push({
      rule: "formula",
      column: column.name,
      condition: `${given} AND regexp_matches(${v}, ${sqlString(FORMULA)})`,
      message: `format('value "{}" looks like a spreadsheet formula (it begins with {}); save the values, not the formulas', ${v}, left(${v}, 1))`,
    });
  }
  if (
    (column.type === "integer" || column.type === "decimal") &&
    (column.min !== undefined || column.max !== undefined)
  ) {
    const min = column.min ?? Number.MIN_SAFE_INTEGER;
    const max = column.max ?? Number.MAX_SAFE_INTEGER;
    checks.push({
      rule: "range",
      column: column.name,
      condition: `${parsed(column.name)} NOT BETWEEN ${min} AND ${max}`,
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
    scan: { table: spec.table, condition: check.condition, ...check.scan },
  };
}
