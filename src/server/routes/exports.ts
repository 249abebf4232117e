import type { FastifyInstance } from "fastify";
import {
  discloseExportRows,
  EXPORT_TABLES,
  type ExportTable,
} from "../../disclosure/export-tables.ts";
import { pairingExportQueries } from "../../identification/pairing-export.ts";
import { DISTRICT_CODE, ERRORS, RUN_ID } from "../../results/api-schemas.ts";
import { csvText } from "../../results/csv-text.ts";
import { TABLE_EXISTS_SQL } from "../../warehouse/table-exists-sql.ts";
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
        return discloseExportRows(ctx, runId, table, rows, suppress);
      });
      reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${runId}-${table}.csv"`);
      return csvText(rows);
    },
  );
}
