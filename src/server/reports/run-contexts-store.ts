import { loadRunContexts, type RunContexts } from "../../identification/find-peers.ts";
import type { RunRow } from "../../runs/find-run.ts";
import type { ServerContext } from "../server-context.ts";
import { LruCache } from "./lru-cache.ts";

/**
 * Each run's school contexts and context metric for the peer finder, loaded once (runs are
 * immutable) and kept for the `maxRuns` runs asked about most recently. Concurrent first requests
 * for a run share one load; a failed load is retried by the next request.
 */
export class RunContextsStore {
  private readonly runs: LruCache<string, Promise<RunContexts>>;

  constructor(
    private readonly ctx: ServerContext,
    maxRuns = 4,
  ) {
    this.runs = new LruCache(maxRuns);
  }

  contexts(run: RunRow): Promise<RunContexts> {
    const hit = this.runs.get(run.run_id);
    if (hit) return hit;
    const loading = this.ctx.read(() =>
      loadRunContexts(this.ctx.warehouse, this.ctx.framework, run),
    );
    this.runs.set(run.run_id, loading);
    loading.catch(() => this.runs.delete(run.run_id));
    return loading;
  }
}
