import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router-dom";
import { api } from "./api-client.ts";
import type { Run } from "./types.ts";

/** The runs the reader may see, newest year first (published ones, or every run for the hub). */
export function useRuns() {
  return useQuery({
    queryKey: ["runs"],
    queryFn: () => api.get<{ runs: Run[] }>("/api/runs").then((r) => r.runs),
  });
}

/**
 * The run the pages show: `?run=` when it names a readable run, else the newest published run,
 * else the newest run. `undefined` while loading or when there is none.
 */
export function useCurrentRun(): { run: Run | undefined; runs: Run[]; loading: boolean } {
  const [params] = useSearchParams();
  const runs = useRuns();
  const list = runs.data ?? [];
  const wanted = params.get("run");
  const run =
    list.find((r) => r.run_id === wanted) ?? list.find((r) => r.published) ?? list[0] ?? undefined;
  return { run, runs: list, loading: runs.isPending };
}
