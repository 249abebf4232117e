import type { FastifyInstance } from "fastify";
import { readerSeesCellsOf } from "../../disclosure/hidden-cells.ts";
import { type PairRow, shownCommunities, shownPairings } from "../../disclosure/shown-pairings.ts";
import {
  effectiveCommunitiesSql,
  effectivePairingsSql,
} from "../../identification/effective-pairings.ts";
import { problemText } from "../../identification/reason-text.ts";
import { ERRORS, RUN_PARAMS } from "../../results/api-schemas.ts";
import { COMMUNITY_ROW, PAIRING_ROW } from "../../results/pairing-schema.ts";
import { TABLE_EXISTS_SQL } from "../../warehouse/table-exists-sql.ts";
import { HttpError } from "../http-errors.ts";
import { runDistrictAggregateAccess, runRow } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

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

/**
 * A run's partner pairings and communities of practice as they stand: the hub analyst's latest
 * override per school applied on read (the run's rows never change), each row explained. Both
 * answer 404 `not_computed` until the pairing stage has written its tables. They hold no student
 * counts, but their reasons and problem levels quote group levels: those follow the reader's
 * suppression of the cells quoted, school by school, decided on the rows' facts before the reason
 * is rendered.
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
          if (table === "pairings") return shownPairings(ctx, run.run_id, rows as PairRow[], sees);
          return (await shownCommunities(ctx, run.run_id, rows, sees)).map((r) => ({
            ...r,
            problem_label: problemText((r.problem ?? null) as string | null, ctx.framework),
          }));
        });
        return { rows };
      },
    );
  }
}
