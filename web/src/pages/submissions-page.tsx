import { useId, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { ApiError } from "../api/api-client.ts";
import { useSession } from "../api/session.tsx";
import {
  type ComputeJob,
  isRunning,
  type SubmissionDetail,
  type SubmissionSummary,
  uploadSubmission,
  useComputes,
  usePublishRun,
  useStartCompute,
  useSubmission,
  useSubmissions,
  useYearStatus,
} from "../api/submission-queries.ts";
import { QueryState } from "../components/query-state.tsx";
import { type Column, SortableTable } from "../components/sortable-table.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";
import { dateTimeWords } from "../format/date-words.ts";
import { schoolYear } from "../format/school-year.ts";
import "./submissions-page.css";

/** The spring year of the school year under way (a school year ends in June). */
function currentSchoolYear(now = new Date()): number {
  return now.getUTCMonth() >= 6 ? now.getUTCFullYear() + 1 : now.getUTCFullYear();
}

const STATUS_WORDS: Record<string, string> = {
  queued: "waiting to be validated",
  validating: "being validated",
  accepted: "accepted",
  rejected: "rejected",
  failed: "failed",
  in_progress: "being validated",
  missing: "not submitted",
};

function bytesWords(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} bytes`;
}

/** Rows added and removed per table against the submission it replaced, in words. */
function changeWords(s: SubmissionSummary): string {
  if (s.status !== "accepted") return "—";
  if (!s.changes) return "identical to the accepted submission";
  if (s.replaces === null) return "the year's first accepted submission";
  const n = (x: number) => x.toLocaleString("en-US");
  const parts = Object.entries(s.changes)
    .filter(([, c]) => c.gained > 0 || c.lost > 0)
    .map(([table, c]) => `${table.replaceAll("_", " ")} +${n(c.gained)} −${n(c.lost)}`);
  return parts.length > 0 ? parts.join("; ") : "no rows changed";
}

const HISTORY_COLUMNS: readonly Column<SubmissionSummary>[] = [
  {
    key: "at",
    header: "Submitted",
    render: (s) => dateTimeWords(s.submitted_at),
    sortValue: (s) => s.submitted_at,
  },
  { key: "by", header: "By", render: (s) => s.submitted_by, sortValue: (s) => s.submitted_by },
  {
    key: "status",
    header: "Status",
    render: (s) => <span className={`status status-${s.status}`}>{STATUS_WORDS[s.status]}</span>,
    sortValue: (s) => s.status,
  },
  {
    key: "files",
    header: "Files (SHA-256, rows)",
    render: (s) =>
      s.files.length === 0 ? (
        "none kept"
      ) : (
        <details className="file-list">
          <summary>{s.files.length} file(s)</summary>
          <ul>
            {s.files.map((f) => (
              <li key={f.name}>
                {f.name} <code title={f.sha256 ?? ""}>{f.sha256?.slice(0, 12) ?? "—"}</code>
                {f.rows !== null ? ` ${f.rows.toLocaleString("en-US")} rows` : ""}
              </li>
            ))}
          </ul>
        </details>
      ),
  },
  {
    key: "rows",
    header: "Rows",
    numeric: true,
    render: (s) =>
      s.row_counts
        ? Object.values(s.row_counts)
            .reduce((a, b) => a + b, 0)
            .toLocaleString("en-US")
        : "—",
  },
  { key: "changes", header: "Changed against the one it replaced", render: changeWords },
];

/** The upload form: files, a progress bar while they are sent, and a refusal in words. */
function UploadForm({
  district,
  year,
  onQueued,
}: {
  district: string;
  year: number;
  onQueued: (id: string | null) => void;
}) {
  const inputId = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [sent, setSent] = useState<{ sent: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sending = sent !== null;
  return (
    <form
      className="upload-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (files.length === 0) return;
        setError(null);
        setSent({ sent: 0, total: files.reduce((a, f) => a + f.size, 0) });
        uploadSubmission(district, year, files, (s, total) => setSent({ sent: s, total }))
          .then((s) => onQueued(s.id))
          .catch((e: unknown) => {
            setError(e instanceof ApiError ? e.message : String(e));
            // a refusal is in the history with its reason, even when the connection was cut
            onQueued(null);
          })
          .finally(() => setSent(null));
      }}
    >
      <label htmlFor={inputId}>
        Files of {schoolYear(year)}: the CSV files, or one zip holding them
      </label>
      <input
        id={inputId}
        type="file"
        multiple
        accept=".csv,.zip,text/csv,application/zip"
        disabled={sending}
        onChange={(event) => setFiles([...(event.target.files ?? [])])}
      />
      {files.length > 0 ? (
        <p className="muted">
          {files.length} file(s), {bytesWords(files.reduce((a, f) => a + f.size, 0))}
        </p>
      ) : null}
      <button type="submit" disabled={sending || files.length === 0}>
        Submit {schoolYear(year)}
      </button>
      {sent ? (
        <div className="upload-progress">
          <progress aria-label="Upload progress" value={sent.sent} max={sent.total || 1} />
          <span>
            {bytesWords(sent.sent)} of {bytesWords(sent.total)} sent
          </span>
        </div>
      ) : null}
      {error ? (
        <p className="notice error" role="alert">
          Refused: {error}
        </p>
      ) : null}
    </form>
  );
}

/** One submission's job and its validation report, every problem by file, line, column, value. */
function SubmissionReport({ submission }: { submission: SubmissionDetail }) {
  const report = submission.report;
  return (
    <section className="submission-report" aria-label="Validation report">
      <h3>
        Submitted {dateTimeWords(submission.submitted_at)} by {submission.submitted_by}:{" "}
        <span className={`status status-${submission.status}`}>
          {STATUS_WORDS[submission.status]}
        </span>
      </h3>
      {isRunning(submission.status) ? (
        <div className="upload-progress">
          <progress aria-label="Validation progress" />
          <span>Checking every file and rule; this page follows it (you may reload it).</span>
        </div>
      ) : null}
      {submission.message ? <p>{submission.message}</p> : null}
      {report ? (
        <>
          <p>
            <strong>{report.errors.toLocaleString("en-US")} error(s)</strong>,{" "}
            {report.warnings.toLocaleString("en-US")} warning(s).{" "}
            {report.groups.length > 0 ? (
              <a href={`/api/submissions/${submission.id}/report.csv`} download>
                Download the report (CSV)
              </a>
            ) : null}
          </p>
          {report.groups.map((g) => (
            <details key={`${g.severity}-${g.rule}-${g.file}`} open={g.severity === "error"}>
              <summary>
                <span className={`severity severity-${g.severity}`}>{g.severity}</span> {g.rule} in{" "}
                {g.file}: {g.count.toLocaleString("en-US")}
                {g.count > g.examples.length ? ` (first ${g.examples.length} listed)` : ""}
              </summary>
              <div className="table-scroll">
                <table className="issues">
                  <thead>
                    <tr>
                      <th scope="col">Line</th>
                      <th scope="col">Column</th>
                      <th scope="col">Value</th>
                      <th scope="col">Problem</th>
                    </tr>
                  </thead>
                  <tbody>
                    {g.examples.map((e) => (
                      <tr key={`${e.line}-${e.column}-${e.message}`}>
                        <td className="numeric">{e.line ?? "—"}</td>
                        <td>{e.column ?? "—"}</td>
                        <td>
                          <code>{e.value ?? ""}</code>
                        </td>
                        <td>{e.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {g.knockOn.map((k) => (
                <p key={`${k.file}-${k.column}`} className="muted">
                  So {k.count.toLocaleString("en-US")} row(s) of {k.file} refer by {k.column} to
                  rows rejected here.
                </p>
              ))}
            </details>
          ))}
        </>
      ) : null}
    </section>
  );
}

/** A compute's progress, and its run once done (the hub publishes it from here). */
function ComputeProgress({ job }: { job: ComputeJob }) {
  const publish = usePublishRun();
  return (
    <li className="compute-job">
      <progress
        aria-label={`Compute of ${schoolYear(job.year)}`}
        value={job.status === "done" ? job.stages : job.stages_done}
        max={job.stages}
      />{" "}
      {job.status === "failed"
        ? `failed: ${job.error}`
        : job.status === "done"
          ? `run ${job.run_id} computed`
          : `${job.stages_done} of ${job.stages} stages: ${job.step}`}
      {job.status === "done" && job.run_id ? (
        publish.isSuccess ? (
          <span> — published</span>
        ) : (
          <button
            type="button"
            disabled={publish.isPending}
            onClick={() => publish.mutate(job.run_id!)}
          >
            Publish run {job.run_id}
          </button>
        )
      ) : null}
    </li>
  );
}

/** The hub's view of a year: every district's status and the compute once it is complete. */
function NetworkYear({
  year,
  district,
  onDistrict,
}: {
  year: number;
  district: string | null;
  onDistrict: (code: string) => void;
}) {
  const status = useYearStatus(year, true);
  const computes = useComputes(year, true);
  const start = useStartCompute(year);
  const data = status.data;
  return (
    <section aria-labelledby="network-year">
      <h2 id="network-year">Every district, {schoolYear(year)}</h2>
      <QueryState pending={status.isPending} error={status.error} what="the year's status">
        {data ? (
          <>
            <table className="year-status">
              <thead>
                <tr>
                  <th scope="col">District</th>
                  <th scope="col">Status</th>
                  <th scope="col">Accepted</th>
                </tr>
              </thead>
              <tbody>
                {data.districts.map((d) => (
                  <tr
                    key={d.district_code}
                    className={d.district_code === district ? "chosen" : ""}
                  >
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => onDistrict(d.district_code)}
                      >
                        {d.district_name ?? `District ${d.district_code}`}
                      </button>
                    </td>
                    <td>
                      <span className={`status status-${d.status}`}>{STATUS_WORDS[d.status]}</span>
                    </td>
                    <td>
                      {d.accepted_at ? dateTimeWords(`${d.accepted_at.replace(" ", "T")}Z`) : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              {data.complete
                ? `Every district's ${schoolYear(year)} is accepted.`
                : `${data.districts.filter((d) => d.status !== "accepted").length} district(s) still to be accepted.`}{" "}
              <button
                type="button"
                disabled={!data.complete || start.isPending}
                onClick={() => start.mutate()}
              >
                Compute {schoolYear(year)}
              </button>
            </p>
            {start.error ? (
              <p className="notice error" role="alert">
                {start.error.message}
              </p>
            ) : null}
          </>
        ) : null}
      </QueryState>
      {computes.data && computes.data.length > 0 ? (
        <ul className="compute-jobs" aria-label="Computes">
          {computes.data.map((job) => (
            <ComputeProgress key={job.id} job={job} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/**
 * Submission in the browser: a district's data lead uploads a school year's files and follows
 * the validation in the page (it survives a reload), reads every problem, and sees the history;
 * the hub sees every district's status for the year and starts the compute.
 */
export function SubmissionsPage() {
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get("year") ?? currentSchoolYear());
  const hub = me?.role === "hub_admin";
  const district = hub ? params.get("district") : (me?.districtCode ?? null);
  const [shown, setShown] = useState<string | null>(null);
  const title = `Submissions${district ? ` of district ${district}` : ": every district"}, ${schoolYear(year)}`;
  useDocumentTitle(title);
  const history = useSubmissions(district, year);
  const latest = shown ?? history.data?.[0]?.id ?? null;
  const detail = useSubmission(latest);
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
    setShown(null);
  };
  if (me && me.role !== "hub_admin" && me.role !== "district_admin") {
    return (
      <div className="notice denied" role="alert">
        <h1>Submissions</h1>
        <p>Only a district's data lead and the hub submit and read submissions.</p>
      </div>
    );
  }
  const years = Array.from({ length: 7 }, (_, i) => currentSchoolYear() + 1 - i);
  return (
    <div className="submissions-page">
      <h1>{title}</h1>
      <p className="muted">
        Send a school year's files; they are checked with the same rules as{" "}
        <code>collab ingest</code> and accepted whole or not at all.
      </p>
      <label>
        School year{" "}
        <select value={year} onChange={(e) => set("year", e.target.value)}>
          {years.map((y) => (
            <option key={y} value={y}>
              {schoolYear(y)}
            </option>
          ))}
        </select>
      </label>
      {hub ? (
        <NetworkYear year={year} district={district} onDistrict={(code) => set("district", code)} />
      ) : null}
      {district ? (
        <>
          <section aria-labelledby="submit">
            <h2 id="submit">
              Submit district {district}, {schoolYear(year)}
            </h2>
            <UploadForm
              district={district}
              year={year}
              onQueued={(id) => {
                setShown(id);
                void history.refetch();
              }}
            />
          </section>
          {detail.data ? <SubmissionReport submission={detail.data} /> : null}
          <section aria-labelledby="history">
            <h2 id="history">History</h2>
            <QueryState pending={history.isPending} error={history.error} what="the history">
              <SortableTable
                caption={`Submissions of district ${district}, ${schoolYear(year)}`}
                columns={HISTORY_COLUMNS}
                rows={history.data ?? []}
                rowKey={(s) => s.id}
                empty="Nothing submitted for this year yet."
              />
            </QueryState>
          </section>
        </>
      ) : hub ? (
        <p className="muted">Choose a district above to see its submissions.</p>
      ) : null}
    </div>
  );
}
