import { randomBytes } from "node:crypto";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { INPUT_TABLES, inputTable } from "../domain/input-format.ts";
import { ingestSubmissions, type SubmissionOutcome } from "../ingest/ingest-submissions.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import type { SubmissionRepository } from "../workspace/submission-repository.ts";
import type { BrowserSubmission, StoredReport, SubmissionFile } from "./browser-submission.ts";
import { stageUpload, type UploadPart } from "./stage-upload.ts";
import type { UploadLimits } from "./upload-limits.ts";
import { UploadRefusedError } from "./upload-refused-error.ts";

/** Examples kept per rule and file in a stored report (counts are always complete). */
export const REPORT_EXAMPLES = 1000;

/** What the desk works with: the warehouse's owner, the workspace's submissions, a folder. */
export interface SubmissionDeskDeps {
  /** The server's own warehouse (the process that owns the file): jobs load through it. */
  readonly warehouse: Warehouse;
  readonly submissions: SubmissionRepository;
  /** Where uploads are staged, one folder per submission (beside the warehouse). */
  readonly uploadsDir: string;
  readonly limits: UploadLimits;
  readonly newId?: () => string;
  readonly now?: () => Date;
  /** Called when a job broke (not a rejection): the server logs it. */
  readonly onJobError?: (id: string, error: unknown) => void;
  /**
   * Whether the district's data-sharing agreement admits this year's `tables` (the input tables
   * of the files staged): checked before anything is validated or loaded. Default: admitted.
   */
  readonly admit?: (
    districtCode: string,
    year: number,
    tables: readonly string[],
  ) => Promise<{ allowed: true } | { allowed: false; reason: string }>;
}

/**
 * Receives browser submissions and validates and loads them in the background, one at a time,
 * with the same validation and atomic load as `collab ingest` (`ingestSubmissions`) on a
 * connection of the server's warehouse. A job's state is in the workspace (`submissions`), so a
 * page reloaded, or a server restarted (`resume`), finds it. Writes to the warehouse
 * (submissions, and computes queued with {@link SubmissionDesk.exclusive}) run one after another.
 */
export class SubmissionDesk {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: SubmissionDeskDeps) {}

  /** The upload limits in force. */
  get limits(): UploadLimits {
    return this.deps.limits;
  }

  /**
   * Stages an upload's files and queues its validation; a refused upload (limits, zip bomb,
   * unsafe name) is recorded as rejected with the reason and rethrown, with nothing staged.
   */
  async receive(input: {
    districtCode: string;
    year: number;
    submittedBy: number;
    parts: AsyncIterable<UploadPart>;
  }): Promise<BrowserSubmission> {
    const id = (this.deps.newId ?? (() => randomBytes(16).toString("hex")))();
    let files: SubmissionFile[];
    try {
      files = await stageUpload(this.folder(id), input.parts, this.deps.limits);
    } catch (error) {
      if (!(error instanceof UploadRefusedError)) throw error;
      await this.deps.submissions.create({
        id,
        districtCode: input.districtCode,
        year: input.year,
        submittedBy: input.submittedBy,
        files: [],
        status: "rejected",
        message: error.message,
        report: refusalReport(input.districtCode, input.year, error),
      });
      throw error;
    }
    const created = await this.deps.submissions.create({
      id,
      districtCode: input.districtCode,
      year: input.year,
      submittedBy: input.submittedBy,
      files,
    });
    this.enqueue(created);
    return created;
  }

  /** Queues again the jobs a stopped server left queued or validating. */
  async resume(): Promise<void> {
    for (const s of await this.deps.submissions.unfinished()) this.enqueue(s);
  }

  /** Runs `work` (a compute) in turn with the submissions' loads, never beside one. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Settles when every job queued so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    let last: Promise<unknown>;
    do {
      last = this.queue;
      await last;
    } while (last !== this.queue);
  }

  private folder(id: string): string {
    return join(this.deps.uploadsDir, id);
  }

  private enqueue(submission: BrowserSubmission): void {
    void this.exclusive(() => this.validate(submission)).catch((error: unknown) =>
      this.deps.onJobError?.(submission.id, error),
    );
  }

  private async validate(submission: BrowserSubmission): Promise<void> {
    const { submissions } = this.deps;
    const dir = this.folder(submission.id);
    await submissions.start(submission.id);
    const connection = await this.deps.warehouse.connect();
    try {
      const names = (await readdir(dir, { withFileTypes: true }))
        .filter((e) => e.isFile() && !e.name.startsWith("."))
        .map((e) => e.name)
        .sort();
      const tables = INPUT_TABLES.filter((t) => names.includes(t.file)).map((t) => t.table);
      const admitted = (await this.deps.admit?.(
        submission.districtCode,
        submission.year,
        tables,
      )) ?? {
        allowed: true,
      };
      if (!admitted.allowed) {
        await submissions.finish(submission.id, {
          status: "rejected",
          message: `refused by the data-sharing agreement: ${admitted.reason}; nothing was loaded`,
        });
        return;
      }
      const [outcome] = await ingestSubmissions(
        connection,
        [{ dir, districtCode: submission.districtCode, year: submission.year, files: names }],
        { examplesPerGroup: REPORT_EXAMPLES, ...(this.deps.now ? { now: this.deps.now } : {}) },
      );
      await submissions.finish(submission.id, outcomeFields(outcome!, submission.files));
    } catch (error) {
      await submissions.finish(submission.id, {
        status: "failed",
        message: `the job failed and nothing was loaded: ${error instanceof Error ? error.message : String(error)}`,
      });
      throw error;
    } finally {
      connection.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
}

function outcomeFields(outcome: SubmissionOutcome, files: readonly SubmissionFile[]) {
  const rowsOfFile = new Map<string, number>();
  for (const [table, rows] of Object.entries(outcome.rowCounts))
    rowsOfFile.set(inputTable(table).file, rows);
  const report = outcome.report.toJSON() as StoredReport;
  const accepted = outcome.status === "accepted" || outcome.status === "unchanged";
  return {
    status: accepted ? ("accepted" as const) : ("rejected" as const),
    sha256: outcome.sha256,
    warehouseSubmissionId: accepted ? outcome.submissionId : null,
    replaces: outcome.replaces,
    files: files.map((f) => ({ ...f, rows: rowsOfFile.get(f.name) ?? null })),
    rowCounts: outcome.rowCounts,
    changes: outcome.changes,
    report,
    message:
      outcome.status === "unchanged"
        ? "identical to the submission already accepted for this district and year: nothing changed"
        : accepted
          ? `${rowsLoaded(outcome.rowCounts)} row(s) loaded${outcome.replaces ? `, replacing submission ${outcome.replaces}` : ""}`
          : `rejected: ${report.errors} error(s); nothing was loaded`,
  };
}

function rowsLoaded(rowCounts: Readonly<Record<string, number>>): string {
  return Object.values(rowCounts)
    .reduce((a, b) => a + b, 0)
    .toLocaleString("en-US");
}

/** The report of a refused upload: one error naming the file and the reason. */
function refusalReport(
  districtCode: string,
  year: number,
  error: UploadRefusedError,
): StoredReport {
  const file = error.file ?? "(upload)";
  return {
    submission: `${districtCode}/${year}`,
    errors: 1,
    warnings: 0,
    groups: [
      {
        rule: `upload-${error.refusal.replace("_", "-")}`,
        file,
        severity: "error",
        count: 1,
        examples: [
          {
            severity: "error",
            rule: `upload-${error.refusal.replace("_", "-")}`,
            file,
            line: null,
            column: null,
            value: null,
            message: error.message,
          },
        ],
        knockOn: [],
      },
    ],
  };
}
