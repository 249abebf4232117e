import type { ChartResult, PeriodicPoint } from "../api/types.ts";

/** A dated note drawn on a chart and listed under it: a reader's note, a PDSA cycle, a meeting. */
export interface FigureNote {
  readonly key: string;
  readonly date: string;
  /** Short, on the mark. */
  readonly label: string;
  /** In full, in the list and the table. */
  readonly text: string;
  /** Who wrote it, beside it in the list (a reader's note). */
  readonly author?: string;
}

/** What a chart figure shows: a series and the chart the server computed from it. */
export interface ChartView {
  readonly title: string;
  /** Names the downloads (title, school, level). */
  readonly name: string;
  readonly unit: string;
  readonly direction: "higher_is_better" | "lower_is_better";
  readonly points: readonly PeriodicPoint[];
  readonly chart: ChartResult | null;
  /** Why there is no chart, or how the chart was drawn (e.g. "not seasonally adjusted: …"). */
  readonly chartNote: string | null;
  /** Null: this reader may not see the notes (no list). */
  readonly notes: readonly FigureNote[] | null;
}
