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

/**
 * Titles of the pages that set none themselves (the support page), by path; set by the layout,
 * only on those paths, so a page's own title is never overwritten.
 */
const FALLBACK_TITLES: Readonly<Record<string, string>> = {
  "/support": "Support: tiers, partners and communities",
};

/** The layout's title for a path whose page sets none (see {@link FALLBACK_TITLES}). */
export function useFallbackTitle(pathname: string): void {
  useEffect(() => {
    const title = FALLBACK_TITLES[pathname];
    if (title) document.title = `${title} · ${SITE}`;
  }, [pathname]);
}
