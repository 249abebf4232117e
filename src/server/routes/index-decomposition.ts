import type { FastifyInstance } from "fastify";
import {
  type ComponentRow,
  shownComponent,
  shownIndexScore,
} from "../../disclosure/derived-values.ts";
import { loadHiddenCells } from "../../disclosure/load-hidden-cells.ts";
import {
  ERRORS,
  INDEX_SCORE_SUPPRESSED,
  INT,
  NUM,
  RUN_SCHOOL_PARAMS,
} from "../../results/api-schemas.ts";
import { NotFoundError } from "../http-errors.ts";
import { runSchoolAggregateAccess, schoolExists } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

/**
 * A school's index and its exact decomposition: each measure's weight, ALL level, subgroup mean
 * and points, with the subgroup levels behind it. Levels exist only for groups at or above min n,
 * but a group can still be hidden beside a small one (complementary suppression): for a reader who
 * gets the suppressed report, its level is null, and so are the subgroup mean, measure level and
 * points of its measure, which would give the level away by arithmetic — and so is the index
 * score (flagged `index_score_suppressed`), which minus the points still shown would give the
 * hidden points back. The index level stays.
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
                  required: [
                    "school_level",
                    "index_score",
                    "index_score_suppressed",
                    "index_level",
                    "components",
                  ],
                  additionalProperties: false,
                  properties: {
                    school_level: { type: "string" },
                    index_score: NUM,
                    index_score_suppressed: INDEX_SCORE_SUPPRESSED,
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
                          all_level: INT,
                          subgroup_mean: NUM,
                          subgroup_count: { type: "integer" },
                          measure_level: NUM,
                          points: NUM,
                          subgroups: {
                            type: "array",
                            items: {
                              type: "object",
                              required: ["component_group", "student_group", "level", "suppressed"],
                              additionalProperties: false,
                              properties: {
                                component_group: { type: "string" },
                                student_group: { type: "string" },
                                level: INT,
                                suppressed: { type: "boolean" },
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
      const suppress = request.access?.suppress ?? true;
      const [results, components, groups, hidden] = await ctx.read(async () => {
        const components = await ctx.warehouse.all<ComponentRow & Record<string, unknown>>(
          `SELECT school_code, school_level, metric, domain, weight, all_level, subgroup_mean, subgroup_count, measure_level, points
           FROM index_components WHERE run_id = ? AND school_code = ? ORDER BY school_level, metric`,
          [runId, schoolCode],
        );
        return [
          await ctx.warehouse.all<{
            school_level: string;
            index_score: number | null;
            index_level: number | null;
          }>(
            "SELECT school_level, index_score, index_level FROM index_results WHERE run_id = ? AND school_code = ? ORDER BY school_level",
            [runId, schoolCode],
          ),
          components,
          await ctx.warehouse.all<{
            school_level: string;
            metric: string;
            component_group: string;
            student_group: string;
            level: number;
          }>(
            `SELECT school_level, metric, component_group, student_group, level
             FROM index_group_levels WHERE run_id = ? AND school_code = ? ORDER BY component_group`,
            [runId, schoolCode],
          ),
          await loadHiddenCells(
            ctx,
            runId,
            components.map((c) => ({
              schoolCode,
              schoolLevel: c.school_level,
              metric: c.metric,
            })),
            () => !suppress,
            components.map((c) => ({ schoolCode, schoolLevel: c.school_level })),
          ),
        ] as const;
      });
      if (results.length === 0 && !(await schoolExists(ctx, schoolCode))) {
        throw new NotFoundError("school", schoolCode);
      }
      return {
        levels: results.map((r) => ({
          ...r,
          ...shownIndexScore(
            { school_code: schoolCode, school_level: r.school_level },
            r.index_score,
            hidden,
          ),
          components: components
            .filter((c) => c.school_level === r.school_level)
            .map((c) => {
              const { school_code: _school, ...shown } = shownComponent(c, hidden);
              return {
                ...shown,
                subgroups: groups
                  .filter((g) => g.school_level === c.school_level && g.metric === c.metric)
                  .map((g) => {
                    const isHidden = hidden.cell(
                      schoolCode,
                      g.school_level,
                      g.metric,
                      g.student_group,
                    );
                    return {
                      component_group: g.component_group,
                      student_group: g.student_group,
                      level: isHidden ? null : g.level,
                      suppressed: isHidden,
                    };
                  }),
              };
            }),
        })),
      };
    },
  );
}
