import { growthRowHidden, hiddenInRun } from "../disclosure/cell-of-run.ts";
import { shownIndexScore, shownTierReason } from "../disclosure/derived-values.ts";
import { hiddenCells } from "../disclosure/hidden-cells.ts";
import type { CutoffHidden } from "../disclosure/hidden-cutoffs.ts";
import { minNOf } from "../disclosure/min-n.ts";
import { runCellsOf } from "../disclosure/run-cells.ts";
import { shownTierExit } from "../disclosure/shown-tier-exit.ts";
import {
  applyCellDecisions,
  type CellDecisions,
  cellRules,
  decideGroupCells,
  type ShownGroupRow,
} from "../disclosure/suppress-metric-rows.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import { metricLabel } from "../domain/framework/metric-label.ts";
import { tierExitText } from "../identification/reason-text.ts";
import { type GroupMeasureCell, tierExitFacts } from "../identification/tier-exit.ts";
import type { RunRow } from "../runs/find-run.ts";
import type { MetricRow, SchoolReportData } from "./run-report-data.ts";

/** "below average" / "average" / "above average" for a level, from the framework's bands. */
export function bandOf(framework: Framework, level: number | null): string | null {
  if (level === null) return null;
  const bands = framework.cut_points.bands;
  for (const [name, [low, high]] of [
    ["below average", bands.below_average],
    ["average", bands.average],
    ["above average", bands.above_average],
  ] as const) {
    if (level >= low && level <= high) return name;
  }
  return null;
}

/** The subject of `growth_results` behind each growth measure. */
export const GROWTH_SUBJECT: Readonly<Record<string, string>> = {
  ela_growth: "ELA",
  math_growth: "MATH",
};

/**
 * A school's report for one run: per school level the index, its level, tier and reason, and for
 * each measure the ALL value, its level and band, the change needed for the next 1–3 levels, the
 * change from the prior year's run, every student group (suppressed cells marked, values null),
 * growth with its interval, and the trend over the years' runs under the same framework.
 * Every aggregate passes through suppression unless `suppress` is false, and so do the group
 * levels the tier reason quotes and the index score (null, flagged, when the index uses a hidden
 * cell; the level stays). A network cut-off the reason quotes is suppressed where `cutoff` says
 * it gives a withheld school's figure back ({@link hiddenCutoffs}); the trend's cells of other
 * years follow their runs' decisions (`runDecisions`, the runs' `runCells`). Pure: the data comes
 * from {@link loadRunReportData}.
 */
export function assembleSchoolReport(
  framework: Framework,
  run: RunRow,
  data: SchoolReportData,
  suppress: boolean,
  cutoff: CutoffHidden,
  runDecisions: (runId: string) => CellDecisions | undefined = () => undefined,
): Record<string, unknown> {
  const { school, indexRows, metricRows, trendRows, growthRows, indexInputRows } = data;
  const minN = minNOf(framework);
  // The school's rows hold whole school × levels, so its decisions are the run's.
  // The run's own decisions when the caller has them (the server keeps them per run); else the
  // school's rows hold whole school × levels, so deciding them gives the run's decisions.
  const decisions = runDecisions(run.run_id) ?? decideGroupCells(metricRows, cellRules(framework));
  const shown = applyCellDecisions(metricRows, decisions, suppress);
  const inputs = indexInputRows.map((r) => ({ ...r, school_code: school.school_code }));
  const hidden = {
    ...hiddenCells(runCellsOf(decisions).hidden, inputs, () => !suppress, inputs),
    cutoff,
  };
  const measures = framework.measures as Record<
    string,
    { label: string; direction: string } | undefined
  >;
  const levels = [
    ...new Set([
      ...indexRows.map((r) => String(r.school_level)),
      ...metricRows.map((r) => r.school_level),
    ]),
  ].sort();
  return {
    run: { run_id: run.run_id, year: run.year, framework_id: run.framework_id },
    school: { ...school, school_levels: String(school.school_levels).split(";") },
    suppressed_for_reader: suppress,
    levels: levels.map((level) => {
      const index = indexRows.find((r) => r.school_level === level);
      const metrics = [
        ...new Set(shown.filter((r) => r.school_level === level).map((r) => r.metric)),
      ];
      return {
        school_level: level,
        ...shownIndexScore(
          { school_code: school.school_code, school_level: level },
          index?.index_score ?? null,
          hidden,
        ),
        index_level: index?.index_level ?? null,
        index_band: bandOf(framework, (index?.index_level as number | null) ?? null),
        tier: index?.tier ?? null,
        reason:
          index?.tier == null
            ? null
            : shownTierReason(
                {
                  school_code: school.school_code,
                  school_level: level,
                  facts: index.facts,
                  triggers: index.triggers ?? [],
                },
                hidden,
                framework,
              ),
        exit_status: index?.exit_status ?? null,
        exit_target:
          index?.tier == null
            ? null
            : tierExitText(
                shownTierExit(
                  tierExitFacts(
                    index.facts === null
                      ? null
                      : { ...index.facts, triggers: index.triggers ?? [] },
                    (group) => groupMeasureCells(framework, data, level, group),
                  ),
                  { school_code: school.school_code, school_level: level },
                  hidden,
                ),
                framework,
              ),
        measures: metrics.map((metric) => {
          const groups = shown.filter((r) => r.school_level === level && r.metric === metric);
          const all = groups.find((g) => g.student_group === "ALL");
          const trend = trendRows
            .filter((t) => t.school_level === level && t.metric === metric)
            .map((t) => {
              // The same cell in another year, as that year's run decided it; this run's own
              // from `decisions`.
              const withheld = hiddenInRun(
                t.run_id === run.run_id ? decisions : runDecisions(t.run_id),
                { school: school.school_code, level, metric, group: "ALL", n: t.n },
                minN(metric),
              );
              return {
                year: t.year,
                run_id: t.run_id,
                value: withheld && suppress ? null : t.value,
                suppressed: withheld,
              };
            });
          const prior = trend.find((t) => t.year === run.year - 1);
          const value = all?.value ?? null;
          const subject = GROWTH_SUBJECT[metric];
          return {
            metric,
            label: metricLabel(framework, metric),
            direction: measures[metric]?.direction ?? null,
            value,
            n: all?.n ?? null,
            suppressed: all?.suppressed ?? true,
            level: levelOf(all),
            band: bandOf(framework, levelOf(all)),
            change_needed:
              all && !all.suppressed
                ? [all.change_1, all.change_2, all.change_3]
                : [null, null, null],
            prior_value: prior?.value ?? null,
            change: value !== null && prior?.value != null ? value - prior.value : null,
            groups: groups.map((g) => ({
              student_group: g.student_group,
              n: g.n,
              numerator: g.numerator,
              value: g.value,
              level: g.suppressed && suppress ? null : g.level,
              suppressed: g.suppressed,
              suppression_reason: g.suppression_reason,
            })),
            growth: subject
              ? growthRows
                  // The level's own unit (older runs estimated one unit per school).
                  .filter(
                    (g) =>
                      g.subject === subject &&
                      (g.school_level === null || g.school_level === level),
                  )
                  .map((g) => {
                    const hidden = growthRowHidden(
                      g,
                      decisions,
                      {
                        school: school.school_code,
                        level,
                        metric,
                        group: g.student_group,
                        n: g.n,
                      },
                      minN(metric),
                    );
                    const blank = hidden && suppress;
                    return {
                      student_group: g.student_group,
                      n: blank ? null : g.n,
                      growth_score: blank ? null : g.growth_score,
                      effect: blank ? null : g.effect_shrunk,
                      ci_low: blank ? null : g.ci_low,
                      ci_high: blank ? null : g.ci_high,
                      level: blank ? null : g.level,
                      suppressed: hidden,
                    };
                  })
              : null,
            trend,
          };
        }),
      };
    }),
  };
}

function levelOf(row: ShownGroupRow<MetricRow> | undefined): number | null {
  if (!row || row.suppressed) return null;
  return row.level;
}

/**
 * An accountability group's index measures at a school level, with their levels, values and the
 * change to the next level (what it would take to lift the group's mean level), unsuppressed:
 * the exit's disclosure decides what a reader sees.
 */
function groupMeasureCells(
  framework: Framework,
  data: SchoolReportData,
  level: string,
  group: string,
): GroupMeasureCell[] {
  const directions = framework.measures as Record<string, { direction: string } | undefined>;
  return data.indexInputRows
    .filter((i) => i.school_level === level && i.component_group === group)
    .flatMap((i) => {
      const row = data.metricRows.find(
        (m) =>
          m.school_level === level && m.metric === i.metric && m.student_group === i.student_group,
      );
      if (!row || row.level === null || row.value === null) return [];
      return [
        {
          metric: i.metric,
          studentGroup: i.student_group,
          direction: directions[i.metric]?.direction === "lower" ? "lower" : "higher",
          level: row.level,
          value: row.value,
          change1: row.change_1,
        } as const,
      ];
    });
}
