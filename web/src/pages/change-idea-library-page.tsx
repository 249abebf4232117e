import { type FormEvent, useId } from "react";
import { Link, useSearchParams } from "react-router-dom";
import {
  CHANGE_IDEAS_PER_PAGE,
  type ChangeIdeaFilters,
  useChangeIdeas,
} from "../api/learning-queries.ts";
import type { ChangeIdea } from "../api/types.ts";
import { Pager } from "../components/pager.tsx";
import { QueryState } from "../components/query-state.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";
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
  const [params, setParams] = useSearchParams();
  const ids = { metric: useId(), group: useId(), level: useId(), decision: useId(), q: useId() };
  const filters: ChangeIdeaFilters = {
    metric: params.get("metric") ?? undefined,
    group: params.get("group") ?? undefined,
    level: params.get("level") ?? undefined,
    decision: params.get("decision") ?? undefined,
    q: params.get("q") ?? undefined,
    offset: Number(params.get("offset") ?? 0) || undefined,
  };
  const library = useChangeIdeas(filters);
  const facets = library.data?.facets;
  const measures = [
    ...new Map((facets?.problems ?? []).map((p) => [p.metric, p.metric_label])).entries(),
  ].sort((a, b) => a[1].localeCompare(b[1]));
  if (filters.metric && !measures.some(([m]) => m === filters.metric)) {
    measures.push([filters.metric, filters.metric]);
  }
  const groups = [
    ...new Set([
      ...(facets?.problems ?? [])
        .filter((p) => !filters.metric || p.metric === filters.metric)
        .map((p) => p.student_group),
      ...(filters.group ? [filters.group] : []),
    ]),
  ].sort((a, b) => groupOrder(a) - groupOrder(b));
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === "") next.delete(k);
      else next.set(k, v);
    }
    if (!("offset" in changes)) next.delete("offset");
    setParams(next, { replace: true });
  };
  const onSearch = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    set({ q: String(new FormData(e.currentTarget).get("q") ?? "").trim() });
  };
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
      <form className="controls" aria-label="Search the library" onSubmit={onSearch}>
        <div className="field">
          <label htmlFor={ids.metric}>Measure</label>
          <select
            id={ids.metric}
            value={filters.metric ?? ""}
            onChange={(e) => set({ metric: e.target.value, group: "" })}
          >
            <option value="">Any measure</option>
            {measures.map(([m, label]) => (
              <option key={m} value={m}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.group}>Student group</label>
          <select
            id={ids.group}
            value={filters.group ?? ""}
            onChange={(e) => set({ group: e.target.value })}
          >
            <option value="">Any group</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {groupLabel(g)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.level}>School level</label>
          <select
            id={ids.level}
            value={filters.level ?? ""}
            onChange={(e) => set({ level: e.target.value })}
          >
            <option value="">Any level</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.decision}>Decision</label>
          <select
            id={ids.decision}
            value={filters.decision ?? ""}
            onChange={(e) => set({ decision: e.target.value })}
          >
            <option value="">Any decision</option>
            {Object.entries(DECISIONS).map(([d, label]) => (
              <option key={d} value={d}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field library-words">
          <label htmlFor={ids.q}>Words</label>
          <input
            id={ids.q}
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
