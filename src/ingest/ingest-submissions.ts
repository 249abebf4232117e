import type { Warehouse } from "../warehouse/warehouse.ts";
import type { OnProgress } from "./ingest-progress.ts";
import { loadSubmission, submissionId } from "./load-submission.ts";
import { submissionSha256 } from "./scan-file.ts";
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
  readonly report: ValidationReport;
}

export interface IngestOptions {
  readonly now?: () => Date;
  readonly examplesPerGroup?: number;
  readonly onProgress?: OnProgress;
  /**
   * Validate only: clean submissions are loaded into `warehouse` (a scratch warehouse) only when
   * a later submission follows, so its cross-year checks see them; outcomes say "validated".
   */
  readonly validateOnly?: boolean;
}

/**
 * Validates and loads submissions one at a time, in the order given (discoverSubmissions gives
 * year order). Each submission is all-or-nothing in its own transaction; a rejected submission
 * does not stop the others (the outcomes say which were accepted).
 */
export async function ingestSubmissions(
  warehouse: Warehouse,
  submissions: readonly Submission[],
  options: IngestOptions = {},
): Promise<SubmissionOutcome[]> {
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
 * Two connections take turns (submission k on connection k mod 2), so that one validates the
 * next submission while the other loads the previous: validation and load each leave part of the
 * machine idle (single-threaded steps, commit I/O), and together they keep both cores busy.
 * Order is kept where it matters: loads commit one at a time in submission order, and a
 * submission of a later year is validated only after every earlier-year submission has
 * committed, so its cross-year checks see them (submissions of the same year never check each
 * other). Outcomes come back in submission order.
 */
async function ingestEach(
  warehouse: Warehouse,
  submissions: readonly Submission[],
  options: IngestOptions,
): Promise<SubmissionOutcome[]> {
  const second = submissions.length > 1 ? await warehouse.connect() : warehouse;
  const lanes = [warehouse, second] as const;
  const loaded: Promise<void>[] = [];
  const finished: Promise<unknown>[] = [];
  try {
    for (const [index, submission] of submissions.entries()) {
      const previous = submissions[index - 1];
      const ready = Promise.all([
        finished[index - 2],
        previous && previous.year < submission.year ? loaded[index - 1] : undefined,
      ]);
      let markLoaded!: () => void;
      loaded[index] = new Promise<void>((resolve) => {
        markLoaded = resolve;
      });
      const loadTurn = loaded[index - 1] ?? Promise.resolve();
      finished[index] = ready
        .then(() =>
          ingestOne(lanes[index % 2]!, submission, options, {
            laterFollows: index < submissions.length - 1,
            loadTurn,
          }),
        )
        .finally(markLoaded);
    }
    // a failure (not a rejection: those are outcomes) stops the others at their next turn
    return (await Promise.all(finished)) as SubmissionOutcome[];
  } finally {
    await Promise.allSettled(finished);
    if (second !== warehouse) second.close();
  }
}

/**
 * Validates one submission on `warehouse` (one connection of the two), then, when `loadTurn`
 * has resolved (the previous submission's load is done), loads it.
 */
async function ingestOne(
  warehouse: Warehouse,
  submission: Submission,
  options: IngestOptions,
  order: { laterFollows: boolean; loadTurn: Promise<void> },
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
        report: new ValidationReport(label),
      };
    }
  }
  const staged = await validateSubmission(warehouse, submission, {
    files,
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
      return { ...base, status: "rejected", replaces: null, rowCounts: rows };
    if (options.validateOnly && !order.laterFollows) {
      return { ...base, status: "validated", replaces: null, rowCounts: rows };
    }
    await order.loadTurn;
    const result = await loadSubmission(warehouse, staged, {
      ...(options.now ? { now: options.now } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return {
      ...base,
      status: options.validateOnly ? "validated" : "accepted",
      replaces: result.replaces,
      rowCounts: result.rowCounts,
    };
  } finally {
    await dropStaging(warehouse);
  }
}
