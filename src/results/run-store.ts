import type { RunRow } from "../runs/find-run.ts";
import { LruCache } from "./lru-cache.ts";

/**
 * Something read once per run (runs are immutable) and kept for the `maxRuns` runs asked about
 * most recently: a run's report data, its school contexts. Concurrent first requests for a run
 * share one read; a failed read is retried by the next request.
 */
export class RunStore<T> {
  private readonly runs: LruCache<string, Promise<T>>;

  constructor(
    private readonly read: (run: RunRow) => Promise<T>,
    maxRuns = 4,
  ) {
    this.runs = new LruCache(maxRuns);
  }

  /** The run's value, read on the first request. */
  get(run: RunRow): Promise<T> {
    const hit = this.runs.get(run.run_id);
    if (hit) return hit;
    const loading = this.read(run);
    this.runs.set(run.run_id, loading);
    loading.catch(() => this.runs.delete(run.run_id));
    return loading;
  }
}
