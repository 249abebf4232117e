import { useEffect, useRef } from "react";

/**
 * An Observable Plot chart in a figure: `render` builds the SVG; the caption and `label` describe
 * it for readers who cannot see it.
 */
export function PlotFigure({
  render,
  label,
  caption,
}: {
  render: () => SVGSVGElement | HTMLElement;
  label: string;
  caption?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // Redrawn after every render: charts here are small, and Plot builds a fresh SVG anyway.
  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    const chart = render();
    chart.setAttribute("aria-hidden", "true");
    node.replaceChildren(chart);
    return () => chart.remove();
  });
  return (
    <figure className="chart">
      <div ref={ref} role="img" aria-label={label} />
      {caption ? <figcaption>{caption}</figcaption> : null}
    </figure>
  );
}
