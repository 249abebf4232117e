import type { FastifyInstance } from "fastify";
import { readerSeesCellsOf } from "../../disclosure/hidden-cells.ts";
import { ERRORS, RUN_PARAMS } from "../../results/api-schemas.ts";
import { shownCommunityList, shownPairingList } from "../../results/pairing-list.ts";
import { COMMUNITY_ROW, PAIRING_ROW } from "../../results/pairing-schema.ts";
import { NotComputedError } from "../http-errors.ts";
import { runDistrictAggregateAccess, runRow } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

const rowsOf = (items: object) =>
  ({
    type: "object",
    required: ["rows"],
    properties: { rows: { type: "array", items } },
    additionalProperties: false,
  }) as const;

/**
 * A run's partner pairings and communities of practice as they stand (overrides applied), each
 * row explained for the reader (see `shownPairingList`). Both answer 404 `not_computed` until the
 * pairing stage has written its tables.
 */
export function registerPairingRoutes(app: FastifyInstance, ctx: ServerContext): void {
  for (const [table, row, shown] of [
    ["pairings", PAIRING_ROW, shownPairingList],
    ["communities", COMMUNITY_ROW, shownCommunityList],
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
        const rows = await ctx.read(() => shown(ctx, run.run_id, sees));
        if (rows === null) throw new NotComputedError(table, "pairing");
        return { rows };
      },
    );
  }
}
