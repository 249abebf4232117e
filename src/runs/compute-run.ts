import { createHash, randomBytes } from "node:crypto";
import { inDistrictsSql } from "../collaborative/district-filter-sql.ts";
import {
  type DistrictMembership,
  type MembershipRoles,
  membershipRoles,
} from "../collaborative/membership.ts";
import { runDistrictStage } from "../districts/district-stage.ts";
import type { Framework } from "../domain/framework/framework-schema.ts";
import type { LoadedOverlay } from "../domain/framework/load-district-overlay.ts";
import { GROWTH_TABLES } from "../growth/growth-tables.ts";
import { runIdentification } from "../identification/run-identification.ts";
import { runPairing } from "../identification/run-pairing.ts";
import { assignMetricLevels } from "../levels/assign-levels.ts";
import { computeIndexComponents, writeIndexResults } from "../levels/compute-index.ts";
import {
  type CutPointGap,
  cutPointGaps,
  cutPointGapWarnings,
  fillMissingCutPoints,
} from "../levels/cut-point-gaps.ts";
import { freezeIndexCutPoints, freezeMetricCutPoints } from "../levels/freeze-cut-set.ts";
import { computeMeasures } from "../measures/compute-measures.ts";
import { computePeriodicMeasures } from "../measures/compute-periodic-measures.ts";
import { sqlString, sqlStrings } from "../measures/sql-text.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { latestRunOf } from "./find-run.ts";
import { ensureResultTables, RESULT_TABLES } from "./result-tables.ts";
import type { ManifestInput, RunManifest } from "./run-manifest.ts";

/** An optional stage between measures and levels (growth): writes rows into metric_results. */
export type ExtraStage = (
  warehouse: Warehouse,
  context: {
    runId: string;
    year: number;
    framework: Framework;
    /** Only these districts' students; null or absent: every district. */
    districts?: readonly string[] | null;
  },
) => Promise<{ warnings: readonly string[] }>;

export interface ComputeRunOptions {
  readonly year: number;
  readonly framework: Framework;
  /** The framework file's bytes: its sha256 identifies the framework in the manifest. */
  readonly frameworkBytes: string | Uint8Array;
  /** Reuse this frozen cut set. */
  readonly cuts?: string;
  /** Create a new cut set from this baseline year (computing that year's run when needed). */
  readonly baseline?: number;
  /** package.json version and git commit, e.g. "0.1.0+3b7e3d9". */
  readonly codeVersion: string;
  readonly clock?: () => Date;
  readonly newRunId?: (year: number, now: Date) => string;
  /** Monotonic milliseconds for timings. */
  readonly timer?: () => number;
  readonly growth?: ExtraStage;
  /** Districts' local measures (their overlays): computed beside, never into, the shared results. */
  readonly overlays?: readonly LoadedOverlay[];
  readonly onProgress?: (message: string) => void;
  /**
   * The districts' membership (`source` says where it came from: a file, the workspace): member
   * districts' schools set the cut points; participants are measured on them and identified,
   * paired and placed in communities only when opted in; inactive districts, and districts with
   * submissions that the membership does not list, are left out. Absent or null: every district
   * is a member.
   */
  readonly membership?: {
    readonly source: string;
    readonly districts: readonly DistrictMembership[];
  } | null;
}

/** A cut set name that does not exist. */
export class CutSetNotFoundError extends Error {
  constructor(readonly cutSet: string) {
    super(`no cut point set named "${cutSet}"`);
    this.name = "CutSetNotFoundError";
  }
}

/** What {@link computeRun} created. */
export interface RunSummary {
  readonly runId: string;
  readonly cutSet: string;
  readonly manifest: RunManifest;
  /** The baseline run computed first when `baseline` named another year. */
  readonly baselineRunId: string | null;
  /** That baseline run's warnings (also in its own manifest); empty without one. */
  readonly baselineWarnings: readonly string[];
}

/** Default run ids: `r<year>-<UTC yyyymmddhhmmss>-<6 hex>`. */
export function defaultRunId(year: number, now: Date): string {
  const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return `r${year}-${stamp}-${randomBytes(3).toString("hex")}`;
}

/**
 * Computes one immutable run for a school year: measures → periodic measures → growth → levels → index →
 * identification → pairing and communities, each result row keyed by the new run id, then the `runs` row with its manifest
 * (written last; a failed run's rows are deleted). Cut points: `cuts` reuses a frozen set;
 * `baseline` freezes a new one (`<framework id>-<year>`, suffixed `-2`, `-3`… when taken) from
 * that year's values, computing a baseline run first when the year differs; with neither, the
 * latest set frozen under the same framework hash is reused, else one is frozen from the earliest
 * year with submissions.
 */
export async function computeRun(
  warehouse: Warehouse,
  options: ComputeRunOptions,
): Promise<RunSummary> {
  await ensureResultTables(warehouse);
  const frameworkHash = createHash("sha256").update(options.frameworkBytes).digest("hex");
  const warnings: string[] = [];
  let cutSet: string;
  const baselineRunId: string | null = null;
  if (options.cuts !== undefined) {
    const rows = await warehouse.all<{ framework_hash: string }>(
      `SELECT framework_hash FROM cut_sets WHERE name = ${sqlString(options.cuts)}`,
    );
    if (rows.length === 0) throw new CutSetNotFoundError(options.cuts);
    if (rows[0]!.framework_hash !== frameworkHash)
      warnings.push(`cut set "${options.cuts}" was frozen under a different framework file`);
    cutSet = options.cuts;
  } else {
    let baseline = options.baseline;
    if (baseline === undefined) {
      const latest = await warehouse.all<{ name: string }>(
        `SELECT name FROM cut_sets WHERE framework_hash = ${sqlString(frameworkHash)}
         ORDER BY created_at DESC, name DESC LIMIT 1`,
      );
      if (latest.length > 0)
        return runWithCuts(warehouse, options, latest[0]!.name, null, warnings);
      const first = await warehouse.one<{ year: number | null }>(
        "SELECT min(year) AS year FROM submissions",
      );
      baseline = first.year ?? options.year;
      warnings.push(`no cut set for this framework: froze one from baseline year ${baseline}`);
    }
    cutSet = await freeName(warehouse, `${options.framework.id}-${baseline}`);
    if (baseline === options.year)
      return runWithCuts(warehouse, options, cutSet, { year: baseline }, warnings);
    options.onProgress?.(`baseline run for ${baseline}`);
    const base = await runWithCuts(
      warehouse,
      { ...options, year: baseline },
      cutSet,
      { year: baseline },
      [],
    );
    const summary = await runWithCuts(warehouse, options, cutSet, null, warnings, base.runId);
    return { ...summary, baselineWarnings: base.manifest.warnings };
  }
  return runWithCuts(warehouse, options, cutSet, null, warnings, baselineRunId);
}

/**
 * The growth stage under a membership: the model is fitted on member districts' students only, so
 * no participant moves a member's growth; when there are participants, a second fit over members
 * and participants (under a scratch run id) gives the participants' rows, copied into the run.
 * Without a membership, one fit over every student.
 */
async function runGrowth(
  warehouse: Warehouse,
  growth: ExtraStage,
  context: { runId: string; year: number; framework: Framework },
  roles: MembershipRoles | null,
): Promise<string[]> {
  if (roles === null) return [...(await growth(warehouse, context)).warnings];
  const warnings = [
    ...(await growth(warehouse, { ...context, districts: roles.setsCuts })).warnings,
  ];
  const participants = roles.measured.filter((d) => !roles.setsCuts.includes(d));
  if (participants.length === 0) return warnings;
  const scratch = `${context.runId}~participant-growth`;
  try {
    const more = await growth(warehouse, { ...context, runId: scratch, districts: roles.measured });
    warnings.push(...more.warnings.map((w) => `participants' growth: ${w}`));
    const copy = (table: string, extra = "") =>
      warehouse.run(
        `INSERT INTO ${table} SELECT * REPLACE (${sqlString(context.runId)} AS run_id) FROM ${table}
         WHERE run_id = ${sqlString(scratch)} AND ${inDistrictsSql("school_code", participants)} ${extra}`,
      );
    await copy("growth_results");
    await copy("metric_results", "AND metric IN ('ela_growth', 'math_growth')");
  } finally {
    for (const table of [...GROWTH_TABLES, "metric_results"])
      await warehouse.run(`DELETE FROM ${table} WHERE run_id = ${sqlString(scratch)}`);
  }
  return warnings;
}

/**
 * Deletes the run's measure rows (measures, periodic measures, growth) of schools whose district
 * is not measured (inactive, or not in the membership), before levels; returns a warning naming
 * the districts with submissions for the year that the membership does not list.
 */
async function leaveOut(
  warehouse: Warehouse,
  runId: string,
  year: number,
  roles: MembershipRoles,
): Promise<string[]> {
  const tables = await warehouse.all<{ table_name: string }>(
    `SELECT DISTINCT table_name FROM information_schema.columns
     WHERE column_name = 'school_code' AND table_name IN ${sqlStrings(["metric_results", "periodic_results", ...RESULT_TABLES])}
     ORDER BY table_name`,
  );
  for (const { table_name } of tables)
    await warehouse.run(
      `DELETE FROM ${table_name} WHERE run_id = ${sqlString(runId)} AND NOT (${inDistrictsSql("school_code", roles.measured)})`,
    );
  const unlisted = await warehouse.all<{ district_code: string }>(
    `SELECT DISTINCT district_code FROM submissions WHERE year = ${year}
       AND district_code NOT IN ${roles.all.length === 0 ? "('')" : sqlStrings(roles.all)}
     ORDER BY district_code`,
  );
  return unlisted.length === 0
    ? []
    : [
        `district(s) ${unlisted.map((u) => u.district_code).join(", ")} submitted ${year} but are not in the membership: left out`,
      ];
}

async function freeName(warehouse: Warehouse, base: string): Promise<string> {
  const taken = new Set(
    (await warehouse.all<{ name: string }>("SELECT name FROM cut_sets")).map((r) => r.name),
  );
  if (!taken.has(base)) return base;
  let i = 2;
  while (taken.has(`${base}-${i}`)) i++;
  return `${base}-${i}`;
}

async function runWithCuts(
  warehouse: Warehouse,
  options: ComputeRunOptions,
  cutSet: string,
  freeze: { year: number } | null,
  warnings: string[],
  baselineRunId: string | null = null,
): Promise<RunSummary> {
  const { year, framework } = options;
  const clock = options.clock ?? (() => new Date());
  const timer = options.timer ?? (() => performance.now());
  const createdAt = clock();
  const runId = (options.newRunId ?? defaultRunId)(year, createdAt);
  const frameworkHash = createHash("sha256").update(options.frameworkBytes).digest("hex");
  const progress = options.onProgress ?? (() => {});
  const timings: Record<string, number> = {};
  const start = timer();
  let last = start;
  const lap = (stage: string) => {
    const now = timer();
    timings[stage] = Math.round(now - last);
    last = now;
    progress(`${stage} done`);
  };
  const run = { runId, year };
  const roles: MembershipRoles | null =
    options.membership == null ? null : membershipRoles(options.membership.districts);
  try {
    progress(`run ${runId}: measures for ${year}`);
    await computeMeasures(warehouse, { runId, year, framework });
    lap("measures");
    await computePeriodicMeasures(warehouse, { runId, year, framework });
    lap("periodic");
    if (options.growth) {
      warnings.push(
        ...(await runGrowth(warehouse, options.growth, { runId, year, framework }, roles)),
      );
      lap("growth");
    }
    if (roles !== null) warnings.push(...(await leaveOut(warehouse, runId, year, roles)));
    if (freeze)
      await freezeMetricCutPoints(warehouse, {
        name: cutSet,
        framework,
        frameworkHash,
        runId,
        year,
        createdAt,
        cutDistricts: roles?.setsCuts ?? null,
      });
    await fillMissingCutPoints(warehouse, {
      cutSet,
      framework,
      runId,
      year,
      createdAt,
      cutDistricts: roles?.setsCuts ?? null,
      computeValues: async (scratch, valuesYear) => {
        await computeMeasures(warehouse, { runId: scratch, year: valuesYear, framework });
      },
    });
    const set = await warehouse.one<{ baseline_year: number; created_from_run: string }>(
      `SELECT baseline_year, created_from_run FROM cut_sets WHERE name = ${sqlString(cutSet)}`,
    );
    const gaps: CutPointGap[] = await cutPointGaps(warehouse, { cutSet, framework });
    const gapWarnings = cutPointGapWarnings(gaps, {
      cutSet,
      baselineYear: set.baseline_year,
      framework,
    });
    warnings.push(...gapWarnings);
    await assignMetricLevels(warehouse, { ...run, cutSet });
    lap("levels");
    const noIndex = await computeIndexComponents(warehouse, { ...run, framework });
    if (noIndex.length > 0)
      warnings.push(
        `NO INDEX: ${noIndex.length} school result(s) have measure levels but no index score because a weighted domain has no measure with a level (index.missing_domain: no_index): ${noIndex
          .map((s) => `${s.school_code} ${s.school_level} (no ${s.missing.join(", ")})`)
          .join("; ")}`,
      );
    if (freeze)
      await freezeIndexCutPoints(warehouse, {
        name: cutSet,
        framework,
        ...run,
        cutDistricts: roles?.setsCuts ?? null,
      });
    await writeIndexResults(warehouse, { ...run, cutSet });
    lap("index");
    const priorRunId = await latestRunOf(warehouse, year - 1, frameworkHash);
    await runIdentification(warehouse, {
      ...run,
      framework,
      priorRunId,
      identifiedDistricts: roles?.identified ?? null,
      cutoffDistricts: roles?.setsCuts ?? null,
    });
    lap("identification");
    const pairing = await runPairing(warehouse, {
      ...run,
      framework,
      priorRunId,
      identifiedDistricts: roles?.identified ?? null,
    });
    warnings.push(...pairing.warnings);
    lap("pairing");
    await runDistrictStage(warehouse, { ...run, framework }, options.overlays ?? []);
    lap("districts");
    timings.total = Math.round(timer() - start);

    const inputs = await warehouse.all<ManifestInput & Record<string, unknown>>(
      `SELECT submission_id, district_code, year, sha256 FROM submissions WHERE year <= ${year}
       ORDER BY year, district_code, submission_id`,
    );
    const rowCounts: Record<string, number> = {};
    for (const table of RESULT_TABLES) {
      const { rows } = await warehouse.one<{ rows: number }>(
        `SELECT count(*)::INTEGER AS rows FROM ${table} WHERE run_id = ${sqlString(runId)}`,
      );
      rowCounts[table] = rows;
    }
    const manifest: RunManifest = {
      run_id: runId,
      year,
      created_at: createdAt.toISOString(),
      code_version: options.codeVersion,
      framework: {
        id: framework.id,
        name: framework.name,
        version: framework.version,
        sha256: frameworkHash,
      },
      cut_set: {
        name: cutSet,
        baseline_year: set.baseline_year,
        created_from_run: set.created_from_run,
        created_by_this_run: freeze !== null,
      },
      cut_point_gaps: gaps,
      prior_run: priorRunId,
      inputs,
      timings_ms: timings,
      row_counts: rowCounts,
      warnings,
      membership:
        options.membership == null
          ? null
          : {
              source: options.membership.source,
              districts: [...options.membership.districts]
                .sort((a, b) => a.districtCode.localeCompare(b.districtCode))
                .map((d) => ({
                  district_code: d.districtCode,
                  status: d.status,
                  opted_in: d.optedIn,
                })),
            },
    };
    await warehouse.run(
      `INSERT INTO runs VALUES (${sqlString(runId)}, ${year}, ${sqlString(framework.id)}, ${sqlString(framework.name)},
        ${sqlString(frameworkHash)}, ${sqlString(cutSet)}, ${sqlString(createdAt.toISOString())}::TIMESTAMP,
        ${sqlString(options.codeVersion)}, ${sqlString(JSON.stringify(manifest))}, 'complete')`,
    );
    return { runId, cutSet, manifest, baselineRunId, baselineWarnings: [] };
  } catch (error) {
    for (const table of RESULT_TABLES)
      await warehouse.run(`DELETE FROM ${table} WHERE run_id = ${sqlString(runId)}`);
    // Cut points this run froze into an existing set after its baseline go with the run.
    await warehouse.run(`DELETE FROM cut_points WHERE (cut_set, metric, school_level) IN (
      SELECT cut_set, metric, school_level FROM cut_point_sources WHERE frozen_by_run = ${sqlString(runId)})`);
    await warehouse.run(`DELETE FROM cut_point_sources WHERE frozen_by_run = ${sqlString(runId)}`);
    if (freeze) {
      await warehouse.run(`DELETE FROM cut_points WHERE cut_set = ${sqlString(cutSet)}`);
      await warehouse.run(`DELETE FROM cut_sets WHERE name = ${sqlString(cutSet)}`);
    }
    throw error;
  }
}
