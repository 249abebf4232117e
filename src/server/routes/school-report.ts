import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { readerScope, readerSeesCellsOf } from "../../disclosure/hidden-cells.ts";
import { hiddenCutoffs, unseenWithheldKey } from "../../disclosure/hidden-cutoffs.ts";
import { runCells } from "../../disclosure/run-cells.ts";
import type { CellDecisions } from "../../disclosure/suppress-metric-rows.ts";
import { withheldIndexes } from "../../disclosure/withheld-indexes.ts";
import { ERRORS, RUN_SCHOOL_PARAMS } from "../../results/api-schemas.ts";
import { LruCache } from "../../results/lru-cache.ts";
import { schoolReportData } from "../../results/run-report-data.ts";
import { assembleSchoolReport } from "../../results/school-report.ts";
import { SCHOOL_REPORT } from "../../results/school-report-schema.ts";
import { NotFoundError } from "../http-errors.ts";
import { runRow, runSchoolAggregateAccess } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

/**
 * The school report of a run. Runs are immutable, so two caches sit in front of DuckDB: each
 * run's report data for every school, read in one pass of SQL the first time the run is asked
 * for (`ctx.reportData`, read at start for the latest runs); and the most recently served
 * reports, serialized, keyed by run, school and whether the reader gets small cells suppressed —
 * the access hook decides that for every request, so a reader allowed the unsuppressed view never
 * shares an entry with one who is not — and the withheld indexes of other schools the reader does not see (a quoted cut-off may be one of them).
 */
export function registerSchoolReportRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const cache = new LruCache<string, string>(ctx.options.reportCacheSize ?? 2000);
  // Per run and reader scope: the digest of the withheld schools the reader does not see.
  const scopes = new LruCache<string, string>(1000);
  app.get<{ Params: { runId: string; schoolCode: string } }>(
    "/api/runs/:runId/schools/:schoolCode/report",
    {
      config: { access: runSchoolAggregateAccess(ctx) },
      schema: {
        tags: ["reports"],
        params: RUN_SCHOOL_PARAMS,
        response: { 200: SCHOOL_REPORT, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { runId, schoolCode } = request.params;
      const suppress = request.access?.suppress ?? true;
      const run = await runRow(ctx, runId);
      // Both kept per run: a warm request reads neither the warehouse nor the withheld list.
      const withheld = await (ctx.withheldIndexes.get(run.run_id) ??
        ctx.read(() => withheldIndexes(ctx, run.run_id)));
      const sees = readerSeesCellsOf(request.principal);
      const scopeKey = `${run.run_id}|${readerScope(request.principal)}`;
      let scope = scopes.get(scopeKey);
      if (scope === undefined) {
        scope = createHash("sha256")
          .update(unseenWithheldKey(withheld.figures, sees))
          .digest("base64url");
        scopes.set(scopeKey, scope);
      }
      const key = `${runId}|${schoolCode}|${suppress}|${scope}`;
      let body = cache.get(key);
      if (body === undefined) {
        const data = schoolReportData(await ctx.reportData.get(run), schoolCode);
        if (!data) throw new NotFoundError("school", schoolCode);
        const cutoff = hiddenCutoffs(withheld.figures, sees);
        // The run's decisions and those of the trend's earlier years, each decided once per run.
        const runIds = new Set([run.run_id, ...data.trendRows.map((t) => t.run_id)]);
        const decided = new Map<string, CellDecisions>();
        for (const id of runIds) {
          const cells = await (ctx.runCells.get(id) ?? ctx.read(() => runCells(ctx, id)));
          decided.set(id, cells.decisions);
        }
        const report = assembleSchoolReport(ctx.framework, run, data, suppress, cutoff, (id) =>
          decided.get(id),
        );
        body = String(reply.serializeInput(report, "200"));
        if (cache.size > 0) cache.set(key, body);
      }
      return reply.type("application/json; charset=utf-8").send(body);
    },
  );
}
