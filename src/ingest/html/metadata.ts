// Article metadata (headline, deck, byline, date, source, language, canonical URL, lead image) from JSON-LD,
// OpenGraph/Twitter/<meta> tags, microdata, <time>, visible bylines, the URL and the title, best source first.
import { isDateProblem, readDate } from '../../calendar.js';
import { parseLooseDate } from '../dates.js';
import { absoluteUrl, collapse, descendants, hintOf, type PageElement, textOf } from './dom.js';

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

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const articleTypes =
  /^(NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|ReviewNewsArticle|BlogPosting|SocialMediaPosting|LiveBlogPosting|Report|ScholarlyArticle|TechArticle|WebPage)$/;

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

export function readMetadata(root: PageElement, jsonLd: string[], pageUrl: string | null): PageMetadata {
  const signals = gatherSignals(root);
  const article = articleObject(jsonLd);
  const meta = (...keys: string[]) => {
    for (const key of keys) {
      const value = signals.meta.get(key);
      if (value?.trim()) return collapse(value);
    }
    return null;
  };
  const base = pageUrl ?? meta('og:url');

  const siteName =
    meta('og:site_name') ??
    jsonName(article?.publisher) ??
    meta('application-name', 'twitter:site:name', 'publisher', 'dc.publisher') ??
    null;

  const rawHeadline =
    jsonText(article?.headline) ??
    jsonText(article?.name) ??
    meta('og:title', 'twitter:title', 'dc.title', 'sailthru.title', 'parsely-title', 'title') ??
    itempropText(signals, 'headline') ??
    signals.h1[0] ??
    signals.title;
  const headline = rawHeadline ? cleanHeadline(rawHeadline, siteName, pageUrl, signals.h1) : null;

  const deck = jsonText(article?.alternativeHeadline) ?? null;
  const description =
    meta('og:description', 'description', 'twitter:description', 'dc.description') ?? jsonText(article?.description);

  const byline =
    cleanByline(jsonAuthors(article?.author)) ??
    cleanByline(meta('author', 'article:author', 'parsely-author', 'sailthru.author', 'dc.creator', 'byl')) ??
    cleanByline(itempropText(signals, 'author')) ??
    visibleByline(signals);

  const publishedAt =
    isoDate(jsonText(article?.datePublished)) ??
    isoDate(
      meta(
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
      ),
    ) ??
    isoDate(
      signals.itemprops.get('datepublished')?.attrs.content ?? signals.itemprops.get('datepublished')?.attrs.datetime,
    ) ??
    timeElementDate(signals) ??
    urlDate(pageUrl);

  const language =
    cleanLanguage(signals.lang) ??
    cleanLanguage(meta('content-language', 'dc.language', 'language')) ??
    cleanLanguage(meta('og:locale')) ??
    cleanLanguage(jsonText(article?.inLanguage));

  const canonicalUrl =
    absoluteUrl(signals.canonical ?? undefined, base) ?? absoluteUrl(meta('og:url') ?? undefined, base);

  const leadImage =
    absoluteUrl(
      meta('og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src') ?? undefined,
      base,
    ) ?? absoluteUrl(jsonImage(article?.image) ?? undefined, base);

  const body = jsonText(article?.articleBody);
  const free = article?.isAccessibleForFree;
  const accessibleForFree =
    free === false || free === 'False' || free === 'false' ? false : free === true || free === 'true' ? true : null;

  return {
    headline,
    deck: deck ?? description,
    byline,
    publishedAt,
    siteName,
    language,
    canonicalUrl,
    leadImage,
    articleBody: body,
    accessibleForFree,
  };
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

/** The article object of the page's JSON-LD: a news type wins over a generic one, @graph is searched. */
function articleObject(jsonLd: string[]): JsonObject | null {
  let best: JsonObject | null = null;
  let bestRank = 0;
  for (const text of jsonLd) {
    let data: Json;
    try {
      data = JSON.parse(text.trim().replace(/^<!\[CDATA\[|\]\]>$/g, ''));
    } catch {
      continue;
    }
    const stack: Json[] = [data];
    let visited = 0;
    while (stack.length > 0 && visited++ < 1000) {
      const item = stack.pop();
      if (Array.isArray(item)) {
        stack.push(...item);
        continue;
      }
      if (!item || typeof item !== 'object') continue;
      if (Array.isArray(item['@graph'])) stack.push(...item['@graph']);
      if (item.mainEntity && typeof item.mainEntity === 'object') stack.push(item.mainEntity);
      const types = ([] as Json[]).concat(item['@type'] ?? []).filter((t): t is string => typeof t === 'string');
      for (const type of types) {
        if (!articleTypes.test(type)) continue;
        const rank = type === 'WebPage' ? 1 : /News|Reportage/.test(type) ? 3 : 2;
        if (rank > bestRank) {
          best = item;
          bestRank = rank;
        }
      }
    }
  }
  return best;
}

function jsonText(value: Json | undefined): string | null {
  if (typeof value === 'string') return collapse(decodeEntities(value)) || null;
  if (Array.isArray(value)) return jsonText(value[0]);
  if (value && typeof value === 'object' && typeof value['@value'] === 'string') return jsonText(value['@value']);
  return null;
}

function jsonName(value: Json | undefined): string | null {
  if (typeof value === 'string') return collapse(value) || null;
  if (Array.isArray(value)) return jsonName(value[0]);
  if (value && typeof value === 'object') return jsonText(value.name);
  return null;
}

function jsonAuthors(value: Json | undefined): string | null {
  const names = ([] as Json[])
    .concat(value ?? [])
    .map((author) => jsonName(author))
    .filter((name): name is string => !!name && !/^https?:/.test(name));
  return names.length > 0 ? joinNames(names) : null;
}

function jsonImage(value: Json | undefined): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return jsonImage(value[0]);
  if (value && typeof value === 'object') return jsonImage(value.url ?? value.contentUrl ?? null);
  return null;
}

function joinNames(names: string[]): string {
  const unique = [...new Set(names)];
  if (unique.length <= 2) return unique.join(' and ');
  return `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`;
}

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, code: string) => {
    const lower = code.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16) || 32);
    if (lower.startsWith('#')) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10) || 32);
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }[lower] ?? '';
  });
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
