import { type ColumnSpec, INPUT_TABLES, type TableSpec } from "../domain/input-format.ts";

/** DuckDB type of an input column in the warehouse. Flags (Y/N) are stored as BOOLEAN. */
export function warehouseType(column: ColumnSpec): string {
  switch (column.type) {
    case "text":
    case "code":
      return "VARCHAR";
    case "integer":
      return "INTEGER";
    case "decimal":
      return "DOUBLE";
    case "date":
      return "DATE";
    case "flag":
      return "BOOLEAN";
  }
}

/** The input columns stored per row; a file's own district_code is the slice's (checked equal). */
export function storedColumns(spec: TableSpec): readonly ColumnSpec[] {
  return spec.columns.filter((c) => c.name !== "district_code");
}

/**
 * Every input table is stored once for the whole network: `district_code` and `year` (school
 * year, spring) lead every row, so a district's year is one slice that can be replaced
 * atomically. The slice's accepted submission is its row in `submissions` (one per district and
 * year); rows do not repeat its id (see migrate-input-tables.ts).
 */
export function inputTableDdl(spec: TableSpec): string {
  const columns = [
    "district_code VARCHAR NOT NULL",
    "year INTEGER NOT NULL",
    ...storedColumns(spec).map(
      (c) => `"${c.name}" ${warehouseType(c)}${c.required ? " NOT NULL" : ""}`,
    ),
  ];
  return `CREATE TABLE IF NOT EXISTS ${spec.table} (\n  ${columns.join(",\n  ")}\n)`;
}

/** The accepted submissions: one row per district and year currently in the warehouse. */
export const SUBMISSIONS_DDL = `CREATE TABLE IF NOT EXISTS submissions (
  submission_id VARCHAR PRIMARY KEY,
  district_code VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  sha256 VARCHAR NOT NULL,
  files JSON NOT NULL,
  row_counts JSON NOT NULL,
  accepted_at TIMESTAMP NOT NULL,
  replaces VARCHAR
)`;

/** The history of every accepted submission, kept after a re-submission replaces it. */
export const SUBMISSION_LOG_DDL = `CREATE TABLE IF NOT EXISTS submission_log (
  submission_id VARCHAR NOT NULL,
  district_code VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  sha256 VARCHAR NOT NULL,
  accepted_at TIMESTAMP NOT NULL,
  replaced_at TIMESTAMP
)`;

/** All statements that create the input side of the warehouse. */
export function warehouseInputDdl(): string[] {
  return [SUBMISSIONS_DDL, SUBMISSION_LOG_DDL, ...INPUT_TABLES.map(inputTableDdl)];
}
