import type { ColumnSpec } from "../domain/input-format.ts";
import { storedColumns } from "../warehouse/schema.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import type { OnProgress } from "./ingest-progress.ts";
import {
  DEFAULT_MAX_SHRINK,
  ShrinkRefusedError,
  shrunkTables,
  sliceChanges,
  type TableChange,
} from "./slice-changes.ts";
import { hasParsedValue, ident, parsed, stagingTable } from "./sql-check.ts";
import { submissionLabel } from "./submission.ts";
import type { StagedSubmission } from "./validate-submission.ts";

/** What loading a validated submission did. */
export interface LoadResult {
  readonly submissionId: string;
  /** The submission it replaced (same district and year), if any. */
  readonly replaces: string | null;
  readonly rowCounts: Readonly<Record<string, number>>;
  /** What the submission did to each table's slice (rows before and after, added and removed). */
  readonly changes: Readonly<Record<string, TableChange>>;
}

/** Raised when a submission with errors is given to {@link loadSubmission}. */
export class SubmissionRejectedError extends Error {
  constructor(
    readonly label: string,
    readonly errors: number,
  ) {
    super(`submission ${label} has ${errors} validation error(s); nothing was loaded`);
    this.name = "SubmissionRejectedError";
  }
}

/** The id of a submission: district, year and the start of its content hash. */
export function submissionId(districtCode: string, year: number, sha256: string): string {
  return `${districtCode}-${year}-${sha256.slice(0, 16)}`;
}

/** The SQL of a column's warehouse value from its staged row (values are already valid). */
function typedValue(column: ColumnSpec): string {
  if (hasParsedValue(column)) return parsed(column.name);
  const v = `NULLIF(${ident(column.name)}, '')`;
  return column.type === "flag" ? `(${v} = 'Y')` : v;
}

/** How {@link loadSubmission} treats a submission that removes most of a table's slice. */
export interface ShrinkOptions {
  /** Load it anyway (the data lead confirmed it: `--allow-shrink`). */
  readonly allowShrink?: boolean;
  /** The share of a table's stored slice rows that may go unconfirmed; default 0.5. */
  readonly maxShrink?: number;
}

/**
 * Loads a validated submission in ONE transaction: compares each table with its stored slice
 * (see {@link sliceChanges}) and throws {@link ShrinkRefusedError} when one would lose more than
 * `maxShrink` of its rows unless `allowShrink`, deletes the district × year slice from every
 * input table, inserts the staged rows with their types, replaces the `submissions` row and
 * appends to `submission_log`, then commits. Any failure (or a killed process) before COMMIT
 * leaves the warehouse as it was.
 */
export async function loadSubmission(
  warehouse: Warehouse,
  staged: StagedSubmission,
  options: { now?: () => Date; onProgress?: OnProgress } & ShrinkOptions = {},
): Promise<LoadResult> {
  const { submission, report } = staged;
  const label = submissionLabel(submission);
  if (report.hasErrors) throw new SubmissionRejectedError(label, report.errorCount);
  const now = (options.now ?? (() => new Date()))().toISOString();
  const id = submissionId(submission.districtCode, submission.year, staged.sha256);
  const slice: [string, number] = [submission.districtCode, submission.year];
  const steps = staged.tables.length + 1;
  const rowCounts: Record<string, number> = {};
  for (const table of staged.tables) rowCounts[table.spec.table] = table.rows;

  return withoutInsertionOrder(warehouse, () =>
    warehouse.transaction(async () => {
      const previous = await warehouse.all<{ submission_id: string }>(
        "SELECT submission_id FROM submissions WHERE district_code = ? AND year = ?",
        slice,
      );
      const changes = await sliceChanges(warehouse, staged.tables, slice, previous.length > 0);
      const maxShrink = options.maxShrink ?? DEFAULT_MAX_SHRINK;
      const shrunk = shrunkTables(changes, maxShrink);
      if (shrunk.length > 0 && !options.allowShrink) {
        throw new ShrinkRefusedError(label, changes, shrunk, maxShrink);
      }
      let step = 0;
      for (const { spec } of staged.tables) {
        // a slice only holds rows when a submission for it was accepted (ingest is the only writer)
        if (previous.length > 0) {
          await warehouse.run(
            `DELETE FROM ${spec.table} WHERE district_code = ? AND year = ?`,
            slice,
          );
        }
        const columns = storedColumns(spec);
        await warehouse.run(
          `INSERT INTO ${spec.table} (district_code, year, ${columns.map((c) => ident(c.name)).join(", ")})
          SELECT ?, ?, ${columns.map(typedValue).join(", ")} FROM ${stagingTable(spec.table)}`,
          slice,
        );
        options.onProgress?.({
          submission: label,
          phase: "insert",
          table: spec.table,
          step: ++step,
          steps,
        });
      }
      const replaces = previous[0]?.submission_id ?? null;
      if (replaces !== null) {
        await warehouse.run(
          "UPDATE submission_log SET replaced_at = ?::TIMESTAMP WHERE district_code = ? AND year = ? AND replaced_at IS NULL",
          [now, ...slice],
        );
        await warehouse.run("DELETE FROM submissions WHERE district_code = ? AND year = ?", slice);
      }
      const files = staged.files.map((f) => ({
        name: f.name,
        sha256: f.sha256,
        bytes: f.bytes,
        rows: staged.tables.find((t) => t.spec.file === f.name)?.rows ?? 0,
      }));
      await warehouse.run(
        `INSERT INTO submissions (submission_id, district_code, year, sha256, files, row_counts, accepted_at, replaces)
        VALUES (?, ?, ?, ?, ?::JSON, ?::JSON, ?::TIMESTAMP, ?)`,
        [
          id,
          ...slice,
          staged.sha256,
          JSON.stringify(files),
          JSON.stringify(rowCounts),
          now,
          replaces,
        ],
      );
      await warehouse.run(
        `INSERT INTO submission_log (submission_id, district_code, year, sha256, accepted_at, replaced_at)
        VALUES (?, ?, ?, ?, ?::TIMESTAMP, NULL)`,
        [id, ...slice, staged.sha256, now],
      );
      options.onProgress?.({ submission: label, phase: "commit", step: ++step, steps });
      return { submissionId: id, replaces, rowCounts, changes };
    }),
  );
}

/**
 * Runs `work` with `preserve_insertion_order` off for this connection. With it on (DuckDB's
 * default) the inserts of large tables are written in file order by one thread and the next
 * CHECKPOINT rewrites those row groups again (on the 1.2M-student network: 18 s of checkpoint for
 * the largest district, against 3 s with it off, and inserts about twice as fast). Warehouse
 * tables have no meaningful row order: every reader orders or aggregates explicitly, and `line`
 * order matters only in the staging tables, which are read with it on (the setting is per
 * session, so another connection staging a file at the same time keeps file order).
 */
async function withoutInsertionOrder<T>(warehouse: Warehouse, work: () => Promise<T>): Promise<T> {
  await warehouse.run("SET SESSION preserve_insertion_order = false");
  try {
    return await work();
  } finally {
    await warehouse.run("RESET SESSION preserve_insertion_order");
  }
}
