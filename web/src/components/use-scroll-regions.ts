import { type RefObject, useEffect } from "react";

/** Containers that scroll sideways when their table or chart is wider than the screen. */
const SCROLLERS = ".table-scroll, figure.chart";

/**
 * Makes every sideways-scrolling container inside `root` reachable by keyboard while it
 * overflows (WCAG 2.1.1; axe-core's scrollable-region-focusable): a tab stop, a region named
 * after its table's caption, so arrow keys scroll it. Watches the content and the window size,
 * so pages need not do anything; a container that fits is left alone.
 */
export function useScrollRegions(root: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const node = root.current;
    if (!node) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      for (const el of node.querySelectorAll<HTMLElement>(SCROLLERS)) {
        const overflows = el.scrollWidth > el.clientWidth + 1;
        if (overflows && el.tabIndex !== 0) {
          el.tabIndex = 0;
          el.setAttribute("role", "region");
          const caption = el.querySelector("caption")?.textContent?.trim();
          el.setAttribute("aria-label", `${caption || "Table"} (scrolls sideways)`);
        } else if (!overflows && el.hasAttribute("tabindex")) {
          el.removeAttribute("tabindex");
          el.removeAttribute("role");
          el.removeAttribute("aria-label");
        }
      }
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(update);
    };
    const observer = new MutationObserver(schedule);
    observer.observe(node, { childList: true, subtree: true });
    window.addEventListener("resize", schedule);
    schedule();
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", schedule);
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [root]);
}
