import type { FastifyInstance } from "fastify";
import { runCells } from "../../disclosure/run-cells.ts";
import type { CellDecisions } from "../../disclosure/suppress-metric-rows.ts";
import { schoolLevelKey, withheldIndexes } from "../../disclosure/withheld-indexes.ts";
import { ERRORS, RUN_SCHOOL_PARAMS } from "../../results/api-schemas.ts";
import { LruCache } from "../../results/lru-cache.ts";
import { schoolExists } from "../../results/school-directory.ts";
import { assembleSchoolHistory } from "../../results/school-history.ts";
import { loadSchoolHistory } from "../../results/school-history-data.ts";
import { SCHOOL_HISTORY } from "../../results/school-history-schema.ts";
import { NotFoundError } from "../http-errors.ts";
import { runRow, runSchoolAggregateAccess } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

/**
 * A school's history over the years of a run's chain, for all students and one chosen group: the
 * trends, the index and tier by year, growth with its interval, and each year's level bands. Each
 * year's figures are disclosed as that year's run decided them (its cell decisions and withheld
 * indexes, kept per run). Runs are immutable, so answers are cached by run, school, group and
 * whether the reader gets small cells suppressed (the access hook decides that per request).
 */
export function registerSchoolHistoryRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const cache = new LruCache<string, string>(500);
  app.get<{ Params: { runId: string; schoolCode: string }; Querystring: { group?: string } }>(
    "/api/runs/:runId/schools/:schoolCode/history",
    {
      config: { access: runSchoolAggregateAccess(ctx) },
      schema: {
        tags: ["reports"],
        params: RUN_SCHOOL_PARAMS,
        querystring: {
          type: "object",
          properties: { group: { type: "string", pattern: "^[A-Z0-9_]{1,40}$" } },
          additionalProperties: false,
        },
        response: { 200: SCHOOL_HISTORY, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { runId, schoolCode } = request.params;
      const group = request.query.group ?? "ALL";
      const suppress = request.access?.suppress ?? true;
      const key = `${runId}|${schoolCode}|${group}|${suppress}`;
      let body = cache.get(key);
      if (body === undefined) {
        const run = await runRow(ctx, runId);
        const { data, decided, withheld } = await ctx.read(async () => {
          if (!(await schoolExists(ctx.warehouse, schoolCode)))
            throw new NotFoundError("school", schoolCode);
          const data = await loadSchoolHistory(ctx.warehouse, run, schoolCode, group);
          const decided = new Map<string, CellDecisions>();
          const withheld = new Map<string, ReadonlySet<string>>();
          for (const c of data.chain) {
            decided.set(c.run_id, (await runCells(ctx, c.run_id)).decisions);
            withheld.set(c.run_id, (await withheldIndexes(ctx, c.run_id)).keys);
          }
          return { data, decided, withheld };
        });
        const history = assembleSchoolHistory(ctx.framework, schoolCode, group, data, {
          suppress,
          decisions: (id) => decided.get(id),
          indexWithheld: (id, level) =>
            withheld.get(id)?.has(schoolLevelKey(schoolCode, level)) ?? true,
        });
        body = String(reply.serializeInput(history, "200"));
        cache.set(key, body);
      }
      return reply.type("application/json; charset=utf-8").send(body);
    },
  );
}
