// Feeds into the store: a parsed feed's entries saved, a summary's page filled in, a feed found and followed, and
// a feed made due again.
import type { AppContext } from '../context.js';
import { InputError } from '../errors.js';
import type { FoundFeed } from '../ingest/feeds/discover.js';
import { type EntryDraft, entryDraft, type FeedIdentity } from '../ingest/feeds/entry.js';
import type { ParsedFeed } from '../ingest/feeds/normalise.js';
import type { FetchedPage } from '../ingest/http.js';
import { pageDraft } from '../ingest/page.js';
import { parseArticleUrl } from '../ingest/url.js';
import type { Article, Feed } from '../model.js';
import { pollKey } from '../store/index.js';
import { placeSaved } from './stories.js';

export interface FeedSaveReport {
  added: number;
  updated: number;
  unchanged: number;
  /** Entries that could not be kept, with the reason. */
  skipped: Array<{ title: string | null; reason: string }>;
  /** Articles whose full text is on their page: the feed gave only a summary. */
  needPage: Array<{ articleId: string; feedId: string; guid: string | null; entryHash: string }>;
}

/** Entries saved per transaction: one commit per batch, short enough not to hold up readers or other writers. */
const entryBatch = 200;

/**
 * Saves a parsed feed's entries as articles: an entry seen before and unchanged costs no write, an edited entry
 * updates its article, a new one is stored at once from the feed's own content. Entries that carry only a summary
 * are listed in `needPage` so that their pages are fetched.
 */
export async function saveFeedEntries(
  ctx: AppContext,
  feed: FeedIdentity,
  parsed: ParsedFeed,
): Promise<FeedSaveReport> {
  const report: FeedSaveReport = { added: 0, updated: 0, unchanged: 0, skipped: [], needPage: [] };
  const entries: EntryDraft[] = [];
  const seen = new Set<string>();
  for (const entry of parsed.entries) {
    const result = entryDraft(feed, parsed, entry);
    if ('skipped' in result) {
      report.skipped.push({ title: entry.title, reason: result.skipped });
      continue;
    }
    // A feed that lists the same GUID twice keeps its first (newest) version.
    if (result.guid && seen.has(result.guid)) continue;
    if (result.guid) seen.add(result.guid);
    entries.push(result);
  }
  const guids = entries.map((e) => e.guid).filter((g): g is string => g !== null);
  const known = await ctx.store.feedEntryHashes(feed.id, guids);
  const changed = entries.filter((e) => {
    const same = e.guid !== null && known.get(e.guid) === e.entryHash;
    if (same) report.unchanged++;
    return !same;
  });
  for (let i = 0; i < changed.length; i += entryBatch) {
    const batch = changed.slice(i, i + entryBatch);
    const results = await ctx.store.saveArticles(batch.map((e) => e.draft));
    results.forEach((result, j) => {
      const entry = batch[j] as EntryDraft;
      if (result.outcome === 'error') {
        report.skipped.push({ title: entry.draft.headline, reason: result.message });
        return;
      }
      if (result.outcome === 'imported') report.added++;
      else if (result.outcome === 'updated') report.updated++;
      else report.unchanged++;
      if (entry.needsPage && result.outcome !== 'duplicate')
        report.needPage.push({ articleId: result.id, feedId: feed.id, guid: entry.guid, entryHash: entry.entryHash });
    });
    await placeSaved(
      ctx,
      results.flatMap((result) => (result.outcome === 'imported' ? [result.id] : [])),
    );
  }
  return report;
}

export type PageOutcome = 'replaced' | 'kept' | 'gone';

/**
 * An article that a feed gave only as a summary, and its page (fetched by the job that asked for it): the page's
 * body is kept when it holds more text. The feed's headline, outlet and date stay: they are the outlet's own words
 * about its article.
 */
export async function fillFromPage(ctx: AppContext, article: Article, page: FetchedPage) {
  const draft = await pageDraft(page.html, page.url);
  const words = (paragraphs: string[]) => paragraphs.reduce((n, p) => n + p.split(/\s+/).length, 0);
  const before = words(article.paragraphs);
  const after = words(draft.paragraphs);
  if (after <= before) return { outcome: 'kept' as PageOutcome, words: before };
  await ctx.store.saveArticle({
    ...draft,
    id: article.id,
    url: article.url,
    canonicalUrl: article.canonicalUrl ?? draft.canonicalUrl,
    headline: article.headline,
    deck: draft.deck ?? article.deck,
    byline: draft.byline ?? article.byline,
    publishedAt: article.publishedAt ?? draft.publishedAt,
    language: article.language ?? draft.language,
    source: { name: article.source.name, homepage: article.source.homepage, paywalled: article.source.paywalled },
    paywalled: draft.paywalled || article.paywalled,
    related: draft.related.length > 0 ? draft.related : article.related,
  });
  return { outcome: 'replaced' as PageOutcome, words: after };
}

export type { FoundFeed };

/**
 * The feed at a URL the user gave, itself or one its page names or one at the usual paths, found within the fetch
 * timeout (see ingest/feeds/discover.ts). An unprocessable InputError when none is found.
 */
export async function findFeed(ctx: AppContext, input: string): Promise<FoundFeed> {
  const start = parseFeedUrl(input);
  const { findFeed: discover, NoFeedFound } = await import('../ingest/feeds/discover.js');
  try {
    return await discover(ctx.http, start.href, { timeoutSeconds: ctx.config.fetchTimeoutSeconds });
  } catch (err) {
    // To the user this is one more input that gives nothing to follow, like a link that is not a feed.
    if (err instanceof NoFeedFound) throw new InputError(err.message, 'unprocessable', { cause: err });
    throw err;
  }
}

function parseFeedUrl(input: string): URL {
  try {
    return parseArticleUrl(
      /^[a-z][a-z0-9+.-]*:/i.test(input.trim())
        ? input.trim().replace(/^feed:(\/\/)?/i, '')
        : `https://${input.trim()}`,
    );
  } catch (err) {
    throw new InputError((err as Error).message.replace('be clipped', 'be followed'), 'invalid', { cause: err });
  }
}

/** Follows the feed at (or named by) a URL; a URL already followed gives back that feed without a fetch. */
export async function subscribe(ctx: AppContext, input: string, options: { folder?: string | null } = {}) {
  const given = parseFeedUrl(input).href;
  const known = await ctx.store.findFeedByUrl(given);
  if (known) return { feed: known, added: false };
  const found = await findFeed(ctx, input);
  return ctx.store.addFeed({
    url: found.url,
    title: found.title,
    siteUrl: found.siteUrl,
    folder: options.folder ?? null,
  });
}

/** A refreshed feed is active again, with its error count cleared, and due now. */
export async function resumeFeed(ctx: AppContext, id: string): Promise<void> {
  await ctx.store.updateFeed(id, { status: 'active', errorCount: 0, nextCheckAt: new Date().toISOString() });
  await ctx.store.scheduleJob({ kind: 'poll-feed', key: pollKey(id), payload: {}, runAt: new Date() });
}

/** A feed by id, or by URL as given or as normalised. */
export async function resolveFeed(ctx: AppContext, key: string): Promise<Feed | null> {
  const byId = await ctx.store.getFeed(key);
  if (byId) return byId;
  const byUrl = await ctx.store.findFeedByUrl(key);
  if (byUrl) return byUrl;
  try {
    return await ctx.store.findFeedByUrl(new URL(key).href);
  } catch {
    return null;
  }
}
