import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "react-router-dom";
import { api } from "../api/api-client.ts";
import { useRunDetail } from "../api/queries.ts";
import { useSession } from "../api/session.tsx";
import { useCurrentRun } from "../api/use-runs.ts";
import { QueryState } from "../components/query-state.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";

interface ManifestInput {
  submission_id: string;
  district_code: string;
  year: number;
  sha256: string;
}

/** Runs and their manifests: what went into each, how long it took; the hub publishes here. */
export function DataPage() {
  const { run, runs, loading } = useCurrentRun();
  const [params, setParams] = useSearchParams();
  const { me } = useSession();
  const detail = useRunDetail(run?.run_id);
  useDocumentTitle("Data: runs and their manifests");
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
  const manifest = detail.data?.manifest as
    | {
        inputs?: ManifestInput[];
        timings_ms?: Record<string, number>;
        row_counts?: Record<string, number>;
        framework?: { id: string; name: string; version: number; sha256: string };
        cut_set?: { name: string; baseline_year: number; created_by_this_run: boolean };
        prior_run?: string | null;
      }
    | undefined;
  return (
    <>
      <h1>Data: runs and their manifests</h1>
      {!loading && runs.length === 0 ? (
        <p className="notice">No run is visible to you yet.</p>
      ) : null}
      <div className="table-scroll">
        <table>
          <caption>
            Computed runs (a run is immutable; publishing makes it the one readers see)
          </caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">School year</th>
              <th scope="col">Framework</th>
              <th scope="col">Cut set</th>
              <th scope="col">Computed</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.run_id} aria-current={r.run_id === run?.run_id ? "true" : undefined}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => choose(r.run_id)}>
                    {r.run_id}
                  </button>
                </th>
                <td>
                  {r.year - 1}–{r.year}
                </td>
                <td>{r.framework_id}</td>
                <td>{r.cut_set}</td>
                <td>{r.created_at.replace("T", " ").replace("Z", " UTC")}</td>
                <td>
                  {r.published ? (
                    "published"
                  ) : me?.role === "hub_admin" ? (
                    <button
                      type="button"
                      onClick={() => publish.mutate(r.run_id)}
                      disabled={publish.isPending}
                    >
                      Publish run of {r.year}
                    </button>
                  ) : (
                    "draft"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {publish.error ? (
        <p className="notice error" role="alert">
          Could not publish: {publish.error.message}
        </p>
      ) : null}
      {run ? (
        <section aria-labelledby="manifest-title">
          <h2 id="manifest-title">Manifest of {run.run_id}</h2>
          <QueryState pending={detail.isPending} error={detail.error} what="the run's manifest">
            {manifest ? (
              <>
                <dl className="facts">
                  <div>
                    <dt>Framework</dt>
                    <dd>
                      {manifest.framework?.name} (version {manifest.framework?.version}, sha256{" "}
                      <code>{manifest.framework?.sha256.slice(0, 12)}…</code>)
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
                    <dt>Prior run</dt>
                    <dd>{manifest.prior_run ?? "none"}</dd>
                  </div>
                  <div>
                    <dt>Code version</dt>
                    <dd>{run.code_version}</dd>
                  </div>
                </dl>
                <div className="table-scroll">
                  <table>
                    <caption>Inputs: one submission per district and year, with its hash</caption>
                    <thead>
                      <tr>
                        <th scope="col">Submission</th>
                        <th scope="col">District</th>
                        <th scope="col">Year</th>
                        <th scope="col">sha256</th>
                      </tr>
                    </thead>
                    <tbody>
                      {(manifest.inputs ?? []).map((i) => (
                        <tr key={i.submission_id}>
                          <th scope="row">{i.submission_id}</th>
                          <td>{i.district_code}</td>
                          <td>{i.year}</td>
                          <td>
                            <code>{i.sha256.slice(0, 16)}…</code>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <div className="two-col">
                  <KeyValues caption="Stage timings (ms)" values={manifest.timings_ms} />
                  <KeyValues caption="Rows written" values={manifest.row_counts} />
                </div>
                <details>
                  <summary>Full manifest (JSON)</summary>
                  <pre>{JSON.stringify(detail.data?.manifest, null, 2)}</pre>
                </details>
              </>
            ) : null}
          </QueryState>
        </section>
      ) : null}
    </>
  );
}

function KeyValues({
  caption,
  values,
}: {
  caption: string;
  values: Record<string, number> | undefined;
}) {
  if (!values) return null;
  return (
    <div className="table-scroll">
      <table>
        <caption>{caption}</caption>
        <tbody>
          {Object.entries(values).map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k.replaceAll("_", " ")}</th>
              <td className="num">{v.toLocaleString("en-US")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
