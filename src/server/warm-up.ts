import { districtRunCells } from "../disclosure/district-run-cells.ts";
import { runCells } from "../disclosure/run-cells.ts";
import { withheldIndexes } from "../disclosure/withheld-indexes.ts";
import { schoolReportData } from "../results/run-report-data.ts";
import { runRow } from "./run-lookup.ts";
import type { ServerContext } from "./server-context.ts";

/**
 * Reads and decides what a run's first reader would otherwise wait for — every school's report
 * data (`ctx.reportData`); every group cell's decision ({@link runCells}) of the run and of the
 * earlier runs its trend quotes; the withheld indexes ({@link withheldIndexes}); the district
 * view's cells of those runs ({@link districtRunCells}): seconds to
 * minutes at 1.2 million students — for the current published run of each of the `count` latest
 * years, newest first, one run after the other. Meant to run in the background once the server
 * listens: a request that comes first shares the same read and decisions (each is kept per run).
 * A run that fails is reported to `onError` and left to its first request. Resolves to the runs
 * decided.
 */
export async function warmUpLatestRuns(
  ctx: ServerContext,
  count: number,
  onError: (runId: string, error: unknown) => void,
): Promise<string[]> {
  const latest = (await ctx.published.currentByYear()).slice(0, count);
  const warmed: string[] = [];
  for (const { runId } of latest) {
    try {
      const run = await runRow(ctx, runId);
      const data = await ctx.reportData.get(run);
      // The report decides the cells of the earlier runs its trend quotes too.
      const quoted = new Set([runId]);
      for (const school of data.keys())
        for (const t of schoolReportData(data, school)?.trendRows ?? []) quoted.add(t.run_id);
      for (const id of quoted) await runCells(ctx, id);
      await withheldIndexes(ctx, runId);
      // The district view's decisions, of the same runs (its trends quote the run chain).
      for (const id of quoted) await districtRunCells(ctx, id);
      warmed.push(runId);
    } catch (error) {
      onError(runId, error);
    }
  }
  return warmed;
}
