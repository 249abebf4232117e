import { useEffect } from "react";

/** The site's name, after each page's own title. */
const SITE = "District Collaborative";

/**
 * Sets the document title to "`title` · District Collaborative" while the page is shown, so each
 * page has its own title in tabs, history and screen readers. `undefined` (still loading) leaves
 * the site name alone.
 */
export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · ${SITE}` : SITE;
  }, [title]);
}
