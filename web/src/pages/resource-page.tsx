import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { Link, useParams } from "react-router-dom";
import {
  type ResourceDetail,
  useAddResourceVersion,
  useRateResource,
  useResource,
} from "../api/resource-queries.ts";
import { TextAreaField } from "../components/form-field.tsx";
import { QueryState } from "../components/query-state.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";
import {
  FieldError,
  FormError,
  fieldError,
  RatingWords,
  ResourceTags,
  sizeWords,
} from "./resource-parts.tsx";
import "./resources.css";

/** The reader's 1–5 rating: radio buttons (arrow keys move between them) and a Rate button. */
function RateForm({ resource: r }: { resource: ResourceDetail }) {
  const rate = useRateResource(r.id);
  const [stars, setStars] = useState<number | null>(r.my_rating);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (stars !== null) rate.mutate(stars);
  };
  return (
    <form onSubmit={onSubmit} aria-label="Rate this resource">
      <fieldset className="star-choice">
        <legend>Your rating{r.my_rating !== null ? ` (now ${r.my_rating} of 5)` : ""}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n}>
            <input
              type="radio"
              name="stars"
              value={n}
              checked={stars === n}
              onChange={() => setStars(n)}
            />
            {n} {n === 1 ? "star" : "stars"}
          </label>
        ))}
        <button type="submit" disabled={stars === null || rate.isPending}>
          Rate
        </button>
      </fieldset>
      {rate.isSuccess ? (
        <p role="status">Thank you: your rating is {rate.data.mine} of 5.</p>
      ) : null}
      <FormError error={rate.error} fields={[]} />
    </form>
  );
}

/** A new version: a file or a link, and what changed. */
function VersionForm({ resource: r }: { resource: ResourceDetail }) {
  const add = useAddResourceVersion(r.id);
  const ids = { file: useId(), url: useId(), notes: useId() };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const file = form.get("file");
    if (file instanceof File && file.size === 0 && file.name === "") form.delete("file");
    add.mutate(form, { onSuccess: () => (e.target as HTMLFormElement).reset() });
  };
  const err = (f: string) => fieldError(add.error, f);
  return (
    <form className="resource-form" onSubmit={onSubmit} aria-label="Add a version">
      <div className="field">
        <label htmlFor={ids.file}>File (PDF, Office, image or text; up to 10 MB)</label>
        <input
          id={ids.file}
          name="file"
          type="file"
          aria-invalid={err("file") !== null}
          aria-describedby={err("file") ? `${ids.file}-error` : undefined}
        />
        <FieldError id={`${ids.file}-error`} message={err("file")} />
      </div>
      <div className="field">
        <label htmlFor={ids.url}>Or a link</label>
        <input
          id={ids.url}
          name="url"
          type="url"
          placeholder="https://"
          aria-invalid={err("url") !== null}
          aria-describedby={err("url") ? `${ids.url}-error` : undefined}
        />
        <FieldError id={`${ids.url}-error`} message={err("url")} />
      </div>
      <TextAreaField label="What changed" name="notes" rows={2} maxLength={2000} />
      <FormError error={add.error} fields={["file", "url", "notes"]} />
      {add.isSuccess ? <p role="status">Version {add.data.current.version} added.</p> : null}
      <div>
        <button type="submit" disabled={add.isPending}>
          {add.isPending ? "Uploading…" : "Add version"}
        </button>
      </div>
    </form>
  );
}

/** A shared resource: its words and tags, the current version to download, every version, ratings. */
export function ResourcePage() {
  const id = Number(useParams().id);
  const resource = useResource(id);
  const client = useQueryClient();
  const r = resource.data;
  useDocumentTitle(r ? r.title : "Shared resource");
  // The count changes once the download has been asked for: read it again shortly after.
  const downloaded = () =>
    setTimeout(() => client.invalidateQueries({ queryKey: ["resource", id] }), 800);
  return (
    <QueryState pending={resource.isPending} error={resource.error} what="this resource">
      {r ? (
        <article className="resource-page">
          <p>
            <Link to="/resources">All shared resources</Link>
          </p>
          <h1>{r.title}</h1>
          <p className="muted">
            <span className="resource-kind">{r.kind.label}</span> · contributed by{" "}
            <strong>{r.district_name}</strong>
            {r.district_code ? ` (${r.district_code})` : ""} · first published{" "}
            {r.created_at.slice(0, 10)} · updated {r.updated_at.slice(0, 10)}
          </p>
          {r.description ? <p className="resource-description">{r.description}</p> : null}
          <ResourceTags resource={r} />
          <p className="resource-figures">
            <span>
              {r.downloads} {r.downloads === 1 ? "download" : "downloads"} in all
            </span>
            <RatingWords average={r.rating_average} count={r.rating_count} />
          </p>
          <div className="resource-actions">
            <a
              className="resource-download"
              href={r.current.download_path}
              onClick={downloaded}
              {...(r.current.url ? { target: "_blank", rel: "noopener noreferrer" } : {})}
            >
              {r.current.url
                ? `Open the link (version ${r.current.version})`
                : `Download ${r.current.file_name} (version ${r.current.version}, ${sizeWords(r.current.byte_size)})`}
            </a>
          </div>
          <RateForm resource={r} />
          <h2>Versions</h2>
          <div className="table-scroll">
            <table>
              <caption>Every version, newest first; older versions stay downloadable</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Added</th>
                  <th scope="col">What changed</th>
                  <th scope="col">Content</th>
                  <th scope="col" className="num">
                    Downloads
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.versions.map((v) => (
                  <tr key={v.version} data-version={v.version}>
                    <th scope="row">
                      {v.version}
                      {v.version === r.current.version ? " (current)" : ""}
                    </th>
                    <td>{v.created_at.slice(0, 10)}</td>
                    <td>{v.notes || "—"}</td>
                    <td>
                      <a
                        href={v.download_path}
                        onClick={downloaded}
                        {...(v.url ? { target: "_blank", rel: "noopener noreferrer" } : {})}
                      >
                        {v.url ? `Link: ${v.url}` : `${v.file_name} (${sizeWords(v.byte_size)})`}
                      </a>
                    </td>
                    <td className="num">{v.downloads}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {r.may_revise ? (
            <>
              <h2>Add a version</h2>
              <VersionForm resource={r} />
            </>
          ) : null}
        </article>
      ) : null}
    </QueryState>
  );
}
