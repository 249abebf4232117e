import type { FastifyInstance } from "fastify";
import { loadHiddenCells } from "../../disclosure/load-hidden-cells.ts";
import { ERRORS, RUN_SCHOOL_PARAMS } from "../../results/api-schemas.ts";
import {
  readIndexDecomposition,
  shownIndexDecomposition,
} from "../../results/index-decomposition.ts";
import { INDEX_DECOMPOSITION } from "../../results/index-decomposition-schema.ts";
import { schoolExists } from "../../results/school-directory.ts";
import { NotFoundError } from "../http-errors.ts";
import { runSchoolAggregateAccess } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

/**
 * A school's index and its exact decomposition: each measure's weight, ALL level, subgroup mean
 * and points, with the subgroup levels behind it, as the reader may see them
 * ({@link shownIndexDecomposition}).
 */
export function registerIndexRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { runId: string; schoolCode: string } }>(
    "/api/runs/:runId/schools/:schoolCode/index",
    {
      config: { access: runSchoolAggregateAccess(ctx) },
      schema: {
        tags: ["results"],
        params: RUN_SCHOOL_PARAMS,
        response: { 200: INDEX_DECOMPOSITION, ...ERRORS },
      },
    },
    async (request) => {
      const { runId, schoolCode } = request.params;
      const suppress = request.access?.suppress ?? true;
      const [data, hidden] = await ctx.read(async () => {
        const data = await readIndexDecomposition(ctx.warehouse, runId, schoolCode);
        const { components } = data;
        const hidden = await loadHiddenCells(
          ctx,
          runId,
          components.map((c) => ({ schoolCode, schoolLevel: c.school_level, metric: c.metric })),
          () => !suppress,
          components.map((c) => ({ schoolCode, schoolLevel: c.school_level })),
        );
        return [data, hidden] as const;
      });
      if (
        data.results.length === 0 &&
        !(await ctx.read(() => schoolExists(ctx.warehouse, schoolCode)))
      ) {
        throw new NotFoundError("school", schoolCode);
      }
      return shownIndexDecomposition(schoolCode, data, hidden);
    },
  );
}
