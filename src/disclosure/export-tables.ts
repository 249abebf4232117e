import {
  effectiveCommunitiesSql,
  effectivePairingsSql,
} from "../identification/effective-pairings.ts";
import type { Trigger } from "../identification/identify-schools.ts";
import type { TierFacts } from "../identification/reason-facts.ts";
import { readRows, selectList } from "../warehouse/read-rows.ts";
import type { CellSuppression } from "./cell.ts";
import {
  type ComponentRow,
  shownComponent,
  shownIndexScore,
  shownTierReason,
  shownTriggers,
  tierSchools,
  tierTables,
} from "./derived-values.ts";
import type { DisclosureReader } from "./disclosure-reader.ts";
import { discloseDistrictRows } from "./district-export-rows.ts";
import { loadHiddenCells } from "./load-hidden-cells.ts";
import { minNOf } from "./min-n.ts";
import { showPeriodicRow } from "./periodic-cells.ts";
import { type PeriodicSeriesKey, periodicDecisions } from "./periodic-decisions.ts";
import { parseFacts, withReason } from "./reason-column.ts";
import { runCells } from "./run-cells.ts";
import type { RunCells } from "./run-decisions.ts";
import { type PairRow, shownCommunities, shownPairings } from "./shown-pairings.ts";
import { cellKey } from "./suppress-metric-rows.ts";

/**
 * Tables a run may be exported from, with how small cells are handled: `groups` tables go through
 * primary and complementary suppression; `levels` tables hold only results at or above min n
 * (levels are assigned to unsuppressed results only) but a level can still belong to a cell hidden
 * beside a small one, so quoted levels follow the same decision as the API (and an index score is
 * null, with `index_score_suppressed`, when its index uses such a cell); `growth` rows follow the growth measure's cell of the same group; `periodic` rows are each period's group table of a school × level × measure, decided as the API's series are ({@link periodicDecisions}); `pairing` tables hold no student counts and are exported as `collab export` writes
 * them, with the hub analyst's overrides applied and their quoted levels suppressed the same way;
 * `district` rows (district_results) follow the district decisions (discloseDistrictRows).
 */
export const EXPORT_TABLES = {
  metric_results: "groups",
  metric_levels: "levels",
  index_results: "levels",
  index_components: "levels",
  identification: "levels",
  growth_results: "growth",
  pairings: "pairing",
  communities: "pairing",
  periodic_results: "periodic",
  district_results: "district",
} as const;
export type ExportTable = keyof typeof EXPORT_TABLES;

/**
 * Rows of the tables whose values quote group cells (levels, index components, tier reasons,
 * pairing and community reasons) as a reader of the suppressed form may see them: the same
 * decisions as the API's routes, with the export's reader scope (the whole export is suppressed
 * or not). Columns stay as they are.
 */
async function shownDerivedRows(
  ctx: DisclosureReader,
  runId: string,
  table: ExportTable,
  rows: Record<string, unknown>[],
  sees: (schoolCode: string) => boolean = () => false,
): Promise<Record<string, unknown>[]> {
  const at = (r: Record<string, unknown>) => ({
    schoolCode: String(r.school_code),
    schoolLevel: String(r.school_level),
    metric: String(r.metric),
  });
  switch (table) {
    case "metric_levels": {
      const hidden = await loadHiddenCells(ctx, runId, rows.map(at), sees);
      return rows.map((r) =>
        hidden.cell(
          String(r.school_code),
          String(r.school_level),
          String(r.metric),
          String(r.student_group),
        )
          ? blank(r, GROUP_KEYS)
          : r,
      );
    }
    case "index_results": {
      const hidden = await loadHiddenCells(
        ctx,
        runId,
        [],
        sees,
        rows.map((r) => tierSchools(r as { school_code: string; school_level: string })),
      );
      return rows.map((r) => ({
        ...r,
        ...shownIndexScore(
          r as { school_code: string; school_level: string },
          r.index_score as number | null,
          hidden,
        ),
      }));
    }
    case "index_components": {
      const hidden = await loadHiddenCells(ctx, runId, rows.map(at), sees);
      return rows.map(
        (r) =>
          shownComponent(r as unknown as ComponentRow, hidden) as unknown as Record<
            string,
            unknown
          >,
      );
    }
    case "identification": {
      const quotes = rows.map((r) => ({
        row: r,
        quote: {
          school_code: String(r.school_code),
          school_level: String(r.school_level),
          facts: parseFacts<TierFacts<number>>(r.facts),
          triggers: JSON.parse(String(r.triggers)) as Trigger[],
        },
      }));
      const hidden = await loadHiddenCells(
        ctx,
        runId,
        quotes.flatMap((q) => tierTables(q.quote)),
        sees,
        quotes.map((q) => tierSchools(q.quote)),
      );
      return quotes.map(({ row, quote }) =>
        withReason(row, shownTierReason(quote, hidden, ctx.framework), {
          triggers: JSON.stringify(shownTriggers(quote, hidden)),
        }),
      );
    }
    case "pairings": {
      const proposed = await proposedOf(
        ctx,
        "pairings",
        effectivePairingsSql(runId),
        "proposed_partner_code",
      );
      const shown = await shownPairings(
        ctx,
        runId,
        rows.map((r) => ({
          ...(r as PairRow),
          proposed_partner_code: proposed.get(`${r.school_code}|${r.school_level}`) ?? null,
        })),
        sees,
      );
      // The file carries the reason; the decided facts behind it are the API's.
      return shown.map(({ proposed_partner_code: _p, proposed_reason: _r, facts: _f, ...r }) => r);
    }
    case "communities": {
      const proposed = await proposedOf(
        ctx,
        "communities",
        effectiveCommunitiesSql(runId),
        "proposed_community_id",
      );
      const shown = await shownCommunities(
        ctx,
        runId,
        rows.map((r) => ({
          ...r,
          proposed_community_id: proposed.get(`${r.school_code}|${r.school_level}`) ?? null,
        })),
        sees,
      );
      return shown.map(
        ({ proposed_community_id: _c, problem_level: _l, proposed_reason: _r, facts: _f, ...r }) =>
          r,
      );
    }
    case "metric_results": {
      const cells = await runCells(ctx, runId);
      return rows.map((r) => {
        const s = decisionOf(cells, r) ?? { suppressed: true, reason: "small_n" as const };
        return s.suppressed
          ? { ...blank(r, GROUP_KEYS), suppressed: true, suppression_reason: s.reason }
          : { ...r, suppressed: false, suppression_reason: null };
      });
    }
    case "periodic_results": {
      const decisions = await periodicDecisions(ctx, runId, periodicKeysOf(rows));
      return rows.map((r) => {
        const shown = showPeriodicRow(periodicRowOf(r), decisions, true);
        return shown.suppressed
          ? {
              ...blank(r, PERIODIC_KEYS),
              suppressed: true,
              suppression_reason: shown.suppression_reason,
            }
          : { ...r, suppressed: false, suppression_reason: null };
      });
    }
    case "growth_results": {
      const cells = await runCells(ctx, runId);
      const minN = minNOf(ctx.framework);
      const levels = await schoolLevelsOf(ctx, runId);
      return rows.map((r) => {
        const metric = `${String(r.subject).toLowerCase()}_growth`;
        const school = String(r.school_code);
        const at = r.school_level != null ? [String(r.school_level)] : (levels.get(school) ?? []);
        // A growth row's effect × weight adds up over groups as the growth measure's cell does,
        // so the row follows that cell (at every level it is reported at); no cell: hidden.
        const hidden =
          Boolean(r.suppressed) ||
          Number(r.n) < minN(metric) ||
          at.length === 0 ||
          at.some((level) => cells.hidden(school, level, metric, String(r.student_group)));
        return hidden ? { ...blank(r, GROWTH_KEYS), suppressed: true } : r;
      });
    }
    default:
      return rows;
  }
}

/** The run's decision for a row that names a group cell by its key columns. */
function decisionOf(cells: RunCells, r: Record<string, unknown>): CellSuppression | undefined {
  return cells.decisions.get(
    cellKey(
      String(r.school_code),
      String(r.school_level),
      String(r.metric),
      String(r.student_group),
    ),
  );
}

/** Columns that name a cell rather than tell its figures; a hidden cell keeps only these. */
const GROUP_KEYS = [
  "run_id",
  "year",
  "school_code",
  "school_level",
  "metric",
  "student_group",
  "suppressed",
  "suppression_reason",
  "meets_floor",
];
/** Columns that name a periodic cell (its series, period and group); a hidden one keeps only these. */
const PERIODIC_KEYS = [
  "run_id",
  "year",
  "school_code",
  "school_level",
  "measure",
  "student_group",
  "period_start",
  "period_end",
  "period_label",
];
const GROWTH_KEYS = ["run_id", "year", "school_code", "school_level", "subject", "student_group"];

/** The row with every column but `keep` null. */
function blank(r: Record<string, unknown>, keep: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, keep.includes(k) ? v : null]));
}

/** A periodic export row (dates as read, a Date or text) by its key columns. */
function periodicRowOf(r: Record<string, unknown>) {
  return {
    school_code: String(r.school_code),
    school_level: String(r.school_level),
    measure: String(r.measure),
    student_group: String(r.student_group),
    period_start: dateText(r.period_start),
    n: r.n as number | null,
    numerator: r.numerator as number | null,
    denominator: r.denominator as number | null,
    value: r.value as number | null,
  };
}

/** A DATE column's value as `YYYY-MM-DD`. */
function dateText(v: unknown): string {
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
}

/** The series (school × level × measure) a batch of periodic rows touches. */
function periodicKeysOf(rows: readonly Record<string, unknown>[]): PeriodicSeriesKey[] {
  const keys = new Map<string, PeriodicSeriesKey>();
  for (const r of rows) {
    const k = {
      schoolCode: String(r.school_code),
      schoolLevel: String(r.school_level),
      measure: String(r.measure),
    };
    keys.set(`${k.schoolCode}|${k.schoolLevel}|${k.measure}`, k);
  }
  return [...keys.values()];
}

/** A school × level. */
const SCHOOL_LEVEL_ROW = {
  type: "object",
  required: ["school_code", "school_level"],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    school_level: { type: "string" },
  },
} as const;

/** A school × level with the proposal an override replaced (`p`: a partner or a community). */
const PROPOSAL_ROW = {
  type: "object",
  required: ["school_code", "school_level", "p"],
  additionalProperties: false,
  properties: {
    school_code: { type: "string" },
    school_level: { type: "string" },
    p: { type: ["string", "null"] },
  },
} as const;

/** school → the levels the run reports its growth measures at. */
async function schoolLevelsOf(ctx: DisclosureReader, runId: string) {
  const rows = await readRows(
    ctx.warehouse,
    "metric_results",
    SCHOOL_LEVEL_ROW,
    `SELECT DISTINCT ${selectList(SCHOOL_LEVEL_ROW)} FROM metric_results
     WHERE run_id = ? AND metric IN ('ela_growth', 'math_growth')`,
    [runId],
  );
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.school_code, [...(out.get(r.school_code) ?? []), r.school_level]);
  return out;
}

/**
 * A run's export table as a reader sees it: `suppress` false (the school's own district, or the
 * hub's analysts) gives the rows as computed; otherwise every figure goes through the same
 * decisions as the API's routes and pages (group cells with composites and growth beside them,
 * levels, index scores, reasons). `rows` are the table's rows (any columns; the cells are found by
 * their key columns). Call inside the reader's serialized read.
 */
export async function discloseExportRows(
  ctx: DisclosureReader,
  runId: string,
  table: ExportTable,
  rows: Record<string, unknown>[],
  suppress: boolean,
): Promise<Record<string, unknown>[]> {
  if (table === "district_results") return discloseDistrictRows(ctx, runId, rows, suppress);
  if (suppress) return shownDerivedRows(ctx, runId, table, rows);
  // Reasons are rendered from their facts for every reader (this one sees every figure).
  if (table === "identification" || table === "pairings" || table === "communities")
    return shownDerivedRows(ctx, runId, table, rows, () => true);
  // The same columns for every reader.
  if (table === "index_results") return rows.map((r) => ({ ...r, index_score_suppressed: false }));
  if (table === "periodic_results") {
    const decisions = await periodicDecisions(ctx, runId, periodicKeysOf(rows));
    return rows.map((r) => {
      const small = showPeriodicRow(periodicRowOf(r), decisions, false).suppressed;
      return { ...r, suppressed: small, suppression_reason: small ? "small_n" : null };
    });
  }
  if (table === "metric_results") {
    const cells = await runCells(ctx, runId);
    return rows.map((r) => {
      const s = decisionOf(cells, r);
      // Small cells are still flagged for a reader who may see them.
      const small = s?.reason === "small_n";
      return { ...r, suppressed: small, suppression_reason: small ? "small_n" : null };
    });
  }
  return rows;
}

/** school × level → the proposal an override replaced, from an effective-pairings SELECT. */
async function proposedOf(
  ctx: DisclosureReader,
  table: "pairings" | "communities",
  effective: string,
  column: string,
) {
  const rows = await readRows(
    ctx.warehouse,
    `effective ${table}`,
    PROPOSAL_ROW,
    `SELECT ${selectList(PROPOSAL_ROW, (c) => (c === "p" ? column : c))} FROM (${effective})`,
  );
  return new Map(rows.map((r) => [`${r.school_code}|${r.school_level}`, r.p]));
}
