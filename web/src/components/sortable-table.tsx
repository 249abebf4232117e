import { type ReactNode, useMemo, useState } from "react";
import type { CsvCell } from "../format/csv-file.ts";
import { cellText } from "./cell-text.ts";
import { CsvDownload } from "./csv-download.tsx";

/** One column: its header, how a row shows in it, and the value it sorts by (none: not sortable). */
export interface Column<Row> {
  readonly key: string;
  readonly header: string;
  readonly render: (row: Row) => ReactNode;
  readonly sortValue?: (row: Row) => string | number | null;
  readonly numeric?: boolean;
  /** The cell in the table's CSV download; default: the text `render` shows ({@link cellText}). */
  readonly text?: (row: Row) => CsvCell;
}

/**
 * A table with a caption whose column headers are buttons that sort it (click or Enter/Space;
 * `aria-sort` says how it is sorted). Nulls always sort last. Below it, a CSV download of what
 * it shows: the column headers, then every row in the order shown, each cell as its text
 * (suppressed cells say so); `download` names the file (default: the caption), false leaves it out.
 */
export function SortableTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  initialSort,
  empty = "Nothing to show.",
  download,
}: {
  caption: ReactNode;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  initialSort?: { key: string; descending?: boolean };
  empty?: string;
  download?: string | false;
}) {
  const [sort, setSort] = useState(initialSort ?? null);
  const sorted = useMemo(() => {
    const column = columns.find((c) => c.key === sort?.key);
    if (!column?.sortValue || !sort) return rows;
    const value = column.sortValue;
    const sign = sort.descending ? -1 : 1;
    return [...rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return (x < y ? -1 : x > y ? 1 : 0) * sign;
    });
  }, [rows, columns, sort]);
  const csvRows = () =>
    sorted.map((row) => columns.map((c) => (c.text ? c.text(row) : cellText(c.render(row)))));
  return (
    <div className="table-block">
      <div className="table-scroll">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => {
                const active = sort?.key === c.key;
                const ariaSort = active
                  ? sort.descending
                    ? "descending"
                    : "ascending"
                  : undefined;
                return (
                  <th
                    key={c.key}
                    scope="col"
                    aria-sort={ariaSort}
                    className={c.numeric ? "num" : ""}
                  >
                    {c.sortValue ? (
                      <button
                        type="button"
                        className="sort-button"
                        onClick={() =>
                          setSort({ key: c.key, descending: active ? !sort.descending : false })
                        }
                      >
                        {c.header}
                        <span aria-hidden="true">
                          {active ? (sort.descending ? " ▼" : " ▲") : " ↕"}
                        </span>
                      </button>
                    ) : (
                      c.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {sorted.length === 0 ? (
              <tr>
                <td colSpan={columns.length}>{empty}</td>
              </tr>
            ) : (
              sorted.map((row) => (
                <tr key={rowKey(row)}>
                  {columns.map((c) => (
                    <td key={c.key} className={c.numeric ? "num" : ""}>
                      {c.render(row)}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {download === false || rows.length === 0 ? null : (
        <div className="table-tools">
          <CsvDownload
            name={download ?? cellText(caption)}
            header={columns.map((c) => c.header)}
            rows={csvRows}
          />
        </div>
      )}
    </div>
  );
}
