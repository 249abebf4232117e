import type { FastifyInstance } from "fastify";
import {
  effectiveCommunitiesSql,
  effectivePairingsSql,
} from "../../identification/effective-pairings.ts";
import type { Trigger } from "../../identification/identify-schools.ts";
import { pairingExportQueries } from "../../identification/pairing-export.ts";
import { HttpError } from "../http-errors.ts";
import { minNOf } from "../reports/school-report.ts";
import { DISTRICT_CODE, ERRORS, RUN_ID, TABLE_EXISTS_SQL } from "../route-schemas.ts";
import { runDistrictAggregateAccess } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";
import {
  type ComponentRow,
  shownComponent,
  shownIndexScore,
  shownTierReason,
  shownTriggers,
  tierSchools,
  tierTables,
} from "../suppression/derived-values.ts";
import { loadHiddenCells } from "../suppression/load-hidden-cells.ts";
import { suppressGroupRows } from "../suppression/suppress-metric-rows.ts";
import { type PairRow, shownCommunities, shownPairings } from "./pairings.ts";

/**
 * Tables a run may be exported from, with how small cells are handled: `groups` tables go through
 * primary and complementary suppression; `levels` tables hold only results at or above min n
 * (levels are assigned to unsuppressed results only) but a level can still belong to a cell hidden
 * beside a small one, so quoted levels follow the same decision as the API (and an index score is
 * null, with `index_score_suppressed`, when its index uses such a cell); `growth` hides rows
 * below min n; `pairing` tables hold no student counts and are exported as `collab export` writes
 * them, with the hub analyst's overrides applied and their quoted levels suppressed the same way.
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
} as const;
export type ExportTable = keyof typeof EXPORT_TABLES;

/**
 * Rows of the tables whose values quote group cells (levels, index components, tier reasons,
 * pairing and community reasons) as a reader of the suppressed form may see them: the same
 * decisions as the API's routes, with the export's reader scope (the whole export is suppressed
 * or not). Columns stay as they are.
 */
async function shownDerivedRows(
  ctx: ServerContext,
  runId: string,
  table: ExportTable,
  rows: Record<string, unknown>[],
): Promise<Record<string, unknown>[]> {
  const sees = () => false;
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
          ? { ...r, level: null, change_1: null, change_2: null, change_3: null }
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
          reason: String(r.reason),
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
      return quotes.map(({ row, quote }) => ({
        ...row,
        reason: shownTierReason(quote, hidden, ctx.framework),
        triggers: JSON.stringify(shownTriggers(quote, hidden)),
      }));
    }
    case "pairings": {
      const proposed = await proposedOf(ctx, effectivePairingsSql(runId), "proposed_partner_code");
      const shown = await shownPairings(
        ctx,
        runId,
        rows.map((r) => ({
          ...(r as PairRow),
          proposed_partner_code: proposed.get(`${r.school_code}|${r.school_level}`) ?? null,
          proposed_reason: "",
        })),
        sees,
      );
      return shown.map(({ proposed_partner_code: _p, proposed_reason: _r, ...r }) => r);
    }
    case "communities": {
      const proposed = await proposedOf(
        ctx,
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
        ({ proposed_community_id: _c, problem_level: _l, proposed_reason: _r, ...r }) => r,
      );
    }
    default:
      return rows;
  }
}

/** school × level → the proposal an override replaced, from an effective-pairings SELECT. */
async function proposedOf(ctx: ServerContext, effective: string, column: string) {
  const rows = await ctx.warehouse.all<{
    school_code: string;
    school_level: string;
    p: string | null;
  }>(`SELECT school_code, school_level, ${column} AS p FROM (${effective})`);
  return new Map(rows.map((r) => [`${r.school_code}|${r.school_level}`, r.p]));
}

/** One CSV field: quoted when it holds a comma, quote or line break; null is empty. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV exports of a run's results tables, suppression applied. */
export function registerExportRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { runId: string; table: ExportTable }; Querystring: { district?: string } }>(
    "/api/runs/:runId/exports/:table",
    {
      config: { access: runDistrictAggregateAccess(ctx) },
      schema: {
        tags: ["exports"],
        params: {
          type: "object",
          required: ["runId", "table"],
          properties: {
            runId: RUN_ID,
            table: { type: "string", enum: Object.keys(EXPORT_TABLES) },
          },
          additionalProperties: false,
        },
        querystring: {
          type: "object",
          properties: { district: DISTRICT_CODE },
          additionalProperties: false,
        },
        response: { 200: { type: "string", description: "CSV with a header row" }, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { runId, table } = request.params;
      const district = request.query.district;
      const suppress = request.access?.suppress ?? true;
      const rows = await ctx.read(async (): Promise<Record<string, unknown>[]> => {
        const exists = Number((await ctx.warehouse.one(TABLE_EXISTS_SQL, [table])).n) > 0;
        if (!exists) throw new HttpError(404, "not_computed", `this warehouse has no ${table} yet`);
        let rows: Record<string, unknown>[];
        if (table === "pairings" || table === "communities") {
          const order =
            table === "pairings"
              ? "school_code, school_level"
              : "community_id NULLS LAST, school_code, school_level";
          rows = await ctx.warehouse.all(
            `SELECT * FROM (${pairingExportQueries(runId)[table]}) ${district ? "WHERE starts_with(school_code, ?)" : ""} ORDER BY ${order}`,
            district ? [district] : [],
          );
        } else {
          const where = ["run_id = ?", ...(district ? ["starts_with(school_code, ?)"] : [])];
          rows = await ctx.warehouse.all(
            `SELECT * FROM ${table} WHERE ${where.join(" AND ")} ORDER BY ALL`,
            district ? [runId, district] : [runId],
          );
        }
        if (suppress) return shownDerivedRows(ctx, runId, table, rows);
        // The same columns for every reader.
        return table === "index_results"
          ? rows.map((r) => ({ ...r, index_score_suppressed: false }))
          : rows;
      });
      const minN = minNOf(ctx.framework);
      let shown: Record<string, unknown>[] = rows;
      if (EXPORT_TABLES[table] === "groups") {
        shown = suppressGroupRows(
          rows as unknown as Parameters<typeof suppressGroupRows>[0],
          minN,
          suppress,
        ) as unknown as Record<string, unknown>[];
      } else if (EXPORT_TABLES[table] === "growth" && suppress) {
        const blank = [
          "n",
          "weight",
          "effect",
          "se",
          "effect_shrunk",
          "se_shrunk",
          "ci_low",
          "ci_high",
          "reliability",
          "growth_score",
          "level",
        ];
        shown = rows.map((r) =>
          r.suppressed || Number(r.n) < minN(`${String(r.subject).toLowerCase()}_growth`)
            ? { ...r, ...Object.fromEntries(blank.map((c) => [c, null])), suppressed: true }
            : r,
        );
      }
      const columns = shown[0] ? Object.keys(shown[0]) : [];
      const lines = [
        columns.join(","),
        ...shown.map((r) => columns.map((c) => csvField(r[c])).join(",")),
      ];
      reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${runId}-${table}.csv"`);
      return `${lines.join("\n")}\n`;
    },
  );
}
