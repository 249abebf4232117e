import type { FastifyInstance } from "fastify";
import { pairingExportQueries } from "../../identification/pairing-export.ts";
import { HttpError } from "../http-errors.ts";
import { minNOf } from "../reports/school-report.ts";
import { DISTRICT_CODE, ERRORS, RUN_ID, TABLE_EXISTS_SQL } from "../route-schemas.ts";
import { runResource } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";
import { suppressGroupRows } from "../suppression/suppress-metric-rows.ts";

/**
 * Tables a run may be exported from, with how small cells are handled: `groups` tables go through
 * primary and complementary suppression; `levels` tables hold only results at or above min n
 * (levels are assigned to unsuppressed results only); `growth` hides rows below min n;
 * `pairing` tables hold no student counts and are exported as `collab export` writes them, with
 * the hub analyst's overrides applied.
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
      config: {
        access: {
          resources: async (r) => [
            await runResource(ctx, (r.params as { runId: string }).runId),
            {
              kind: "aggregate",
              districtCode: (r.query as { district?: string }).district ?? null,
            },
          ],
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
      const rows = await ctx.read(async () => {
        const exists = Number((await ctx.warehouse.one(TABLE_EXISTS_SQL, [table])).n) > 0;
        if (!exists) throw new HttpError(404, "not_computed", `this warehouse has no ${table} yet`);
        if (table === "pairings" || table === "communities") {
          const order =
            table === "pairings"
              ? "school_code, school_level"
              : "community_id NULLS LAST, school_code, school_level";
          return ctx.warehouse.all(
            `SELECT * FROM (${pairingExportQueries(runId)[table]}) ${district ? "WHERE starts_with(school_code, ?)" : ""} ORDER BY ${order}`,
            district ? [district] : [],
          );
        }
        const where = ["run_id = ?", ...(district ? ["starts_with(school_code, ?)"] : [])];
        return ctx.warehouse.all(
          `SELECT * FROM ${table} WHERE ${where.join(" AND ")} ORDER BY ALL`,
          district ? [runId, district] : [runId],
        );
      });
      const suppress = request.access?.suppress ?? true;
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
