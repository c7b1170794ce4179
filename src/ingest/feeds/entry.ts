// One feed entry turned into an ArticleDraft, with the GUID and entry hash that deduplicate it across polls.
import { createHash } from 'node:crypto';
import type { ArticleDraft } from '../../model.js';
import { canonicaliseUrl } from '../url.js';
import { type FeedEntry, htmlToText, type ParsedFeed } from './normalise.js';

/** Below this much text the entry is taken for a summary, and the linked page is fetched for the full article. */
export const summaryChars = 1_000;

export interface EntryDraft {
  draft: ArticleDraft;
  /** The entry's GUID, else its link: what identifies it within the feed from one poll to the next. */
  guid: string | null;
  /** A hash of the entry as the feed gave it: unchanged means nothing to write. */
  entryHash: string;
  /** The feed gives only a summary; the article page should be fetched. */
  needsPage: boolean;
}

export interface FeedIdentity {
  id: string;
  url: string;
  title: string | null;
  siteUrl: string | null;
}

/** The draft for one entry, or a reason in words when the entry holds nothing to keep. */
export function entryDraft(feed: FeedIdentity, parsed: ParsedFeed, entry: FeedEntry): EntryDraft | { skipped: string } {
  const bodyText = entry.contentHtml ? htmlToText(entry.contentHtml) : (entry.summary ?? '');
  const headline = entry.title ?? headlineFrom(bodyText);
  if (!headline) return { skipped: 'an entry has neither a title nor any text' };
  const link = safeLink(entry.link);
  const guid = entry.guid?.trim() || link || null;
  const entryHash = createHash('sha256')
    .update(
      JSON.stringify([
        guid,
        link,
        entry.title,
        entry.summary,
        entry.contentHtml,
        entry.author,
        entry.publishedAt,
        entry.updatedAt,
      ]),
    )
    .digest('base64url')
    .slice(0, 32);
  const siteUrl = feed.siteUrl ?? parsed.link ?? new URL(feed.url).origin;
  const draft: ArticleDraft = {
    url: link,
    canonicalUrl: link ? canonicaliseUrl(link) : null,
    headline,
    deck:
      entry.contentHtml && entry.summary && !bodyText.startsWith(entry.summary.slice(0, 60))
        ? clip(entry.summary, 400)
        : null,
    byline: entry.author,
    publishedAt: entry.publishedAt ?? entry.updatedAt,
    language: parsed.language,
    source: { name: sourceName(feed, parsed), homepage: safeLink(siteUrl), paywalled: false },
    // A summary is plain text already: it becomes the one paragraph; content is HTML, sanitised by the store.
    paragraphs: entry.contentHtml ? [] : entry.summary ? [entry.summary] : [],
    bodyHtml: entry.contentHtml,
    related: [],
    paywalled: false,
    extraction: { method: 'feed', version: parsed.format },
    feedEntry: { feedId: feed.id, guid, entryHash },
  };
  return { draft, guid, entryHash, needsPage: link !== null && bodyText.length < summaryChars };
}

/** The outlet's name: the feed's title as first stored (so a retitled feed does not become a new outlet). */
export function sourceName(feed: FeedIdentity, parsed: ParsedFeed): string {
  return feed.title ?? parsed.title ?? new URL(feed.url).hostname.replace(/^www\./, '');
}

function headlineFrom(text: string): string | null {
  const sentence = text.trim().split(/(?<=[.!?])\s/)[0] ?? '';
  return sentence ? clip(sentence, 140) : null;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

function safeLink(link: string | null): string | null {
  if (!link) return null;
  try {
    const url = new URL(link);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
