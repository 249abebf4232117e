import type { FastifyInstance } from "fastify";
import {
  discloseExportRows,
  EXPORT_TABLES,
  type ExportTable,
} from "../../disclosure/export-tables.ts";
import { DISTRICT_CODE, ERRORS, RUN_ID } from "../../results/api-schemas.ts";
import { csvText } from "../../results/csv-text.ts";
import { readExportRows } from "../../results/export-rows.ts";
import { HttpError } from "../http-errors.ts";
import { runDistrictAggregateAccess } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

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
      const rows = await ctx.read(async () => {
        const rows = await readExportRows(ctx.warehouse, runId, table, district);
        if (!rows) throw new HttpError(404, "not_computed", `this warehouse has no ${table} yet`);
        return discloseExportRows(ctx, runId, table, rows, suppress);
      });
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
      reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${runId}-${table}.csv"`);
      return csvText(rows);
    },
  );
}
