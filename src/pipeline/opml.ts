// Subscription lists in and out: every feed of an OPML file followed (folders kept), the followed feeds written as one.
import type { AppContext } from '../context.js';
import type { Feed } from '../model.js';

export interface OpmlImportReport {
  title: string | null;
  added: Feed[];
  existing: Feed[];
  failed: Array<{ url: string | null; title: string | null; reason: string }>;
}

/**
 * Follows every feed of an OPML subscription list, keeping its folders. Nothing is fetched here: the poller checks
 * each new feed, and a broken one shows its reason in the feed list.
 */
export async function importOpml(
  ctx: AppContext,
  text: string,
  onFeed?: (done: number, total: number) => void,
): Promise<OpmlImportReport> {
  const { parseOpml } = await import('../ingest/feeds/opml.js');
  const list = parseOpml(text);
  const report: OpmlImportReport = {
    title: list.title,
    added: [],
    existing: [],
    failed: list.skipped.map((s) => ({ url: null, title: s.title, reason: s.reason })),
  };
  for (const [i, entry] of list.feeds.entries()) {
    const { feed, added } = await ctx.store.addFeed(entry);
    (added ? report.added : report.existing).push(feed);
    onFeed?.(i + 1, list.feeds.length);
  }
  return report;
}

/** The followed feeds as an OPML 2.0 document, folders kept. */
export async function exportOpml(ctx: AppContext): Promise<string> {
  const { writeOpml } = await import('../ingest/feeds/opml.js');
  const feeds = await ctx.store.listFeeds();
  return writeOpml(
    feeds.map((f) => ({ url: f.url, title: f.title, siteUrl: f.siteUrl, folder: f.folder })),
    { title: 'Feeds followed in Readout', createdAt: new Date() },
  );
}
