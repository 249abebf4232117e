import type { TableChange } from "../ingest/slice-changes.ts";
import type { IssueGroup } from "../ingest/validation-report.ts";

/**
 * Where a browser submission's background job is: queued (files staged, waiting its turn),
 * validating (checked and, when clean, loaded), accepted (loaded whole), rejected (validation
 * errors or a refused upload; nothing loaded), failed (the job itself broke; nothing loaded).
 */
export type SubmissionStatus = "queued" | "validating" | "accepted" | "rejected" | "failed";

export const SUBMISSION_STATUSES: readonly SubmissionStatus[] = [
  "queued",
  "validating",
  "accepted",
  "rejected",
  "failed",
];

/** One file of a submission: its bytes, and once scanned its SHA-256 and data rows. */
export interface SubmissionFile {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string | null;
  readonly rows: number | null;
}

/** The validation report as stored: `ValidationReport.toJSON()`. */
export interface StoredReport {
  readonly submission: string;
  readonly errors: number;
  readonly warnings: number;
  readonly groups: readonly IssueGroup[];
}

/** A submission sent from the browser, with its job's state and outcome. */
export interface BrowserSubmission {
  /** 32 hex digits, also the name of its staging folder. */
  readonly id: string;
  readonly districtCode: string;
  readonly year: number;
  readonly submittedBy: number;
  readonly submittedAt: Date;
  readonly status: SubmissionStatus;
  readonly finishedAt: Date | null;
  /** The submission's hash (over its files' hashes, as `collab ingest` computes it). */
  readonly sha256: string | null;
  /** The warehouse's id of the submission once accepted. */
  readonly warehouseSubmissionId: string | null;
  /** The warehouse submission it replaced (same district and year), if any. */
  readonly replaces: string | null;
  readonly files: readonly SubmissionFile[];
  readonly rowCounts: Readonly<Record<string, number>> | null;
  /** Rows before and after, added and removed, per table, against the slice it replaced. */
  readonly changes: Readonly<Record<string, TableChange>> | null;
  readonly report: StoredReport | null;
  readonly errors: number;
  readonly warnings: number;
  /** One sentence on the outcome (a refusal's reason, "identical to the accepted…"). */
  readonly message: string;
}
