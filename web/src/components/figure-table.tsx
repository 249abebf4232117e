import { CsvDownload } from "./csv-download.tsx";

/**
 * A small table of figures: the first column names the row, the others are numbers; below it a
 * CSV download of the same cells.
 */
export function FigureTable({
  caption,
  header,
  rows,
}: {
  caption: string;
  header: readonly string[];
  rows: readonly (readonly [string, ...(string | number)[]])[];
}) {
  return (
    <div className="table-block">
      <div className="table-scroll">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {header.map((h, i) => (
                <th key={h} scope="col" className={i > 0 ? "num" : undefined}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, ...cells]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                {cells.map((c, i) => (
                  <td key={header[i + 1]} className="num">
                    {c}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-tools">
        <CsvDownload name={caption} header={header} rows={() => rows} />
      </div>
    </div>
  );
}
