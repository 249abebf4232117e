import type { Framework } from "../domain/framework/framework-schema.ts";
import { groupLabel } from "../identification/group-label.ts";
import { PERIODIC_MEASURES, type PeriodicMeasureInfo } from "../measures/periodic-results-table.ts";
import { periodicChart, type SeasonalContext } from "../results/periodic-chart.ts";
import type { PeriodicPoint } from "../results/periodic-schema.ts";
import { readPeriodicRows, shownPeriodicSeries } from "../results/periodic-series.ts";
import type { ChartResult } from "../stats/charts/chart-result.ts";
import { runChart } from "../stats/charts/run-chart.ts";
import { xmrChart } from "../stats/charts/xmr-chart.ts";
import { StatsError } from "../stats/stats-error.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import type { Meeting } from "../workspace/meeting-repository.ts";
import type { PdsaCycle } from "../workspace/pdsa-cycle-repository.ts";
import type { Plan } from "../workspace/plan-repository.ts";
import type { ProcessMeasure } from "../workspace/process-measure-repository.ts";
import { baselineBeforeStart, changesSinceStart, evidenceSummary } from "./change-since-start.ts";
import type {
  PlanAnnotation,
  PlanChart,
  PlanEvidence,
  ProcessMeasureJson,
} from "./evidence-schema.ts";
import { planAnnotations, planStart } from "./plan-events.ts";

/** A school's periodic series as one reader is shown them: by measure, then student group. */
export type ShownSchoolSeries = ReadonlyMap<string, ReadonlyMap<string, PeriodicPoint[]>>;

/** The student groups a plan's warehouse charts follow: its problems' groups, else all students. */
export function planGroups(problems: readonly { studentGroup: string }[]): string[] {
  const groups = [...new Set(problems.map((p) => p.studentGroup))];
  return groups.length > 0 ? groups : ["ALL"];
}

/**
 * One school's periodic series of run `runId` at `level` (every level when null), each measure's
 * period tables decided by the disclosure pass for a reader of the suppressed form or not
 * (`suppress`). Call inside the reader's serialized read.
 */
export async function readShownSchoolSeries(
  warehouse: Warehouse,
  framework: Framework,
  runId: string,
  schoolCode: string,
  level: string | null,
  suppress: boolean,
): Promise<ShownSchoolSeries> {
  const rows = await readPeriodicRows(warehouse, runId, schoolCode, level ? { level } : {});
  const byMeasure = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `${r.measure}|${r.school_level}`;
    const list = byMeasure.get(key);
    if (list) list.push(r);
    else byMeasure.set(key, [r]);
  }
  const out = new Map<string, Map<string, PeriodicPoint[]>>();
  for (const [key, list] of byMeasure) {
    const measure = key.split("|")[0]!;
    // One level per plan: a school of several levels keeps its first level's series.
    if (!out.has(measure)) out.set(measure, shownPeriodicSeries(list, framework, suppress));
  }
  return out;
}

/** Everything the evidence is made of. */
export interface EvidenceInput {
  readonly plan: Plan;
  readonly cycles: readonly PdsaCycle[];
  readonly meetings: readonly Meeting[];
  readonly groups: readonly string[];
  /** The published run of the warehouse charts, if any. */
  readonly run: { readonly runId: string; readonly year: number } | null;
  /** Each plan school's shown series (from {@link readShownSchoolSeries}). */
  readonly series: ReadonlyMap<string, ShownSchoolSeries>;
  /**
   * What the seasonal chart of a seasonal measure compares it with (the previous year, as the
   * reader is shown it), by `school|measure|group`; none when the run's chain has no previous year.
   */
  readonly seasonal?: ReadonlyMap<string, SeasonalContext>;
  readonly processMeasures: readonly ProcessMeasure[];
  /** Display names of the users who entered process values. */
  readonly userNames: ReadonlyMap<number, string>;
}

const within = (a: PlanAnnotation, from: string, to: string | null) =>
  a.date >= from && (to === null || a.date <= to);

/** A chart the engine cannot draw is none, with the engine's reason. */
function drawn(draw: () => ChartResult): { chart: ChartResult | null; note: string | null } {
  try {
    return { chart: draw(), note: null };
  } catch (error) {
    if (error instanceof StatsError) return { chart: null, note: error.message };
    throw error;
  }
}

/**
 * A periodic measure's chart on a plan: a seasonal measure's seasonally adjusted chart when its
 * previous year is known (its own baseline, this year's first months, so December's usual rise is
 * no change), else the measure's chart frozen on the periods before the plan began when there are
 * enough (`baseline`).
 */
function measureChart(
  points: readonly PeriodicPoint[],
  info: PeriodicMeasureInfo,
  startDay: string,
  seasonal: SeasonalContext | undefined,
): { chart: ChartResult | null; note: string | null; baseline: number | undefined } {
  if (seasonal) {
    const adjusted = periodicChart(points, info, { chart: "seasonal" }, seasonal);
    if (adjusted.chart !== null) return { ...adjusted, baseline: undefined };
  }
  const baseline = baselineBeforeStart(points, startDay);
  return { ...periodicChart(points, info, baseline ? { baseline } : {}), baseline };
}

export function processMeasureJson(
  m: ProcessMeasure,
  userNames: ReadonlyMap<number, string>,
): ProcessMeasureJson {
  return {
    id: m.id,
    name: m.name,
    unit: m.unit,
    chart: m.chart,
    direction: m.direction,
    school_code: m.schoolCode,
    description: m.description,
    values: m.values.map((v) => ({
      date: v.date,
      value: v.value,
      note: v.note,
      entered_by: userNames.get(v.enteredBy) ?? `user ${v.enteredBy}`,
      entered_at: v.enteredAt.toISOString(),
    })),
  };
}

/**
 * A plan's evidence of progress: a chart of each periodic measure of each of its schools for each
 * of its groups (points as the reader is shown them; the chart computed from those only: a seasonal
 * measure's seasonally adjusted chart when `seasonal` has its previous year, else frozen on the
 * periods before the plan began when there are enough), a chart of each process measure the
 * team keeps, every PDSA cycle and meeting as an annotation on each chart whose span holds its day
 * (a process measure's span is open-ended: the team's counting goes on), and what changed since the
 * plan began, chart by chart and in words.
 */
export function planEvidence(input: EvidenceInput): PlanEvidence {
  const { plan } = input;
  const start = planStart(plan, input.cycles, input.meetings);
  const name = (code: string) =>
    plan.schools.find((s) => s.schoolCode === code)?.schoolName || code;
  const events = planAnnotations(input.cycles, input.meetings, name);
  const charts: PlanChart[] = [];
  for (const school of plan.schools) {
    const series = input.series.get(school.schoolCode);
    if (!series) continue;
    for (const info of PERIODIC_MEASURES) {
      const byGroup = series.get(info.id);
      if (!byGroup) continue;
      for (const group of input.groups) {
        const points = byGroup.get(group);
        if (!points || points.length === 0) continue;
        const key = `${school.schoolCode}|${info.id}|${group}`;
        const { chart, note, baseline } = measureChart(
          points,
          info,
          start.day,
          info.seasonal ? input.seasonal?.get(key) : undefined,
        );
        const title = `${info.label}, ${groupLabel(group)}, ${name(school.schoolCode)}`;
        charts.push({
          key,
          source: "warehouse",
          title,
          school_code: school.schoolCode,
          school_level: plan.schoolLevel,
          measure: info.id,
          student_group: group,
          unit: info.unit,
          direction: info.direction,
          points,
          chart,
          chart_note: note,
          annotations: events.filter((a) =>
            within(a, points[0]!.period_start, points.at(-1)!.period_end),
          ),
          baseline_before_start: baseline !== undefined,
          ...changesSinceStart(title, chart, points, start.day),
        });
      }
    }
  }
  for (const m of input.processMeasures) {
    const points: PeriodicPoint[] = m.values.map((v) => ({
      period_start: v.date,
      period_end: v.date,
      period_label: v.date,
      n: null,
      numerator: null,
      denominator: null,
      value: v.value,
      suppressed: false,
      suppression_reason: null,
    }));
    const values = points.map((p) => p.value);
    const baseline = baselineBeforeStart(points, start.day);
    const layout = baseline ? { baseline: { first: baseline } } : {};
    const { chart, note } =
      points.length === 0
        ? { chart: null, note: "no value has been entered yet" }
        : drawn(() =>
            m.chart === "run"
              ? runChart(values, { direction: m.direction, rules: "ihi", ...layout })
              : xmrChart(values, { direction: m.direction, ...layout }).i,
          );
    const title = `${m.name} (${m.unit})${m.schoolCode ? `, ${name(m.schoolCode)}` : ""}`;
    charts.push({
      key: `process|${m.id}`,
      source: "process",
      title,
      school_code: m.schoolCode,
      school_level: null,
      measure: String(m.id),
      student_group: null,
      unit: m.unit,
      direction: m.direction,
      points,
      chart,
      chart_note: note,
      annotations: points[0] ? events.filter((a) => within(a, points[0]!.period_start, null)) : [],
      baseline_before_start: baseline !== undefined,
      ...changesSinceStart(title, chart, points, start.day),
    });
  }
  return {
    plan_id: plan.id,
    run_id: input.run?.runId ?? null,
    year: input.run?.year ?? null,
    started_on: start.day,
    started_by: start.by,
    summary: evidenceSummary(charts, start.day),
    charts,
    process_measures: input.processMeasures.map((m) => processMeasureJson(m, input.userNames)),
  };
}
