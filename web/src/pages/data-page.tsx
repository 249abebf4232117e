import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "react-router-dom";
import { api } from "../api/api-client.ts";
import { useRunDetail } from "../api/queries.ts";
import { useSession } from "../api/session.tsx";
import type { Run, RunSubmission } from "../api/types.ts";
import { useCurrentRun } from "../api/use-runs.ts";
import { QueryState } from "../components/query-state.tsx";
import { type Column, SortableTable } from "../components/sortable-table.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";
import { dateTimeWords, dateWords } from "../format/date-words.ts";
import { schoolYear } from "../format/school-year.ts";

/** All rows of a submission's files, or null once replaced (only the one in use keeps counts). */
function totalRows(s: RunSubmission): number | null {
  return s.row_counts ? Object.values(s.row_counts).reduce((a, b) => a + b, 0) : null;
}

/** Whether a submission is still the one in use for its district and year, in words. */
function statusWords(s: RunSubmission): string {
  return s.replaced_at ? `accepted; replaced ${dateWords(s.replaced_at)}` : "accepted, in use";
}

const SUBMISSION_COLUMNS: readonly Column<RunSubmission>[] = [
  {
    key: "district",
    header: "District",
    render: (s) => s.district_name ?? `district ${s.district_code}`,
    sortValue: (s) => s.district_name ?? s.district_code,
  },
  {
    key: "year",
    header: "School year",
    render: (s) => schoolYear(s.year),
    sortValue: (s) => s.year,
  },
  { key: "status", header: "Status", render: statusWords, sortValue: statusWords },
  {
    key: "accepted",
    header: "Accepted",
    render: (s) => dateTimeWords(s.accepted_at),
    sortValue: (s) => s.accepted_at,
  },
  {
    key: "rows",
    header: "Rows",
    numeric: true,
    render: (s) => totalRows(s)?.toLocaleString("en-US") ?? "not kept",
    sortValue: totalRows,
  },
];

/** The rows of each file of the submissions, one column per file (only those in use keep counts). */
function fileColumns(submissions: readonly RunSubmission[]): readonly Column<RunSubmission>[] {
  const files = [...new Set(submissions.flatMap((s) => Object.keys(s.row_counts ?? {})))];
  return [
    SUBMISSION_COLUMNS[0]!,
    SUBMISSION_COLUMNS[1]!,
    ...files.map(
      (file): Column<RunSubmission> => ({
        key: file,
        header: file.replaceAll("_", " "),
        numeric: true,
        render: (s) => s.row_counts?.[file]?.toLocaleString("en-US") ?? "—",
        sortValue: (s) => s.row_counts?.[file] ?? null,
      }),
    ),
  ];
}

/** A stage or table name and its number (timings, rows written). */
interface Figure {
  readonly name: string;
  readonly value: number;
}

function figureColumns(header: string): readonly Column<Figure>[] {
  return [
    { key: "name", header: "Name", render: (f) => f.name, sortValue: (f) => f.name },
    {
      key: "value",
      header,
      numeric: true,
      render: (f) => f.value.toLocaleString("en-US"),
      sortValue: (f) => f.value,
    },
  ];
}

const figures = (values: Record<string, number> | undefined): Figure[] =>
  Object.entries(values ?? {}).map(([k, v]) => ({ name: k.replaceAll("_", " "), value: v }));

/**
 * Runs and the submissions they read, in words: school years, districts by name, when each was
 * computed or accepted, accepted or replaced, rows; identifiers and hashes stay in a details row.
 * The hub publishes runs here.
 */
export function DataPage() {
  const { run, runs, loading } = useCurrentRun();
  const [params, setParams] = useSearchParams();
  const { me } = useSession();
  const detail = useRunDetail(run?.run_id);
  useDocumentTitle("Data: runs and the submissions they read");
  const client = useQueryClient();
  const publish = useMutation({
    mutationFn: (runId: string) => api.post(`/api/runs/${runId}/publish`),
    onSuccess: () => client.invalidateQueries(),
  });
  const choose = (runId: string) => {
    const next = new URLSearchParams(params);
    next.set("run", runId);
    setParams(next);
  };
  const runColumns: readonly Column<Run>[] = [
    {
      key: "year",
      header: "School year",
      render: (r) => (
        <button
          type="button"
          className="link-button words"
          aria-current={r.run_id === run?.run_id ? "true" : undefined}
          onClick={() => choose(r.run_id)}
        >
          {schoolYear(r.year)}
          <span className="sr-only">, computed {dateTimeWords(r.created_at)}: show its inputs</span>
        </button>
      ),
      sortValue: (r) => r.year,
    },
    {
      key: "computed",
      header: "Computed",
      render: (r) => dateTimeWords(r.created_at),
      sortValue: (r) => r.created_at,
    },
    { key: "framework", header: "Framework", render: (r) => r.framework_id },
    { key: "cuts", header: "Cut set", render: (r) => r.cut_set ?? "—" },
    {
      key: "status",
      header: "Status",
      text: (r) => (r.published ? "published" : "draft"),
      render: (r) =>
        r.published ? (
          "published"
        ) : me?.role === "hub_admin" ? (
          <button
            type="button"
            onClick={() => publish.mutate(r.run_id)}
            disabled={publish.isPending}
          >
            Publish run of {schoolYear(r.year)}
          </button>
        ) : (
          "draft"
        ),
    },
  ];
  const manifest = detail.data?.manifest;
  const submissions = detail.data?.submissions ?? [];
  const prior = runs.find((r) => r.run_id === manifest?.prior_run);
  const priorWords = manifest?.prior_run ? "a run not visible to you" : "none";
  return (
    <>
      <h1>Data: runs and the submissions they read</h1>
      {!loading && runs.length === 0 ? (
        <p className="notice">No run is visible to you yet.</p>
      ) : null}
      <SortableTable
        caption="Computed runs (a run never changes; publishing makes it the one readers see). Choose a school year to see what went into it."
        columns={runColumns}
        rows={runs}
        rowKey={(r) => r.run_id}
        download="Computed runs"
      />
      {publish.error ? (
        <p className="notice error" role="alert">
          Could not publish: {publish.error.message}
        </p>
      ) : null}
      {run ? (
        <section aria-labelledby="manifest-title">
          <h2 id="manifest-title">
            The run of {schoolYear(run.year)}, computed {dateTimeWords(run.created_at)}
          </h2>
          <QueryState pending={detail.isPending} error={detail.error} what="the run's inputs">
            {manifest ? (
              <>
                <dl className="facts">
                  <div>
                    <dt>Framework</dt>
                    <dd>
                      {manifest.framework?.name} (version {manifest.framework?.version})
                    </dd>
                  </div>
                  <div>
                    <dt>Cut set</dt>
                    <dd>
                      {manifest.cut_set?.name}, baseline {manifest.cut_set?.baseline_year}
                      {manifest.cut_set?.created_by_this_run ? " (frozen by this run)" : ""}
                    </dd>
                  </div>
                  <div>
                    <dt>Prior year's run</dt>
                    <dd>{prior ? `the run of ${schoolYear(prior.year)}` : priorWords}</dd>
                  </div>
                  <div>
                    <dt>Submissions</dt>
                    <dd>
                      {submissions.length} from{" "}
                      {districtCount(new Set(submissions.map((s) => s.district_code)).size)}
                    </dd>
                  </div>
                </dl>
                <SortableTable
                  caption={`Submissions the run of ${schoolYear(run.year)} read: one per district and school year, each accepted (rejected submissions never reach the warehouse)`}
                  columns={SUBMISSION_COLUMNS}
                  rows={submissions}
                  rowKey={(s) => s.submission_id}
                  download={`Submissions read by the run of ${schoolYear(run.year)}`}
                />
                <details>
                  <summary>Rows of each submission, by file</summary>
                  <SortableTable
                    caption="Rows of each submission, by file"
                    columns={fileColumns(submissions)}
                    rows={submissions}
                    rowKey={(s) => s.submission_id}
                  />
                </details>
                <div className="two-col">
                  <SortableTable
                    caption="Time each stage took"
                    columns={figureColumns("Milliseconds")}
                    rows={figures(manifest.timings_ms)}
                    rowKey={(f) => f.name}
                  />
                  <SortableTable
                    caption="Rows the run wrote"
                    columns={figureColumns("Rows")}
                    rows={figures(manifest.row_counts)}
                    rowKey={(f) => f.name}
                  />
                </div>
                <details className="identifiers">
                  <summary>Identifiers and hashes</summary>
                  <dl className="facts">
                    <div>
                      <dt>Run</dt>
                      <dd>
                        <code>{run.run_id}</code>
                      </dd>
                    </div>
                    <div>
                      <dt>Code version</dt>
                      <dd>
                        <code>{run.code_version}</code>
                      </dd>
                    </div>
                    <div>
                      <dt>Framework sha256</dt>
                      <dd>
                        <code>{manifest.framework?.sha256}</code>
                      </dd>
                    </div>
                    {manifest.prior_run ? (
                      <div>
                        <dt>Prior run</dt>
                        <dd>
                          <code>{manifest.prior_run}</code>
                        </dd>
                      </div>
                    ) : null}
                  </dl>
                  <ul className="hashes">
                    {submissions.map((s) => (
                      <li key={s.submission_id}>
                        {s.district_name ?? s.district_code}, {schoolYear(s.year)}: submission{" "}
                        <code>{s.submission_id}</code>, sha256 <code>{s.sha256}</code>
                      </li>
                    ))}
                  </ul>
                  <details>
                    <summary>Full manifest (JSON)</summary>
                    <pre>{JSON.stringify(manifest, null, 2)}</pre>
                  </details>
                </details>
              </>
            ) : null}
          </QueryState>
        </section>
      ) : null}
    </>
  );
}

/** "1 district", "3 districts". */
function districtCount(n: number): string {
  return `${n} district${n === 1 ? "" : "s"}`;
}
