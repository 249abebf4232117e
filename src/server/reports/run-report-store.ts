import type { RunRow } from "../../runs/find-run.ts";
import type { ServerContext } from "../server-context.ts";
import { LruCache } from "./lru-cache.ts";
import { loadRunReportData, type RunReportData } from "./run-report-data.ts";

/**
 * Each run's report data, read once (runs are immutable) and kept for the `maxRuns` runs read
 * most recently. Concurrent first requests for a run share one read; a failed read is retried by
 * the next request.
 */
export class RunReportStore {
  private readonly runs: LruCache<string, Promise<RunReportData>>;

  constructor(
    private readonly ctx: ServerContext,
    maxRuns = 4,
  ) {
    this.runs = new LruCache(maxRuns);
  }

  data(run: RunRow): Promise<RunReportData> {
    const hit = this.runs.get(run.run_id);
    if (hit) return hit;
    const loading = this.ctx.read(() => loadRunReportData(this.ctx.warehouse, run));
    this.runs.set(run.run_id, loading);
    loading.catch(() => this.runs.delete(run.run_id));
    return loading;
  }
}
