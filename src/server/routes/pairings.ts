import type { FastifyInstance } from "fastify";
import {
  effectiveCommunitiesSql,
  effectivePairingsSql,
} from "../../identification/effective-pairings.ts";
import type { MeasureStrength } from "../../identification/pairing-cost.ts";
import { HttpError } from "../http-errors.ts";
import { ERRORS, INT, NUM, RUN_PARAMS, STR, TABLE_EXISTS_SQL } from "../route-schemas.ts";
import { runDistrictAggregateAccess, runRow } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";
import {
  type CommunityMember,
  communityTables,
  memberLevelHidden,
  pairGapHidden,
  pairTables,
  shownCommunityReason,
  shownPairReason,
} from "../suppression/derived-values.ts";
import { readerSeesCellsOf } from "../suppression/hidden-cells.ts";
import { loadHiddenCells } from "../suppression/load-hidden-cells.ts";

/** An override's explanation, shared by pairing and community rows. */
const OVERRIDE_FIELDS = {
  override: { ...STR, description: "the hub analyst's stated reason; null: the proposal stands" },
  override_at: { ...STR, description: "when the override in force was made (ISO 8601)" },
  proposed_reason: { type: "string", description: "the pairing stage's own reason" },
} as const;

/** A priority school's pairing as it stands (overrides applied), with its explanation. */
export const PAIRING_ROW = {
  type: "object",
  required: [
    "run_id",
    "year",
    "school_code",
    "school_level",
    "partner_code",
    "kept",
    "reason",
    "override",
  ],
  properties: {
    run_id: { type: "string" },
    year: { type: "integer" },
    school_code: { type: "string" },
    school_name: STR,
    school_level: { type: "string" },
    partner_code: { ...STR, description: "null: unmatched, or the pair was removed" },
    partner_name: STR,
    cost: NUM,
    context_distance: NUM,
    context_distance_rank: INT,
    strength_gap: NUM,
    distance_km: NUM,
    kept: { type: "boolean", description: "the pair continues last year's" },
    reason: { type: "string", description: "why, in words (an override says so first)" },
    proposed_partner_code: STR,
    ...OVERRIDE_FIELDS,
  },
  additionalProperties: false,
} as const;

/** A focus school's community of practice as it stands (overrides applied). */
export const COMMUNITY_ROW = {
  type: "object",
  required: [
    "run_id",
    "year",
    "community_id",
    "school_code",
    "school_level",
    "district_code",
    "reason",
    "override",
  ],
  properties: {
    run_id: { type: "string" },
    year: { type: "integer" },
    community_id: { ...STR, description: "null: no community could take the school" },
    school_code: { type: "string" },
    school_name: STR,
    school_level: { type: "string" },
    district_code: { type: "string" },
    problem: { ...STR, description: "the shared problem of practice, `GROUP × metric`" },
    problem_level: INT,
    reason: { type: "string" },
    proposed_community_id: STR,
    ...OVERRIDE_FIELDS,
  },
  additionalProperties: false,
} as const;

const rowsOf = (items: object) =>
  ({
    type: "object",
    required: ["rows"],
    properties: { rows: { type: "array", items } },
    additionalProperties: false,
  }) as const;

/** Throws 404 `not_computed` when the warehouse has none of `table` (pairing never ran). */
export async function requirePairingTable(ctx: ServerContext, table: string): Promise<void> {
  const exists = Number((await ctx.warehouse.one(TABLE_EXISTS_SQL, [table])).n) > 0;
  if (!exists) {
    throw new HttpError(
      404,
      "not_computed",
      `this warehouse has no ${table} yet (pairing not run)`,
    );
  }
}

function isoOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : new Date(`${String(value)}Z`).toISOString();
}

/** Rows of `effective` (an effective-pairings SELECT) with the schools' names from the run. */
async function effectiveRows(
  ctx: ServerContext,
  table: "pairings" | "communities",
  runId: string,
): Promise<Record<string, unknown>[]> {
  const [effective, partner, order] =
    table === "pairings"
      ? [effectivePairingsSql(runId), "e.partner_code", "e.school_code, e.school_level"]
      : [
          effectiveCommunitiesSql(runId),
          "NULL",
          "e.community_id NULLS LAST, e.school_code, e.school_level",
        ];
  const rows = await ctx.warehouse.all(
    `SELECT e.*, s.school_name, ps.school_name AS partner_name
     FROM (${effective}) e
     LEFT JOIN school_context s ON s.run_id = e.run_id AND s.school_code = e.school_code AND s.school_level = e.school_level
     LEFT JOIN school_context ps ON ps.run_id = e.run_id AND ps.school_code = ${partner} AND ps.school_level = e.school_level
     ORDER BY ${order}`,
  );
  // The analyst's account is for the hub's override history, not for every reader.
  return rows.map(({ override_by: _by, ...r }) => ({
    ...r,
    override_at: isoOrNull(r.override_at),
  }));
}

/** A pairing row as the routes read it (effective, with the proposal it replaced). */
export interface PairRow extends Record<string, unknown> {
  school_code: string;
  school_level: string;
  partner_code: string | null;
  proposed_partner_code: string | null;
  strength_gap: number | null;
  reason: string;
  proposed_reason: string;
}

/** A candidate pair's strengths as the run recorded them. */
interface CandidateQuote {
  readonly partner_code: string;
  readonly strengths: MeasureStrength[];
  readonly strength_gap: number | null;
}

/**
 * The run's candidate pairs: a pair's strengths as its candidate row recorded them (empty without
 * one), and every candidate of a school × level (what an unmatched reason's costs are built on).
 */
async function candidateStrengths(ctx: ServerContext, runId: string) {
  const rows = await ctx.warehouse.all<{
    school_code: string;
    school_level: string;
    partner_code: string;
    strengths: string;
    strength_gap: number | null;
  }>(
    `SELECT school_code, school_level, partner_code, strengths::VARCHAR AS strengths, strength_gap
     FROM pairing_candidates WHERE run_id = ?`,
    [runId],
  );
  const bySchool = new Map<string, CandidateQuote[]>();
  const byPair = new Map<string, CandidateQuote>();
  for (const r of rows) {
    const quote = {
      partner_code: r.partner_code,
      strengths: JSON.parse(r.strengths) as MeasureStrength[],
      strength_gap: r.strength_gap,
    };
    const school = `${r.school_code}|${r.school_level}`;
    byPair.set(`${school}|${r.partner_code}`, quote);
    const list = bySchool.get(school);
    if (list) list.push(quote);
    else bySchool.set(school, [quote]);
  }
  return {
    of: (school: string, level: string, partner: string | null) =>
      (partner === null ? undefined : byPair.get(`${school}|${level}|${partner}`)) ?? {
        strengths: [],
        strength_gap: null,
      },
    all: (school: string, level: string) => bySchool.get(`${school}|${level}`) ?? [],
  };
}

/**
 * The run's pairings as `who` may read them: the measure levels a reason quotes, and the strength
 * gap and cost built on them, follow the reader's suppression of the cells behind them; so do
 * the costs an unmatched school's reason quotes from its candidates.
 */
export async function shownPairings(
  ctx: ServerContext,
  runId: string,
  rows: readonly PairRow[],
  sees: (schoolCode: string) => boolean,
): Promise<Record<string, unknown>[]> {
  const candidates = await candidateStrengths(ctx, runId);
  const quotes = rows.map((r) => {
    const at = (partner: string | null) => ({
      school_code: r.school_code,
      school_level: r.school_level,
      partner_code: partner,
      ...candidates.of(r.school_code, r.school_level, partner),
    });
    const unmatched =
      r.proposed_partner_code === null
        ? candidates.all(r.school_code, r.school_level).map((c) => at(c.partner_code))
        : [];
    return {
      row: r,
      proposed: at(r.proposed_partner_code),
      effective: at(r.partner_code),
      unmatched,
    };
  });
  const hidden = await loadHiddenCells(
    ctx,
    runId,
    quotes.flatMap((q) => [
      ...pairTables(q.proposed),
      ...pairTables(q.effective),
      ...q.unmatched.flatMap(pairTables),
    ]),
    sees,
  );
  return quotes.map(({ row, proposed, effective, unmatched }) => {
    const text = (reason: string) =>
      shownPairReason(reason, proposed, hidden, ctx.framework, unmatched);
    const gapHidden = pairGapHidden(effective, hidden);
    return {
      ...row,
      reason: text(row.reason),
      proposed_reason: text(row.proposed_reason),
      strength_gap: gapHidden ? null : row.strength_gap,
      ...("cost" in row ? { cost: gapHidden ? null : row.cost } : {}),
    };
  });
}

/**
 * The run's communities as `who` may read them: a member's problem level, and the members' levels
 * a reason quotes, follow the reader's suppression of those cells.
 */
export async function shownCommunities(
  ctx: ServerContext,
  runId: string,
  rows: readonly Record<string, unknown>[],
  sees: (schoolCode: string) => boolean,
): Promise<Record<string, unknown>[]> {
  const members = await ctx.warehouse.all<CommunityMember & Record<string, unknown>>(
    `SELECT community_id, school_code, school_level, problem, problem_level FROM communities
     WHERE run_id = ? AND community_id IS NOT NULL`,
    [runId],
  );
  const hidden = await loadHiddenCells(ctx, runId, communityTables(members), sees);
  const byCommunity = new Map<string, CommunityMember[]>();
  for (const m of members) {
    const list = byCommunity.get(m.community_id!) ?? [];
    list.push(m);
    byCommunity.set(m.community_id!, list);
  }
  const own = new Map(members.map((m) => [`${m.school_code}|${m.school_level}`, m]));
  return rows.map((r) => {
    const proposed = byCommunity.get(String(r.proposed_community_id)) ?? [];
    const self = own.get(`${r.school_code}|${r.school_level}`);
    const text = (v: unknown) =>
      typeof v === "string" ? shownCommunityReason(v, proposed, hidden) : v;
    return {
      ...r,
      problem_level: self && memberLevelHidden(self, hidden) ? null : r.problem_level,
      reason: text(r.reason),
      proposed_reason: text(r.proposed_reason),
    };
  });
}

/**
 * A run's partner pairings and communities of practice as they stand: the hub analyst's latest
 * override per school applied on read (the run's rows never change), each row explained. Both
 * answer 404 `not_computed` until the pairing stage has written its tables. They hold no student
 * counts, but their reasons and problem levels quote group levels: those follow the reader's
 * suppression of the cells quoted, school by school.
 */
export function registerPairingRoutes(app: FastifyInstance, ctx: ServerContext): void {
  for (const [table, row] of [
    ["pairings", PAIRING_ROW],
    ["communities", COMMUNITY_ROW],
  ] as const) {
    app.get<{ Params: { runId: string } }>(
      `/api/runs/:runId/${table}`,
      {
        config: { access: runDistrictAggregateAccess(ctx) },
        schema: {
          tags: ["pairing"],
          summary:
            table === "pairings"
              ? "each priority school's partner, overrides applied, with the reason"
              : "each focus school's community of practice, overrides applied, with the reason",
          params: RUN_PARAMS,
          response: { 200: rowsOf(row), ...ERRORS },
        },
      },
      async (request) => {
        const run = await runRow(ctx, request.params.runId);
        const sees = readerSeesCellsOf(request.principal);
        const rows = await ctx.read(async () => {
          await requirePairingTable(ctx, table);
          const rows = await effectiveRows(ctx, table, run.run_id);
          return table === "pairings"
            ? shownPairings(ctx, run.run_id, rows as PairRow[], sees)
            : shownCommunities(ctx, run.run_id, rows, sees);
        });
        return { rows };
      },
    );
  }
}
