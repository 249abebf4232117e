import { useEffect, useRef, useState } from "react";
import { chartDataOf } from "../charts/chart-data.ts";
import { csvFile } from "../format/csv-file.ts";
import { fileName } from "../format/file-name.ts";
import { chartImage } from "./chart-image.ts";
import { saveFile } from "./save-file.ts";

/**
 * An Observable Plot chart in a figure: `render` builds the SVG; the caption and `label` describe
 * it for readers who cannot see it. Below it, downloads of the chart as an image (PNG) and of the
 * figures it draws as CSV (when its builder kept them, `withChartData`). `name` names the files
 * (default: `label` up to its first colon, semicolon or full stop).
 */
export function PlotFigure({
  render,
  label,
  caption,
  name = label.split(/[:;.]/)[0]!.trim(),
}: {
  render: () => SVGSVGElement | HTMLElement;
  label: string;
  caption?: string;
  name?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const drawn = useRef<Element | null>(null);
  const [hasData, setHasData] = useState(false);
  // Redrawn after every render: charts here are small, and Plot builds a fresh SVG anyway.
  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    const chart = render();
    chart.setAttribute("aria-hidden", "true");
    node.replaceChildren(chart);
    drawn.current = chart;
    setHasData(chartDataOf(chart) !== undefined);
    return () => chart.remove();
  });
  const saveImage = async () => {
    if (!drawn.current) return;
    const image = await chartImage(drawn.current);
    saveFile(fileName(name, image.type), image.blob);
  };
  const saveData = () => {
    const data = drawn.current && chartDataOf(drawn.current);
    if (data) saveFile(fileName(name, "csv"), csvFile(data.header, data.rows));
  };
  return (
    <figure className="chart">
      <div ref={ref} role="img" aria-label={label} />
      {caption ? <figcaption>{caption}</figcaption> : null}
      <div className="table-tools">
        <button type="button" className="download" data-download="image" onClick={saveImage}>
          Download image (PNG)<span className="sr-only">: {name}</span>
        </button>
        {hasData ? (
          <button type="button" className="download" data-download="csv" onClick={saveData}>
            Download data (CSV)<span className="sr-only">: {name}</span>
          </button>
        ) : null}
      </div>
    </figure>
  );
}
