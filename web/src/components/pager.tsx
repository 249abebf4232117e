/** The rows of page `page` (1-based) of `rows`, `size` a page, and how many pages there are. */
export function pageOf<T>(
  rows: readonly T[],
  page: number,
  size: number,
): { rows: T[]; page: number; pages: number; first: number; last: number } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const at = Math.min(Math.max(1, page), pages);
  const first = (at - 1) * size;
  const shown = rows.slice(first, first + size);
  return { rows: shown, page: at, pages, first: first + 1, last: first + shown.length };
}

/**
 * Page controls under a long list: previous and next, and where the reader is ("Schools 51–100
 * of 212, page 2 of 5"). `onPage` is given the page to show.
 */
export function Pager({
  label,
  what,
  total,
  page,
  pages,
  first,
  last,
  onPage,
}: {
  label: string;
  what: string;
  total: number;
  page: number;
  pages: number;
  first: number;
  last: number;
  onPage: (page: number) => void;
}) {
  return (
    <nav className="pager" aria-label={label}>
      <p className="pager-status" aria-live="polite">
        {total === 0
          ? `No ${what}`
          : `${capitalize(what)} ${first}–${last} of ${total}, page ${page} of ${pages}`}
      </p>
      {pages > 1 ? (
        <div className="pager-buttons">
          <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
            Previous page
          </button>
          <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
            Next page
          </button>
        </div>
      ) : null}
    </nav>
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
