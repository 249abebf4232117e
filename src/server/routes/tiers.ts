import type { FastifyInstance } from "fastify";
import {
  shownIndexScore,
  shownTierReason,
  tierSchools,
  tierTables,
} from "../../disclosure/derived-values.ts";
import { readerSeesCellsOf } from "../../disclosure/hidden-cells.ts";
import { loadHiddenCells } from "../../disclosure/load-hidden-cells.ts";
import { parseFacts } from "../../disclosure/reason-column.ts";
import type { Trigger } from "../../identification/identify-schools.ts";
import type { TierFacts } from "../../identification/reason-facts.ts";
import { DISTRICT_CODE, ERRORS, RUN_PARAMS } from "../../results/api-schemas.ts";
import { readTierRows } from "../../results/tier-rows.ts";
import { TIER_LIST } from "../../results/tier-schema.ts";
import { runDistrictAggregateAccess } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

/**
 * Support tiers of a run: every school's tier and reason, with its index. The reason is rendered
 * from the row's facts once each figure is decided for the reader: quoted group levels follow the
 * reader's suppression of those cells, school by school, and so do the index score and the
 * figures quoted from it (only the level is served when the school's index uses a hidden cell).
 */
export function registerTierRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { runId: string }; Querystring: { tier?: string; district?: string } }>(
    "/api/runs/:runId/tiers",
    {
      config: { access: runDistrictAggregateAccess(ctx) },
      schema: {
        tags: ["results"],
        params: RUN_PARAMS,
        querystring: {
          type: "object",
          properties: {
            tier: { type: "string", enum: ["priority", "focus", "partner_eligible", "none"] },
            district: DISTRICT_CODE,
          },
          additionalProperties: false,
        },
        response: {
          200: TIER_LIST,
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const { rows, hidden } = await ctx.read(async () => {
        const rows = (await readTierRows(ctx.warehouse, request.params.runId, request.query)).map(
          (r) => ({
            ...r,
            facts: parseFacts<TierFacts<number>>(r.facts),
            triggers: JSON.parse(r.triggers) as Trigger[],
          }),
        );
        const tables = rows.flatMap(tierTables);
        const sees = readerSeesCellsOf(request.principal);
        return {
          rows,
          hidden: await loadHiddenCells(
            ctx,
            request.params.runId,
            tables,
            sees,
            rows.map(tierSchools),
          ),
        };
      });
      return {
        schools: rows.map(({ triggers, facts, ...r }) => ({
          ...r,
          ...shownIndexScore(r, r.index_score, hidden),
          triggers: triggers.map((t) => ({
            group: t.group,
            cells: t.measures.map((m) => ({ student_group: m.studentGroup, metric: m.metric })),
          })),
          reason: shownTierReason({ ...r, facts, triggers }, hidden, ctx.framework),
        })),
      };
    },
  );
}
