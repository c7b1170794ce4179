// Article metadata (headline, deck, byline, date, source, language, canonical URL, lead image) from JSON-LD,
// OpenGraph/Twitter/<meta> tags, microdata, <time>, visible bylines, the URL and the title, best source first.
import { isDateProblem, readDate } from '../../calendar.js';
import { parseLooseDate } from '../dates.js';
import { absoluteUrl, collapse, descendants, hintOf, type PageElement, textOf } from './dom.js';
import {
  articleObject,
  decodeEntities,
  type JsonObject,
  jsonAuthors,
  jsonImage,
  jsonName,
  jsonText,
} from './json-ld.js';

export interface PageMetadata {
  headline: string | null;
  deck: string | null;
  byline: string | null;
  publishedAt: string | null;
  siteName: string | null;
  language: string | null;
  canonicalUrl: string | null;
  leadImage: string | null;
  /** JSON-LD's articleBody, when the page gives one. */
  articleBody: string | null;
  /** JSON-LD's isAccessibleForFree, when the page says. */
  accessibleForFree: boolean | null;
}

/** What the head and the visible page say about the article, gathered in one walk of the tree. */
interface PageSignals {
  meta: Map<string, string>;
  canonical: string | null;
  lang: string | null;
  title: string | null;
  h1: string[];
  itemprops: Map<string, PageElement>;
  times: PageElement[];
  authorElements: PageElement[];
}

/** Each field from its best source, best first; the steps below read the page's signals and its JSON-LD article. */
export function readMetadata(root: PageElement, jsonLd: string[], pageUrl: string | null): PageMetadata {
  const signals = gatherSignals(root);
  const article = articleObject(jsonLd);
  const base = pageUrl ?? meta(signals, 'og:url');
  const siteName = siteNameOf(signals, article);
  return {
    headline: headlineOf(signals, article, siteName, pageUrl),
    deck: deckOf(signals, article),
    byline: bylineOf(signals, article),
    publishedAt: publishedAtOf(signals, article, pageUrl),
    siteName,
    language: languageOf(signals, article),
    canonicalUrl:
      absoluteUrl(signals.canonical ?? undefined, base) ?? absoluteUrl(meta(signals, 'og:url') ?? undefined, base),
    leadImage: leadImageOf(signals, article, base),
    articleBody: jsonText(article?.articleBody),
    accessibleForFree: accessibleForFreeOf(article),
  };
}

/** The first of the <meta> values named by `keys` that is not blank, collapsed. */
function meta(signals: PageSignals, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = signals.meta.get(key);
    if (value?.trim()) return collapse(value);
  }
  return null;
}

function siteNameOf(signals: PageSignals, article: JsonObject | null): string | null {
  return (
    meta(signals, 'og:site_name') ??
    jsonName(article?.publisher) ??
    meta(signals, 'application-name', 'twitter:site:name', 'publisher', 'dc.publisher') ??
    null
  );
}

function headlineOf(
  signals: PageSignals,
  article: JsonObject | null,
  siteName: string | null,
  pageUrl: string | null,
): string | null {
  const raw =
    jsonText(article?.headline) ??
    jsonText(article?.name) ??
    meta(signals, 'og:title', 'twitter:title', 'dc.title', 'sailthru.title', 'parsely-title', 'title') ??
    itempropText(signals, 'headline') ??
    signals.h1[0] ??
    signals.title;
  return raw ? cleanHeadline(raw, siteName, pageUrl, signals.h1) : null;
}

/** The alternative headline, else the description. */
function deckOf(signals: PageSignals, article: JsonObject | null): string | null {
  const deck = jsonText(article?.alternativeHeadline) ?? null;
  const description =
    meta(signals, 'og:description', 'description', 'twitter:description', 'dc.description') ??
    jsonText(article?.description);
  return deck ?? description;
}

function bylineOf(signals: PageSignals, article: JsonObject | null): string | null {
  return (
    cleanByline(jsonAuthors(article?.author)) ??
    cleanByline(meta(signals, 'author', 'article:author', 'parsely-author', 'sailthru.author', 'dc.creator', 'byl')) ??
    cleanByline(itempropText(signals, 'author')) ??
    visibleByline(signals)
  );
}

const publishedKeys = [
  'article:published_time',
  'og:published_time',
  'published_time',
  'datepublished',
  'pubdate',
  'publishdate',
  'publish-date',
  'parsely-pub-date',
  'sailthru.date',
  'dc.date.issued',
  'dc.date',
  'dcterms.created',
  'date',
  'article.published',
  'article:published',
];

function publishedAtOf(signals: PageSignals, article: JsonObject | null, pageUrl: string | null): string | null {
  const itemprop = signals.itemprops.get('datepublished');
  return (
    isoDate(jsonText(article?.datePublished)) ??
    isoDate(meta(signals, ...publishedKeys)) ??
    isoDate(itemprop?.attrs.content ?? itemprop?.attrs.datetime) ??
    timeElementDate(signals) ??
    urlDate(pageUrl)
  );
}

function languageOf(signals: PageSignals, article: JsonObject | null): string | null {
  return (
    cleanLanguage(signals.lang) ??
    cleanLanguage(meta(signals, 'content-language', 'dc.language', 'language')) ??
    cleanLanguage(meta(signals, 'og:locale')) ??
    cleanLanguage(jsonText(article?.inLanguage))
  );
}

function leadImageOf(signals: PageSignals, article: JsonObject | null, base: string | null): string | null {
  const image = meta(signals, 'og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src');
  return absoluteUrl(image ?? undefined, base) ?? absoluteUrl(jsonImage(article?.image) ?? undefined, base);
}

function accessibleForFreeOf(article: JsonObject | null): boolean | null {
  const free = article?.isAccessibleForFree;
  return free === false || free === 'False' || free === 'false'
    ? false
    : free === true || free === 'true'
      ? true
      : null;
}

function gatherSignals(root: PageElement): PageSignals {
  const signals: PageSignals = {
    meta: new Map(),
    canonical: null,
    lang: root.attrs.lang ?? root.attrs['xml:lang'] ?? null,
    title: null,
    h1: [],
    itemprops: new Map(),
    times: [],
    authorElements: [],
  };
  for (const element of descendants(root)) {
    const { attrs } = element;
    switch (element.tag) {
      case 'meta': {
        // Some pages put several names in one attribute ("og:title twitter:title").
        const keys = `${attrs.property ?? ''} ${attrs.name ?? ''} ${attrs.itemprop ?? ''} ${attrs['http-equiv'] ?? ''}`;
        for (const key of keys.toLowerCase().split(/\s+/)) {
          if (key && attrs.content !== undefined && !signals.meta.has(key)) signals.meta.set(key, attrs.content);
        }
        break;
      }
      case 'link':
        if (/(^|\s)canonical(\s|$)/i.test(attrs.rel ?? '') && !signals.canonical)
          signals.canonical = attrs.href ?? null;
        if (/(^|\s)author(\s|$)/i.test(attrs.rel ?? '')) signals.authorElements.push(element);
        break;
      case 'title':
        if (!signals.title) signals.title = textOf(element) || null;
        break;
      case 'h1': {
        const text = textOf(element);
        if (text) signals.h1.push(text);
        break;
      }
      case 'time':
        signals.times.push(element);
        break;
      case 'a':
        if (/(^|\s)author(\s|$)/i.test(attrs.rel ?? '')) signals.authorElements.push(element);
        break;
    }
    if (attrs.itemprop) {
      for (const prop of attrs.itemprop.toLowerCase().split(/\s+/)) {
        if (!signals.itemprops.has(prop)) signals.itemprops.set(prop, element);
      }
    }
    if (element.tag !== 'meta' && element.tag !== 'link' && /byline|author|writer/.test(hintOf(element))) {
      signals.authorElements.push(element);
    }
  }
  return signals;
}

function itempropText(signals: PageSignals, prop: string): string | null {
  const element = signals.itemprops.get(prop);
  if (!element) return null;
  if (element.attrs.content) return collapse(element.attrs.content);
  const name = element.children.length ? textOf(element) : '';
  return name || null;
}

const separators = /\s+(?:\||-|–|—|::|»|·|•|\/)\s+/;

/**
 * The headline without the " | Site name" an outlet appends to its titles: a part naming the site (or the
 * domain) goes; otherwise a short last part after a "|" goes when the rest is a real headline.
 */
export function cleanHeadline(raw: string, siteName: string | null, pageUrl: string | null, h1: string[]): string {
  const title = collapse(raw);
  if (!separators.test(title)) return title;
  // The page's own h1 is the headline when the title is that h1 plus a suffix.
  const normalisedTitle = title.toLowerCase();
  for (const heading of h1) {
    const lower = heading.toLowerCase();
    if (lower.length >= 15 && lower !== normalisedTitle && normalisedTitle.startsWith(lower)) return heading;
  }
  const site = normaliseName(siteName ?? '');
  const domain = pageUrl ? normaliseName(hostnameOf(pageUrl)) : '';
  const parts = title.split(separators);
  const names = (part: string) => {
    const name = normaliseName(part);
    return name.length > 0 && (name === site || (domain !== '' && (domain.includes(name) || name.includes(domain))));
  };
  while (parts.length > 1 && names(parts.at(-1)!)) parts.pop();
  while (parts.length > 1 && names(parts[0]!)) parts.shift();
  const joined = rejoin(title, parts);
  if (joined !== title) return joined;
  if (/\s\|\s/.test(title)) {
    const pieces = title.split(/\s+\|\s+/);
    const last = pieces.at(-1)!;
    const rest = pieces.slice(0, -1).join(' | ');
    if (wordCount(last) <= 4 && wordCount(rest) >= 3) return rest;
  }
  return title;
}

function rejoin(title: string, parts: string[]): string {
  const start = title.indexOf(parts[0]!);
  const last = parts.at(-1)!;
  const end = title.lastIndexOf(last) + last.length;
  return title.slice(start, end).trim();
}

function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.(com|co\.uk|org|net|de|fr|es|it|nl|be|ch|at|se|no|dk|fi|io|co|us|ca|au|in)$/, '')
    .replace(/^the\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function hostnameOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Names only: no "By", no dates, no job titles after a comma or a pipe, no e-mail addresses. */
export function cleanByline(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let text = collapse(decodeEntities(raw));
  if (/^https?:\/\//.test(text)) return null;
  text = text
    .replace(/^(?:(?:written|posted|reported|text|words|story|published)\s+)?by[:\s]+/i, '')
    .replace(/^(?:author|authors|autor|von|par|por|door|di)\s*[:\s]\s*/i, '')
    .replace(/\S+@\S+\.\w+/g, '')
    .replace(/\s*(?:\||·|•|—|–|\s-\s).*$/, '')
    .replace(/\b(?:updated|published|posted)\b.*$/i, '')
    .replace(/\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+.*$/i, '')
    .replace(
      /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}.*$/i,
      '',
    )
    .replace(/\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}.*$/, '')
    .replace(/\b\d{4}-\d{2}-\d{2}.*$/, '')
    .replace(
      /,\s*(?:staff|senior|chief|special|contributing|associated|reporter|correspondent|editor|writer|columnist|the\s).*$/i,
      '',
    )
    // "Tom Krisher, AP Auto Writer", "Ana Ruiz, Reuters": a role or a wire after a comma is not a name.
    .replace(
      /,\s*[^,]*\b(?:writer|reporter|correspondent|editor|columnist|contributor|photographer|producer|analyst|critic|bureau)s?\b.*$/i,
      '',
    )
    .replace(/,\s*(?:AP|AFP|Reuters|Associated Press|Bloomberg|dpa|UPI)\s*$/i, '')
    .replace(/^[\s,;:|-]+|[\s,;:|-]+$/g, '')
    .trim();
  if (!text || text.length > 100 || !/\p{L}/u.test(text)) return null;
  if (wordCount(text) > 12) return null;
  return text;
}

function visibleByline(signals: PageSignals): string | null {
  for (const element of signals.authorElements) {
    if (element.tag === 'link') continue;
    const text = textOf(element, 120);
    if (!text || text.length > 120) continue;
    const byline = cleanByline(text);
    if (byline && wordCount(byline) <= 8) return byline;
  }
  return null;
}

/** ISO 8601 for a date as pages write it; the time zone is kept as given, never guessed. */
export function isoDate(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const text = collapse(raw);
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?)\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?$/i.exec(
    text,
  );
  if (iso) {
    const [, date, time, zone] = iso;
    if (isDateProblem(readDate(date!))) return null;
    if (!time) return date!;
    const seconds = time.length === 5 ? `${time}:00` : time;
    let offset = '';
    if (zone) {
      const upper = zone.toUpperCase();
      offset =
        upper === 'Z' || upper === 'UTC' || upper === 'GMT'
          ? 'Z'
          : zone.includes(':')
            ? zone
            : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    }
    return `${date}T${seconds}${offset}`;
  }
  const loose = parseLooseDate(text);
  if (loose) return loose;
  // RFC 2822 and other forms Date understands, when they carry their own zone.
  if (/\d{4}/.test(text) && /(GMT|UTC|[+-]\d{4}|Z)\b/.test(text)) {
    const time = Date.parse(text);
    if (!Number.isNaN(time)) return new Date(time).toISOString().replace('.000Z', 'Z');
  }
  return null;
}

function timeElementDate(signals: PageSignals): string | null {
  const published = signals.times.find((t) => 'pubdate' in t.attrs || /publish/i.test(hintOf(t)));
  for (const element of published ? [published, ...signals.times] : signals.times) {
    const value = isoDate(element.attrs.datetime) ?? isoDate(textOf(element));
    if (value) return value;
  }
  return null;
}

function urlDate(pageUrl: string | null): string | null {
  if (!pageUrl) return null;
  const m = /\/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:\/|$|[^\d])/.exec(pageUrl);
  if (!m) return null;
  return isoDate(`${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`);
}

function cleanLanguage(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const m = /^\s*([a-z]{2,3})(?:[-_]([a-z0-9]{2,8}))?/i.exec(raw);
  if (!m) return null;
  return m[2] ? `${m[1]!.toLowerCase()}-${m[2].length === 2 ? m[2].toUpperCase() : m[2]}` : m[1]!.toLowerCase();
}
