import type { Resource } from "../access/access-policy.ts";
import { canAccess } from "../access/access-policy.ts";
import type { Principal } from "../access/principal.ts";
import { findRun, RunNotFoundError, type RunRow } from "../runs/find-run.ts";
import { NotFoundError } from "./http-errors.ts";
import type { RouteAccess } from "./route-access.ts";
import type { ServerContext } from "./server-context.ts";

/** Whether a run was ever published (cached once true: publication is never undone). */
export async function isPublished(ctx: ServerContext, runId: string): Promise<boolean> {
  if (ctx.publishedRuns.has(runId)) return true;
  const published = await ctx.published.wasPublished(runId);
  if (published) ctx.publishedRuns.add(runId);
  return published;
}

const runCache = new WeakMap<ServerContext, Map<string, RunRow>>();

/** The complete run `runId`, or a 404. Complete runs are immutable, so they are cached. */
export async function runRow(ctx: ServerContext, runId: string): Promise<RunRow> {
  let cache = runCache.get(ctx);
  if (!cache) {
    cache = new Map();
    runCache.set(ctx, cache);
  }
  const hit = cache.get(runId);
  if (hit) return hit;
  try {
    const row = await ctx.read(() => findRun(ctx.warehouse, runId));
    cache.set(runId, row);
    return row;
  } catch (error) {
    if (error instanceof RunNotFoundError) throw new NotFoundError("run", runId);
    throw error;
  }
}

/**
 * The policy resource of a run: published or a hub draft. 404 when there is no such run, and
 * also when it is a draft `who` may not read, so a run id cannot be confirmed by its 403.
 */
export async function runResource(
  ctx: ServerContext,
  runId: string,
  who: Principal,
): Promise<Resource> {
  await runRow(ctx, runId);
  const resource: Resource = { kind: "run", published: await isPublished(ctx, runId) };
  if (!resource.published && !canAccess(who, resource).allowed) {
    throw new NotFoundError("run", runId);
  }
  return resource;
}

/** Whether `who` may read run `runId` (for filtering lists). */
export async function mayReadRun(
  ctx: ServerContext,
  who: Principal,
  runId: string,
): Promise<boolean> {
  return canAccess(who, { kind: "run", published: await isPublished(ctx, runId) }).allowed;
}

/** The district of a 14-digit school code (its first seven digits). */
export function districtOf(schoolCode: string): string {
  return schoolCode.slice(0, 7);
}

/**
 * The access of a route under `/api/runs/:runId/schools/:schoolCode/…` that serves the school's
 * aggregates: the run (published, or a hub draft) and the school's aggregate resource.
 */
export function runSchoolAggregateAccess(ctx: ServerContext): RouteAccess {
  return {
    resources: async (request) => {
      const { runId, schoolCode } = request.params as { runId: string; schoolCode: string };
      return [
        await runResource(ctx, runId, request.principal),
        { kind: "aggregate", districtCode: districtOf(schoolCode), schoolCode },
      ];
    },
  };
}

/**
 * The access of a route under `/api/runs/:runId/…` that serves aggregates of the whole network,
 * or of one district when the query names `district`: the run and that aggregate resource.
 */
export function runDistrictAggregateAccess(ctx: ServerContext): RouteAccess {
  return {
    resources: async (request) => [
      await runResource(ctx, (request.params as { runId: string }).runId, request.principal),
      {
        kind: "aggregate",
        districtCode: (request.query as { district?: string } | undefined)?.district ?? null,
      },
    ],
  };
}
