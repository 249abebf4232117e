import { csvLine } from "../../../src/results/csv-text.ts";

/** A cell of a downloaded table: its text as shown, or a number. */
export type CsvCell = string | number | null;

/**
 * A table as a CSV file, with the product's one CSV writer (`src/results/csv-text.ts`: quoting,
 * `\n` line ends, formula-looking text behind an apostrophe). It starts with a byte order mark,
 * so that spreadsheet programs read its UTF-8 ("2024–2025", "7 · average") as such.
 */
export function csvFile(header: readonly string[], rows: readonly (readonly CsvCell[])[]): Blob {
  const lines = [csvLine(header), ...rows.map((r) => csvLine(r))];
  return new Blob(["\uFEFF", ...lines], { type: "text/csv;charset=utf-8" });
}
