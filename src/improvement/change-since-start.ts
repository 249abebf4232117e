import type { ChartResult, ChartSignal } from "../stats/charts/chart-result.ts";
import type { PlanChange, PlanChart } from "./evidence-schema.ts";

/** A dated period of a chart's series (a month, a term, or a process value's day). */
export interface DatedPeriod {
  readonly period_start: string;
  readonly period_end: string;
  readonly period_label: string;
}

/** Fewer whole periods than this before the plan began and the chart is not frozen on them. */
export const MIN_BASELINE_BEFORE_START = 3;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A period in words: a month label `2025-01` as "Jan 2025", a term or a day as it is. */
export function periodWords(p: DatedPeriod): string {
  const m = /^(\d{4})-(\d{2})$/.exec(p.period_label);
  return m ? `${MONTHS[Number(m[2]) - 1]} ${m[1]}` : p.period_label;
}

/**
 * The baseline that judges a plan's change: the periods that ended before the plan began, when
 * there are at least {@link MIN_BASELINE_BEFORE_START} of them and at least one period after
 * (centre line and limits frozen on them, as an improvement advisor extends pre-change limits);
 * else none (the whole series sets them).
 */
export function baselineBeforeStart(
  points: readonly DatedPeriod[],
  startDay: string,
): number | undefined {
  const before = points.filter((p) => p.period_end < startDay).length;
  return before >= MIN_BASELINE_BEFORE_START && before < points.length ? before : undefined;
}

function ruleWords(s: ChartSignal): string {
  const up = s.side === "up";
  const n = s.detail.length ?? s.points.length;
  switch (s.rule) {
    case "shift":
    case "long-run":
      return `${n} periods in a row ${up ? "above" : "below"} the centre line`;
    case "trend":
      return `${n} periods in a row ${up ? "rising" : "falling"}`;
    case "outside-limits":
      return `${s.points.length === 1 ? "a period" : `${s.points.length} periods`} beyond the ${up ? "upper" : "lower"} limit`;
    case "two-of-three":
      return `two of three periods near the ${up ? "upper" : "lower"} limit`;
    case "astronomical":
      return `an unusual period ${up ? "above" : "below"} the rest`;
    default:
      return s.rule;
  }
}

/**
 * The real changes of a chart since the plan began (`startDay`, `YYYY-MM-DD`): the signals with a
 * direction (an improvement or a deterioration for the measure) all of whose periods end on or
 * after that day, each with the rule and periods in words; the chart's verdict; and one sentence
 * for the chart ("<title>: improved since the plan began (…)"), null when nothing changed.
 */
export function changesSinceStart(
  title: string,
  chart: ChartResult | null,
  points: readonly (DatedPeriod & { value: number | null })[],
  startDay: string,
): { changes: PlanChange[]; verdict: PlanChart["verdict"]; sentence: string | null } {
  if (chart === null) return { changes: [], verdict: "no_chart", sentence: null };
  if (!points.some((p) => p.value !== null && p.period_end >= startDay))
    return { changes: [], verdict: "no_data_since_start", sentence: null };
  const changes: PlanChange[] = [];
  for (const s of chart.signals) {
    if (s.effect === "no_direction") continue;
    const periods = s.points.map((i) => points[i]).filter((p) => p !== undefined);
    const first = periods[0];
    const last = periods.at(-1);
    if (!first || !last || periods.some((p) => p.period_end < startDay)) continue;
    const when =
      first === last ? periodWords(first) : `${periodWords(first)} to ${periodWords(last)}`;
    changes.push({
      effect: s.effect,
      rule: s.rule,
      first_period: first.period_start,
      last_period: last.period_start,
      sentence: `${ruleWords(s)}, ${when}`,
    });
  }
  const good = changes.filter((c) => c.effect === "improvement");
  const bad = changes.filter((c) => c.effect === "deterioration");
  const parts = [
    good.length > 0 ? `improved since the plan began (${grouped(good, points)})` : null,
    bad.length > 0 ? `got worse since the plan began (${grouped(bad, points)})` : null,
  ].filter((p) => p !== null);
  return {
    changes,
    verdict:
      good.length > 0 && bad.length > 0
        ? "mixed"
        : good.length > 0
          ? "improvement"
          : bad.length > 0
            ? "deterioration"
            : "no_change",
    sentence: parts.length > 0 ? `${title}: ${parts.join("; it ")}.` : null,
  };
}

/** Changes in words, the single-period ones of a rule together ("3 periods beyond …: Jan, Feb, Mar 2025"). */
function grouped(changes: readonly PlanChange[], points: readonly DatedPeriod[]): string {
  const words: string[] = [];
  const singles = new Map<string, PlanChange[]>();
  for (const c of changes) {
    if (c.first_period === c.last_period && c.rule === "outside-limits") {
      const list = singles.get(c.rule) ?? [];
      list.push(c);
      singles.set(c.rule, list);
    } else words.push(c.sentence);
  }
  for (const list of singles.values()) {
    if (list.length === 1) {
      words.unshift(list[0]!.sentence);
      continue;
    }
    const periods = list.map((c) => {
      const p = points.find((x) => x.period_start === c.first_period);
      return p ? periodWords(p) : c.first_period;
    });
    const side = list[0]!.sentence.includes("upper") ? "upper" : "lower";
    words.unshift(`${list.length} periods beyond the ${side} limit: ${periods.join(", ")}`);
  }
  return words.join("; ");
}

/** The plan page's words: each chart that shows a real change since the plan began, then the rest. */
export function evidenceSummary(
  charts: readonly Pick<PlanChart, "verdict" | "changes" | "sentence">[],
  startDay: string,
): string[] {
  const changed = charts.filter((c) => c.changes.length > 0);
  const still = charts.filter((c) => c.verdict === "no_change").length;
  const silent = charts.length - changed.length - still;
  const lines: string[] = [];
  if (charts.length === 0) return [`The plan has no chart yet (it began on ${startDay}).`];
  if (changed.length === 0)
    lines.push(`No chart shows a real change since the plan began on ${startDay}.`);
  else
    lines.push(
      `${changed.length} of ${charts.length} charts show a real change since the plan began on ${startDay}:`,
      ...changed.flatMap((c) => (c.sentence ? [c.sentence] : [])),
    );
  if (changed.length > 0 && still > 0)
    lines.push(
      `${still} other chart${still === 1 ? "" : "s"}: no real change, only the variation the chart expects.`,
    );
  if (silent > 0)
    lines.push(
      `${silent} chart${silent === 1 ? " has" : "s have"} no shown data since the plan began, or could not be drawn.`,
    );
  return lines;
}
