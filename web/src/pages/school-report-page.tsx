import type { ReactNode } from "react";
import { Link, useParams } from "react-router-dom";
import { useSchoolReport, useTiers } from "../api/queries.ts";
import { useSession } from "../api/session.tsx";
import type { ReportLevel, ReportMeasure } from "../api/types.ts";
import { useCurrentRun } from "../api/use-runs.ts";
import { cellText } from "../components/cell-text.ts";
import { ChangeNeeded } from "../components/change-needed.tsx";
import { CsvDownload } from "../components/csv-download.tsx";
import { GroupGrid, type TierTrigger } from "../components/group-grid.tsx";
import { GrowthLevel, GrowthTable } from "../components/growth-table.tsx";
import { IndexScore } from "../components/index-score.tsx";
import { LevelBadge } from "../components/level-badge.tsx";
import { MeasureResourceLinks } from "../components/measure-resource-links.tsx";
import { ProgressLink } from "../components/progress-link.tsx";
import { QueryState } from "../components/query-state.tsx";
import { RunLink } from "../components/run-link.tsx";
import { SchoolLocalMeasures } from "../components/school-local-measures.tsx";
import { SchoolProgress } from "../components/school-progress.tsx";
import { SchoolSupport } from "../components/school-support.tsx";
import { SchoolTrends } from "../components/school-trends.tsx";
import { SuppressedCell } from "../components/suppressed-cell.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";
import { formatChange, formatValue } from "../format/format-value.ts";
import { tierLabel } from "../format/tier-label.ts";

/**
 * A school's report: per school level the index and its level, tier and reason, what it takes to
 * leave the tier, the school's partner or community and (for the workspace's readers) its plans'
 * aim and progress; each measure with value, change, level as colour and text, the change needed
 * for the next levels; every student group; growth with its interval; progress within the year
 * (the periodic charts, compact); trends over the years.
 */
export function SchoolReportPage() {
  const { code = "" } = useParams();
  const { run, loading } = useCurrentRun();
  const { me } = useSession();
  const report = useSchoolReport(run?.run_id, code);
  const data = report.data;
  useDocumentTitle(data ? `${data.school.school_name}: school report` : "School report");
  const tiers = useTiers(data ? run?.run_id : undefined, data?.school.district_code);
  const mayReadStudents =
    (me?.role === "district_admin" && code.startsWith(me.districtCode ?? "-")) ||
    (me?.role === "school_staff" && me.schoolCode === code);
  if (!loading && !run) return <p className="notice">No results are available yet.</p>;
  return (
    <QueryState pending={report.isPending} error={report.error} what="this school's report">
      {data ? (
        <article className="report" aria-labelledby="school-title">
          <header>
            <h1 id="school-title">{data.school.school_name}</h1>
            <p className="muted">
              <RunLink to={`/districts/${data.school.district_code}`}>
                {data.school.district_name}
              </RunLink>{" "}
              · school {data.school.school_code} · {data.school.school_levels.join(", ")}
              {data.school.title_i ? " · Title I" : ""}
              {data.school.charter ? " · charter" : ""} · results for {data.run.year - 1}–
              {data.run.year}
            </p>
            <nav aria-label="School pages" className="subnav">
              <RunLink to={`/schools/${code}/peers`}>Find peers strong where we are weak</RunLink>
              <ProgressLink school={code} />
              <Link to={`/library?level=${data.school.school_levels[0] ?? ""}`}>
                Change ideas tested by {data.school.school_levels[0] ?? ""} schools
              </Link>
              {mayReadStudents ? (
                <RunLink to={`/schools/${code}/students`}>Student-level data</RunLink>
              ) : null}
            </nav>
            {data.suppressed_for_reader ? (
              <p className="notice">
                Groups of fewer than 20 students are suppressed, and some others with them so that
                they cannot be worked out by subtraction.
              </p>
            ) : null}
          </header>
          {data.levels.length === 0 ? <p>This run has no results for this school.</p> : null}
          {data.levels.map((level) => (
            <LevelSection
              key={level.school_level}
              runId={data.run.run_id}
              schoolCode={code}
              level={level}
              several={data.levels.length > 1}
              triggers={
                tiers.data?.find(
                  (t) => t.school_code === code && t.school_level === level.school_level,
                )?.triggers ?? []
              }
            />
          ))}
          <SchoolLocalMeasures
            runId={data.run.run_id}
            schoolCode={code}
            districtName={data.school.district_name}
          />
        </article>
      ) : null}
    </QueryState>
  );
}

function LevelSection({
  runId,
  schoolCode,
  level,
  several,
  triggers,
}: {
  runId: string;
  schoolCode: string;
  level: ReportLevel;
  several: boolean;
  triggers: readonly TierTrigger[];
}) {
  const main = level.measures.filter((m) => m.direction !== null);
  const parts = level.measures.filter((m) => m.direction === null);
  const titleId = `level-${level.school_level}`;
  const withGrowth = main.filter((m) => m.growth?.length);
  return (
    <section aria-labelledby={titleId} data-school-level={level.school_level}>
      <h2 id={titleId}>{several ? `${capitalize(level.school_level)} results` : "Results"}</h2>
      <div className="index-card">
        <dl>
          <div>
            <dt>Index score</dt>
            <dd className="big" data-testid="index-score">
              <IndexScore score={level.index_score} suppressed={level.index_score_suppressed} />
            </dd>
          </div>
          <div>
            <dt>Index level</dt>
            <dd data-testid="index-level">
              <LevelBadge level={level.index_level} band={level.index_band} />
            </dd>
          </div>
          <div>
            <dt>Support tier</dt>
            <dd>{tierLabel(level.tier)}</dd>
          </div>
        </dl>
        {level.reason ? <p className="reason">{level.reason}</p> : null}
        {level.exit_target ? (
          <p className="exit-target" data-testid="exit-target">
            <strong>What it takes to leave the tier: </strong>
            {level.exit_target}
          </p>
        ) : null}
        <SchoolSupport runId={runId} schoolCode={schoolCode} schoolLevel={level.school_level} />
      </div>
      <MeasureTable
        caption="Measures: value, change from last year, level, and what the next levels take"
        heading="Measure"
        measures={main}
      />
      <MeasureResourceLinks measures={main} />
      <h3>Student groups</h3>
      <GroupGrid measures={main} triggers={triggers} tierWords={tierWords(level.tier)} />
      {withGrowth.length > 0 ? (
        <>
          <h3>Growth compared to students like them</h3>
          {withGrowth.map((m) => (
            <details key={m.metric} className="measure-details">
              <summary>{m.label}: growth of every student group, with its interval</summary>
              <GrowthTable measure={m} />
            </details>
          ))}
        </>
      ) : null}
      <h3>Progress within the year</h3>
      <SchoolProgress runId={runId} schoolCode={schoolCode} schoolLevel={level.school_level} />
      <h3>Trends over years</h3>
      <SchoolTrends
        runId={runId}
        schoolCode={schoolCode}
        schoolLevel={level.school_level}
        measures={main}
      />
      {parts.length > 0 ? (
        <details className="measure-details">
          <summary>Component measures ({parts.length})</summary>
          <MeasureTable
            caption="Components behind the measures above"
            heading="Component"
            measures={parts}
          />
        </details>
      ) : null}
    </section>
  );
}

const MEASURE_COLUMNS = ["Value", "Change", "Level", "Change needed for the next levels"];

/** A table of measures: value, change, level and the change needed for the next levels. */
function MeasureTable({
  caption,
  heading,
  measures,
}: {
  caption: string;
  heading: string;
  measures: ReportMeasure[];
}) {
  return (
    <div className="table-block">
      <div className="table-scroll">
        <table className="measures">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{heading}</th>
              <th scope="col" className="num">
                Value
              </th>
              <th scope="col" className="num">
                Change
              </th>
              <th scope="col">Level</th>
              <th scope="col">Change needed for the next levels</th>
            </tr>
          </thead>
          <tbody>
            {measures.map((m) => (
              <MeasureRow key={m.metric} measure={m} />
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-tools">
        <CsvDownload
          name={caption}
          header={[heading, ...MEASURE_COLUMNS]}
          rows={() => measures.map(measureRowText)}
        />
      </div>
    </div>
  );
}

/** A measure's row header: its label, and whether lower is better. */
function measureName(m: ReportMeasure): ReactNode {
  return (
    <>
      {m.label}
      {m.direction === "lower" ? <span className="muted"> (lower is better)</span> : null}
    </>
  );
}

/** A measure's four figures as the row shows them (null: suppressed, one marker spans them). */
function measureCells(m: ReportMeasure): ReactNode[] | null {
  if (m.suppressed) return null;
  return [
    formatValue(m.metric, m.value),
    formatChange(m.metric, m.change),
    m.growth ? (
      <GrowthLevel
        key="level"
        level={m.level}
        band={m.band}
        interval={m.growth.find((g) => g.student_group === "ALL")}
      />
    ) : (
      <LevelBadge key="level" level={m.level} band={m.band} />
    ),
    <ChangeNeeded key="next" measure={m} />,
  ];
}

const SUPPRESSED = <SuppressedCell reason="small_n" />;

/** A measure's row as text, as the CSV download writes it (a suppressed marker in each column). */
function measureRowText(m: ReportMeasure): string[] {
  const cells = measureCells(m) ?? MEASURE_COLUMNS.map(() => SUPPRESSED);
  return [measureName(m), ...cells].map(cellText);
}

const CELL_ATTRIBUTES = [
  { className: "num", "data-label": "Value", "data-testid": "measure-value" },
  { className: "num", "data-label": "Change" },
  { "data-label": "Level", "data-testid": "measure-level" },
  { "data-label": "Next levels" },
] as const;

function MeasureRow({ measure: m }: { measure: ReportMeasure }) {
  const cells = measureCells(m);
  return (
    <tr data-metric={m.metric}>
      <th scope="row">{measureName(m)}</th>
      {cells === null ? (
        <td colSpan={4}>{SUPPRESSED}</td>
      ) : (
        cells.map((cell, i) => (
          <td key={MEASURE_COLUMNS[i]} {...CELL_ATTRIBUTES[i]}>
            {cell}
          </td>
        ))
      )}
    </tr>
  );
}

/** A tier as the grid's marks name it ("focus", "priority"). */
function tierWords(tier: string | null | undefined): string {
  return tier === "priority" || tier === "focus" ? `${tier} tier` : "tier";
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
