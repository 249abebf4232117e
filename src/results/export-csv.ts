import type { DisclosureReader } from "../disclosure/disclosure-reader.ts";
import { discloseExportRows, type ExportTable } from "../disclosure/export-tables.ts";
import type { Warehouse } from "../warehouse/warehouse.ts";
import { csvLine, csvRowLines } from "./csv-text.ts";
import { streamExportRows } from "./export-rows.ts";

/** What one CSV export is of, and for whom. */
export interface ExportRequest {
  readonly runId: string;
  readonly table: ExportTable;
  /** One district's schools only. */
  readonly district?: string;
  /** Whether the reader gets the suppressed form ({@link discloseExportRows}). */
  readonly suppress: boolean;
  /** Rows read, disclosed and written at a time (at most a DuckDB chunk, 2,048). Default 512. */
  readonly batchRows?: number;
}

/**
 * A run's export table as CSV text, a batch of rows at a time: the rows as
 * {@link streamExportRows} reads them on `connection` (held until the iteration ends), each batch
 * through {@link discloseExportRows} — whose decisions are the run's, row by row, so a batch is
 * shown as the whole table would show it — and the product's CSV writer. The text is byte for
 * byte `csvText(discloseExportRows(readExportRows(…)))`: a header in the first disclosed row's
 * column order, then one line per row (no rows: an empty line). `onRows` is told how many rows
 * each batch read; `signal` stops the reading (`Warehouse.stream`).
 */
export async function* exportCsv(
  reader: DisclosureReader,
  connection: Warehouse,
  request: ExportRequest,
  signal?: AbortSignal,
  onRows: (count: number) => void = () => {},
): AsyncGenerator<string, void, undefined> {
  let columns: string[] | null = null;
  const batches = streamExportRows(connection, request.runId, request.table, request.district, {
    rows: request.batchRows ?? DEFAULT_BATCH_ROWS,
    ...(signal ? { signal } : {}),
  });
  for await (const batch of batches) {
    onRows(batch.length);
    const shown = await discloseExportRows(
      reader,
      request.runId,
      request.table,
      batch,
      request.suppress,
    );
    signal?.throwIfAborted();
    let text = "";
    if (columns === null) {
      columns = shown[0] ? Object.keys(shown[0]) : [];
      text = csvLine(columns);
    }
    yield text + csvRowLines(shown, columns);
  }
  if (columns === null) yield csvLine([]);
}

/**
 * Rows of one batch: small enough that a batch's work (about 10 µs a row) keeps the event loop
 * from other requests for a few milliseconds only.
 */
const DEFAULT_BATCH_ROWS = 128;
