import type { ColumnSpec, TableSpec } from "../domain/input-format.ts";
import { storedColumns, warehouseType } from "../warehouse/schema.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { hasParsedValue, ident, parsed, stagingTable } from "./sql-check.ts";
import { validationIssue } from "./validation-issue.ts";
import type { ValidationReport } from "./validation-report.ts";

/**
 * What a submission does to one table's district × year slice: rows stored before and after, and
 * how many rows it adds and removes by content (a row whose every value is unchanged is neither;
 * a changed row is one removed and one added).
 */
export interface TableChange {
  readonly before: number;
  readonly after: number;
  readonly gained: number;
  readonly lost: number;
}

/**
 * The share of a table's stored slice rows a submission may remove without being confirmed
 * (`--allow-shrink`): more than half ("most of a table's rows") is refused by default.
 */
export const DEFAULT_MAX_SHRINK = 0.5;

/** The SQL of a column's warehouse value from its staged row, typed as it is stored. */
export function storedValue(column: ColumnSpec): string {
  if (hasParsedValue(column)) return `CAST(${parsed(column.name)} AS ${warehouseType(column)})`;
  const v = `NULLIF(${ident(column.name)}, '')`;
  return column.type === "flag" ? `(${v} = 'Y')` : v;
}

/**
 * Compares each staged table with its stored slice: counts, and rows added and removed as
 * multisets of whole-row hashes. `stored` is false for a slice no submission was accepted for
 * (everything staged is added; nothing is read).
 */
export async function sliceChanges(
  warehouse: Warehouse,
  tables: readonly { spec: TableSpec; rows: number }[],
  slice: readonly [string, number],
  stored: boolean,
): Promise<Record<string, TableChange>> {
  const changes: Record<string, TableChange> = {};
  for (const { spec, rows } of tables) {
    if (!stored) {
      changes[spec.table] = { before: 0, after: rows, gained: rows, lost: 0 };
      continue;
    }
    const columns = storedColumns(spec);
    const change = await warehouse.one<{
      before: number;
      after: number;
      gained: number;
      lost: number;
    }>(
      `WITH old AS (
          SELECT hash(${columns.map((c) => ident(c.name)).join(", ")}) AS h, count(*) AS n
          FROM ${spec.table} WHERE district_code = ? AND year = ? GROUP BY h),
        new AS (
          SELECT hash(${columns.map(storedValue).join(", ")}) AS h, count(*) AS n
          FROM ${stagingTable(spec.table)} GROUP BY h)
        SELECT CAST(coalesce(sum(old.n), 0) AS BIGINT) AS before,
          CAST(coalesce(sum(new.n), 0) AS BIGINT) AS after,
          CAST(coalesce(sum(greatest(coalesce(new.n, 0) - coalesce(old.n, 0), 0)), 0) AS BIGINT) AS gained,
          CAST(coalesce(sum(greatest(coalesce(old.n, 0) - coalesce(new.n, 0), 0)), 0) AS BIGINT) AS lost
        FROM old FULL JOIN new USING (h)`,
      [...slice],
    );
    changes[spec.table] = { ...change };
  }
  return changes;
}

/** The tables a submission would shrink by more than `maxShrink` of their stored slice rows. */
export function shrunkTables(
  changes: Readonly<Record<string, TableChange>>,
  maxShrink: number,
): string[] {
  return Object.entries(changes)
    .filter(([, c]) => c.before > 0 && c.before - c.after > maxShrink * c.before)
    .map(([table]) => table);
}

/** Raised inside the load transaction when a submission would shrink a table unconfirmed. */
export class ShrinkRefusedError extends Error {
  constructor(
    readonly label: string,
    readonly changes: Readonly<Record<string, TableChange>>,
    readonly tables: readonly string[],
    readonly maxShrink: number,
  ) {
    super(
      `submission ${label} would remove more than ${Math.round(maxShrink * 100)}% of the stored rows of ${tables.join(", ")}; nothing was loaded`,
    );
    this.name = "ShrinkRefusedError";
  }

  /** Adds one "shrink" error per shrunk table to `report`, naming the counts. */
  addTo(report: ValidationReport, fileOf: (table: string) => string): void {
    for (const table of this.tables) {
      const c = this.changes[table]!;
      report.add(
        validationIssue({
          severity: "error",
          rule: "shrink",
          file: fileOf(table),
          value: String(c.after),
          problem: `would replace the ${c.before} stored rows of ${this.label} with ${c.after} (${c.lost} removed, ${c.gained} added: ${Math.round(((c.before - c.after) / c.before) * 100)}% fewer, more than the ${Math.round(this.maxShrink * 100)}% allowed); nothing was loaded. If this is intended, ingest again with --allow-shrink`,
        }),
      );
    }
  }
}
