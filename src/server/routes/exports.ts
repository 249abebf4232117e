import { once } from "node:events";
import { PassThrough } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { FastifyInstance } from "fastify";
import { EXPORT_TABLES, type ExportTable } from "../../disclosure/export-tables.ts";
import { DISTRICT_CODE, ERRORS, RUN_ID } from "../../results/api-schemas.ts";
import { exportCsv } from "../../results/export-csv.ts";
import { hasExportTable } from "../../results/export-rows.ts";
import { HttpError } from "../http-errors.ts";
import { runDistrictAggregateAccess } from "../run-lookup.ts";
import { DEFAULT_ANONYMOUS_EXPORTS_PER_MINUTE, type ServerContext } from "../server-context.ts";

/** Seconds an anonymous client over its exports at once is told to wait (`Retry-After`). */
const RETRY_AFTER_BUSY_SECONDS = 10;

/**
 * CSV exports of a run's results tables, suppression applied. The CSV streams as it is read and
 * disclosed (a batch of rows at a time, written as fast as the client takes it) on a warehouse
 * connection of the export pool, and stops — the running statement interrupted — when the client
 * goes. Anonymous clients are limited per address: exports at once and requests a minute (429
 * with `Retry-After`); signed-in readers only wait their turn for a connection.
 */
export function registerExportRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { runId: string; table: ExportTable }; Querystring: { district?: string } }>(
    "/api/runs/:runId/exports/:table",
    {
      config: {
        access: runDistrictAggregateAccess(ctx),
        rateLimit: {
          max: ctx.options.anonymousExportsPerMinute ?? DEFAULT_ANONYMOUS_EXPORTS_PER_MINUTE,
          timeWindow: 60_000,
          allowList: (request) => request.principal.userId !== null,
        },
      },
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
      if (!(await hasExportTable(ctx.warehouse, table)))
        throw new HttpError(404, "not_computed", `this warehouse has no ${table} yet`);
      const anonymous = request.principal.userId === null;
      const end = anonymous ? ctx.readers.perAddress.enter(request.ip) : () => {};
      if (!end) {
        throw new HttpError(
          429,
          "too_many_exports",
          `this address already has ${ctx.readers.perAddress.perAddress} exports running: wait for one to finish`,
          { "retry-after": String(RETRY_AFTER_BUSY_SECONDS) },
        );
      }
      // An export of figures others see suppressed is an audited act of the user who made it.
      if (!suppress) {
        await ctx.audit.record({
          userId: request.principal.userId,
          role: request.principal.role,
          action: "export",
          resource: `GET /api/runs/:runId/exports/${table} unsuppressed`,
          districtCode: district ?? null,
          ip: request.ip,
          outcome: "allowed",
        });
      }
      const gone = new AbortController();
      const body = new PassThrough();
      // The client left (or the response failed) before the CSV was written in full.
      const leave = () => {
        if (!reply.raw.writableFinished) gone.abort(new Error("the client closed the export"));
      };
      reply.raw.once("close", leave);
      body.once("close", leave);
      const what = {
        runId,
        table,
        suppress,
        ...(district ? { district } : {}),
        ...(ctx.options.exportBatchRows ? { batchRows: ctx.options.exportBatchRows } : {}),
      };
      void ctx.readers.exports
        .hold(async (connection) => {
          const pieces = exportCsv(ctx, connection, what, gone.signal, (rows) => {
            ctx.readers.exportedRows += rows;
          });
          for (;;) {
            const next = await ctx.readers.pace.turn(() => pieces.next());
            if (next.done) break;
            if (!body.write(next.value)) await once(body, "drain", { signal: gone.signal });
            // Requests that came in meanwhile (a school report) are answered before the next batch.
            await nextTurn();
          }
        }, gone.signal)
        .then(
          () => body.end(),
          (error: unknown) => {
            if (!gone.signal.aborted) request.log.error(error);
            body.destroy(error instanceof Error ? error : new Error(String(error)));
          },
        )
        .finally(end);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${runId}-${table}.csv"`)
        .send(body);
    },
  );
}
