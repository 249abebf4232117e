import { type CsvCell, csvFile } from "../format/csv-file.ts";
import { fileName } from "../format/file-name.ts";
import { saveFile } from "./save-file.ts";

/**
 * A button that saves a table as CSV: `header` as the table's column headers, `rows()` (called
 * on click) as its cells read. The rows are the ones the page shows, already disclosed for this
 * reader by the API; nothing is fetched again. `name` says what the table is (its caption): it
 * names the file and, for screen readers, the button.
 */
export function CsvDownload({
  name,
  header,
  rows,
  label = "Download CSV",
}: {
  name: string;
  header: readonly string[];
  rows: () => readonly (readonly CsvCell[])[];
  label?: string;
}) {
  return (
    <button
      type="button"
      className="download"
      data-download="csv"
      onClick={() => saveFile(fileName(name, "csv"), csvFile(header, rows()))}
    >
      {label}
      <span className="sr-only">: {name}</span>
    </button>
  );
}
