import { useId, useMemo, useState } from "react";
import { useMeasureResults, useSchools, useTiers } from "../api/queries.ts";
import type { GroupResult, School, TierRow } from "../api/types.ts";
import { useCurrentRun } from "../api/use-runs.ts";
import { indexDistribution } from "../charts/index-distribution.ts";
import { type StatusGrowthPoint, statusGrowthScatter } from "../charts/status-growth-scatter.ts";
import { FigureTable } from "../components/figure-table.tsx";
import { PlotFigure } from "../components/plot-figure.tsx";
import { QueryState } from "../components/query-state.tsx";
import { RunLink } from "../components/run-link.tsx";
import { useDocumentTitle } from "../components/use-document-title.ts";
import { useChartWidth } from "../components/use-width.ts";
import { formatIndex } from "../format/format-value.ts";
import { tierLabel } from "../format/tier-label.ts";

const LEVELS = ["elementary", "middle", "high"] as const;
const TIERS = ["priority", "focus", "partner_eligible", "none"] as const;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function allRows(rows: readonly GroupResult[] | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows ?? []) {
    if (r.student_group === "ALL" && !r.suppressed && r.value !== null)
      out.set(`${r.school_code}|${r.school_level}`, r.value);
  }
  return out;
}

/** The network at a glance: the index by school level, tiers, status against growth, districts. */
export function OverviewPage() {
  const { run, loading } = useCurrentRun();
  const tiers = useTiers(run?.run_id);
  const schools = useSchools(run ? { year: run.year } : {});
  const width = useChartWidth();
  useDocumentTitle("Network overview");
  if (!loading && !run) {
    return (
      <>
        <h1>Network overview</h1>
        <p className="notice">
          No published results yet. A hub analyst publishes a run on the Data page.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Network overview{run ? `, ${run.year - 1}–${run.year}` : ""}</h1>
      <QueryState
        pending={tiers.isPending || schools.isPending}
        error={tiers.error ?? schools.error}
        what="the network's results"
      >
        {tiers.data && schools.data ? (
          <>
            <IndexSection rows={tiers.data} schools={schools.data} width={width} />
            <TierSection rows={tiers.data} />
            <StatusGrowthSection runId={run?.run_id} schools={schools.data} width={width} />
            <DistrictSection schools={schools.data} tiers={tiers.data} />
          </>
        ) : null}
      </QueryState>
    </>
  );
}

function IndexSection({
  rows,
  schools,
  width,
}: {
  rows: TierRow[];
  schools: School[];
  width: number;
}) {
  const names = new Map(schools.map((s) => [s.school_code, s.school_name]));
  const summary = LEVELS.map((level) => {
    const scores = rows
      .filter((r) => r.school_level === level && r.index_score !== null)
      .map((r) => r.index_score!);
    return {
      level,
      n: scores.length,
      // Scores the server withholds from this reader (privacy): not in the figures, but counted.
      withheld: rows.filter((r) => r.school_level === level && r.index_score_suppressed).length,
      median: scores.length ? median(scores) : null,
      min: scores.length ? Math.min(...scores) : null,
      max: scores.length ? Math.max(...scores) : null,
    };
  }).filter((s) => s.n > 0 || s.withheld > 0);
  const shown = rows.filter((r) => r.index_score !== null).length;
  return (
    <section aria-labelledby="index-title">
      <h2 id="index-title">Index by school level</h2>
      <PlotFigure
        render={() => indexDistribution(rows, width, (code) => names.get(code))}
        label={`Index scores of ${shown} school results by school level; the table below gives the same figures.`}
        caption="Each dot is a school; colour is its index level (1 low – 10 high)."
      />
      <FigureTable
        caption="Index score by school level"
        header={["School level", "Scores shown", "Scores withheld", "Lowest", "Median", "Highest"]}
        rows={summary.map((s) => [
          s.level,
          s.n,
          s.withheld,
          formatIndex(s.min),
          formatIndex(s.median),
          formatIndex(s.max),
        ])}
      />
    </section>
  );
}

function TierSection({ rows }: { rows: TierRow[] }) {
  return (
    <section aria-labelledby="tiers-title">
      <h2 id="tiers-title">Support tiers</h2>
      <FigureTable
        caption="Schools by support tier and school level"
        header={["Tier", ...LEVELS, "All"]}
        rows={TIERS.map((tier) => [
          tierLabel(tier),
          ...LEVELS.map((l) => rows.filter((r) => r.tier === tier && r.school_level === l).length),
          rows.filter((r) => r.tier === tier).length,
        ])}
      />
      <p>
        <RunLink to="/support">Tiers with reasons, pairings and communities →</RunLink>
      </p>
    </section>
  );
}

function StatusGrowthSection({
  runId,
  schools,
  width,
}: {
  runId: string | undefined;
  schools: School[];
  width: number;
}) {
  const id = useId();
  const [subject, setSubject] = useState<"ela" | "math">("ela");
  const status = useMeasureResults(runId, `${subject}_distance_from_standard`);
  const growth = useMeasureResults(runId, `${subject}_growth`);
  const names = useMemo(
    () => new Map(schools.map((s) => [s.school_code, s.school_name])),
    [schools],
  );
  const { points, medians } = useMemo(() => {
    const s = allRows(status.data);
    const g = allRows(growth.data);
    const both = [...s.keys()].filter((k) => g.has(k));
    const medians = {
      status: median(both.map((k) => s.get(k)!)),
      growth: median(both.map((k) => g.get(k)!)),
    };
    const points: StatusGrowthPoint[] = both.map((k) => {
      const [code, level] = k.split("|") as [string, string];
      const st = s.get(k)!;
      const gr = g.get(k)!;
      return {
        school_code: code,
        school_name: names.get(code) ?? code,
        school_level: level,
        status: st,
        growth: gr,
        quadrant: `${st < medians.status ? "low" : "high"} status, ${gr < medians.growth ? "low" : "high"} growth`,
      };
    });
    return { points, medians };
  }, [status.data, growth.data, names]);
  const lowStatus = points.filter((p) => p.quadrant.startsWith("low status"));
  const lowGrowth = points.filter((p) => p.quadrant.endsWith("low growth"));
  const both = points.filter((p) => p.quadrant === "low status, low growth");
  const label = subject === "ela" ? "ELA" : "Math";
  return (
    <section aria-labelledby="scatter-title">
      <h2 id="scatter-title">Status and growth are different things</h2>
      <div className="controls">
        <label htmlFor={id}>Subject</label>
        <select
          id={id}
          value={subject}
          onChange={(e) => setSubject(e.target.value as "ela" | "math")}
        >
          <option value="ela">ELA</option>
          <option value="math">Math</option>
        </select>
      </div>
      <QueryState
        pending={status.isPending || growth.isPending}
        error={status.error ?? growth.error}
        what="status and growth"
      >
        {points.length > 0 ? (
          <>
            <p>
              Of {points.length} school results, {lowStatus.length} are below the median on {label}{" "}
              status and {lowGrowth.length} below the median on {label} growth, but only{" "}
              <strong>{both.length}</strong> are low on both: low status and low growth mostly point
              at different schools.
            </p>
            <PlotFigure
              render={() => statusGrowthScatter(points, medians, label, width)}
              label={`Scatter of ${points.length} schools: ${label} status against ${label} growth, split at the medians.`}
              caption="Dashed lines are the network medians; the symbol shows the school level."
            />
          </>
        ) : (
          <p className="muted">No school has both a status and a growth result in this run.</p>
        )}
      </QueryState>
    </section>
  );
}

function DistrictSection({ schools, tiers }: { schools: School[]; tiers: TierRow[] }) {
  const districts = [
    ...new Map(schools.map((s) => [s.district_code, s.district_name])).entries(),
  ].sort((a, b) => a[1].localeCompare(b[1]));
  return (
    <section aria-labelledby="districts-title">
      <h2 id="districts-title">Districts</h2>
      <ul className="card-list">
        {districts.map(([code, name]) => {
          const mine = schools.filter((s) => s.district_code === code).map((s) => s.school_code);
          const supported = tiers.filter(
            (t) => mine.includes(t.school_code) && (t.tier === "priority" || t.tier === "focus"),
          ).length;
          return (
            <li key={code}>
              <RunLink to={`/districts/${code}`}>{name}</RunLink>
              <span className="muted">
                {" "}
                {mine.length} schools, {supported} in priority or focus support
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
