import type { FastifyInstance } from "fastify";
import { ERRORS, NO_QUERY, RUN_PARAMS } from "../../results/api-schemas.ts";
import { readRunList } from "../../results/run-list.ts";
import { PUBLICATIONS, RUN, RUN_DETAIL } from "../../results/run-schema.ts";
import { readRunSubmissions } from "../../results/run-submissions.ts";
import { ForbiddenError } from "../http-errors.ts";
import { isPublished, mayReadRun, runResource, runRow } from "../run-lookup.ts";
import type { ServerContext } from "../server-context.ts";

/** Runs: the list (published ones, or all for the hub), one run's manifest, publications. */
export function registerRunRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get(
    "/api/runs",
    {
      config: { access: { resources: () => [{ kind: "run", published: true }] } },
      schema: {
        tags: ["runs"],
        querystring: NO_QUERY,
        response: {
          200: {
            type: "object",
            required: ["runs"],
            additionalProperties: false,
            properties: { runs: { type: "array", items: RUN } },
          },
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const rows = await ctx.read(() => readRunList(ctx.warehouse));
      const runs = [];
      for (const r of rows) {
        if (await mayReadRun(ctx, request.principal, r.run_id)) {
          runs.push({ ...r, published: await isPublished(ctx, r.run_id) });
        }
      }
      return { runs };
    },
  );

  app.get(
    "/api/runs/published",
    {
      config: { access: { resources: () => [{ kind: "run", published: true }] } },
      schema: {
        tags: ["runs"],
        querystring: NO_QUERY,
        response: {
          200: PUBLICATIONS,
          ...ERRORS,
        },
      },
    },
    async () => {
      const publications = (await ctx.published.currentByYear()).map((p) => ({
        run_id: p.runId,
        year: p.year,
        published_at: p.publishedAt.toISOString(),
      }));
      return { publications };
    },
  );

  app.get<{ Params: { runId: string } }>(
    "/api/runs/:runId",
    {
      config: {
        access: {
          resources: (r) =>
            runResource(ctx, (r.params as { runId: string }).runId, r.principal).then((x) => [x]),
        },
      },
      schema: {
        tags: ["runs"],
        params: RUN_PARAMS,
        response: {
          200: RUN_DETAIL,
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const row = await runRow(ctx, request.params.runId);
      const manifest = JSON.parse(row.manifest) as { inputs?: { submission_id: string }[] };
      const ids = (manifest.inputs ?? []).map((i) => i.submission_id);
      return {
        run: {
          ...row,
          created_at: String(row.created_at),
          published: await isPublished(ctx, row.run_id),
        },
        manifest: manifest as Record<string, unknown>,
        submissions: await ctx.read(() => readRunSubmissions(ctx.warehouse, ids)),
      };
    },
  );

  app.post<{ Params: { runId: string } }>(
    "/api/runs/:runId/publish",
    {
      // Publishing acts on a run as a draft: only roles that may read drafts (the hub) may.
      config: { access: { resources: () => [{ kind: "run", published: false }] } },
      schema: {
        tags: ["runs"],
        params: RUN_PARAMS,
        response: {
          200: {
            type: "object",
            required: ["run_id", "year"],
            additionalProperties: false,
            properties: { run_id: { type: "string" }, year: { type: "integer" } },
          },
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const row = await runRow(ctx, request.params.runId);
      const by = request.principal.userId;
      if (by === null) throw new ForbiddenError("publishing needs an account");
      await ctx.published.publish({ runId: row.run_id, year: row.year, by });
      ctx.publishedRuns.add(row.run_id);
      return { run_id: row.run_id, year: row.year };
    },
  );
}
