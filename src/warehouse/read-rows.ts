import type { DuckDBValue } from "@duckdb/node-api";
import { assertRows } from "./check-rows.ts";
import { columnsOf, type RowOf, type RowShape } from "./row-shape.ts";
import type { Warehouse } from "./warehouse.ts";

/**
 * Runs `sql` and returns its rows checked against their declared `shape` (see
 * `checkRows`): a column missing or of another type than declared fails the read with a
 * {@link ResultRowError} naming `table`, the row and the column, instead of passing a row the
 * caller would mistake for its type; a query that fails (a column the table lacks) fails with
 * `table` named. Every read of a result table goes through here.
 */
export function readRows<S extends RowShape>(
  warehouse: Warehouse,
  table: string,
  shape: S,
  sql: string,
  params?: DuckDBValue[],
): Promise<NoInfer<RowOf<S>>[]>;
export async function readRows(
  warehouse: Warehouse,
  table: string,
  shape: RowShape,
  sql: string,
  params: DuckDBValue[] = [],
): Promise<unknown[]> {
  let rows: Record<string, unknown>[];
  try {
    rows = await warehouse.all(sql, params);
  } catch (error) {
    // A column the table lacks fails in DuckDB's binder, which names the column but not the table.
    throw new Error(`reading ${table}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  assertRows(table, shape, rows);
  return rows;
}

/**
 * The select list of `shape`'s columns, each through `source` (a qualified column or an
 * expression, aliased to the column's name when it differs): the SQL takes its columns from the
 * declaration instead of repeating them.
 */
export function selectList<S extends RowShape>(
  shape: S,
  source: (column: keyof S["properties"] & string) => string = (c) => c,
): string {
  return columnsOf(shape)
    .map((c) => {
      const from = source(c);
      return from === c || from.endsWith(`.${c}`) ? from : `${from} AS ${c}`;
    })
    .join(", ");
}
