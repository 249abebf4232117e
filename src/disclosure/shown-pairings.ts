import type { MeasureStrength } from "../identification/pairing-cost.ts";
import type { CommunityRowFacts, PairingFacts } from "../identification/reason-facts.ts";
import {
  communityReasonText,
  overriddenReasonText,
  pairingReasonText,
} from "../identification/reason-text.ts";
import { readRows, selectList } from "../warehouse/read-rows.ts";
import {
  COMMUNITY_MEMBER_ROW,
  communityTables,
  memberLevelHidden,
  pairGapHidden,
  pairingTables,
  pairTables,
  shownCommunityFacts,
  shownPairingFacts,
} from "./derived-values.ts";
import type { DisclosureReader } from "./disclosure-reader.ts";
import { loadHiddenCells } from "./load-hidden-cells.ts";
import { parseFacts, withReason } from "./reason-column.ts";

/**
 * A pairing row as the routes read it (effective, with the proposal it replaced): `facts` are the
 * proposal's (JSON as stored), `override` the analyst's words when one is in force.
 */
export interface PairRow extends Record<string, unknown> {
  school_code: string;
  school_level: string;
  partner_code: string | null;
  proposed_partner_code: string | null;
  strength_gap: number | null;
  facts: string | null;
  override: string | null;
}

/** A candidate pair's recorded strengths (JSON as stored). */
const CANDIDATE_STRENGTHS_ROW = {
  type: "object",
  required: ["school_code", "school_level", "partner_code", "strengths"],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    school_level: { type: "string" },
    partner_code: { type: "string" },
    strengths: { type: "string" },
  },
} as const;

/** The strengths a candidate pair's row recorded (what its gap and cost are built on). */
async function candidateStrengths(ctx: DisclosureReader, runId: string) {
  const rows = await readRows(
    ctx.warehouse,
    "pairing_candidates",
    CANDIDATE_STRENGTHS_ROW,
    `SELECT ${selectList(CANDIDATE_STRENGTHS_ROW, (c) => (c === "strengths" ? "strengths::VARCHAR" : c))}
     FROM pairing_candidates WHERE run_id = ?`,
    [runId],
  );
  const byPair = new Map<string, MeasureStrength[]>();
  for (const r of rows) {
    byPair.set(
      `${r.school_code}|${r.school_level}|${r.partner_code}`,
      JSON.parse(r.strengths) as MeasureStrength[],
    );
  }
  return (school: string, level: string, partner: string | null) =>
    (partner === null ? undefined : byPair.get(`${school}|${level}|${partner}`)) ?? [];
}

/**
 * The run's pairings as a reader who sees the schools `sees` accepts may read them: the
 * proposal's facts decided for the reader (`facts`), then rendered from exactly those
 * (`proposed_reason`, and `reason` with the analyst's override first); the strength gap and cost of the pair as it stands are null when
 * a level they are built on is hidden.
 */
export async function shownPairings(
  ctx: DisclosureReader,
  runId: string,
  rows: readonly PairRow[],
  sees: (schoolCode: string) => boolean,
): Promise<Record<string, unknown>[]> {
  const strengths = await candidateStrengths(ctx, runId);
  const quotes = rows.map((r) => ({
    row: r,
    proposal: {
      school_code: r.school_code,
      school_level: r.school_level,
      facts: parseFacts<PairingFacts<number>>(r.facts),
    },
    effective: {
      school_code: r.school_code,
      school_level: r.school_level,
      partner_code: r.partner_code,
      strengths: strengths(r.school_code, r.school_level, r.partner_code),
    },
  }));
  const hidden = await loadHiddenCells(
    ctx,
    runId,
    quotes.flatMap((q) => [...pairingTables(q.proposal), ...pairTables(q.effective)]),
    sees,
  );
  return quotes.map(({ row, proposal, effective }) => {
    const facts = shownPairingFacts(proposal, hidden);
    const proposed = pairingReasonText(facts, ctx.framework);
    const gapHidden = pairGapHidden(effective, hidden);
    return withReason(
      row,
      overriddenReasonText(
        row.override === null
          ? null
          : { kind: "pair", target: row.partner_code, statement: row.override },
        proposed,
      ),
      {
        proposed_reason: proposed,
        facts,
        strength_gap: gapHidden ? null : row.strength_gap,
        ...("cost" in row ? { cost: gapHidden ? null : row.cost } : {}),
      },
    );
  });
}

/**
 * The run's communities as a reader who sees the schools `sees` accepts may read them: a member's
 * problem level, and the members' levels its community's facts quote, follow the reader's
 * suppression of those cells; the reason is rendered from the decided facts (`facts`).
 */
export async function shownCommunities(
  ctx: DisclosureReader,
  runId: string,
  rows: readonly Record<string, unknown>[],
  sees: (schoolCode: string) => boolean,
): Promise<Record<string, unknown>[]> {
  const members = await readRows(
    ctx.warehouse,
    "communities",
    COMMUNITY_MEMBER_ROW,
    `SELECT ${selectList(COMMUNITY_MEMBER_ROW)} FROM communities
     WHERE run_id = ? AND community_id IS NOT NULL`,
    [runId],
  );
  const facts = rows.map((r) => parseFacts<CommunityRowFacts<number>>(r.facts));
  const hidden = await loadHiddenCells(ctx, runId, facts.flatMap(communityTables), sees);
  const own = new Map(members.map((m) => [`${m.school_code}|${m.school_level}`, m]));
  return rows.map((r, i) => {
    const self = own.get(`${r.school_code}|${r.school_level}`);
    const shown = shownCommunityFacts(facts[i]!, hidden);
    const proposed = communityReasonText(shown, ctx.framework);
    const override =
      r.override === null || r.override === undefined
        ? null
        : {
            kind: "community" as const,
            target: (r.community_id ?? null) as string | null,
            statement: String(r.override),
          };
    return withReason(r, overriddenReasonText(override, proposed), {
      problem_level: self && memberLevelHidden(self, hidden) ? null : r.problem_level,
      proposed_reason: proposed,
      facts: shown,
    });
  });
}
