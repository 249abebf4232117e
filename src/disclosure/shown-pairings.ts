import type { MeasureStrength } from "../identification/pairing-cost.ts";
import {
  type CommunityMember,
  communityTables,
  memberLevelHidden,
  pairGapHidden,
  pairTables,
  shownCommunityReason,
  shownPairReason,
} from "./derived-values.ts";
import type { DisclosureReader } from "./disclosure-reader.ts";
import { loadHiddenCells } from "./load-hidden-cells.ts";

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
async function candidateStrengths(ctx: DisclosureReader, runId: string) {
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
  ctx: DisclosureReader,
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
  ctx: DisclosureReader,
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
