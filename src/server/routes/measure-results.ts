import type { FastifyInstance } from "fastify";
import { runCells } from "../../disclosure/run-cells.ts";
import { applyCellDecisions } from "../../disclosure/suppress-metric-rows.ts";
import {
  DISTRICT_CODE,
  ERRORS,
  GROUP_RESULT,
  METRIC,
  RUN_ID,
  SCHOOL_CODE,
  SCHOOL_LEVEL,
} from "../../results/api-schemas.ts";
import { readMeasureResults } from "../../results/measure-results.ts";
import { districtOf, runResource } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

interface Query {
  district?: string;
  school?: string;
  level?: string;
}

/** One measure's results by student group across schools (suppression applied per school table). */
export function registerMeasureResultRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { runId: string; metric: string }; Querystring: Query }>(
    "/api/runs/:runId/measures/:metric/results",
    {
      config: {
        access: {
          resources: async (r) => {
            const q = r.query as Query;
            const district = q.school ? districtOf(q.school) : (q.district ?? null);
            return [
              await runResource(ctx, (r.params as { runId: string }).runId, r.principal),
              { kind: "aggregate", districtCode: district, schoolCode: q.school ?? null },
            ];
          },
        },
      },
      schema: {
        tags: ["results"],
        params: {
          type: "object",
          required: ["runId", "metric"],
          properties: { runId: RUN_ID, metric: METRIC },
          additionalProperties: false,
        },
        querystring: {
          type: "object",
          properties: {
            district: DISTRICT_CODE,
            school: SCHOOL_CODE,
            level: SCHOOL_LEVEL,
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: "object",
            required: ["results"],
            additionalProperties: false,
            properties: { results: { type: "array", items: GROUP_RESULT } },
          },
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const { runId, metric } = request.params;
      const [rows, cells] = await ctx.read(
        async () =>
          [
            await readMeasureResults(ctx.warehouse, runId, metric, request.query),
            // Decided over the whole run: a composite's cells depend on its components'.
            await runCells(ctx, runId),
          ] as const,
      );
      const suppress = request.access?.suppress ?? true;
      const results = applyCellDecisions(rows, cells.decisions, suppress).map((r) => ({
        ...r,
        level: r.suppressed && suppress ? null : r.level,
      }));
      return { results };
    },
  );
}
