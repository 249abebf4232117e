import * as Plot from "@observablehq/plot";
import type { HistoryBand, HistoryIndexYear } from "../api/types.ts";
import { formatIndex } from "../format/format-value.ts";
import { tierLabel } from "../format/tier-label.ts";
import { withChartData } from "./chart-data.ts";
import { historyDomain, levelBandMarks, yearScale } from "./level-bands.ts";
import { ALL_COLOR } from "./measure-history-chart.ts";

/**
 * The index over the years: its score (0–100) on the y axis with each year's index level bands
 * behind, and each year's tier written above the x axis. A score withheld from the reader is a
 * gap; its year's level and tier are still shown (they are served with every report). Its data
 * download lists every year (a withheld score saying so).
 */
export function indexHistoryChart({
  years,
  index,
  bands,
  width = 300,
}: {
  years: readonly number[];
  index: readonly HistoryIndexYear[];
  bands: readonly HistoryBand[];
  width?: number;
}): SVGSVGElement {
  const data = years.map((year) => {
    const y = index.find((i) => i.year === year);
    return {
      year,
      score: y?.index_score ?? null,
      level: y?.index_level ?? null,
      // The tier's short name ("Focus"): three years share 300 px.
      tier: y?.tier ? tierLabel(y.tier).split(" (")[0]! : "—",
    };
  });
  const scores = data.flatMap((d) => (d.score === null ? [] : [d.score]));
  const domain = historyDomain(scores, [0, 100]);
  const chart = Plot.plot({
    width,
    height: 190,
    marginLeft: 52,
    marginRight: 8,
    marginBottom: 36,
    x: yearScale(years),
    y: { label: "↑ index score (0–100)", domain, nice: false },
    marks: [
      ...levelBandMarks(bands, domain, formatIndex),
      Plot.frame({ stroke: "#d1d5db" }),
      Plot.lineY(data, { x: "year", y: "score", stroke: ALL_COLOR, strokeWidth: 2 }),
      Plot.dot(
        data.filter((d) => d.score !== null),
        {
          x: "year",
          y: "score",
          fill: ALL_COLOR,
          r: 3.5,
          title: (d) =>
            `${d.year}: index score ${formatIndex(d.score)}, level ${d.level ?? "—"}, ${d.tier}`,
        },
      ),
      Plot.text(data, {
        x: "year",
        frameAnchor: "bottom",
        dy: -3,
        text: (d) => d.tier,
        fontSize: 9,
        fill: "#111827",
      }),
    ],
  }) as SVGSVGElement;
  return withChartData(chart, {
    header: ["Year", "Index score", "Index level", "Support tier"],
    rows: years.map((year) => {
      const y = index.find((i) => i.year === year);
      const score = y?.index_score_suppressed ? "suppressed" : (y?.index_score ?? null);
      return [year, score, y?.index_level ?? null, y?.tier ? tierLabel(y.tier) : "—"];
    }),
  });
}
