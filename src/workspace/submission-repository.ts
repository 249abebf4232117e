import type { Selectable } from "kysely";
import type { TableChange } from "../ingest/slice-changes.ts";
import type {
  BrowserSubmission,
  StoredReport,
  SubmissionFile,
  SubmissionStatus,
} from "../submissions/browser-submission.ts";
import { type Clock, systemClock } from "./clock.ts";
import type { SubmissionsTable, WorkspaceDb } from "./workspace-schema.ts";

/** What a finished job records. */
export interface SubmissionOutcomeFields {
  readonly status: Extract<SubmissionStatus, "accepted" | "rejected" | "failed">;
  readonly sha256?: string | null;
  readonly warehouseSubmissionId?: string | null;
  readonly replaces?: string | null;
  readonly files?: readonly SubmissionFile[];
  readonly rowCounts?: Readonly<Record<string, number>> | null;
  readonly changes?: Readonly<Record<string, TableChange>> | null;
  readonly report?: StoredReport | null;
  readonly message?: string;
}

/**
 * Browser submissions and their background jobs (issue #18): created queued when the files are
 * staged, moved to validating, then finished as accepted, rejected or failed with the report.
 */
export class SubmissionRepository {
  constructor(
    private readonly db: WorkspaceDb,
    private readonly clock: Clock = systemClock,
  ) {}

  async create(input: {
    id: string;
    districtCode: string;
    year: number;
    submittedBy: number;
    files: readonly SubmissionFile[];
    status?: "queued" | "rejected";
    message?: string;
    report?: StoredReport | null;
  }): Promise<BrowserSubmission> {
    const now = this.clock();
    const finished = input.status === "rejected";
    const row = await this.db
      .insertInto("submissions")
      .values({
        id: input.id,
        district_code: input.districtCode,
        year: input.year,
        submitted_by: input.submittedBy,
        submitted_at: now,
        status: input.status ?? "queued",
        finished_at: finished ? now : null,
        sha256: null,
        warehouse_submission_id: null,
        replaces: null,
        files: JSON.stringify(input.files),
        row_counts: null,
        changes: null,
        report: input.report ? JSON.stringify(input.report) : null,
        errors: input.report?.errors ?? (finished ? 1 : 0),
        warnings: input.report?.warnings ?? 0,
        message: input.message ?? "",
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSubmission(row);
  }

  /** Marks a queued job as being validated. */
  async start(id: string): Promise<void> {
    await this.db
      .updateTable("submissions")
      .set({ status: "validating" })
      .where("id", "=", id)
      .execute();
  }

  async finish(id: string, outcome: SubmissionOutcomeFields): Promise<BrowserSubmission> {
    const row = await this.db
      .updateTable("submissions")
      .set({
        status: outcome.status,
        finished_at: this.clock(),
        sha256: outcome.sha256 ?? null,
        warehouse_submission_id: outcome.warehouseSubmissionId ?? null,
        replaces: outcome.replaces ?? null,
        ...(outcome.files ? { files: JSON.stringify(outcome.files) } : {}),
        row_counts: outcome.rowCounts ? JSON.stringify(outcome.rowCounts) : null,
        changes: outcome.changes ? JSON.stringify(outcome.changes) : null,
        report: outcome.report ? JSON.stringify(outcome.report) : null,
        errors: outcome.report?.errors ?? (outcome.status === "accepted" ? 0 : 1),
        warnings: outcome.report?.warnings ?? 0,
        message: outcome.message ?? "",
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSubmission(row);
  }

  async get(id: string): Promise<BrowserSubmission | null> {
    const row = await this.db
      .selectFrom("submissions")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? toSubmission(row) : null;
  }

  /** Submissions, newest first, of one district and/or year when given. */
  async list(filter: { districtCode?: string; year?: number } = {}): Promise<BrowserSubmission[]> {
    let query = this.db.selectFrom("submissions").selectAll();
    if (filter.districtCode !== undefined)
      query = query.where("district_code", "=", filter.districtCode);
    if (filter.year !== undefined) query = query.where("year", "=", filter.year);
    const rows = await query.orderBy("submitted_at", "desc").orderBy("id").execute();
    return rows.map(toSubmission);
  }

  /** Jobs a stopped server left queued or validating, oldest first (to run again). */
  async unfinished(): Promise<BrowserSubmission[]> {
    const rows = await this.db
      .selectFrom("submissions")
      .selectAll()
      .where("status", "in", ["queued", "validating"])
      .orderBy("submitted_at")
      .execute();
    return rows.map(toSubmission);
  }
}

function parse<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

function toSubmission(row: Selectable<SubmissionsTable>): BrowserSubmission {
  return {
    id: row.id,
    districtCode: row.district_code,
    year: row.year,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    status: row.status,
    finishedAt: row.finished_at,
    sha256: row.sha256,
    warehouseSubmissionId: row.warehouse_submission_id,
    replaces: row.replaces,
    files: JSON.parse(row.files) as SubmissionFile[],
    rowCounts: parse<Record<string, number>>(row.row_counts),
    changes: parse<Record<string, TableChange>>(row.changes),
    report: parse<StoredReport>(row.report),
    errors: row.errors,
    warnings: row.warnings,
    message: row.message,
  };
}
