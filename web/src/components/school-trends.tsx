import "./school-trends.css";
import { useId } from "react";
import { useSearchParams } from "react-router-dom";
import { useSchoolHistory } from "../api/school-history-query.ts";
import type { HistoryLevel, HistoryMeasure, HistoryPoint, ReportMeasure } from "../api/types.ts";
import { growthHistoryChart } from "../charts/growth-history-chart.ts";
import { indexHistoryChart } from "../charts/index-history-chart.ts";
import {
  ALL_COLOR,
  GROUP_COLOR,
  type HistorySeries,
  measureHistoryChart,
} from "../charts/measure-history-chart.ts";
import { formatIndex, formatValue } from "../format/format-value.ts";
import { groupLabel, groupOrder } from "../format/group-label.ts";
import { effectText } from "../format/growth-reading.ts";
import { tierLabel } from "../format/tier-label.ts";
import { CsvDownload } from "./csv-download.tsx";
import { LevelBadge, levelBadgeText } from "./level-badge.tsx";
import { PlotFigure } from "./plot-figure.tsx";
import { QueryState } from "./query-state.tsx";

const INDEX_HISTORY_CAPTION = "Index score, level and support tier in each year";

/** The address parameter that keeps the chosen group (`?group=EL`), so a view can be linked. */
const GROUP_PARAM = "group";

/** The student groups a school reports on some measure, All students aside, in the usual order. */
export function reportedGroups(measures: readonly ReportMeasure[]): string[] {
  const groups = new Set(measures.flatMap((m) => m.groups.map((g) => g.student_group)));
  groups.delete("ALL");
  return [...groups].sort((a, b) => groupOrder(a) - groupOrder(b) || a.localeCompare(b));
}

/**
 * Trends over the years of the run chain at one school level: each measure with its level bands,
 * for all students and a chosen group (kept in the address); the index and tier by year; growth
 * with its interval by year. Figures come disclosed from the history API: a suppressed year is a
 * gap, never a value.
 */
export function SchoolTrends({
  runId,
  schoolCode,
  schoolLevel,
  measures,
}: {
  runId: string;
  schoolCode: string;
  schoolLevel: string;
  measures: readonly ReportMeasure[];
}) {
  const [params, setParams] = useSearchParams();
  const groups = reportedGroups(measures);
  const wanted = params.get(GROUP_PARAM) ?? "";
  const group = groups.includes(wanted) ? wanted : "";
  const history = useSchoolHistory(runId, schoolCode, group || "ALL");
  const pickerId = useId();
  const level = history.data?.levels.find((l) => l.school_level === schoolLevel);
  const years = (history.data?.years ?? []).map((y) => y.year);
  return (
    <div className="school-trends" data-trends-level={schoolLevel}>
      <div className="controls">
        <div className="field">
          <label htmlFor={pickerId}>Compare all students with a student group</label>
          <select
            id={pickerId}
            value={group}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.value) next.set(GROUP_PARAM, e.target.value);
              else next.delete(GROUP_PARAM);
              setParams(next, { replace: true });
            }}
          >
            <option value="">All students only</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {groupLabel(g)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <QueryState pending={history.isPending} error={history.error} what="this school's trends">
        {level ? (
          <TrendCharts level={level} years={years} group={group} />
        ) : (
          <p className="muted">No earlier results for this school level.</p>
        )}
      </QueryState>
    </div>
  );
}

function TrendCharts({
  level,
  years,
  group,
}: {
  level: HistoryLevel;
  years: number[];
  group: string;
}) {
  const drawn = level.measures.filter((m) =>
    m.series.some((s) => s.points.some((p) => p.value !== null)),
  );
  const seriesOf = (m: HistoryMeasure, g: string): HistorySeries => ({
    label: groupLabel(g),
    points: m.series.find((s) => s.student_group === g)?.points ?? [],
  });
  const withGrowth = drawn.filter((m) => m.growth?.some((s) => s.points.length > 0));
  return (
    <>
      <p className="trend-legend">
        <span className="key" style={{ borderColor: ALL_COLOR }} /> All students
        {group ? (
          <>
            {" "}
            <span className="key dashed" style={{ borderColor: GROUP_COLOR }} /> {groupLabel(group)}
          </>
        ) : null}{" "}
        <span className="key band" /> level bands: each year's cut points (levels 1–10){" "}
        <span aria-hidden="true">×</span> suppressed year (a small group)
      </p>
      {years.length < 2 ? (
        <p className="muted">
          One year of results so far: trends grow as runs of later years are added.
        </p>
      ) : null}
      <div className="trend-grid">
        {drawn.map((m) => {
          const all = seriesOf(m, "ALL");
          const chosen = group ? seriesOf(m, group) : null;
          return (
            <div key={m.metric} className="trend" data-metric={m.metric}>
              <h4>
                {m.label}
                {m.direction === "lower" ? <span className="muted"> (lower is better)</span> : null}
              </h4>
              <PlotFigure
                render={() =>
                  measureHistoryChart({
                    metric: m.metric,
                    years,
                    bands: m.bands,
                    all,
                    group: chosen,
                  })
                }
                label={`${m.label} by year: ${[all, ...(chosen ? [chosen] : [])]
                  .map((s) => `${s.label} ${pointsText(m.metric, years, s.points)}`)
                  .join("; ")}`}
              />
            </div>
          );
        })}
      </div>
      <h4 className="trend-subhead">Index and support tier by year</h4>
      <div className="index-history">
        <PlotFigure
          render={() => indexHistoryChart({ years, index: level.index, bands: level.index_bands })}
          label={`Index score by year: ${level.index
            .map(
              (i) =>
                `${i.year}: ${i.index_score_suppressed ? "score withheld" : formatIndex(i.index_score)}, level ${i.index_level ?? "none"}, ${tierLabel(i.tier)}`,
            )
            .join("; ")}`}
        />
        <div className="table-block">
          <div className="table-scroll">
            <table className="index-history-table">
              <caption>{INDEX_HISTORY_CAPTION}</caption>
              <thead>
                <tr>
                  <th scope="col">Year</th>
                  <th scope="col" className="num">
                    Index score
                  </th>
                  <th scope="col">Index level</th>
                  <th scope="col">Support tier</th>
                </tr>
              </thead>
              <tbody>
                {level.index.map((i) => (
                  <tr key={i.year} data-year={i.year}>
                    <th scope="row">
                      {i.year - 1}–{i.year}
                    </th>
                    <td className="num">
                      {i.index_score_suppressed ? (
                        <span className="muted">withheld</span>
                      ) : (
                        formatIndex(i.index_score)
                      )}
                    </td>
                    <td>
                      <LevelBadge level={i.index_level} />
                    </td>
                    <td data-testid="tier-by-year">{tierLabel(i.tier)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-tools">
            <CsvDownload
              name={INDEX_HISTORY_CAPTION}
              header={["Year", "Index score", "Index level", "Support tier"]}
              rows={() =>
                level.index.map((i) => [
                  `${i.year - 1}–${i.year}`,
                  i.index_score_suppressed ? "withheld" : formatIndex(i.index_score),
                  levelBadgeText({ level: i.index_level }),
                  tierLabel(i.tier),
                ])
              }
            />
          </div>
        </div>
      </div>
      {withGrowth.length > 0 ? (
        <>
          <h4 className="trend-subhead">Growth by year, with its 95% interval</h4>
          <div className="growth-grid">
            {withGrowth.map((m) => {
              const at = (g: string) => ({
                label: groupLabel(g),
                points: m.growth?.find((s) => s.student_group === g)?.points ?? [],
              });
              const all = at("ALL");
              const chosen = group ? at(group) : null;
              return (
                <div key={m.metric} className="growth-trend" data-metric={m.metric}>
                  <h4>{m.label}</h4>
                  <PlotFigure
                    render={() => growthHistoryChart({ years, all, group: chosen })}
                    label={`${m.label}, school effect by year with its 95% interval: ${[
                      all,
                      ...(chosen ? [chosen] : []),
                    ]
                      .map(
                        (s) =>
                          `${s.label} ${s.points
                            .map((p) =>
                              p.effect === null || p.ci_low === null || p.ci_high === null
                                ? `${p.year}: suppressed`
                                : `${p.year}: ${effectText(p.effect)} (${effectText(p.ci_low)} to ${effectText(p.ci_high)})`,
                            )
                            .join(", ")}`,
                      )
                      .join("; ")}`}
                  />
                </div>
              );
            })}
          </div>
        </>
      ) : null}
    </>
  );
}

/** "2023: 45.0%, 2024: suppressed, 2025: no result" for a chart's text alternative. */
function pointsText(metric: string, years: readonly number[], points: readonly HistoryPoint[]) {
  return years
    .map((y) => {
      const p = points.find((q) => q.year === y);
      if (!p) return `${y}: no result`;
      return `${y}: ${p.value === null ? "suppressed" : formatValue(metric, p.value)}`;
    })
    .join(", ");
}
