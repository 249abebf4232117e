import { useId } from "react";
import { Link } from "react-router-dom";
import {
  CHANGE_IDEAS_PER_PAGE,
  type ChangeIdeaFilters,
  useChangeIdeas,
} from "../api/learning-queries.ts";
import type { ChangeIdea } from "../api/types.ts";
import { FilterSelect } from "../components/filter-select.tsx";
import { Pager } from "../components/pager.tsx";
import { QueryState } from "../components/query-state.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";
import { useUrlFilters } from "../components/use-url-filters.ts";
import { groupLabel, groupOrder } from "../format/group-label.ts";
import { tierLabel } from "../format/tier-label.ts";
import "./change-idea-library.css";

const DECISIONS = { adopt: "Adopted", adapt: "Adapted", abandon: "Abandoned" } as const;
const LEVELS = ["elementary", "middle", "high"] as const;

/** A completed cycle: what was tried, what was predicted, what happened, and where. */
function ChangeIdeaCard({ idea }: { idea: ChangeIdea }) {
  const c = idea.context;
  const id = useId();
  const conditions = [
    c.school_level ? `${c.school_level} school` : null,
    c.enrollment_band ? `${c.enrollment_band} students` : null,
    c.tier ? tierLabel(c.tier) : null,
    c.district_name ?? (c.district_code ? `district ${c.district_code}` : null),
    c.kind === "pair" ? "tested in a partnership" : "tested in a community of practice",
  ].filter(Boolean);
  return (
    <li className="card change-idea" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {idea.title || idea.change_idea}{" "}
        <span className={`decision decision-${idea.decision}`}>{DECISIONS[idea.decision]}</span>
      </h3>
      <p className="muted">
        {c.school_code ? (
          <Link to={`/schools/${c.school_code}`}>{c.school_name ?? c.school_code}</Link>
        ) : (
          "A school of the network"
        )}
        {" · "}
        {conditions.join(" · ")}
        {idea.ended_at ? ` · decided ${idea.ended_at.slice(0, 10)}` : ""}
      </p>
      {c.problems.length > 0 ? (
        <p>
          <strong>For:</strong>{" "}
          {c.problems.map((p) => `${p.metric_label} — ${groupLabel(p.student_group)}`).join("; ")}
        </p>
      ) : null}
      <dl className="change-idea-fields">
        {idea.title ? (
          <>
            <dt>Change idea</dt>
            <dd>{idea.change_idea}</dd>
          </>
        ) : null}
        {idea.question ? (
          <>
            <dt>Question</dt>
            <dd>{idea.question}</dd>
          </>
        ) : null}
        <dt>Prediction</dt>
        <dd>{idea.prediction || "—"}</dd>
        {idea.what || idea.where || idea.when ? (
          <>
            <dt>How it was tested</dt>
            <dd>{[idea.what, idea.where, idea.when].filter(Boolean).join("; ")}</dd>
          </>
        ) : null}
        <dt>What happened</dt>
        <dd>{idea.what_happened || "—"}</dd>
        <dt>Results against the prediction</dt>
        <dd>{idea.results || "—"}</dd>
      </dl>
    </li>
  );
}

/**
 * The change-idea library: every completed PDSA cycle of the network with its results, its
 * adopt/adapt/abandon decision and the conditions it was tested under, searched by measure,
 * student group, school level, decision and words. The filters live in the URL, so the peer
 * finder and the school report link to a filtered library.
 */
export function ChangeIdeaLibraryPage() {
  useDocumentTitle("Change-idea library");
  const { get, set, onSearch, offset: pageOffset } = useUrlFilters();
  const wordsId = useId();
  const filters: ChangeIdeaFilters = {
    metric: get("metric"),
    group: get("group"),
    level: get("level"),
    decision: get("decision"),
    q: get("q"),
    offset: pageOffset,
  };
  const library = useChangeIdeas(filters);
  const facets = library.data?.facets;
  const measures = [
    ...new Map((facets?.problems ?? []).map((p) => [p.metric, p.metric_label])).entries(),
  ].sort((a, b) => a[1].localeCompare(b[1]));
  const groups = [
    ...new Set([
      ...(facets?.problems ?? [])
        .filter((p) => !filters.metric || p.metric === filters.metric)
        .map((p) => p.student_group),
    ]),
  ].sort((a, b) => groupOrder(a) - groupOrder(b));
  const total = library.data?.total ?? 0;
  const offset = filters.offset ?? 0;
  const page = Math.floor(offset / CHANGE_IDEAS_PER_PAGE) + 1;
  const shown = library.data?.change_ideas.length ?? 0;
  return (
    <>
      <h1>Change-idea library</h1>
      <p>
        Every PDSA cycle the network's schools have completed: the change they tested, what they
        predicted, what happened, and whether they adopted, adapted or abandoned it — with the
        conditions it was tested under. What worked, for whom, under what conditions.
      </p>
      <p className="muted">
        Results are the teams' own words. Sizes are shown as bands; no student-level data is here.
      </p>
      <p>
        <Link to={filters.metric ? `/resources?measure=${filters.metric}` : "/resources"}>
          Shared resources
        </Link>{" "}
        — the protocols, modules and templates districts published
        {filters.metric ? " for this measure" : ""}.
      </p>
      <form className="controls" aria-label="Search the library" onSubmit={onSearch}>
        <FilterSelect
          label="Measure"
          value={filters.metric ?? ""}
          onChange={(v) => set({ metric: v, group: "" })}
          any="Any measure"
          choices={measures}
        />
        <FilterSelect
          label="Student group"
          value={filters.group ?? ""}
          onChange={(v) => set({ group: v })}
          any="Any group"
          choices={groups.map((g) => [g, groupLabel(g)] as const)}
        />
        <FilterSelect
          label="School level"
          value={filters.level ?? ""}
          onChange={(v) => set({ level: v })}
          any="Any level"
          choices={LEVELS.map((l) => [l, l] as const)}
        />
        <FilterSelect
          label="Decision"
          value={filters.decision ?? ""}
          onChange={(v) => set({ decision: v })}
          any="Any decision"
          choices={Object.entries(DECISIONS)}
        />
        <div className="field library-words">
          <label htmlFor={wordsId}>Words</label>
          <input
            id={wordsId}
            name="q"
            type="search"
            defaultValue={filters.q ?? ""}
            key={filters.q ?? ""}
            placeholder="e.g. calls, huddle, mentors"
          />
        </div>
        <button type="submit">Search</button>
      </form>
      <QueryState pending={library.isPending} error={library.error} what="the change-idea library">
        {library.data ? (
          <>
            <p role="status">
              {total === 0
                ? "No completed cycle matches."
                : `${total} completed ${total === 1 ? "cycle matches" : "cycles match"}, newest first.`}
            </p>
            <ol className="card-list">
              {library.data.change_ideas.map((idea) => (
                <ChangeIdeaCard key={idea.cycle_id} idea={idea} />
              ))}
            </ol>
            <Pager
              label="Library pages"
              what="cycles"
              total={total}
              page={page}
              pages={Math.max(1, Math.ceil(total / CHANGE_IDEAS_PER_PAGE))}
              first={offset + 1}
              last={offset + shown}
              onPage={(p) => set({ offset: String((p - 1) * CHANGE_IDEAS_PER_PAGE) })}
            />
          </>
        ) : null}
      </QueryState>
    </>
  );
}
