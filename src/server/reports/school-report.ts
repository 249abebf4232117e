import type { Framework } from "../../domain/framework/framework-schema.ts";
import type { RunRow } from "../../runs/find-run.ts";
import { NotFoundError } from "../http-errors.ts";
import { TABLE_EXISTS_SQL } from "../route-schemas.ts";
import type { ServerContext } from "../server-context.ts";
import { type ShownGroupRow, suppressGroupRows } from "../suppression/suppress-metric-rows.ts";

interface MetricRow {
  school_code: string;
  school_level: string;
  metric: string;
  student_group: string;
  n: number;
  numerator: number | null;
  value: number | null;
  level: number | null;
  change_1: number | null;
  change_2: number | null;
  change_3: number | null;
}

interface TrendRow extends Record<string, unknown> {
  year: number;
  run_id: string;
  school_level: string;
  metric: string;
  n: number;
  value: number | null;
}

interface GrowthRow extends Record<string, unknown> {
  subject: string;
  student_group: string;
  n: number;
  growth_score: number;
  effect_shrunk: number;
  ci_low: number;
  ci_high: number;
  level: number;
  suppressed: boolean;
}

/** The min n of a metric: its own, else the framework's. */
export function minNOf(framework: Framework): (metric: string) => number {
  return (metric) =>
    (framework.measures as Record<string, { min_n: number } | undefined>)[metric]?.min_n ??
    framework.suppression.min_n;
}

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

const GROWTH_SUBJECT: Readonly<Record<string, string>> = { ela_growth: "ELA", math_growth: "MATH" };

/**
 * A school's report for one run: per school level the index, its level, tier and reason, and for
 * each measure the ALL value, its level and band, the change needed for the next 1–3 levels, the
 * change from the prior year's run, every student group (suppressed cells marked, values null),
 * growth with its interval, and the trend over the years' runs under the same framework.
 * Every aggregate passes through suppression unless `suppress` is false.
 */
export async function buildSchoolReport(
  ctx: ServerContext,
  run: RunRow,
  schoolCode: string,
  suppress: boolean,
): Promise<Record<string, unknown>> {
  const w = ctx.warehouse;
  const minN = minNOf(ctx.framework);
  const { school, indexRows, metricRows, trendRows, growthRows } = await ctx.read(async () => {
    const school = await w.all(
      `SELECT school_code, school_name, district_code, district_name, year, school_levels, title_i, charter
       FROM schools WHERE school_code = ? AND year <= ? ORDER BY year DESC LIMIT 1`,
      [schoolCode, run.year],
    );
    const indexRows = await w.all(
      `SELECT i.school_level, i.index_score, i.index_level, d.tier, d.reason, d.exit_status, d.years_in_tier
       FROM index_results i LEFT JOIN identification d
         ON d.run_id = i.run_id AND d.school_code = i.school_code AND d.school_level = i.school_level
       WHERE i.run_id = ? AND i.school_code = ? ORDER BY i.school_level`,
      [run.run_id, schoolCode],
    );
    const metricRows = (await w.all(
      `SELECT m.school_code, m.school_level, m.metric, m.student_group, m.n, m.numerator, m.value,
              l.level, l.change_1, l.change_2, l.change_3
       FROM metric_results m LEFT JOIN metric_levels l
         ON l.run_id = m.run_id AND l.school_code = m.school_code AND l.school_level = m.school_level
        AND l.metric = m.metric AND l.student_group = m.student_group
       WHERE m.run_id = ? AND m.school_code = ?
       ORDER BY m.school_level, m.metric, m.student_group`,
      [run.run_id, schoolCode],
    )) as unknown as MetricRow[];
    const trendRows = await w.all<TrendRow>(
      `WITH per_year AS (
         SELECT run_id, year FROM runs
         WHERE status = 'complete' AND framework_hash = ? AND year <= ?
         QUALIFY row_number() OVER (PARTITION BY year ORDER BY (run_id = ?) DESC, created_at DESC, run_id DESC) = 1)
       SELECT p.year, p.run_id, m.school_level, m.metric, m.n, m.value
       FROM per_year p JOIN metric_results m ON m.run_id = p.run_id
       WHERE m.school_code = ? AND m.student_group = 'ALL'
       ORDER BY m.school_level, m.metric, p.year`,
      [run.framework_hash, run.year, run.run_id, schoolCode],
    );
    const hasGrowth = Number((await w.one(TABLE_EXISTS_SQL, ["growth_results"])).n) > 0;
    const growthRows = hasGrowth
      ? await w.all<GrowthRow>(
          `SELECT subject, student_group, n, growth_score, effect_shrunk, ci_low, ci_high, level, suppressed
           FROM growth_results WHERE run_id = ? AND school_code = ? ORDER BY subject, student_group`,
          [run.run_id, schoolCode],
        )
      : [];
    return { school: school[0], indexRows, metricRows, trendRows, growthRows };
  });
  if (!school) throw new NotFoundError("school", schoolCode);

  const shown = suppressGroupRows(metricRows, minN, suppress);
  const measures = ctx.framework.measures as Record<
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
        index_score: index?.index_score ?? null,
        index_level: index?.index_level ?? null,
        index_band: bandOf(ctx.framework, (index?.index_level as number | null) ?? null),
        tier: index?.tier ?? null,
        reason: index?.reason ?? null,
        exit_status: index?.exit_status ?? null,
        measures: metrics.map((metric) => {
          const groups = shown.filter((r) => r.school_level === level && r.metric === metric);
          const all = groups.find((g) => g.student_group === "ALL");
          const trend = trendRows
            .filter((t) => t.school_level === level && t.metric === metric)
            .map((t) => {
              const hidden = suppress && t.n < minN(metric);
              return {
                year: t.year,
                run_id: t.run_id,
                value: hidden ? null : t.value,
                suppressed: t.n < minN(metric),
              };
            });
          const prior = trend.find((t) => t.year === run.year - 1);
          const value = all?.value ?? null;
          const subject = GROWTH_SUBJECT[metric];
          return {
            metric,
            label: measures[metric]?.label ?? metric,
            direction: measures[metric]?.direction ?? null,
            value,
            n: all?.n ?? null,
            suppressed: all?.suppressed ?? true,
            level: levelOf(all),
            band: bandOf(ctx.framework, levelOf(all)),
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
                  .filter((g) => g.subject === subject)
                  .map((g) => {
                    const hidden = g.suppressed || g.n < minN(metric);
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
