import { shownTierReason } from "../disclosure/derived-values.ts";
import { NOTHING_HIDDEN } from "../disclosure/hidden-cells.ts";
import { parseFacts } from "../disclosure/reason-column.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import { metricLabel } from "../domain/framework/metric-label.ts";
import { groupLabel } from "../identification/group-label.ts";
import type { Trigger } from "../identification/identify-schools.ts";
import type { TierFacts } from "../identification/reason-facts.ts";
import { INDEX_COMPONENT_ROW } from "../levels/index-component-row.ts";
import { sqlString } from "../measures/sql-text.ts";
import { readRows, selectList } from "../warehouse/read-rows.ts";
import type { RowOf } from "../warehouse/row-shape.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { findRun } from "./find-run.ts";

/** A school with no index result in the run. */
export class SchoolNotInRunError extends Error {
  constructor(
    readonly school: string,
    readonly runId: string,
  ) {
    super(`school "${school}" has no index result in run "${runId}"`);
    this.name = "SchoolNotInRunError";
  }
}

/** A school's index at one level with its tier (null when not identified), facts and triggers as JSON text. */
const EXPLAINED_INDEX_ROW = {
  type: "object",
  required: ["school_level", "index_score", "index_level", "tier", "facts", "triggers"],
  additionalProperties: false,
  properties: {
    school_level: { type: "string" },
    index_score: { type: "number" },
    index_level: { type: ["integer", "null"] },
    tier: { type: ["string", "null"] },
    facts: { type: ["string", "null"] },
    triggers: { type: ["string", "null"] },
  },
} as const;

/** A group result behind an index measure, with its level, the level's cut points and the changes to rise. */
const GROUP_LINE_ROW = {
  type: "object",
  required: [
    "school_level",
    "metric",
    "component_group",
    "student_group",
    "value",
    "n",
    "level",
    "lower_bound",
    "upper_bound",
    "direction",
    "change_1",
    "change_2",
    "change_3",
  ],
  additionalProperties: false,
  properties: {
    school_level: { type: "string" },
    metric: { type: "string" },
    component_group: { type: "string" },
    student_group: { type: "string" },
    value: { type: "number" },
    n: { type: "integer" },
    level: { type: "integer" },
    lower_bound: { type: ["number", "null"] },
    upper_bound: { type: ["number", "null"] },
    direction: { type: "string" },
    change_1: { type: ["number", "null"] },
    change_2: { type: ["number", "null"] },
    change_3: { type: ["number", "null"] },
  },
} as const;
type GroupLine = RowOf<typeof GROUP_LINE_ROW>;

const num = (x: number, digits = 2) => Number(x.toFixed(digits)).toString();

/**
 * A school's results in a run in plain words: per school level, the index score and level, each
 * measure's points = weight × level / 10, each measure level from all students and the
 * accountability groups (each group's value against its level's cut points), the change needed
 * to rise 1–3 levels, and the tier with its reason.
 */
export async function explainSchool(
  warehouse: Warehouse,
  options: { run: string; school: string; framework: Framework },
): Promise<string> {
  const run = await findRun(warehouse, options.run);
  const runId = sqlString(run.run_id);
  const school = sqlString(options.school);
  const label = (metric: string) => metricLabel(options.framework, metric);
  const results = await readRows(
    warehouse,
    "index_results",
    EXPLAINED_INDEX_ROW,
    `SELECT r.school_level, r.index_score, r.index_level, i.tier, i.facts::VARCHAR AS facts,
       i.triggers::VARCHAR AS triggers FROM index_results r
     LEFT JOIN identification i ON i.run_id = r.run_id AND i.school_code = r.school_code AND i.school_level = r.school_level
     WHERE r.run_id = ${runId} AND r.school_code = ${school} ORDER BY r.school_level`,
  );
  if (results.length === 0) throw new SchoolNotInRunError(options.school, run.run_id);
  const components = await readRows(
    warehouse,
    "index_components",
    INDEX_COMPONENT_ROW,
    `SELECT ${selectList(INDEX_COMPONENT_ROW)} FROM index_components WHERE run_id = ${runId} AND school_code = ${school} ORDER BY school_level, metric`,
  );
  const groups = await readRows(
    warehouse,
    "metric_results",
    GROUP_LINE_ROW,
    `
WITH used AS (
  SELECT school_level, metric, 'ALL' AS component_group, 'ALL' AS student_group FROM index_components
  WHERE run_id = ${runId} AND school_code = ${school}
  UNION ALL
  SELECT school_level, metric, component_group, student_group FROM index_group_levels
  WHERE run_id = ${runId} AND school_code = ${school}
)
SELECT u.school_level, u.metric, u.component_group, u.student_group, m.value, m.n, l.level,
  c.lower_bound, c.upper_bound, c.direction, l.change_1, l.change_2, l.change_3
FROM used u
JOIN metric_results m ON m.run_id = ${runId} AND m.school_code = ${school} AND m.school_level = u.school_level
  AND m.metric = u.metric AND m.student_group = u.student_group
JOIN metric_levels l ON l.run_id = m.run_id AND l.school_code = m.school_code AND l.school_level = m.school_level
  AND l.metric = m.metric AND l.student_group = m.student_group
JOIN cut_points c ON c.cut_set = ${sqlString(run.cut_set)} AND c.metric = m.metric
  AND c.school_level = m.school_level AND c.level = l.level
ORDER BY u.school_level, u.metric, u.component_group = 'ALL' DESC, u.component_group`,
  );
  const split = options.framework.index.measure_level;
  const lines: string[] = [
    `School ${options.school} in run ${run.run_id} (school year ${run.year}, cut points "${run.cut_set}").`,
  ];
  for (const r of results) {
    const level = r.index_level === null ? "no index level" : `index level ${r.index_level}`;
    const parts = components.filter((c) => c.school_level === r.school_level);
    lines.push(
      "",
      `${r.school_level[0]!.toUpperCase()}${r.school_level.slice(1)}: index score ${num(r.index_score)} of 100, ${level}.`,
      `The score is the sum of ${parts.length} measures' points; each measure's points = weight × level / 10.`,
    );
    for (const c of parts) {
      lines.push(
        `- ${label(c.metric)} (${c.domain === "academic" ? "academic" : "social-emotional & culture-climate"}): ${num(c.weight)} × ${num(c.measure_level)} / 10 = ${num(c.points, 3)} points.`,
      );
      lines.push(
        c.subgroup_mean === null
          ? `  Level ${num(c.measure_level)} = the all-students level (no accountability group has a level).`
          : `  Level ${num(c.measure_level)} = ${split.all_students} × all-students level ${c.all_level} + ${split.subgroups} × mean accountability-group level ${num(c.subgroup_mean)}.`,
      );
      for (const g of groups.filter(
        (x) => x.school_level === c.school_level && x.metric === c.metric,
      )) {
        const who =
          g.component_group === "LOWEST_RACE"
            ? `${groupLabel(g.student_group)} (lowest-performing racial/ethnic group)`
            : groupLabel(g.student_group);
        lines.push(`  ${who}: ${num(g.value)} (n = ${g.n}) → level ${g.level}, ${bounds(g)}.`);
        if (g.component_group === "ALL") {
          const changes = [g.change_1, g.change_2, g.change_3]
            .map((x, i) =>
              x === null ? null : `${i + 1} level${i ? "s" : ""}: ${x >= 0 ? "+" : ""}${num(x)}`,
            )
            .filter((x) => x !== null);
          lines.push(
            changes.length === 0
              ? "  Already at the top level."
              : `  To rise ${changes.join("; ")}.`,
          );
        }
      }
    }
    // Whoever holds the warehouse file sees every figure: the reason quotes them all.
    const reason =
      r.tier === null
        ? ""
        : shownTierReason(
            {
              school_code: options.school,
              school_level: r.school_level,
              facts: parseFacts<TierFacts<number>>(r.facts),
              triggers: parseFacts<Trigger[]>(r.triggers) ?? [],
            },
            NOTHING_HIDDEN,
            options.framework,
          );
    lines.push(`Tier: ${r.tier ?? "not identified"}. ${reason}`.trimEnd());
  }
  return `${lines.join("\n")}\n`;
}

function bounds(g: GroupLine): string {
  const lo = g.lower_bound === null ? null : num(g.lower_bound);
  const hi = g.upper_bound === null ? null : num(g.upper_bound);
  if (g.direction === "higher") {
    if (lo === null) return `below ${hi}`;
    if (hi === null) return `at least ${lo}`;
    return `from ${lo} up to (not including) ${hi}`;
  }
  if (lo === null) return `at most ${hi} (lower is better)`;
  if (hi === null) return `above ${lo} (lower is better)`;
  return `above ${lo} and at most ${hi} (lower is better)`;
}
