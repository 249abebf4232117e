import { type FormEvent, useId } from "react";
import { Link, useNavigate } from "react-router-dom";
import { usePublishResource, useResources } from "../api/resource-queries.ts";
import { useSession } from "../api/session.tsx";
import { TextAreaField } from "../components/form-field.tsx";
import { QueryState } from "../components/query-state.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";
import { FieldError, FormError, fieldError } from "./resource-parts.tsx";
import "./resources.css";

/** A group of checkboxes named `name`, one per option. */
function Choices({
  legend,
  name,
  options,
  error,
}: {
  legend: string;
  name: string;
  options: readonly { id: string; label: string }[];
  error: string | null;
}) {
  const errorId = useId();
  return (
    <fieldset aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      <div className="choices">
        {options.map((o) => (
          <label key={o.id}>
            <input type="checkbox" name={name} value={o.id} />
            {o.label}
          </label>
        ))}
      </div>
      <FieldError id={errorId} message={error} />
    </fieldset>
  );
}

const FIELDS = [
  "title",
  "description",
  "kind",
  "district_code",
  "grades",
  "subjects",
  "measures",
  "student_groups",
  "file",
  "url",
  "notes",
];

/**
 * Publishing a resource for the network: its title, words, kind and tags, and its first version
 * (a file or a link). The server checks every field; its message shows under the field it names.
 */
export function ResourcePublishPage() {
  useDocumentTitle("Publish a resource");
  const navigate = useNavigate();
  const publish = usePublishResource();
  // The tag choices come with the library's page (facets.options).
  const library = useResources({});
  const options = library.data?.facets.options;
  const { me } = useSession();
  // A district's staff publish for their own district; the hub and a facilitator without one choose.
  const choosesDistrict = me !== null && me !== undefined && !me.districtCode;
  const ids = {
    title: useId(),
    description: useId(),
    kind: useId(),
    district_code: useId(),
    file: useId(),
    url: useId(),
    notes: useId(),
  };
  const err = (f: string) => fieldError(publish.error, f);
  const described = (f: keyof typeof ids) => ({
    "aria-invalid": err(f) !== null,
    "aria-describedby": err(f) ? `${ids[f]}-error` : undefined,
  });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const file = form.get("file");
    if (file instanceof File && file.size === 0 && file.name === "") form.delete("file");
    publish.mutate(form, { onSuccess: (made) => navigate(`/resources/${made.id}`) });
  };
  return (
    <>
      <p>
        <Link to="/resources">All shared resources</Link>
      </p>
      <h1>Publish a resource</h1>
      <p>
        Share what your district made with the network. Colleagues in every district can find,
        download and rate it; you can add new versions later. No student names or student data.
      </p>
      <QueryState pending={library.isPending} error={library.error} what="the publish form">
        {options ? (
          <form
            className="resource-form"
            onSubmit={onSubmit}
            aria-label="Publish a resource"
            noValidate
          >
            <div className="field">
              <label htmlFor={ids.title}>Title</label>
              <input id={ids.title} name="title" maxLength={200} {...described("title")} />
              <FieldError id={`${ids.title}-error`} message={err("title")} />
            </div>
            <div className="field">
              <label htmlFor={ids.description}>Description</label>
              <textarea
                id={ids.description}
                name="description"
                rows={4}
                maxLength={4000}
                {...described("description")}
              />
              <FieldError id={`${ids.description}-error`} message={err("description")} />
            </div>
            <div className="field">
              <label htmlFor={ids.kind}>Kind</label>
              <select id={ids.kind} name="kind" defaultValue="" {...described("kind")}>
                <option value="">Choose a kind</option>
                {options.kinds.map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.label}
                  </option>
                ))}
              </select>
              <FieldError id={`${ids.kind}-error`} message={err("kind")} />
            </div>
            {choosesDistrict ? (
              <div className="field">
                <label htmlFor={ids.district_code}>Contributing district</label>
                <select
                  id={ids.district_code}
                  name="district_code"
                  defaultValue=""
                  {...described("district_code")}
                >
                  <option value="">The network hub</option>
                  {options.districts.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.label}
                    </option>
                  ))}
                </select>
                <FieldError id={`${ids.district_code}-error`} message={err("district_code")} />
              </div>
            ) : null}
            <Choices
              legend="Grades"
              name="grades"
              options={options.grades.map((g) => ({ id: g, label: g }))}
              error={err("grades")}
            />
            <Choices
              legend="Subjects"
              name="subjects"
              options={options.subjects}
              error={err("subjects")}
            />
            <Choices
              legend="Measures it helps with"
              name="measures"
              options={options.measures}
              error={err("measures")}
            />
            <Choices
              legend="Student groups it serves"
              name="student_groups"
              options={options.student_groups}
              error={err("student_groups")}
            />
            <fieldset>
              <legend>First version: a file or a link</legend>
              <div className="field">
                <label htmlFor={ids.file}>File (PDF, Office, image or text; up to 10 MB)</label>
                <input id={ids.file} name="file" type="file" {...described("file")} />
                <FieldError id={`${ids.file}-error`} message={err("file")} />
              </div>
              <div className="field">
                <label htmlFor={ids.url}>Or a link</label>
                <input
                  id={ids.url}
                  name="url"
                  type="url"
                  placeholder="https://"
                  {...described("url")}
                />
                <FieldError id={`${ids.url}-error`} message={err("url")} />
              </div>
              <TextAreaField label="Version notes" name="notes" rows={2} maxLength={2000} />
            </fieldset>
            <FormError error={publish.error} fields={FIELDS} />
            <div>
              <button type="submit" disabled={publish.isPending}>
                {publish.isPending ? "Publishing…" : "Publish"}
              </button>
            </div>
          </form>
        ) : null}
      </QueryState>
    </>
  );
}
