import type { Warehouse } from "../warehouse/warehouse.ts";

/** How well predicted probabilities sort and match outcomes on a set of rows. */
export interface Discrimination {
  readonly n: number;
  /** Area under the ROC curve (Mann–Whitney, ties counted half). */
  readonly auc: number;
  /** Per decile of the prediction (1: lowest): mean predicted and observed rate, and n. */
  readonly calibration: readonly {
    readonly decile: number;
    readonly n: number;
    readonly predicted: number;
    readonly observed: number;
  }[];
}

/**
 * AUC and calibration by decile of `probability` (SQL) against 0/1 `outcome` over `from`, in
 * DuckDB: the AUC from the average ranks of the predictions (ties share their rank), which is
 * Mann–Whitney's U over n₁n₀.
 */
export async function discrimination(
  warehouse: Warehouse,
  data: { from: string; probability: string; outcome: string },
): Promise<Discrimination> {
  const scored = `SELECT CAST(${data.probability} AS DOUBLE) AS p, CAST(${data.outcome} AS INTEGER) AS y FROM ${data.from}`;
  const auc = await warehouse.one<{ n: number; auc: number | null }>(
    `WITH s AS (${scored}),
     r AS (SELECT y, rank() OVER (ORDER BY p) + (count(*) OVER (PARTITION BY p) - 1) / 2.0 AS rnk FROM s)
     SELECT count(*)::DOUBLE AS n,
       (sum(rnk) FILTER (WHERE y = 1) - count(*) FILTER (WHERE y = 1) * (count(*) FILTER (WHERE y = 1) + 1) / 2.0)
         / nullif(count(*) FILTER (WHERE y = 1)::DOUBLE * count(*) FILTER (WHERE y = 0), 0) AS auc
     FROM r`,
  );
  const calibration = await warehouse.all<{
    decile: number;
    n: number;
    predicted: number;
    observed: number;
  }>(
    `WITH s AS (${scored}), d AS (SELECT *, ntile(10) OVER (ORDER BY p) AS decile FROM s)
     SELECT decile::INTEGER AS decile, count(*)::INTEGER AS n, avg(p) AS predicted, avg(y) AS observed
     FROM d GROUP BY decile ORDER BY decile`,
  );
  return {
    n: Number(auc.n),
    auc: auc.auc === null ? Number.NaN : Number(auc.auc),
    calibration: calibration.map((c) => ({
      decile: Number(c.decile),
      n: Number(c.n),
      predicted: Number(c.predicted),
      observed: Number(c.observed),
    })),
  };
}
