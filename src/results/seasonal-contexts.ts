import type { RunRow } from "../runs/find-run.ts";
import { type SeasonTotal, seasonalIndex } from "../stats/charts/seasonal-index.ts";
import { StatsError } from "../stats/stats-error.ts";
import { LruCache } from "./lru-cache.ts";
import type { SeasonalContext } from "./periodic-chart.ts";
import type { PeriodicPoint } from "./periodic-schema.ts";

/** A series of a run × school × level × measure, by student group, as one reader form is shown it. */
export type ShownSeriesReader = (
  runId: string,
  schoolCode: string,
  level: string,
  measure: string,
  suppress: boolean,
) => Promise<ReadonlyMap<string, readonly PeriodicPoint[]>>;

/** The warehouse reads a seasonal context is made of (`previousRunId`, `readDistrictSeason`). */
export interface SeasonReads {
  readonly previousRun: (
    run: Pick<RunRow, "run_id" | "year" | "framework_hash">,
  ) => Promise<string | null>;
  readonly districtSeason: (
    runId: string,
    districtCode: string,
    measure: string,
  ) => Promise<SeasonTotal[]>;
}

/**
 * What the seasonal chart of a series compares it with (`SeasonalContext`): the same series in the
 * previous year of the run's chain, as the reader is shown it (`shown`, the disclosure pass), and
 * its district's seasonal index of that year. Runs are immutable: each district's index and each
 * previous-year series of a reader form is read once and kept (the `size` latest).
 */
export class SeasonalContexts {
  readonly #seasons: LruCache<string, Promise<ReadonlyMap<string, number> | null>>;
  readonly #series: LruCache<string, Promise<ReadonlyMap<string, readonly PeriodicPoint[]>>>;

  constructor(
    private readonly reads: SeasonReads,
    private readonly shown: ShownSeriesReader,
    size = 200,
  ) {
    this.#seasons = new LruCache(size);
    this.#series = new LruCache(size);
  }

  /**
   * The context of one group's series of `run`; null when the chain has no previous year, the
   * district has nothing in it to index, or the reader is shown no such series of that year.
   */
  async of(
    run: Pick<RunRow, "run_id" | "year" | "framework_hash">,
    series: {
      readonly districtCode: string;
      readonly schoolCode: string;
      readonly level: string;
      readonly measure: string;
      readonly group: string;
      readonly suppress: boolean;
    },
  ): Promise<SeasonalContext | null> {
    const before = await this.reads.previousRun(run);
    if (before === null) return null;
    const season = await this.#season(before, series.districtCode, series.measure);
    if (season === null) return null;
    const { schoolCode, level, measure, suppress } = series;
    const key = `${before}|${schoolCode}|${level}|${measure}|${suppress}`;
    const previous = (
      await kept(this.#series, key, () => this.shown(before, schoolCode, level, measure, suppress))
    ).get(series.group);
    return previous ? { previous, season } : null;
  }

  #season(runId: string, districtCode: string, measure: string) {
    return kept(this.#seasons, `${runId}|${districtCode}|${measure}`, () =>
      this.reads.districtSeason(runId, districtCode, measure).then((totals) => {
        try {
          return seasonalIndex(totals);
        } catch (error) {
          if (error instanceof StatsError) return null;
          throw error;
        }
      }),
    );
  }
}

/** The kept promise of `key`, else `make`'s, kept unless it fails. */
function kept<T>(cache: LruCache<string, Promise<T>>, key: string, make: () => Promise<T>) {
  let hit = cache.get(key);
  if (!hit) {
    hit = make();
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
  }
  return hit;
}
