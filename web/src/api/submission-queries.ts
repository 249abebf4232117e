import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FromSchema } from "json-schema-to-ts";
import type {
  COMPUTE_JOB,
  SUBMISSION_DETAIL,
  SUBMISSION_SUMMARY,
  YEAR_STATUS,
} from "../../../src/submissions/submission-schema.ts";
import { ApiError, api, CSRF_HEADER } from "./api-client.ts";

/* Submission in the browser (src/server/routes/submissions.ts): upload, the job, the history,
   the hub's view of a year and its compute. */

export type SubmissionSummary = FromSchema<typeof SUBMISSION_SUMMARY>;
export type SubmissionDetail = FromSchema<typeof SUBMISSION_DETAIL>;
export type YearStatus = FromSchema<typeof YEAR_STATUS>;
export type ComputeJob = FromSchema<typeof COMPUTE_JOB>;

/** Whether a submission's job is still running (the page polls it). */
export const isRunning = (status: string): boolean =>
  status === "queued" || status === "validating";

/** The history of a district (and year), newest first. */
export function useSubmissions(district: string | null, year: number) {
  return useQuery({
    queryKey: ["submissions", district, year],
    enabled: district !== null,
    queryFn: () =>
      api
        .get<{ submissions: SubmissionSummary[] }>("/api/submissions", {
          district: district ?? undefined,
          year,
        })
        .then((r) => r.submissions),
    // a job still running is followed until it is done
    refetchInterval: (q) => (q.state.data?.some((s) => isRunning(s.status)) ? 1000 : false),
  });
}

/** One submission with its report, polled while its job runs. */
export function useSubmission(id: string | null) {
  return useQuery({
    queryKey: ["submission", id],
    enabled: id !== null,
    queryFn: () => api.get<SubmissionDetail>(`/api/submissions/${id}`),
    refetchInterval: (q) => (q.state.data && !isRunning(q.state.data.status) ? false : 1000),
  });
}

export function useYearStatus(year: number, enabled: boolean) {
  return useQuery({
    queryKey: ["submission-status", year],
    enabled,
    queryFn: () => api.get<YearStatus>(`/api/years/${year}/submission-status`),
    refetchInterval: 5000,
  });
}

/** The year's computes since the server started, newest first, polled while one runs. */
export function useComputes(year: number, enabled: boolean) {
  return useQuery({
    queryKey: ["computes", year],
    enabled,
    queryFn: () =>
      api.get<{ computes: ComputeJob[] }>(`/api/years/${year}/computes`).then((r) => r.computes),
    refetchInterval: (q) =>
      q.state.data?.some((c) => c.status === "queued" || c.status === "running") ? 1000 : false,
  });
}

export function useStartCompute(year: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<ComputeJob>(`/api/years/${year}/computes`),
    onSuccess: () => client.invalidateQueries({ queryKey: ["computes", year] }),
  });
}

export function usePublishRun() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (runId: string) =>
      api.post<{ run_id: string; year: number }>(`/api/runs/${runId}/publish`),
    onSuccess: () => client.invalidateQueries(),
  });
}

/**
 * Sends `files` as one multipart upload with XMLHttpRequest (fetch reports no upload progress),
 * calling `onProgress(sent, total)` as the bytes go; resolves with the queued submission.
 */
export function uploadSubmission(
  district: string,
  year: number,
  files: readonly File[],
  onProgress: (sent: number, total: number) => void,
): Promise<SubmissionSummary> {
  const path = `/api/districts/${district}/years/${year}/submissions`;
  const form = new FormData();
  for (const file of files) form.append("files", file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.setRequestHeader("accept", "application/json");
    if (api.csrf) xhr.setRequestHeader(CSRF_HEADER, api.csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 202) return resolve(body as SubmissionSummary);
      const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
      reject(
        new ApiError(
          xhr.status,
          error?.code ?? `http_${xhr.status}`,
          error?.message ?? `the upload was answered ${xhr.status}`,
          path,
        ),
      );
    };
    // a refused upload may be answered before it is all sent, and the connection closed
    xhr.onerror = () =>
      reject(new ApiError(0, "network", "the upload was interrupted or refused", path));
    xhr.send(form);
  });
}
