import type { Framework } from "../domain/framework/framework-schema.ts";
import { sqlString } from "../measures/sql-text.ts";
import { findRun, type RunRow } from "../runs/find-run.ts";
import { readRows } from "../warehouse/read-rows.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { type ContextSimilarity, contextSimilarity } from "./context-similarity.ts";
import {
  readContexts,
  readSchoolContexts,
  type SchoolContext,
  schoolContextSql,
} from "./school-context.ts";

/** What a principal asks: schools like mine that are strong on this measure. */
export interface PeerQuery {
  /** Run id or `latest`. */
  readonly run: string;
  readonly school: string;
  readonly metric: string;
  /** Needed when the school is reported at several levels. */
  readonly level?: string;
  /** Student group whose level is compared (default ALL). */
  readonly group?: string;
  /** How many peers to list (default 10). */
  readonly limit?: number;
  /** Lowest level a peer may have (default: the above-average band, and above the school). */
  readonly minLevel?: number;
}

/** A similar school that is strong on the measure. */
export interface Peer {
  readonly schoolCode: string;
  readonly schoolName: string;
  readonly districtCode: string;
  readonly contextDistance: number;
  /** 1 = the most similar school of the level (among all, strong or not). */
  readonly contextRank: number;
  readonly level: number;
  readonly value: number | null;
  readonly indexLevel: number | null;
  readonly tier: string | null;
  readonly distanceKm: number;
}

/** The peer list and what it was compared with. */
export interface PeerList {
  readonly runId: string;
  readonly school: SchoolContext;
  readonly metric: string;
  readonly group: string;
  readonly schoolLevelOnMetric: number | null;
  readonly schoolValue: number | null;
  readonly minLevel: number;
  readonly schoolsAtLevel: number;
  readonly peers: Peer[];
}

/** A school, level or metric the run does not have. */
export class PeerQueryError extends Error {
  constructor(
    message: string,
    readonly field: string,
    readonly value: string,
  ) {
    super(message);
    this.name = "PeerQueryError";
  }
}

/** A school's level and value on the asked measure and group, with its index level and tier. */
const PEER_LEVEL_ROW = {
  type: "object",
  required: ["school_code", "level", "value", "index_level", "tier"],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    level: { type: ["integer", "null"] },
    value: { type: ["number", "null"] },
    index_level: { type: ["integer", "null"] },
    tier: { type: ["string", "null"] },
  },
} as const;

/**
 * What {@link findPeers} reads about a run whatever the query: every school's context and the
 * context metric of each level. A complete run never changes, so a server can keep it.
 */
export interface RunContexts {
  readonly run: RunRow;
  /** Every school level's context, ordered by school code and level. */
  readonly contexts: readonly SchoolContext[];
  /** Mahalanobis distances, each level's covariance taken over all its schools in the run. */
  readonly similarity: ContextSimilarity;
}

/**
 * The run's contexts from its `school_context` (recomputed from the year's inputs for a run made
 * before pairing existed) and the context metric of every level.
 */
export async function loadRunContexts(
  warehouse: Warehouse,
  framework: Framework,
  run: RunRow,
): Promise<RunContexts> {
  let contexts = await readSchoolContexts(warehouse, run.run_id);
  if (contexts.length === 0) contexts = await contextsFromInputs(warehouse, framework, run.year);
  return { run, contexts, similarity: contextSimilarity(contexts) };
}

/**
 * Similar schools (same level, nearest on context by Mahalanobis distance) whose level on the
 * metric for the group is at least `minLevel`, nearest first. `loaded`, the run's contexts from
 * {@link loadRunContexts}, saves reading them again; without it they are loaded for this call.
 * @throws PeerQueryError naming an unknown school, level or metric.
 */
export async function findPeers(
  warehouse: Warehouse,
  framework: Framework,
  query: PeerQuery,
  loaded?: RunContexts,
): Promise<PeerList> {
  if (loaded && loaded.run.run_id !== query.run)
    throw new Error(`contexts of run "${loaded.run.run_id}" given for run "${query.run}"`);
  const { run, contexts, similarity } =
    loaded ?? (await loadRunContexts(warehouse, framework, await findRun(warehouse, query.run)));
  const runId = run.run_id;
  const group = query.group ?? "ALL";
  const mine = contexts.filter((c) => c.schoolCode === query.school);
  if (mine.length === 0)
    throw new PeerQueryError(
      `school "${query.school}" has no students in run "${runId}"`,
      "school",
      query.school,
    );
  const school =
    query.level === undefined && mine.length === 1
      ? mine[0]
      : mine.find((c) => c.schoolLevel === query.level);
  if (!school)
    throw new PeerQueryError(
      `school "${query.school}" is reported at ${mine.map((c) => c.schoolLevel).join(" and ")}: choose one level (got "${query.level ?? ""}")`,
      "level",
      query.level ?? "",
    );
  const rows = await readRows(
    warehouse,
    "index_results",
    PEER_LEVEL_ROW,
    `SELECT r.school_code, l.level, CASE WHEN m.suppressed THEN NULL ELSE m.value END AS value, r.index_level, i.tier
     FROM index_results r
     LEFT JOIN metric_levels l ON l.run_id = r.run_id AND l.school_code = r.school_code AND l.school_level = r.school_level
       AND l.metric = ${sqlString(query.metric)} AND l.student_group = ${sqlString(group)}
     LEFT JOIN metric_results m ON m.run_id = r.run_id AND m.school_code = r.school_code AND m.school_level = r.school_level
       AND m.metric = ${sqlString(query.metric)} AND m.student_group = ${sqlString(group)}
     LEFT JOIN identification i ON i.run_id = r.run_id AND i.school_code = r.school_code AND i.school_level = r.school_level
     WHERE r.run_id = ${sqlString(runId)} AND r.school_level = ${sqlString(school.schoolLevel)}`,
  );
  if (!rows.some((r) => r.level !== null))
    throw new PeerQueryError(
      `no ${school.schoolLevel} school has a level on "${query.metric}" for group ${group} in run "${runId}"`,
      "metric",
      query.metric,
    );
  const byCode = new Map(rows.map((r) => [r.school_code, r]));
  const own = byCode.get(school.schoolCode);
  const ownLevel = own?.level ?? null;
  const aboveAverage = framework.cut_points.bands.above_average[0];
  const minLevel = query.minLevel ?? Math.max(aboveAverage, ownLevel === null ? 0 : ownLevel + 1);
  const ranked = contexts
    .filter((c) => c.schoolLevel === school.schoolLevel && c.schoolCode !== school.schoolCode)
    .map((c) => ({ c, d: similarity.contextDistance(school, c) }))
    .sort((a, b) => a.d - b.d || (a.c.schoolCode < b.c.schoolCode ? -1 : 1));
  const peers = ranked
    .map(({ c, d }, i) => ({ c, d, rank: i + 1, row: byCode.get(c.schoolCode) }))
    .filter(({ row }) => row?.level !== null && row?.level !== undefined && row.level >= minLevel)
    .slice(0, query.limit ?? 10)
    .map(({ c, d, rank, row }) => ({
      schoolCode: c.schoolCode,
      schoolName: c.schoolName,
      districtCode: c.districtCode,
      contextDistance: d,
      contextRank: rank,
      level: Number(row!.level),
      value: row!.value === null ? null : Number(row!.value),
      indexLevel: row!.index_level === null ? null : Number(row!.index_level),
      tier: row!.tier,
      distanceKm: similarity.travelKm(school, c),
    }));
  return {
    runId,
    school,
    metric: query.metric,
    group,
    schoolLevelOnMetric: ownLevel === null ? null : Number(ownLevel),
    schoolValue: own?.value === null || own?.value === undefined ? null : Number(own.value),
    minLevel,
    schoolsAtLevel: ranked.length,
    peers,
  };
}

function contextsFromInputs(
  warehouse: Warehouse,
  framework: Framework,
  year: number,
): Promise<SchoolContext[]> {
  return readContexts(
    warehouse,
    `school contexts of ${year}'s inputs`,
    `(${schoolContextSql(framework, year)})`,
  );
}
