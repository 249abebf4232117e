import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { disclosureReader } from "../disclosure/disclosure-reader.ts";
import { discloseExportRows, type ExportTable } from "../disclosure/export-tables.ts";
import { withReason } from "../disclosure/reason-column.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import { growthResultsExportSql } from "../growth/growth-stage.ts";
import { pairingExportQueries } from "../identification/pairing-export.ts";
import { sqlString } from "../measures/sql-text.ts";
import { csvText } from "../results/csv-text.ts";
import { hasExportTable } from "../results/export-rows.ts";
import { readRows } from "../warehouse/read-rows.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { EXPORT_FILE_SHAPES } from "./export-file-shapes.ts";
import { findRun } from "./find-run.ts";

export type ExportFormat = "csv" | "parquet";

/**
 * The export files of a run: name → SELECT. Every query has a total ORDER BY so that the same
 * inputs give the same bytes. What a reader may see is decided afterwards ({@link exportRun}). Metric
 * values are rounded to 9 decimals (well below any reported precision) so that the last bits of
 * a parallel sum cannot change the bytes; index points and scores are exact.
 */
function exportQueries(runId: string, cutSet: string): Record<string, string> {
  const run = sqlString(runId);
  return {
    metric_results: `SELECT m.run_id, m.year, m.school_code, m.school_level, m.metric, m.student_group, m.n,
  CASE WHEN m.suppressed THEN NULL ELSE round(m.numerator, 9) END AS numerator,
  CASE WHEN m.suppressed THEN NULL ELSE round(m.value, 9) END AS value,
  l.level, m.suppressed,
  round(l.change_1, 9) AS change_to_rise_1, round(l.change_2, 9) AS change_to_rise_2,
  round(l.change_3, 9) AS change_to_rise_3,
  round(m.participation, 9) AS participation, m.meets_floor
FROM metric_results m
LEFT JOIN metric_levels l ON l.run_id = m.run_id AND l.year = m.year AND l.school_code = m.school_code
  AND l.school_level = m.school_level AND l.metric = m.metric AND l.student_group = m.student_group
WHERE m.run_id = ${run}
ORDER BY m.school_code, m.school_level, m.metric, m.student_group`,
    index_results: `SELECT r.run_id, r.year, r.school_code, r.school_level, r.index_score, r.index_level,
  i.tier, i.facts::VARCHAR AS facts, r.measures, coalesce(i.triggers::VARCHAR, '[]') AS triggers
FROM index_results r
LEFT JOIN identification i ON i.run_id = r.run_id AND i.school_code = r.school_code AND i.school_level = r.school_level
WHERE r.run_id = ${run}
ORDER BY r.school_code, r.school_level`,
    index_components: `SELECT c.run_id, c.year, c.school_code, c.school_level, c.metric, c.domain, c.weight,
  c.all_level, c.subgroup_mean, c.subgroup_count, c.measure_level, c.points,
  (SELECT g.student_group FROM index_group_levels g WHERE g.run_id = c.run_id AND g.school_code = c.school_code
     AND g.school_level = c.school_level AND g.metric = c.metric AND g.component_group = 'LOWEST_RACE') AS lowest_race_group
FROM index_components c WHERE c.run_id = ${run}
ORDER BY c.school_code, c.school_level, c.metric`,
    identification: `SELECT run_id, year, school_code, school_level, tier, meets_priority, meets_focus,
  triggers::VARCHAR AS triggers, years_in_tier, years_below_entry, exit_status, facts::VARCHAR AS facts
FROM identification WHERE run_id = ${run}
ORDER BY school_code, school_level`,
    cut_points: `SELECT cut_set, metric, school_level, level, lower_bound, upper_bound, direction, method, baseline_schools
FROM cut_points WHERE cut_set = ${sqlString(cutSet)}
ORDER BY metric, school_level, level`,
    growth_results: growthResultsExportSql(runId),
    ...pairingExportQueries(runId),
    periodic_results: `SELECT * REPLACE (strftime(period_start, '%Y-%m-%d') AS period_start,
  strftime(period_end, '%Y-%m-%d') AS period_end, round(value, 9) AS value)
FROM periodic_results WHERE run_id = ${run}
ORDER BY school_code, school_level, measure, student_group, period_start`,
  };
}

/**
 * Who an export is for: `public` (the default) gets every figure through the same disclosure as
 * the API's anonymous reader; `hub` gets the rows as computed, for the hub's analysts under the
 * collaborative's data-sharing agreement (the CLI records who in the audit log).
 */
export type ExportAudience = "public" | "hub";

/** Export files whose rows pass through the disclosure of the API table of the same name. */
const DISCLOSED: Readonly<Record<string, ExportTable>> = {
  metric_results: "metric_results",
  index_components: "index_components",
  identification: "identification",
  growth_results: "growth_results",
  pairings: "pairings",
  communities: "communities",
  periodic_results: "periodic_results",
};

/**
 * Writes a run's results to `outDir`: metric_results, index_results, index_components,
 * identification, cut_points, growth_results, pairings, communities and periodic_results (when the
 * warehouse has periodic measures) as CSV (header, comma) or
 * Parquet, plus manifest.json. `run` is a run id or `latest`. Every figure goes through the
 * disclosure pass for `audience` (public by default): the same decisions as the API's anonymous
 * reader, never a weaker rule. Returns the files written.
 */
export async function exportRun(
  warehouse: Warehouse,
  options: {
    run: string;
    outDir: string;
    framework: Framework;
    format?: ExportFormat;
    audience?: ExportAudience;
  },
): Promise<{ runId: string; files: string[] }> {
  const found = await findRun(warehouse, options.run);
  const format = options.format ?? "csv";
  const suppress = (options.audience ?? "public") === "public";
  const reader = disclosureReader(warehouse, options.framework);
  mkdirSync(options.outDir, { recursive: true });
  const files: string[] = [];
  const queries = exportQueries(found.run_id, found.cut_set);
  // A warehouse computed before the periodic measures has no such table.
  if (!(await hasExportTable(warehouse, "periodic_results"))) delete queries.periodic_results;
  for (const [name, query] of Object.entries(queries)) {
    const rows = await readExportFile(warehouse, name, query);
    const shown = await discloseFile(reader, found.run_id, name, rows, suppress);
    const file = resolve(join(options.outDir, `${name}.${format}`));
    const columns = Object.keys(shown[0] ?? (await columnsOf(warehouse, query)));
    if (format === "csv") {
      writeFileSync(file, csvText(shown, columns));
    } else {
      // Parquet from the disclosed rows: written as CSV first, then typed by DuckDB.
      const staged = `${file}.csv`;
      writeFileSync(staged, csvText(shown, columns));
      await warehouse.run(
        `COPY (SELECT * FROM read_csv(${sqlString(staged)}, header = true)) TO ${sqlString(file)} (FORMAT PARQUET)`,
      );
      rmSync(staged);
    }
    files.push(file);
  }
  const manifest = resolve(join(options.outDir, "manifest.json"));
  writeFileSync(manifest, `${JSON.stringify(JSON.parse(found.manifest), null, 2)}\n`);
  files.push(manifest);
  return { runId: found.run_id, files };
}

/** A file's rows as the audience sees them. */
async function discloseFile(
  reader: ReturnType<typeof disclosureReader>,
  runId: string,
  name: string,
  rows: Record<string, unknown>[],
  suppress: boolean,
): Promise<Record<string, unknown>[]> {
  if (name === "index_results") {
    // The index score as the API serves it, and the tier reason beside it as identification's.
    const scored = await discloseExportRows(reader, runId, "index_results", rows, suppress);
    const tiered = scored.filter((r) => r.tier != null);
    const reasoned = await discloseExportRows(reader, runId, "identification", tiered, suppress);
    const byKey = new Map(reasoned.map((r) => [`${r.school_code}|${r.school_level}`, r]));
    return scored.map((r) => {
      const { triggers: _t, ...row } =
        byKey.get(`${r.school_code}|${r.school_level}`) ?? withReason(r, null);
      return row;
    });
  }
  const table = DISCLOSED[name];
  return table ? discloseExportRows(reader, runId, table, rows, suppress) : rows;
}

/** The rows of export file `name` read by `query`, checked against the file's declared shape. */
function readExportFile(
  warehouse: Warehouse,
  name: string,
  query: string,
): Promise<Record<string, unknown>[]> {
  const shape = EXPORT_FILE_SHAPES[name];
  if (shape === undefined) throw new Error(`export file "${name}" has no declared row shape`);
  return readRows(warehouse, name, shape, query) as Promise<Record<string, unknown>[]>;
}

/** The column names of a query that returned no rows (an empty file still has its header). */
async function columnsOf(warehouse: Warehouse, query: string): Promise<Record<string, null>> {
  const described = await warehouse.all<{ column_name: string }>(`DESCRIBE (${query})`);
  return Object.fromEntries(described.map((d) => [d.column_name, null]));
}
