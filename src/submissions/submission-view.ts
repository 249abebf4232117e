import type { BrowserSubmission, StoredReport } from "./browser-submission.ts";
import { COMPUTE_STAGES, type ComputeJob } from "./compute-jobs.ts";
import type { YearStatus } from "./year-status.ts";

/** A submission as the API answers it (`SUBMISSION_SUMMARY`); `who` names the submitter. */
export function submissionJson(s: BrowserSubmission, who: (id: number) => string) {
  return {
    id: s.id,
    district_code: s.districtCode,
    year: s.year,
    submitted_by: who(s.submittedBy),
    submitted_at: s.submittedAt.toISOString(),
    status: s.status,
    finished_at: s.finishedAt?.toISOString() ?? null,
    sha256: s.sha256,
    warehouse_submission_id: s.warehouseSubmissionId,
    replaces: s.replaces,
    files: s.files,
    row_counts: s.rowCounts,
    changes: s.changes,
    errors: s.errors,
    warnings: s.warnings,
    message: s.message,
  };
}

/**
 * The report for a reader: with every example's value when `valuesShown` (the district's own
 * data lead), else with values and messages (which quote them) left out, keeping file, line,
 * column, rule and counts (the hub, which reads no student-level rows).
 */
export function reportJson(report: StoredReport | null, valuesShown: boolean) {
  if (report === null) return null;
  return {
    errors: report.errors,
    warnings: report.warnings,
    values_shown: valuesShown,
    groups: report.groups.map((g) => ({
      ...g,
      examples: valuesShown
        ? g.examples
        : g.examples.map((e) => ({
            ...e,
            value: null,
            message: `${e.file}${e.line !== null ? ` line ${e.line}` : ""}${e.column !== null ? `, column ${e.column}` : ""}: ${e.rule}`,
          })),
    })),
  };
}

export function yearStatusJson(status: YearStatus) {
  return {
    year: status.year,
    complete: status.complete,
    districts: status.districts.map((d) => ({
      district_code: d.districtCode,
      district_name: d.districtName,
      status: d.status,
      accepted_at: d.acceptedAt,
      latest: d.latestSubmission,
    })),
  };
}

export function computeJobJson(job: ComputeJob) {
  return {
    id: job.id,
    year: job.year,
    status: job.status,
    stages_done: Math.min(job.stagesDone, COMPUTE_STAGES.length),
    stages: COMPUTE_STAGES.length,
    step: job.step,
    run_id: job.runId,
    started_at: job.startedAt.toISOString(),
    finished_at: job.finishedAt?.toISOString() ?? null,
    error: job.error,
  };
}
