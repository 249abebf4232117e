import { useEffect, useState } from "react";

function measure(): number {
  return Math.max(300, Math.min(1000, window.innerWidth - 48));
}

/** A chart width that follows the window (kept between 300 and 1000 px). */
export function useChartWidth(): number {
  const [width, setWidth] = useState(measure);
  useEffect(() => {
    const onResize = () => setWidth(measure());
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, []);
  return width;
}
