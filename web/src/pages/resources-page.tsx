import { useId } from "react";
import { Link } from "react-router-dom";
import {
  RESOURCES_PER_PAGE,
  type ResourceFilters,
  type ResourceSummary,
  useResources,
} from "../api/resource-queries.ts";
import { choicesOf, FilterSelect } from "../components/filter-select.tsx";
import { Pager } from "../components/pager.tsx";
import { QueryState } from "../components/query-state.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";
import { useUrlFilters } from "../components/use-url-filters.ts";
import { RatingWords, ResourceTags } from "./resource-parts.tsx";
import "./resources.css";

const SORTS = [
  ["relevance", "Best match"],
  ["newest", "Newest"],
  ["downloads", "Most downloaded"],
  ["rating", "Best rated"],
] as const;

/** A resource as a card: title, kind, district, words, tags and figures. */
function ResourceCard({ resource: r }: { resource: ResourceSummary }) {
  const id = useId();
  return (
    <li className="card resource-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        <Link to={`/resources/${r.id}`}>{r.title}</Link>{" "}
        <span className="resource-kind">{r.kind.label}</span>
      </h3>
      <p className="muted">
        {r.district_name} · version {r.current.version} · updated {r.updated_at.slice(0, 10)}
      </p>
      {r.description ? <p className="resource-description">{r.description}</p> : null}
      <ResourceTags resource={r} />
      <p className="resource-figures muted">
        <span>
          {r.downloads} {r.downloads === 1 ? "download" : "downloads"}
        </span>
        <RatingWords average={r.rating_average} count={r.rating_count} />
      </p>
    </li>
  );
}

/**
 * The shared-resource library: what the network's districts made for each other, searched by
 * words and filtered by kind, measure, student group, grade, subject and district, in four
 * orders. The filters live in the URL, so the school report links to a filtered library.
 */
export function ResourcesPage() {
  useDocumentTitle("Shared resources");
  const { get, set, onSearch, offset: pageOffset } = useUrlFilters();
  const wordsId = useId();
  const filters: ResourceFilters = {
    q: get("q"),
    kind: get("kind"),
    district: get("district"),
    grade: get("grade"),
    subject: get("subject"),
    measure: get("measure"),
    group: get("group"),
    sort: get("sort"),
    offset: pageOffset,
  };
  const library = useResources(filters);
  const facets = library.data?.facets;
  const total = library.data?.total ?? 0;
  const offset = filters.offset ?? 0;
  const shown = library.data?.resources.length ?? 0;
  const sortLabel = SORTS.find(([s]) => s === library.data?.sort)?.[1] ?? "Newest";
  return (
    <>
      <h1>Shared resources</h1>
      <p>
        What the network's districts made for each other — assessment modules, protocols, change
        packages, meeting templates — with every version, how often each was downloaded and how
        colleagues rated it.
      </p>
      {library.data?.may_publish ? (
        <p>
          <Link to="/resources/new">Publish a resource</Link>
        </p>
      ) : null}
      <form className="controls" aria-label="Search the resources" onSubmit={onSearch}>
        <div className="field resource-words">
          <label htmlFor={wordsId}>Words</label>
          <input
            id={wordsId}
            name="q"
            type="search"
            defaultValue={filters.q ?? ""}
            key={filters.q ?? ""}
            placeholder="e.g. attendance huddle, fractions"
          />
        </div>
        <button type="submit">Search</button>
        <FilterSelect
          label="Kind"
          any="Any kind"
          value={filters.kind ?? ""}
          choices={choicesOf(facets?.kinds)}
          onChange={(v) => set({ kind: v })}
        />
        <FilterSelect
          label="Measure"
          any="Any measure"
          value={filters.measure ?? ""}
          choices={choicesOf(facets?.measures)}
          onChange={(v) => set({ measure: v })}
        />
        <FilterSelect
          label="Student group"
          any="Any group"
          value={filters.group ?? ""}
          choices={choicesOf(facets?.student_groups)}
          onChange={(v) => set({ group: v })}
        />
        <FilterSelect
          label="Grade"
          any="Any grade"
          value={filters.grade ?? ""}
          choices={(facets?.grades ?? []).map((g) => [g, g] as const)}
          onChange={(v) => set({ grade: v })}
        />
        <FilterSelect
          label="Subject"
          any="Any subject"
          value={filters.subject ?? ""}
          choices={choicesOf(facets?.subjects)}
          onChange={(v) => set({ subject: v })}
        />
        <FilterSelect
          label="District"
          any="Any district"
          value={filters.district ?? ""}
          choices={choicesOf(facets?.districts)}
          onChange={(v) => set({ district: v })}
        />
        <FilterSelect
          label="Sort by"
          any="Best match, else newest"
          value={filters.sort ?? ""}
          choices={SORTS}
          onChange={(v) => set({ sort: v })}
        />
      </form>
      <QueryState pending={library.isPending} error={library.error} what="the shared resources">
        {library.data ? (
          <>
            <p role="status">
              {total === 0
                ? "No resource matches."
                : `${total} ${total === 1 ? "resource matches" : "resources match"}; ${sortLabel.toLowerCase()} first.`}
            </p>
            <ol className="card-list">
              {library.data.resources.map((r) => (
                <ResourceCard key={r.id} resource={r} />
              ))}
            </ol>
            <Pager
              label="Resource pages"
              what="resources"
              total={total}
              page={Math.floor(offset / RESOURCES_PER_PAGE) + 1}
              pages={Math.max(1, Math.ceil(total / RESOURCES_PER_PAGE))}
              first={offset + 1}
              last={offset + shown}
              onPage={(p) => set({ offset: String((p - 1) * RESOURCES_PER_PAGE) })}
            />
          </>
        ) : null}
      </QueryState>
    </>
  );
}
