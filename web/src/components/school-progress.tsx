import { usePeriodicCatalog, usePeriodicChart } from "../api/queries.ts";
import type { PeriodicMeasure } from "../api/types.ts";
import { PeriodicChart } from "./periodic-chart.tsx";
import { ProgressLink } from "./progress-link.tsx";
import { QueryState } from "./query-state.tsx";

/**
 * The school report's progress within the year at one school level: each periodic measure of all
 * students as the Progress page draws it (the same chart component, compact: the measure's default chart,
 * signals in words), each linking to its full view there (other groups, run charts, baselines,
 * notes).
 */
export function SchoolProgress({
  runId,
  schoolCode,
  schoolLevel,
}: {
  runId: string;
  schoolCode: string;
  schoolLevel: string;
}) {
  const catalog = usePeriodicCatalog(runId, schoolCode);
  const measures = (
    catalog.data?.levels.find((l) => l.school_level === schoolLevel)?.measures ?? []
  ).filter((m) => m.groups.includes("ALL"));
  return (
    <QueryState
      pending={catalog.isPending}
      error={catalog.error}
      what="this school's progress within the year"
    >
      {measures.length === 0 ? (
        <p className="muted">This run has no monthly or term measures for this school level.</p>
      ) : (
        <>
          <p>
            Month by month (term by term for D and F marks) for all students, with the control chart
            an improvement team reads: a signal says the change is more than the ordinary variation.{" "}
            <ProgressLink school={schoolCode} level={schoolLevel}>
              Every group and chart on the Progress page
            </ProgressLink>
            .
          </p>
          <div className="progress-grid">
            {measures.map((m) => (
              <MeasureChart
                key={m.measure}
                runId={runId}
                schoolCode={schoolCode}
                schoolLevel={schoolLevel}
                measure={m}
              />
            ))}
          </div>
        </>
      )}
    </QueryState>
  );
}

function MeasureChart({
  runId,
  schoolCode,
  schoolLevel,
  measure,
}: {
  runId: string;
  schoolCode: string;
  schoolLevel: string;
  measure: PeriodicMeasure;
}) {
  const chart = usePeriodicChart(runId, schoolCode, {
    level: schoolLevel,
    measure: measure.measure,
    group: "ALL",
  });
  return (
    <QueryState pending={chart.isPending} error={chart.error} what={measure.label}>
      {chart.data ? (
        <PeriodicChart
          data={chart.data}
          compact
          more={
            <p className="full-view">
              <ProgressLink school={schoolCode} level={schoolLevel} measure={measure.measure}>
                Full chart on the Progress page
              </ProgressLink>
              <span className="sr-only">: {measure.label}</span>
            </p>
          }
        />
      ) : null}
    </QueryState>
  );
}
