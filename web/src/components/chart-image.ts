const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * A drawn chart as a standalone SVG document: an `<svg>` chart as it is (Plot's styles are inside
 * it); a chart with an HTML legend (Plot's `<figure>`) as its markup in a `foreignObject`.
 */
export function chartSvg(chart: Element): string {
  const { width, height } = chart.getBoundingClientRect();
  const xml = new XMLSerializer();
  if (chart instanceof SVGSVGElement) {
    const copy = chart.cloneNode(true) as SVGSVGElement;
    copy.setAttribute("xmlns", SVG_NS);
    copy.removeAttribute("aria-hidden");
    return xml.serializeToString(copy);
  }
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return `<svg xmlns="${SVG_NS}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><foreignObject width="${w}" height="${h}">${xml.serializeToString(chart)}</foreignObject></svg>`;
}

/**
 * A drawn chart as a PNG at `scale` times its size on screen, on white. A browser that will not
 * paint a chart with an HTML legend into a canvas (it taints it) gets the SVG instead.
 */
export async function chartImage(
  chart: Element,
  scale = 2,
): Promise<{ blob: Blob; type: "png" | "svg" }> {
  const svg = chartSvg(chart);
  const { width, height } = chart.getBoundingClientRect();
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const g = canvas.getContext("2d");
  if (!g) throw new Error("this browser gives no 2D canvas to draw the chart's image on");
  g.fillStyle = "#ffffff";
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.scale(scale, scale);
  g.drawImage(image, 0, 0, width, height);
  try {
    const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
    if (png) return { blob: png, type: "png" };
  } catch {
    // A tainted canvas (SecurityError): fall through to the SVG.
  }
  return { blob: new Blob([svg], { type: "image/svg+xml" }), type: "svg" };
}
