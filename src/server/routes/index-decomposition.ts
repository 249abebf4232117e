import type { FastifyInstance } from "fastify";
import { ERRORS, INT, NUM, RUN_SCHOOL_PARAMS } from "../route-schemas.ts";
import { runSchoolAggregateAccess } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

/**
 * A school's index and its exact decomposition: each measure's weight, ALL level, subgroup mean
 * and points, with the subgroup levels behind it. Levels exist only for groups at or above min n,
 * so nothing here is a small cell.
 */
export function registerIndexRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { runId: string; schoolCode: string } }>(
    "/api/runs/:runId/schools/:schoolCode/index",
    {
      config: { access: runSchoolAggregateAccess(ctx) },
      schema: {
        tags: ["results"],
        params: RUN_SCHOOL_PARAMS,
        response: {
          200: {
            type: "object",
            required: ["levels"],
            additionalProperties: false,
            properties: {
              levels: {
                type: "array",
                items: {
                  type: "object",
                  required: ["school_level", "index_score", "index_level", "components"],
                  additionalProperties: false,
                  properties: {
                    school_level: { type: "string" },
                    index_score: NUM,
                    index_level: INT,
                    components: {
                      type: "array",
                      items: {
                        type: "object",
                        required: ["metric", "weight", "points", "subgroups"],
                        additionalProperties: false,
                        properties: {
                          metric: { type: "string" },
                          domain: { type: "string" },
                          weight: { type: "number" },
                          all_level: { type: "integer" },
                          subgroup_mean: NUM,
                          subgroup_count: { type: "integer" },
                          measure_level: { type: "number" },
                          points: { type: "number" },
                          subgroups: {
                            type: "array",
                            items: {
                              type: "object",
                              required: ["component_group", "student_group", "level"],
                              additionalProperties: false,
                              properties: {
                                component_group: { type: "string" },
                                student_group: { type: "string" },
                                level: { type: "integer" },
                              },
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const { runId, schoolCode } = request.params;
      const [results, components, groups] = await ctx.read(async () => [
        await ctx.warehouse.all(
          "SELECT school_level, index_score, index_level FROM index_results WHERE run_id = ? AND school_code = ? ORDER BY school_level",
          [runId, schoolCode],
        ),
        await ctx.warehouse.all(
          `SELECT school_level, metric, domain, weight, all_level, subgroup_mean, subgroup_count, measure_level, points
           FROM index_components WHERE run_id = ? AND school_code = ? ORDER BY school_level, metric`,
          [runId, schoolCode],
        ),
        await ctx.warehouse.all(
          `SELECT school_level, metric, component_group, student_group, level
           FROM index_group_levels WHERE run_id = ? AND school_code = ? ORDER BY component_group`,
          [runId, schoolCode],
        ),
      ]);
      return {
        levels: results.map((r) => ({
          ...r,
          components: components
            .filter((c) => c.school_level === r.school_level)
            .map((c) => ({
              ...c,
              subgroups: groups.filter(
                (g) => g.school_level === c.school_level && g.metric === c.metric,
              ),
            })),
        })),
      };
    },
  );
}
