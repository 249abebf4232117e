import type { FastifyInstance } from "fastify";
import { readerSeesCellsOf } from "../../disclosure/hidden-cells.ts";
import { loadRunContexts, PeerQueryError } from "../../identification/find-peers.ts";
import { ERRORS, METRIC, RUN_SCHOOL_PARAMS, SCHOOL_LEVEL } from "../../results/api-schemas.ts";
import { PEER_LIST } from "../../results/peer-schema.ts";
import { RunStore } from "../../results/run-store.ts";
import { shownPeerList } from "../../results/shown-peers.ts";
import { BadRequestError, HttpError } from "../http-errors.ts";
import { runRow, runSchoolAggregateAccess } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

interface PeerQuerystring {
  metric?: string;
  level?: string;
  limit?: number;
  min_level?: number;
}

/**
 * The peer finder: schools like this one (same level, nearest on student context) that are strong
 * on a measure for all students. Only the ALL group is compared: a subgroup's level at another
 * school could be a cell that complementary suppression hides.
 */
export function registerPeerRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // each run's school contexts and context metric, read once
  const store = new RunStore(
    (run) => ctx.read(() => loadRunContexts(ctx.warehouse, ctx.framework, run)),
    ctx.options.reportRunsKept ?? 4,
  );
  app.get<{ Params: { runId: string; schoolCode: string }; Querystring: PeerQuerystring }>(
    "/api/runs/:runId/schools/:schoolCode/peers",
    {
      config: { access: runSchoolAggregateAccess(ctx) },
      schema: {
        tags: ["pairing"],
        summary: "similar schools that are strong on a measure",
        params: RUN_SCHOOL_PARAMS,
        querystring: {
          type: "object",
          properties: {
            metric: { ...METRIC, description: "the measure (required)" },
            level: SCHOOL_LEVEL,
            limit: { type: "integer", minimum: 1, maximum: 50, default: 10 },
            min_level: { type: "integer", minimum: 1, maximum: 10 },
          },
          additionalProperties: false,
        },
        response: { 200: PEER_LIST, ...ERRORS },
      },
    },
    async (request) => {
      const { runId, schoolCode } = request.params;
      const { metric, level, limit, min_level } = request.query;
      // Checked here, not by the schema: a refusal must come before any complaint about the query.
      if (!metric) throw new BadRequestError("query parameter metric is required");
      const run = await runRow(ctx, runId);
      const contexts = await store.get(run);
      const sees = readerSeesCellsOf(request.principal);
      const query = {
        run: run.run_id,
        school: schoolCode,
        metric,
        ...(level ? { level } : {}),
        ...(limit ? { limit } : {}),
        ...(min_level ? { minLevel: min_level } : {}),
      };
      try {
        return await ctx.read(() => shownPeerList(ctx, query, contexts, sees));
      } catch (error) {
        if (error instanceof PeerQueryError) {
          if (error.field === "school") throw new HttpError(404, "not_found", error.message);
          throw new BadRequestError(error.message);
        }
        throw error;
      }
    },
  );
}
