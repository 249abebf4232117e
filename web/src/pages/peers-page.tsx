import { useId, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { usePeers, useSchoolReport } from "../api/queries.ts";
import type { Peer, ReportMeasure } from "../api/types.ts";
import { useCurrentRun } from "../api/use-runs.ts";
import { LevelBadge } from "../components/level-badge.tsx";
import { QueryState } from "../components/query-state.tsx";
import { RunLink } from "../components/run-link.tsx";
import { type Column, SortableTable } from "../components/sortable-table.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";
import { formatValue } from "../format/format-value.ts";
import { tierLabel } from "../format/tier-label.ts";

/** The school's measures with a level, weakest first (the default question is about the weakest). */
function weakestFirst(measures: readonly ReportMeasure[]): ReportMeasure[] {
  return measures
    .filter((m) => m.direction !== null && m.level !== null)
    .sort((a, b) => a.level! - b.level! || a.label.localeCompare(b.label));
}

/** Schools like mine (similar students, same level) that are strong where mine is weak. */
export function PeersPage() {
  const { code = "" } = useParams();
  const { run } = useCurrentRun();
  const report = useSchoolReport(run?.run_id, code);
  const ids = { level: useId(), metric: useId() };
  useDocumentTitle(report.data ? `Peers of ${report.data.school.school_name}` : "Find peers");
  const levels = report.data?.levels ?? [];
  const [levelChoice, setLevelChoice] = useState<string | undefined>();
  const level = levels.find((l) => l.school_level === levelChoice) ?? levels[0];
  const measures = weakestFirst(level?.measures ?? []);
  const [metricChoice, setMetricChoice] = useState<string | undefined>();
  const metric = measures.find((m) => m.metric === metricChoice) ?? measures[0];
  const peers = usePeers(run?.run_id, code, { metric: metric?.metric, level: level?.school_level });
  const columns: Column<Peer>[] = [
    {
      key: "school",
      header: "School",
      render: (p) => <RunLink to={`/schools/${p.schoolCode}`}>{p.schoolName}</RunLink>,
      sortValue: (p) => p.schoolName,
    },
    {
      key: "similarity",
      header: "Similarity rank",
      numeric: true,
      render: (p) => `${p.contextRank} of ${peers.data?.schoolsAtLevel ?? "?"}`,
      sortValue: (p) => p.contextRank,
    },
    {
      key: "level",
      header: `Level on ${metric?.label ?? "the measure"}`,
      render: (p) => <LevelBadge level={p.level} />,
      sortValue: (p) => p.level,
    },
    {
      key: "value",
      header: "Value",
      numeric: true,
      render: (p) => formatValue(metric?.metric ?? "", p.value),
      sortValue: (p) => p.value,
    },
    { key: "tier", header: "Tier", render: (p) => tierLabel(p.tier), sortValue: (p) => p.tier },
    {
      key: "km",
      header: "Distance",
      numeric: true,
      render: (p) => `${p.distanceKm.toFixed(0)} km`,
      sortValue: (p) => p.distanceKm,
    },
  ];
  return (
    <>
      <h1>Find peers{report.data ? ` for ${report.data.school.school_name}` : ""}</h1>
      <p>
        Schools of the same level with similar students (poverty, English learners, disabilities,
        race and ethnicity, size) that reach a higher level on a measure where this school is weak.
      </p>
      <QueryState pending={report.isPending} error={report.error} what="this school's results">
        <form className="controls" aria-label="Peer question" onSubmit={(e) => e.preventDefault()}>
          {levels.length > 1 ? (
            <div className="field">
              <label htmlFor={ids.level}>School level</label>
              <select
                id={ids.level}
                value={level?.school_level}
                onChange={(e) => setLevelChoice(e.target.value)}
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
            <label htmlFor={ids.metric}>Measure where we want to improve</label>
            <select
              id={ids.metric}
              value={metric?.metric ?? ""}
              onChange={(e) => setMetricChoice(e.target.value)}
            >
              {measures.map((m) => (
                <option key={m.metric} value={m.metric}>
                  {m.label} (our level {m.level})
                </option>
              ))}
            </select>
          </div>
        </form>
        {metric && level ? (
          <p>
            <Link
              to={`/library?metric=${encodeURIComponent(metric.metric)}&level=${level.school_level}`}
            >
              What schools have tested on {metric.label}, and how it went
            </Link>{" "}
            (the change-idea library).
          </p>
        ) : null}
        {metric ? (
          <QueryState pending={peers.isPending} error={peers.error} what="peer schools">
            {peers.data ? (
              <>
                <p role="status">
                  We are at level {peers.data.schoolLevelOnMetric ?? "—"} on {metric.label}; showing
                  similar {peers.data.school.schoolLevel} schools at level {peers.data.minLevel} or
                  above, most similar first.
                </p>
                <SortableTable
                  caption={`Peers strong on ${metric.label}`}
                  columns={columns}
                  rows={peers.data.peers}
                  rowKey={(p) => p.schoolCode}
                  empty={`None of the ${peers.data.schoolsAtLevel} other ${peers.data.school.schoolLevel} schools is at level ${peers.data.minLevel} or above.`}
                />
              </>
            ) : null}
          </QueryState>
        ) : (
          <p className="muted">This school has no measure with a level in this run.</p>
        )}
      </QueryState>
    </>
  );
}
