import { growthRowHidden, hiddenInRun } from "../disclosure/cell-of-run.ts";
import { minNOf } from "../disclosure/min-n.ts";
import type { CellDecisions } from "../disclosure/suppress-metric-rows.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import { metricLabel } from "../domain/framework/metric-label.ts";
import { INDEX_METRIC } from "../levels/cut-set-tables.ts";
import type { BandRow, SchoolHistoryData } from "./school-history-data.ts";
import { GROWTH_SUBJECT } from "./school-report.ts";

/** How one reader is shown a school's history: per year's run, that run's decisions. */
export interface HistoryDisclosure {
  /** Small cells are suppressed for this reader (false: the school's own staff, the hub). */
  readonly suppress: boolean;
  /** The run's group cell decisions for a reader of the suppressed form (its `runCells`). */
  readonly decisions: (runId: string) => CellDecisions | undefined;
  /** The run withholds the school × level's index score in the suppressed form. */
  readonly indexWithheld: (runId: string, schoolLevel: string) => boolean;
}

/**
 * A school's history for one reader: per school level, the index score (withheld where its year's
 * run withholds it), level and tier of every year of the chain with the index's level bands; per
 * measure of the framework, the values of all students and of `group` (a cell suppressed in its
 * year's run is a gap: value and level null), the level bands of each year's cut set, and growth
 * with its interval, each row following its year's growth measure cell. Pure: the data comes
 * from `loadSchoolHistory`.
 */
export function assembleSchoolHistory(
  framework: Framework,
  schoolCode: string,
  group: string,
  data: SchoolHistoryData,
  shown: HistoryDisclosure,
): Record<string, unknown> {
  const minN = minNOf(framework);
  const yearOf = new Map(data.chain.map((c) => [c.run_id, c.year]));
  const measures = framework.measures as Record<string, { direction: string } | undefined>;
  const groups = group === "ALL" ? ["ALL"] : ["ALL", group];
  const levels = [...new Set([...data.index, ...data.cells].map((r) => r.school_level))].sort();
  const bandsOf = (level: string, metric: string) =>
    data.chain.flatMap((c) =>
      data.bands
        .filter((b) => b.cut_set === c.cut_set && b.school_level === level && b.metric === metric)
        .map((b: BandRow) => ({
          year: c.year,
          level: b.level,
          lower: b.lower_bound,
          upper: b.upper_bound,
        })),
    );
  return {
    school_code: schoolCode,
    group,
    years: data.chain.map((c) => ({ year: c.year, run_id: c.run_id, cut_set: c.cut_set })),
    levels: levels.map((level) => {
      const metrics = [
        ...new Set(
          data.cells
            .filter((c) => c.school_level === level && measures[c.metric] !== undefined)
            .map((c) => c.metric),
        ),
      ];
      return {
        school_level: level,
        index: data.index
          .filter((i) => i.school_level === level)
          .map((i) => {
            const withheld =
              shown.suppress && i.index_score !== null && shown.indexWithheld(i.run_id, level);
            return {
              year: yearOf.get(i.run_id)!,
              run_id: i.run_id,
              index_score: withheld ? null : i.index_score,
              index_score_suppressed: withheld,
              index_level: i.index_level,
              tier: i.tier,
            };
          })
          .sort((a, b) => a.year - b.year),
        index_bands: bandsOf(level, INDEX_METRIC),
        measures: metrics.map((metric) => {
          const subject = GROWTH_SUBJECT[metric];
          return {
            metric,
            label: metricLabel(framework, metric),
            direction: measures[metric]!.direction,
            bands: bandsOf(level, metric),
            series: groups.map((g) => ({
              student_group: g,
              points: data.cells
                .filter(
                  (c) => c.school_level === level && c.metric === metric && c.student_group === g,
                )
                .map((c) => {
                  const hidden = hiddenInRun(
                    shown.decisions(c.run_id),
                    { school: schoolCode, level, metric, group: g, n: c.n },
                    minN(metric),
                  );
                  const blank = hidden && shown.suppress;
                  return {
                    year: yearOf.get(c.run_id)!,
                    run_id: c.run_id,
                    value: blank ? null : c.value,
                    level: blank ? null : c.level,
                    suppressed: hidden,
                  };
                })
                .sort((a, b) => a.year - b.year),
            })),
            growth: subject
              ? groups.map((g) => ({
                  student_group: g,
                  points: data.growth
                    .filter(
                      (r) =>
                        r.subject === subject &&
                        r.student_group === g &&
                        (r.school_level === null || r.school_level === level),
                    )
                    .map((r) => {
                      const hidden = growthRowHidden(
                        r,
                        shown.decisions(r.run_id),
                        { school: schoolCode, level, metric, group: g, n: r.n },
                        minN(metric),
                      );
                      const blank = hidden && shown.suppress;
                      return {
                        year: yearOf.get(r.run_id)!,
                        growth_score: blank ? null : r.growth_score,
                        effect: blank ? null : r.effect_shrunk,
                        ci_low: blank ? null : r.ci_low,
                        ci_high: blank ? null : r.ci_high,
                        level: blank ? null : r.level,
                        suppressed: hidden,
                      };
                    })
                    .sort((a, b) => a.year - b.year),
                }))
              : null,
          };
        }),
      };
    }),
  };
}
