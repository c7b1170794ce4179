// Page numbers of the paginated reading lists: reading `?page=` and writing list addresses.

export const pageNumberRule = 'page must be a whole number of 1 or more';

// Far past any real list, and small enough that page × page size stays an exact integer in SQL.
const highestPageAsked = 1_000_000_000;

/**
 * `?page=` as a 1-based page number: absent means the first page; anything but a whole number of 1 or more
 * is null (the caller answers 400).
 */
export function parsePageNumber(raw: string | undefined): number | null {
  if (raw === undefined) return 1;
  if (!/^\d+$/.test(raw)) return null;
  const page = Number(raw);
  if (page < 1) return null;
  return Math.min(page, highestPageAsked);
}

/** A list page's own address; the first page has no `?page=` so each page has one address. */
export function listPagePath(path: string, page: number): string {
  return page === 1 ? path : `${path}?page=${page}`;
}

/** The number of a list's last page: an empty list still has its one, empty, page. */
export function lastPageOf(pageCount: number): number {
  return Math.max(1, pageCount);
}
