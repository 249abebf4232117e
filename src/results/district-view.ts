import type { CellSuppression } from "../disclosure/cell.ts";
import type { DisclosureReader } from "../disclosure/disclosure-reader.ts";
import {
  type DistrictRunCells,
  districtRunCells,
  hasTable,
} from "../disclosure/district-run-cells.ts";
import { formatChange, formatValue } from "../domain/framework/measure-format.ts";
import { metricLabel } from "../domain/framework/metric-label.ts";
import type { RunRow } from "../runs/find-run.ts";
import { readRows, selectList } from "../warehouse/read-rows.ts";
import { readDistrictNames } from "./district-names.ts";
import { DISTRICT_PEER_ROW, LOCAL_INDEX_ROW, LOCAL_MEASURE_ROW } from "./district-rows.ts";
import { runChainSql } from "./run-chain-sql.ts";

/** A figure as a reader sees it: hidden cells keep their place with nulls. */
export interface ShownFigure {
  readonly n: number | null;
  readonly value: number | null;
  readonly suppressed: boolean;
  readonly suppression_reason: CellSuppression["reason"];
}

/** One measure of the district view. */
export interface DistrictMeasureView {
  readonly metric: string;
  readonly label: string;
  /** The metric whose unit the values are in (a local measure's base). */
  readonly unit_metric: string;
  readonly local: boolean;
  readonly direction: "higher" | "lower";
  readonly groups: readonly (ShownFigure & { readonly student_group: string })[];
  readonly network: ShownFigure;
  readonly peers: readonly (ShownFigure & { readonly district_code: string })[];
  readonly trend: readonly (ShownFigure & { readonly year: number })[];
}

/** What changed since the prior year, as facts and as the sentence rendered from them. */
export interface DistrictChange {
  readonly metric: string;
  readonly from: number;
  readonly to: number;
  readonly change: number;
  readonly better: boolean | null;
  readonly sentence: string;
}

export interface DistrictView {
  readonly run_id: string;
  readonly year: number;
  readonly district_code: string;
  /** Every district of the run (to choose peers from). */
  readonly districts: readonly string[];
  /** Each district's name from the school directory, by code. */
  readonly district_names: Readonly<Record<string, string>>;
  readonly suggested_peers: readonly string[];
  readonly peers: readonly string[];
  readonly measures: readonly DistrictMeasureView[];
  readonly changes: readonly DistrictChange[];
  /** The district's local index (null: none, or it would use a hidden cell). */
  readonly local_index: number | null;
  readonly local_measures: readonly {
    readonly metric: string;
    readonly label: string;
    readonly description: string;
    readonly base_metric: string;
    readonly direction: string;
    readonly weight: number | null;
  }[];
}

/** A district that has no results in the run. */
export class DistrictNotInRunError extends Error {
  constructor(readonly district: string) {
    super(`district ${district} has no results in this run`);
    this.name = "DistrictNotInRunError";
  }
}

const HIDE = (
  s: CellSuppression,
  n: number,
  value: number | null,
  suppress: boolean,
): ShownFigure => {
  const hide = suppress && s.suppressed;
  return {
    n: hide ? null : n,
    value: hide ? null : value,
    suppressed: suppress ? s.suppressed : s.reason === "small_n",
    suppression_reason: suppress ? s.reason : s.reason === "small_n" ? "small_n" : null,
  };
};

/**
 * A district's view of a run, disclosed: every measure pooled over its students by group
 * (`district_results`), the network's and the peer districts' figures beside it, each measure's
 * trend over the run chain, what changed since the prior year (sentences rendered from the shown
 * figures only), and — with `local` — the district's local measures and local index. `suppress`
 * false gives the figures as computed (small cells still flagged). `peers` empty takes the
 * suggested peers. Call inside the reader's serialized read.
 */
export async function readDistrictView(
  reader: DisclosureReader,
  run: Pick<RunRow, "run_id" | "year" | "framework_hash">,
  district: string,
  options: { suppress: boolean; local: boolean; peers?: readonly string[] },
): Promise<DistrictView> {
  const cells = await districtRunCells(reader, run.run_id);
  const districts = [...new Set(cells.rows.map((r) => r.district_code))].sort();
  if (!districts.includes(district)) throw new DistrictNotInRunError(district);
  const suggested = (
    await readRows(
      reader.warehouse,
      "district_peers",
      DISTRICT_PEER_ROW,
      `SELECT ${selectList(DISTRICT_PEER_ROW)} FROM district_peers WHERE run_id = ? AND district_code = ? ORDER BY rank`,
      [run.run_id, district],
    )
  ).map((r) => r.peer_code);
  const peers = (options.peers?.length ? options.peers : suggested).filter(
    (p) => p !== district && districts.includes(p),
  );
  const definitions =
    options.local && (await hasTable(reader, "local_measures"))
      ? await readRows(
          reader.warehouse,
          "local_measures",
          LOCAL_MEASURE_ROW,
          `SELECT ${selectList(LOCAL_MEASURE_ROW)} FROM local_measures WHERE run_id = ? AND district_code = ? ORDER BY metric`,
          [run.run_id, district],
        )
      : [];
  const localOf = new Map(definitions.map((d) => [d.metric, d]));
  const chain = await reader.warehouse.all<{ run_id: string; year: number }>(
    `SELECT run_id, year FROM (${runChainSql(run)}) ORDER BY year`,
  );
  const chainCells: { year: number; cells: DistrictRunCells }[] = [];
  for (const c of chain)
    chainCells.push({
      year: c.year,
      cells: c.run_id === run.run_id ? cells : await districtRunCells(reader, c.run_id),
    });
  const measures = (framework: DisclosureReader["framework"]) => {
    const metrics = [
      ...new Set(
        cells.rows
          .filter((r) => r.district_code === district && (!r.local || localOf.has(r.metric)))
          .map((r) => r.metric),
      ),
    ];
    return metrics.map((metric): DistrictMeasureView => {
      const def = localOf.get(metric);
      const direction =
        (def?.direction ??
          (framework.measures as Record<string, { direction?: string } | undefined>)[metric]
            ?.direction ??
          "higher") === "lower"
          ? "lower"
          : "higher";
      const rowsOf = (c: typeof cells, d: string, g?: string) =>
        c.rows.filter(
          (r) =>
            r.district_code === d &&
            r.metric === metric &&
            (g === undefined || r.student_group === g),
        );
      const groups = rowsOf(cells, district).map((r) => ({
        student_group: r.student_group,
        ...HIDE(cells.district(district, metric, r.student_group), r.n, r.value, options.suppress),
      }));
      // The network's figure is Σ districts: recomputed from the rows, decided as a network cell.
      const all = cells.rows.filter((r) => r.metric === metric && r.student_group === "ALL");
      const n = all.reduce((s, r) => s + r.n, 0);
      const rate = all.every((r) => r.numerator !== null);
      const value =
        n === 0
          ? null
          : rate
            ? (100 * all.reduce((s, r) => s + r.numerator!, 0)) / n
            : all.reduce((s, r) => s + (r.value ?? 0) * r.n, 0) / n;
      // A local measure is one district's own: no network or peer figure to compare.
      const network = def
        ? HIDE({ suppressed: true, reason: "complementary" }, 0, null, true)
        : HIDE(cells.network(metric, "ALL"), n, value, options.suppress);
      const peerFigures = def
        ? []
        : peers.map((p) => {
            const r = rowsOf(cells, p, "ALL")[0];
            return {
              district_code: p,
              ...(r
                ? HIDE(cells.district(p, metric, "ALL"), r.n, r.value, options.suppress)
                : HIDE({ suppressed: true, reason: "small_n" }, 0, null, true)),
            };
          });
      const trend = chainCells.map(({ year, cells: c }) => {
        const r = rowsOf(c, district, "ALL")[0];
        return {
          year,
          ...(r
            ? HIDE(c.district(district, metric, "ALL"), r.n, r.value, options.suppress)
            : HIDE({ suppressed: true, reason: "small_n" }, 0, null, true)),
        };
      });
      return {
        metric,
        label: def?.label ?? metricLabel(framework, metric),
        unit_metric: def?.base_metric ?? metric,
        local: def !== undefined,
        direction,
        groups,
        network,
        peers: peerFigures,
        trend,
      };
    });
  };
  const shown = measures(reader.framework);
  const changes: DistrictChange[] = [];
  for (const m of shown) {
    const last = m.trend.at(-1);
    const before = m.trend.at(-2);
    if (!last || !before || last.year !== run.year || before.year !== run.year - 1) continue;
    if (last.value === null || before.value === null) continue;
    const change = last.value - before.value;
    const better = Math.abs(change) < 1e-9 ? null : change > 0 === (m.direction === "higher");
    const verb = change > 0 ? "rose" : change < 0 ? "fell" : "held";
    changes.push({
      metric: m.metric,
      from: before.value,
      to: last.value,
      change,
      better,
      sentence: `${m.label}${m.local ? " (local measure)" : ""} ${verb} from ${formatValue(m.unit_metric, before.value)} in ${run.year - 1} to ${formatValue(m.unit_metric, last.value)} in ${run.year} (${formatChange(m.unit_metric, change)})${better === null ? "." : better ? ", an improvement." : ", a decline."}`,
    });
  }
  changes.sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
  let localIndex: number | null = null;
  if (options.local && (await hasTable(reader, "local_index_results"))) {
    const [index] = await readRows(
      reader.warehouse,
      "local_index_results",
      LOCAL_INDEX_ROW,
      `SELECT ${selectList(LOCAL_INDEX_ROW)} FROM local_index_results
       WHERE run_id = ? AND district_code = ? AND school_level = 'district'`,
      [run.run_id, district],
    );
    // Withheld when a weighted measure it averages is hidden (it would give that figure away).
    const weighted = definitions.filter((d) => d.weight !== null).map((d) => d.metric);
    const anyHidden = weighted.some(
      (metric) => options.suppress && cells.district(district, metric, "ALL").suppressed,
    );
    localIndex = index && !anyHidden ? index.score : null;
  }
  return {
    run_id: run.run_id,
    year: run.year,
    district_code: district,
    districts,
    suggested_peers: suggested,
    peers,
    measures: shown,
    changes,
    local_index: localIndex,
    local_measures: definitions.map(({ district_code: _d, ...d }) => d),
    district_names: Object.fromEntries(await readDistrictNames(reader.warehouse, districts)),
  };
}
