import type { CsvCell } from "../format/csv-file.ts";

/** The figures a chart draws, as a table: what its data download holds. */
export interface ChartData {
  readonly header: readonly string[];
  readonly rows: readonly (readonly CsvCell[])[];
}

const DATA = new WeakMap<Element, ChartData>();

/**
 * Keeps with a drawn chart the figures it draws (from the same rows, already disclosed for this
 * reader by the API), so that the figure around it (`PlotFigure`) offers them as CSV whatever
 * page shows it. Returns the chart.
 */
export function withChartData<E extends Element>(chart: E, data: ChartData): E {
  DATA.set(chart, data);
  return chart;
}

/** The figures a chart was drawn from, when its builder kept them ({@link withChartData}). */
export function chartDataOf(chart: Element): ChartData | undefined {
  return DATA.get(chart);
}
