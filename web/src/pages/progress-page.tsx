import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { api } from "../api/api-client.ts";
import { usePeriodicCatalog, usePeriodicChart, useSchools } from "../api/queries.ts";
import { useSession } from "../api/session.tsx";
import type { Annotation } from "../api/types.ts";
import { useCurrentRun } from "../api/use-runs.ts";
import { PeriodicChart } from "../components/periodic-chart.tsx";
import { QueryState } from "../components/query-state.tsx";
import { RunLink } from "../components/run-link.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";
import { groupLabel, groupOrder } from "../format/group-label.ts";

/** The page's choices, kept in the address so a chart can be linked to and reloaded. */
const KEYS = ["school", "level", "measure", "group", "chart", "baseline"] as const;

/**
 * Progress within the year: any school × measure × student group's periodic series with its run
 * or control chart, the signals in words, the school's notes, and a form to add one (the
 * school's district staff and the hub).
 */
export function ProgressPage() {
  const [params, setParams] = useSearchParams();
  const { me } = useSession();
  const { run, loading } = useCurrentRun();
  const schools = useSchools();
  const ids = {
    school: useId(),
    level: useId(),
    measure: useId(),
    group: useId(),
    chart: useId(),
    baseline: useId(),
  };
  const school = params.get("school") ?? me?.schoolCode ?? undefined;
  const schoolRow = schools.data?.find((s) => s.school_code === school);
  useDocumentTitle(schoolRow ? `Progress: ${schoolRow.school_name}` : "Progress within the year");
  const catalog = usePeriodicCatalog(run?.run_id, school);
  const levels = catalog.data?.levels ?? [];
  const level = levels.find((l) => l.school_level === params.get("level")) ?? levels[0];
  const measures = level?.measures ?? [];
  const measure =
    measures.find((m) => m.measure === params.get("measure")) ??
    measures.find((m) => m.measure === "chronic_absence_to_date") ??
    measures[0];
  const groups = [...(measure?.groups ?? [])].sort((a, b) => groupOrder(a) - groupOrder(b));
  const group = groups.find((g) => g === params.get("group")) ?? groups[0];
  // No chart parameter: the server's default for the measure (monthly absence seasonally adjusted).
  const chartParam = params.get("chart");
  const kind = chartParam === "run" || chartParam === "control" ? chartParam : undefined;
  const baselineText = params.get("baseline");
  const baseline = baselineText && /^\d+$/.test(baselineText) ? Number(baselineText) : undefined;
  const chart = usePeriodicChart(
    run?.run_id,
    school,
    level && measure && group
      ? { level: level.school_level, measure: measure.measure, group, chart: kind, baseline }
      : undefined,
  );
  const choose = (key: (typeof KEYS)[number], value: string) => {
    const next = new URLSearchParams(params);
    if (value === "") next.delete(key);
    else next.set(key, value);
    // A new school or level starts from its own defaults.
    if (key === "school") for (const k of ["level", "measure", "group"]) next.delete(k);
    if (key === "level") next.delete("group");
    setParams(next, { replace: true });
  };
  const sortedSchools = [...(schools.data ?? [])].sort((a, b) =>
    a.school_name.localeCompare(b.school_name),
  );
  if (!loading && !run) return <p className="notice">No results are available yet.</p>;
  return (
    <>
      <h1>Progress within the year{schoolRow ? `: ${schoolRow.school_name}` : ""}</h1>
      <p>
        Month by month (or term by term) for one student group, with the run or control chart an
        improvement team reads: a signal says the change is more than the ordinary variation.
        {schoolRow ? (
          <>
            {" "}
            <RunLink to={`/schools/${schoolRow.school_code}`}>Back to the school's report</RunLink>.
          </>
        ) : null}
      </p>
      <form className="controls" aria-label="Which series" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={ids.school}>School</label>
          <select
            id={ids.school}
            value={school ?? ""}
            onChange={(e) => choose("school", e.target.value)}
          >
            <option value="">Choose a school</option>
            {sortedSchools.map((s) => (
              <option key={s.school_code} value={s.school_code}>
                {s.school_name} ({s.district_name})
              </option>
            ))}
          </select>
        </div>
        {levels.length > 1 ? (
          <div className="field">
            <label htmlFor={ids.level}>School level</label>
            <select
              id={ids.level}
              value={level?.school_level ?? ""}
              onChange={(e) => choose("level", e.target.value)}
            >
              {levels.map((l) => (
                <option key={l.school_level} value={l.school_level}>
                  {l.school_level}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={ids.measure}>Measure</label>
          <select
            id={ids.measure}
            value={measure?.measure ?? ""}
            onChange={(e) => choose("measure", e.target.value)}
          >
            {measures.map((m) => (
              <option key={m.measure} value={m.measure}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.group}>Student group</label>
          <select
            id={ids.group}
            value={group ?? ""}
            onChange={(e) => choose("group", e.target.value)}
          >
            {groups.map((g) => (
              <option key={g} value={g}>
                {groupLabel(g)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.chart}>Chart</label>
          <select
            id={ids.chart}
            value={kind ?? ""}
            onChange={(e) => choose("chart", e.target.value)}
          >
            <option value="">Control chart (limits; monthly absence seasonally adjusted)</option>
            <option value="control">Control chart, not seasonally adjusted</option>
            <option value="run">Run chart (median)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.baseline}>Baseline: first periods</label>
          <select
            id={ids.baseline}
            value={baseline === undefined ? "" : String(baseline)}
            onChange={(e) => choose("baseline", e.target.value)}
          >
            <option value="">All periods</option>
            {[3, 4, 5, 6, 8].map((k) => (
              <option key={k} value={k}>
                First {k}
              </option>
            ))}
          </select>
        </div>
      </form>
      {school === undefined ? (
        <p className="muted">Choose a school to see its periodic measures.</p>
      ) : (
        <QueryState
          pending={catalog.isPending}
          error={catalog.error}
          what="this school's periodic measures"
        >
          {levels.length === 0 ? (
            <p className="muted">This run has no periodic measures for this school.</p>
          ) : (
            <QueryState pending={chart.isPending} error={chart.error} what="this chart">
              {chart.data ? (
                <>
                  <PeriodicChart data={chart.data} />
                  {chart.data.may_annotate ? (
                    <AnnotationForm
                      schoolCode={chart.data.school_code}
                      level={chart.data.school_level}
                      measure={chart.data.measure.measure}
                      firstDay={chart.data.points[0]?.period_start}
                    />
                  ) : null}
                </>
              ) : null}
            </QueryState>
          )}
        </QueryState>
      )}
    </>
  );
}

/** Adds a dated note to the school's chart of this measure (or every measure). */
function AnnotationForm({
  schoolCode,
  level,
  measure,
  firstDay,
}: {
  schoolCode: string;
  level: string;
  measure: string;
  firstDay: string | undefined;
}) {
  const client = useQueryClient();
  const ids = { date: useId(), text: useId(), every: useId() };
  const [date, setDate] = useState(firstDay ?? "");
  const [text, setText] = useState("");
  const [every, setEvery] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; message: string } | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const added = await api.post<Annotation>(`/api/schools/${schoolCode}/annotations`, {
        note_date: date,
        text,
        school_level: level,
        ...(every ? {} : { measure }),
      });
      setText("");
      setStatus({ ok: true, message: `Note of ${added.note_date} added.` });
      await client.invalidateQueries({ queryKey: ["periodic-chart"] });
    } catch (error) {
      setStatus({ ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <form className="annotation-form" aria-labelledby={`${ids.text}-h`} onSubmit={submit}>
      <h3 id={`${ids.text}-h`}>Add a note</h3>
      <p className="muted">
        A dated note (a change tried, an event) is drawn on the chart. Only staff of the school's
        district and the hub see and add notes.
      </p>
      <div className="controls">
        <div className="field">
          <label htmlFor={ids.date}>Date</label>
          <input
            id={ids.date}
            type="date"
            required
            value={date}
            onChange={(e) => setDate(e.target.value)}
          />
        </div>
        <div className="field note-text">
          <label htmlFor={ids.text}>Note</label>
          <input
            id={ids.text}
            type="text"
            required
            maxLength={500}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.every}>
            <input
              id={ids.every}
              type="checkbox"
              checked={every}
              onChange={(e) => setEvery(e.target.checked)}
            />{" "}
            On every measure's chart
          </label>
        </div>
        <button type="submit" className="primary">
          Add the note
        </button>
      </div>
      {status ? (
        <p className={status.ok ? "muted" : "notice error"} role={status.ok ? "status" : "alert"}>
          {status.message}
        </p>
      ) : null}
    </form>
  );
}
