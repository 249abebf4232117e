import type { FastifyInstance } from "fastify";
import type { FromSchema } from "json-schema-to-ts";
import { metricLabel } from "../../domain/framework/metric-label.ts";
import {
  changeIdeaJson,
  NO_RUN_FACTS,
  type RunSchoolFacts,
  readRunSchoolFacts,
} from "../../improvement/change-idea-library.ts";
import { CHANGE_IDEA_PAGE, CHANGE_IDEA_QUERY } from "../../improvement/change-idea-schema.ts";
import { ERRORS } from "../../results/api-schemas.ts";
import { readDistrictNames } from "../../results/district-names.ts";
import { mayReadRun } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

type Query = FromSchema<typeof CHANGE_IDEA_QUERY>;

const facts = new WeakMap<ServerContext, Map<string, Promise<RunSchoolFacts>>>();

/**
 * The facts of a run's schools, read once per server (runs are immutable). A plan's run the
 * warehouse does not have (or a run made before contexts were saved) has no rows, so no facts:
 * the library still shows the cycle, without a size or tier.
 */
function runFacts(ctx: ServerContext, runId: string | null): Promise<RunSchoolFacts> {
  if (runId === null) return Promise.resolve(NO_RUN_FACTS);
  let cache = facts.get(ctx);
  if (!cache) {
    cache = new Map();
    facts.set(ctx, cache);
  }
  let hit = cache.get(runId);
  if (!hit) {
    const runs = cache;
    hit = ctx.read(() => readRunSchoolFacts(ctx.warehouse, runId));
    // A failed read is answered as an error and tried again by the next request.
    hit.catch(() => runs.delete(runId));
    cache.set(runId, hit);
  }
  return hit;
}

/**
 * The change-idea library: every completed PDSA cycle of the network, with its results, decision
 * and context, searchable by measure, student group, school level, decision and words — "what
 * worked, for whom, under what conditions". Every signed-in user reads it.
 */
export function registerChangeIdeaRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Querystring: Query }>(
    "/api/change-ideas",
    {
      config: { access: { resources: () => [{ kind: "change_idea_library" }] } },
      schema: {
        tags: ["improvement"],
        summary:
          "completed PDSA cycles across the network with their results, decision and context, newest first",
        querystring: CHANGE_IDEA_QUERY,
        response: { 200: CHANGE_IDEA_PAGE, ...ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 25;
      const offset = q.offset ?? 0;
      const [page, facets] = await Promise.all([
        ctx.changeIdeas.search({
          metric: q.metric,
          studentGroup: q.group,
          schoolLevel: q.level,
          decision: q.decision,
          text: q.q,
          limit,
          offset,
        }),
        ctx.changeIdeas.facets(),
      ]);
      const label = (metric: string) => metricLabel(ctx.framework, metric);
      const runs = [...new Set(page.cycles.map((c) => c.runId))];
      const byRun = new Map(
        await Promise.all(
          runs.map(
            async (run) =>
              [
                run,
                {
                  facts: await runFacts(ctx, run),
                  showTier: run !== null && (await mayReadRun(ctx, request.principal, run)),
                },
              ] as const,
          ),
        ),
      );
      const districtNames = await ctx.read(() =>
        readDistrictNames(
          ctx.warehouse,
          page.cycles.flatMap((c) => (c.districtCode === null ? [] : [c.districtCode])),
        ),
      );
      const minN = ctx.framework.suppression.min_n;
      return {
        total: page.total,
        limit,
        offset,
        facets: {
          problems: facets.problems.map((p) => ({
            metric: p.metric,
            metric_label: label(p.metric),
            student_group: p.studentGroup,
          })),
          school_levels: [...facets.schoolLevels],
        },
        change_ideas: page.cycles.map((c) => {
          const run = byRun.get(c.runId);
          return changeIdeaJson(
            c,
            c.districtCode === null ? null : (districtNames.get(c.districtCode) ?? null),
            run?.facts ?? NO_RUN_FACTS,
            minN,
            run?.showTier ?? false,
            label,
          );
        }),
      };
    },
  );
}
