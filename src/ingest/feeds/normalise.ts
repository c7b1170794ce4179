// feedsmith's and the fallback parser's shapes turned into one ParsedFeed: plain-text titles, absolute links, ISO dates.
import { isDateProblem, readDate } from '../../calendar.js';
import { months, parseLooseDate, zoneOffsets } from '../dates.js';

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

export interface FeedEntry {
  guid: string | null;
  /** Absolute, or null when the feed gives none (or only a relative one with nothing to resolve it against). */
  link: string | null;
  /** Plain text. */
  title: string | null;
  /** Plain text. */
  summary: string | null;
  contentHtml: string | null;
  author: string | null;
  /** ISO 8601, keeping the offset the feed wrote. */
  publishedAt: string | null;
  updatedAt: string | null;
  categories: string[];
}

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  /** The site the feed belongs to. */
  link: string | null;
  description: string | null;
  language: string | null;
  ttlMinutes: number | null;
  entries: FeedEntry[];
  /** 'fallback' when feedsmith refused the document as given: repaired, read by @rowanmanning/feed-parser, or empty. */
  parser: 'feedsmith' | 'fallback';
}

type Loose = Record<string, unknown>;

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** HTML (or text that may hold markup and entities) to one line of plain text. */
export function htmlToText(value: string): string {
  return value
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\/?(p|br|div|li|ul|ol|h[1-6]|tr|td|th|blockquote|pre|hr|table|section|article)\b[^>]*>/gi, ' ')
    .replace(/<[a-zA-Z/!?][^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return named[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** feedsmith gives text either as a string or as {value, type}; everything else is not text. */
function rawText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && 'value' in value) return rawText((value as Loose).value);
  return null;
}

function plain(value: unknown): string | null {
  const text = rawText(value);
  if (text === null) return null;
  // Atom's type="text" (0.3: "text/plain") is text already: "<blink>" there is words, not markup.
  const type = value && typeof value === 'object' ? (value as Loose).type : undefined;
  if (type === 'text' || type === 'text/plain') {
    return text.replace(/\s+/g, ' ').trim() || null;
  }
  // Only run the HTML pass when there is markup or an entity, so plain titles keep their exact characters.
  // The first 100,000 characters are plenty for a title or a summary and keep the regexes' work bounded.
  const cleaned = /[<&]/.test(text) ? htmlToText(text.slice(0, 100_000)) : text.replace(/\s+/g, ' ').trim();
  return cleaned === '' ? null : cleaned;
}

function firstOf<T>(value: unknown): T | undefined {
  return Array.isArray(value) ? (value[0] as T | undefined) : undefined;
}

/**
 * An absolute http(s) URL, resolved against the base; null when it cannot be made absolute or is no web link
 * (a `javascript:` or `data:` "site link" would be stored, shown and exported as if it were one).
 */
export function resolveLink(link: unknown, base: string | null): string | null {
  const text = rawText(link)?.trim();
  if (!text) return null;
  try {
    // An absolute link stays as the feed wrote it; canonicaliseUrl makes the comparable form when deduplicating.
    const url = URL.canParse(text) ? text : new URL(text, base ?? undefined).href;
    return /^https?:$/i.test(new URL(url).protocol) ? url : null;
  } catch {
    return null;
  }
}

const pad = (n: number | string) => String(n).padStart(2, '0');
const rfc822 =
  /^(?:[a-z]+,?\s*)?(\d{1,2})[\s-]+([a-z]{3})[a-z]*\.?[\s-]+(\d{2,4})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*([+-]\d{2}:?\d{2}|[a-z]{1,4})?\s*$/i;
const iso8601 =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T\s](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

function offsetOf(zone: string | undefined): string | null {
  if (!zone) return '+00:00';
  if (/^[+-]\d{2}:?\d{2}$/.test(zone)) return `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  if (/^[+-]\d{2}$/.test(zone)) return `${zone}:00`;
  return zoneOffsets[zone.toLowerCase()] ?? (/^[a-z]$/i.test(zone) ? '+00:00' : null);
}

function assemble(y: number, m: number, d: number, h = '00', min = '00', s = '00', zone?: string): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || Number(h) > 24 || Number(min) > 59 || Number(s) > 60) return null;
  const offset = offsetOf(zone) ?? '+00:00';
  const value = `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}T${pad(h)}:${pad(min)}:${pad(s)}${offset}`;
  return isDateProblem(readDate(value)) ? null : value;
}

/**
 * A feed date (RFC 822 as RSS writes it, ISO 8601/RFC 3339 as Atom and JSON Feed write it, and their common
 * variants) to ISO 8601 with the feed's own offset, or null. A date with no zone is taken as UTC, as feeds
 * that omit it mostly mean.
 */
export function parseFeedDate(value: unknown): string | null {
  const text = rawText(value)?.trim();
  if (!text || text.length > 100) return null;
  let m = iso8601.exec(text);
  if (m) return assemble(Number(m[1]), Number(m[2]), Number(m[3]), m[4], m[5], m[6], m[7]);
  m = rfc822.exec(text);
  if (m) {
    const month = months[m[2]!.toLowerCase()];
    let year = Number(m[3]);
    if (m[3]!.length === 2) year += year < 50 ? 2000 : 1900;
    if (month) return assemble(year, month, Number(m[1]), m[4], m[5], m[6], m[7]);
  }
  const loose = parseLooseDate(text);
  if (loose) return loose;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time).toISOString().replace('.000Z', '+00:00');
}

function personName(value: unknown): string | null {
  if (typeof value === 'string') return plain(value);
  if (value && typeof value === 'object') {
    const person = value as Loose;
    return plain(person.name) ?? plain(person.email);
  }
  return null;
}

function names(values: unknown, key: string): string[] {
  if (!Array.isArray(values)) return [];
  const out: string[] = [];
  for (const value of values) {
    const name = plain(typeof value === 'string' ? value : (value as Loose | null)?.[key]);
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

function atomLink(links: unknown, rel = 'alternate'): unknown {
  if (!Array.isArray(links)) return undefined;
  const all = links as Loose[];
  return (all.find((l) => (l.rel ?? 'alternate') === rel) ?? (rel === 'alternate' ? undefined : all[0]))?.href;
}

function htmlOrNull(value: unknown): string | null {
  const text = rawText(value);
  return text && text.trim() !== '' ? text : null;
}

function ttlOf(value: unknown): number | null {
  const n = Number(rawText(value));
  return Number.isFinite(n) && n > 0 ? Math.round(n) : null;
}

/** Maps feedsmith's result for one format onto ParsedFeed; `base` resolves relative links. */
export function normaliseFeedsmith(format: FeedFormat, feed: Loose, base: string | null): ParsedFeed {
  const common = { format, parser: 'feedsmith' as const };
  if (format === 'atom') return { ...common, ...atomFeed(feed, base) };
  if (format === 'json') return { ...common, ...jsonFeed(feed, base) };
  // RSS and RDF share their element names.
  return { ...common, ...rssFeed(feed, base) };
}

/** A feed's fields as every format fills them; format and parser are added by normaliseFeedsmith. */
type FeedFields = Omit<ParsedFeed, 'format' | 'parser'>;

function atomFeed(feed: Loose, base: string | null): FeedFields {
  const entries = ((feed.entries as Loose[] | undefined) ?? []).map((e) => atomEntry(e, base));
  return {
    title: plain(feed.title),
    link: resolveLink(atomLink(feed.links), base),
    description: plain(feed.subtitle),
    language: null,
    ttlMinutes: null,
    entries,
  };
}

function atomEntry(e: Loose, base: string | null): FeedEntry {
  const content = e.content;
  return {
    guid: plain(e.id),
    link: resolveLink(atomLink(e.links) ?? atomLink(e.links, ''), base),
    title: plain(e.title),
    summary: plain(e.summary),
    contentHtml: htmlOrNull(content),
    author: personName(firstOf(e.authors)) ?? plain((e.dc as Loose | undefined)?.creator),
    publishedAt: parseFeedDate(e.published ?? e.issued ?? firstOf((e.dc as Loose | undefined)?.dates)),
    updatedAt: parseFeedDate(e.updated ?? e.modified),
    categories: names(e.categories, 'term'),
  };
}

function jsonFeed(feed: Loose, base: string | null): FeedFields {
  const entries = ((feed.items as Loose[] | undefined) ?? []).map((e) => jsonEntry(e, base));
  return {
    title: plain(feed.title),
    link: resolveLink(feed.home_page_url, base),
    description: plain(feed.description),
    language: plain(feed.language),
    ttlMinutes: null,
    entries,
  };
}

function jsonEntry(e: Loose, base: string | null): FeedEntry {
  return {
    guid: plain(e.id),
    link: resolveLink(e.url ?? e.external_url, base),
    title: plain(e.title),
    summary: plain(e.summary) ?? (e.content_html ? null : plain(e.content_text)),
    contentHtml: htmlOrNull(e.content_html),
    author: personName(firstOf(e.authors) ?? e.author),
    publishedAt: parseFeedDate(e.date_published),
    updatedAt: parseFeedDate(e.date_modified),
    categories: names(e.tags, ''),
  };
}

function rssFeed(feed: Loose, base: string | null): FeedFields {
  const dc = (feed.dc ?? {}) as Loose;
  const entries = ((feed.items as Loose[] | undefined) ?? []).map((e) => rssEntry(e, base));
  return {
    title: plain(feed.title ?? firstOf(dc.titles) ?? dc.title),
    link: resolveLink(feed.link ?? atomLink((feed.atom as Loose | undefined)?.links), base),
    description: plain(feed.description ?? firstOf(dc.descriptions) ?? dc.description),
    language: plain(feed.language ?? dc.language ?? firstOf(dc.languages)),
    ttlMinutes: ttlOf(feed.ttl),
    entries,
  };
}

function rssEntry(e: Loose, base: string | null): FeedEntry {
  const edc = (e.dc ?? {}) as Loose;
  const content = (e.content as Loose | undefined)?.encoded;
  const guid = e.guid ?? e.rdf;
  const guidText = plain(
    typeof guid === 'object' && guid !== null ? ((guid as Loose).value ?? (guid as Loose).about) : guid,
  );
  const permalink = (guid as Loose | undefined)?.isPermaLink !== false && guidText && /^https?:/i.test(guidText);
  return {
    guid: guidText,
    link: resolveLink(e.link ?? atomLink((e.atom as Loose | undefined)?.links) ?? (permalink ? guidText : null), base),
    title: plain(e.title ?? firstOf(edc.titles) ?? edc.title ?? (e.media as Loose | undefined)?.title),
    summary: plain(e.description ?? firstOf(edc.descriptions) ?? edc.description),
    contentHtml: htmlOrNull(content) ?? htmlOrNull(e.description),
    author: personName(firstOf(e.authors)) ?? plain(firstOf(edc.creators) ?? edc.creator),
    publishedAt: parseFeedDate(e.pubDate ?? edc.date ?? firstOf(edc.dates)),
    updatedAt: parseFeedDate((e.atom as Loose | undefined)?.updated ?? (e.dcterms as Loose | undefined)?.modified),
    categories: names(e.categories, 'name').concat(names(edc.subjects, '')),
  };
}

interface FallbackFeed {
  meta: { type: string };
  title: string | null;
  url: string | null;
  description: string | null;
  language: string | null;
  items: ReadonlyArray<{
    id: string | null;
    url: string | null;
    title: string | null;
    description: string | null;
    content: string | null;
    published: Date | null;
    updated: Date | null;
    authors: ReadonlyArray<{ name: string | null }>;
    categories: ReadonlyArray<{ term: string; label: string | null }>;
  }>;
}

const iso = (date: Date | null) =>
  date && !Number.isNaN(date.getTime()) ? date.toISOString().replace('.000Z', '+00:00') : null;

/** Maps @rowanmanning/feed-parser's result, which already resolves dates to Date objects. */
export function normaliseFallback(feed: FallbackFeed, base: string | null, limit: number): ParsedFeed {
  const entries = feed.items.slice(0, limit).map(
    (e): FeedEntry => ({
      guid: plain(e.id),
      link: resolveLink(e.url, base),
      title: plain(e.title),
      summary: plain(e.description),
      contentHtml: htmlOrNull(e.content),
      author: plain(e.authors[0]?.name),
      publishedAt: iso(e.published),
      updatedAt: iso(e.updated),
      categories: [...new Set(e.categories.map((c) => c.label ?? c.term).filter((c) => c !== ''))],
    }),
  );
  return {
    format: feed.meta.type === 'atom' ? 'atom' : 'rss',
    title: plain(feed.title),
    link: resolveLink(feed.url, base),
    description: plain(feed.description),
    language: plain(feed.language),
    ttlMinutes: null,
    entries,
    parser: 'fallback',
  };
}
