import { inputTable } from "../domain/input-format.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { ingestOrder } from "./ingest-order.ts";
import type { OnProgress } from "./ingest-progress.ts";
import { loadSubmission, type ShrinkOptions, submissionId } from "./load-submission.ts";
import { submissionSha256 } from "./scan-file.ts";
import { ShrinkRefusedError, type TableChange } from "./slice-changes.ts";
import { type Submission, submissionLabel } from "./submission.ts";
import { dropStaging, scanSubmission, validateSubmission } from "./validate-submission.ts";
import { ValidationReport } from "./validation-report.ts";

/** What happened to one submission. */
export interface SubmissionOutcome {
  readonly label: string;
  readonly submission: Submission;
  /**
   * accepted: validated and loaded; unchanged: identical bytes to the submission already loaded
   * for that district and year (nothing done); rejected: validation errors, nothing loaded;
   * validated: clean, not loaded (validate-only mode).
   */
  readonly status: "accepted" | "unchanged" | "rejected" | "validated";
  readonly sha256: string;
  readonly submissionId: string;
  readonly replaces: string | null;
  readonly rowCounts: Readonly<Record<string, number>>;
  /**
   * What loading did (accepted) or would have done (rejected for shrinking) to each table's
   * district × year slice; null when nothing was compared (unchanged, validation errors,
   * validate-only).
   */
  readonly changes: Readonly<Record<string, TableChange>> | null;
  readonly report: ValidationReport;
}

export interface IngestOptions extends ShrinkOptions {
  readonly now?: () => Date;
  readonly examplesPerGroup?: number;
  readonly onProgress?: OnProgress;
  /**
   * Validate only: clean submissions are loaded into `warehouse` (a scratch warehouse) only when
   * a submission of a later year follows, so its cross-year checks see them; outcomes say
   * "validated".
   */
  readonly validateOnly?: boolean;
}

/**
 * Validates and loads submissions, two at a time, earlier years first (see {@link ingestEach}).
 * Each submission is all-or-nothing in its own transaction; a rejected submission does not stop
 * the others (the outcomes say which were accepted, in the order given). At most one submission
 * per district and year: two would race to replace the same slice, so that throws before
 * anything is read.
 */
export async function ingestSubmissions(
  warehouse: Warehouse,
  submissions: readonly Submission[],
  options: IngestOptions = {},
): Promise<SubmissionOutcome[]> {
  const slices = new Map<string, Submission>();
  for (const submission of submissions) {
    const label = submissionLabel(submission);
    const other = slices.get(label);
    if (other) {
      throw new Error(
        `two submissions for ${label}: ${other.dir} and ${submission.dir} (one per district and year)`,
      );
    }
    slices.set(label, submission);
  }
  return withDeferredCheckpoints(warehouse, !options.validateOnly, () =>
    ingestEach(warehouse, submissions, options),
  );
}

/**
 * Runs `work` with DuckDB's automatic checkpoints off, then checkpoints once (when `checkpoint`).
 * By default every COMMIT whose WAL passed 16 MiB rewrites the tables it touched into the file:
 * with one commit per submission that cost more than the inserts themselves (27 s of 73 s on a
 * 12M-row network). Commits stay durable and atomic without it (the WAL is synced at COMMIT and
 * replayed on open); the single CHECKPOINT at the end folds the WAL into the file.
 */
async function withDeferredCheckpoints<T>(
  warehouse: Warehouse,
  checkpoint: boolean,
  work: () => Promise<T>,
): Promise<T> {
  const { threshold } = await warehouse.one<{ threshold: string }>(
    "SELECT current_setting('checkpoint_threshold') AS threshold",
  );
  await warehouse.run("SET checkpoint_threshold = '1000TB'");
  try {
    const result = await work();
    if (checkpoint) await warehouse.run("CHECKPOINT");
    return result;
  } finally {
    await warehouse.run(`SET checkpoint_threshold = '${threshold.replaceAll("'", "''")}'`);
  }
}

/**
 * Two connections work through the submissions at once, each taking the next one in
 * {@link ingestOrder} (year, then largest first) as soon as it is free, so that one validates
 * or loads while the other does: each leaves part of the machine idle (single-threaded steps,
 * commit I/O), and together they keep both cores busy. Order is kept where it matters: a
 * submission of a later year is read at once but checked only after every earlier-year
 * submission has committed (or been rejected), so its cross-year checks see them; submissions of
 * the same year never check each other, so they may load at the same time, each in its own
 * transaction, and commit in any order (DuckDB lets concurrent transactions append to one table,
 * and no two of them touch the same district × year slice: see {@link ingestSubmissions}).
 * Outcomes come back in submission order.
 */
async function ingestEach(
  warehouse: Warehouse,
  submissions: readonly Submission[],
  options: IngestOptions,
): Promise<SubmissionOutcome[]> {
  const queue = ingestOrder(submissions);
  const years = [...new Set(submissions.map((s) => s.year))].sort((a, b) => a - b);
  const lastYear = years.at(-1);
  const left = new Map<number, number>();
  for (const s of submissions) left.set(s.year, (left.get(s.year) ?? 0) + 1);
  const yearDone = new Map(years.map((year) => [year, settled<void>()]));
  const earlierYears = (year: number) =>
    Promise.all(years.filter((y) => y < year).map((y) => yearDone.get(y)!.promise));

  const outcomes: SubmissionOutcome[] = [];
  let failure: unknown;
  const lane = async (connection: Warehouse): Promise<void> => {
    for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
      const submission = submissions[index]!;
      if (failure !== undefined) return;
      outcomes[index] = await ingestOne(connection, submission, options, {
        laterFollows: submission.year !== lastYear,
        earlierYears: () => earlierYears(submission.year),
      });
      const remaining = left.get(submission.year)! - 1;
      left.set(submission.year, remaining);
      if (remaining === 0) yearDone.get(submission.year)!.resolve();
    }
  };

  const lanes = [warehouse];
  if (submissions.length > 1) lanes.push(await warehouse.connect());
  const restoreThreads = lanes.length > 1 ? await oneThreadFewer(warehouse) : async () => {};
  try {
    // a failure (not a rejection: those are outcomes) stops the others before their next
    // submission; a lane waiting for an earlier year is released by the rejection
    await Promise.all(
      lanes.map((connection) =>
        lane(connection).catch((error: unknown) => {
          failure ??= error;
          for (const done of yearDone.values()) done.reject(error);
        }),
      ),
    );
    if (failure !== undefined) throw failure;
    return outcomes;
  } finally {
    for (const connection of lanes) if (connection !== warehouse) connection.close();
    await restoreThreads();
  }
}

/**
 * Lowers DuckDB's thread count by one while two connections work at once (each query runs on its
 * caller's thread plus `threads - 1` workers, so the default oversubscribes the cores when two
 * queries run); returns a function that restores it. On the 2-core machine that means one thread
 * per connection: 1.2M-student network, two alternating pairs, 56.1 / 57.1 s against 64.3 /
 * 70.4 s with the default, 98 against 114-126 user CPU s.
 */
async function oneThreadFewer(warehouse: Warehouse): Promise<() => Promise<void>> {
  const { threads } = await warehouse.one<{ threads: number }>(
    "SELECT current_setting('threads') AS threads",
  );
  if (threads <= 1) return async () => {};
  await warehouse.run(`SET threads = ${threads - 1}`);
  return () => warehouse.run(`SET threads = ${threads}`);
}

/** A promise with its resolve and reject, rejected without an unhandled-rejection warning. */
function settled<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * Validates one submission on `warehouse` (one connection of the two), its checks after
 * `earlierYears`, then loads it.
 */
async function ingestOne(
  warehouse: Warehouse,
  submission: Submission,
  options: IngestOptions,
  order: {
    laterFollows: boolean;
    /** Settles when every earlier-year submission has committed or been rejected. */
    earlierYears: () => Promise<unknown>;
  },
): Promise<SubmissionOutcome> {
  const label = submissionLabel(submission);
  const files = await scanSubmission(submission);
  const sha256 = submissionSha256(files);
  const id = submissionId(submission.districtCode, submission.year, sha256);
  if (!options.validateOnly) {
    const current = await warehouse.all<{ row_counts: string }>(
      "SELECT CAST(row_counts AS VARCHAR) AS row_counts FROM submissions WHERE district_code = ? AND year = ? AND sha256 = ?",
      [submission.districtCode, submission.year, sha256],
    );
    if (current[0]) {
      return {
        label,
        submission,
        status: "unchanged",
        sha256,
        submissionId: id,
        replaces: null,
        rowCounts: JSON.parse(current[0].row_counts) as Record<string, number>,
        changes: null,
        report: new ValidationReport(label),
      };
    }
  }
  const staged = await validateSubmission(warehouse, submission, {
    files,
    beforeChecks: order.earlierYears,
    ...(options.examplesPerGroup !== undefined
      ? { examplesPerGroup: options.examplesPerGroup }
      : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const rows: Record<string, number> = {};
  for (const t of staged.tables) rows[t.spec.table] = t.rows;
  const base = { label, submission, sha256, submissionId: id, report: staged.report };
  try {
    if (staged.report.hasErrors)
      return { ...base, status: "rejected", replaces: null, rowCounts: rows, changes: null };
    if (options.validateOnly && !order.laterFollows) {
      return { ...base, status: "validated", replaces: null, rowCounts: rows, changes: null };
    }
    const result = await loadSubmission(warehouse, staged, {
      ...(options.now ? { now: options.now } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      // a scratch warehouse holds no earlier submission of the slice to shrink
      allowShrink: options.validateOnly || options.allowShrink === true,
      ...(options.maxShrink !== undefined ? { maxShrink: options.maxShrink } : {}),
    }).catch((error: unknown) => {
      if (!(error instanceof ShrinkRefusedError)) throw error;
      error.addTo(staged.report, (table) => inputTable(table).file);
      return error;
    });
    if (result instanceof ShrinkRefusedError) {
      return {
        ...base,
        status: "rejected",
        replaces: null,
        rowCounts: rows,
        changes: result.changes,
      };
    }
    return {
      ...base,
      status: options.validateOnly ? "validated" : "accepted",
      replaces: result.replaces,
      rowCounts: result.rowCounts,
      changes: options.validateOnly ? null : result.changes,
    };
  } finally {
    await dropStaging(warehouse);
  }
}
