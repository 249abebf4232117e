/** The shape of one input file: its columns, their types and codes, and its unique key. */

export type ColumnType = "text" | "integer" | "decimal" | "date" | "code" | "flag";

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly required: boolean;
  /** Plain-language meaning, shown in docs/data-format.md. */
  readonly description: string;
  /** Allowed values for `code` columns (and the value list for `flag`: Y/N). */
  readonly codes?: readonly string[];
  /** Regular expression a `text` value must match in full. */
  readonly pattern?: string;
  /** Inclusive numeric range for `integer`/`decimal` columns. */
  readonly min?: number;
  readonly max?: number;
}

export interface TableSpec {
  /** Warehouse table name. */
  readonly table: string;
  /** CSV file name inside a submission folder. */
  readonly file: string;
  readonly description: string;
  /** Whether a submission may leave the file out (an absent file means "no rows"). */
  readonly optional: boolean;
  /** Columns that identify a row within one submission (duplicates are errors). */
  readonly key: readonly string[];
  readonly columns: readonly ColumnSpec[];
}

/** The 14-digit County-District-School code. */
export const CDS_PATTERN = "[0-9]{14}";
/** The 7-digit county-district part of a CDS code. */
export const DISTRICT_PATTERN = "[0-9]{7}";
/** Statewide student identifier: 10 digits. */
export const STUDENT_ID_PATTERN = "[0-9]{10}";
