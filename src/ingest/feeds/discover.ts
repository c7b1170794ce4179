// Finding a site's feeds: the links a page declares, the usual paths to try when it declares none, and a sniff of a
// response body to tell a feed from an HTML page.
import { absoluteUrl, descendants, type PageElement, parsePage, textOf } from '../html/dom.js';

export interface FeedLink {
  url: string;
  title: string | null;
  type: 'rss' | 'atom' | 'json' | 'unknown';
}

// Media types a page may give an alternate feed link; text/xml and application/xml say only "some XML".
const feedLinkTypes: Record<string, FeedLink['type']> = {
  'application/rss+xml': 'rss',
  'application/rdf+xml': 'rss',
  'application/atom+xml': 'atom',
  'application/feed+json': 'json',
  'application/json': 'json',
  'text/xml': 'unknown',
  'application/xml': 'unknown',
};

// WordPress and others also mention feeds of a post's comments; a subscriber wants the site's own feed first.
const commentFeed = /\b(comments?|kommentare?|commentaires?|comentarios?)\b/i;

/** Alternate links in the page, then same-site anchors that look like feeds; comment feeds last; no duplicates. */
export function discoverFeedLinks(html: string, pageUrl: string): FeedLink[] {
  const page = safeUrl(pageUrl);
  if (!page) return [];
  const { root } = parsePage(html);
  const elements = [...descendants(root)];
  const base = documentBase(elements, page.href);
  const declared: FeedLink[] = [];
  const anchors: FeedLink[] = [];
  for (const element of elements) {
    if (element.tag === 'link') {
      const link = alternateLink(element, base);
      if (link) declared.push(link);
    } else if (element.tag === 'a') {
      const link = feedAnchor(element, base, page);
      if (link) anchors.push(link);
    }
  }
  const all = [...declared, ...anchors];
  const isComments = (link: FeedLink) =>
    commentFeed.test(link.title ?? '') || commentFeed.test(new URL(link.url).pathname);
  const ordered = [...all.filter((link) => !isComments(link)), ...all.filter(isComments)];
  const seen = new Set<string>();
  return ordered.filter((link) => !seen.has(link.url) && seen.add(link.url));
}

function documentBase(elements: PageElement[], pageUrl: string): string {
  const base = elements.find((element) => element.tag === 'base' && element.attrs.href);
  return absoluteUrl(base?.attrs.href, pageUrl) ?? pageUrl;
}

function alternateLink(element: PageElement, base: string): FeedLink | null {
  const rel = (element.attrs.rel ?? '').toLowerCase().split(/\s+/);
  if (!rel.includes('alternate')) return null;
  const mediaType = (element.attrs.type ?? '').split(';')[0]!.trim().toLowerCase();
  const type = feedLinkTypes[mediaType];
  if (!type) return null;
  const url = withoutFragment(absoluteUrl(element.attrs.href, base));
  if (!url) return null;
  // WordPress marks its REST API as an alternate application/json link on every page; that is no feed.
  if (mediaType === 'application/json' && /\/wp-json\//.test(new URL(url).pathname)) return null;
  return { url, title: cleanTitle(element.attrs.title), type };
}

const feedPath = /(\/(feed|rss|atom)|\.(rss|xml|atom)|feed\.json)$/i;

/** A weaker signal: an ordinary link on the same site whose path reads like a feed's. */
function feedAnchor(element: PageElement, base: string, page: URL): FeedLink | null {
  const url = withoutFragment(absoluteUrl(element.attrs.href, base));
  if (!url) return null;
  const target = new URL(url);
  if (siteOf(target.hostname) !== siteOf(page.hostname)) return null;
  const path = target.pathname.replace(/\/+$/, '');
  if (!feedPath.test(path) || /sitemap/i.test(path)) return null;
  const title = cleanTitle(element.attrs.title) ?? cleanTitle(textOf(element, 200));
  return { url: target.href, title, type: typeFromPath(path) };
}

function typeFromPath(path: string): FeedLink['type'] {
  if (/feed\.json$/i.test(path)) return 'json';
  if (/atom$/i.test(path)) return 'atom';
  if (/rss$/i.test(path)) return 'rss';
  return 'unknown';
}

/** A fragment names a place in a document, not another feed. */
function withoutFragment(url: string | null): string | null {
  return url?.replace(/#.*$/, '') ?? null;
}

/** "www.example.com" and "example.com" are one site. */
function siteOf(hostname: string): string {
  return hostname.toLowerCase().replace(/^www\./, '');
}

function cleanTitle(text: string | undefined): string | null {
  const title = (text ?? '').replace(/\s+/g, ' ').trim();
  return title ? title.slice(0, 300) : null;
}

/** The usual feed paths, in the order to try them when a page names no feed. */
export const commonFeedPaths: readonly string[] = Object.freeze([
  '/feed',
  '/rss.xml',
  '/atom.xml',
  '/index.xml',
  '/feed.xml',
  '/rss',
  '/feed/',
  '/feeds/posts/default',
  '/?feed=rss2',
  '/index.rss',
  '/atom',
]);

/**
 * The common feed paths under the page's directory (a blog at /blog/ keeps its feed at /blog/feed, so these come
 * first) and under the site's root, without duplicates. The directory is the URL's own: /blog/ and /blog/post
 * both give /blog/, while /blog gives the root.
 */
export function candidateFeedUrls(siteUrl: string): string[] {
  const site = safeUrl(siteUrl);
  if (!site) return [];
  const directory = new URL(site.pathname.replace(/[^/]*$/, ''), site.origin);
  const underDirectory =
    directory.pathname === '/' ? [] : commonFeedPaths.map((path) => new URL(path.slice(1), directory));
  const underRoot = commonFeedPaths.map((path) => new URL(path, site.origin));
  return [...new Set([...underDirectory, ...underRoot].map((url) => url.href))];
}

/**
 * A cheap look at a response: does it start like a feed, or claim to be one? An HTML page never counts. A generic
 * XML or JSON type counts only when the body is empty (not yet read) or, for JSON, an object with items: a sitemap
 * or an API answer is no feed, and real feeds start with <rss>, <feed> or <rdf:RDF>.
 */
export function looksLikeFeed(body: string, contentType: string | null): boolean {
  const start = firstContent(body);
  if (startsLikeFeed(start)) return true;
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (/^<(!doctype\s+html|html|head|body)\b/i.test(start) || /^(text\/html|application\/xhtml\+xml)$/.test(mediaType)) {
    return false;
  }
  if (/^application\/(rss|atom|rdf|feed)\+(xml|json)$/.test(mediaType)) return true;
  if (/^(application|text)\/xml$/.test(mediaType)) return start === '';
  if (/^application\/json$/.test(mediaType)) {
    return start === '' || (start.startsWith('{') && /"items"\s*:\s*\[/.test(start.slice(0, 65_536)));
  }
  return false;
}

function startsLikeFeed(start: string): boolean {
  if (/^<(rss|([\w-]+:)?feed|rdf:rdf)[\s>/]/i.test(start)) return true;
  return start.startsWith('{') && /"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//.test(start.slice(0, 16_384));
}

/** The body from its first element or JSON value on: BOM, white space, XML declaration, comments, doctype skipped. */
function firstContent(body: string): string {
  let rest = body.slice(0, 65_536).replace(/^\ufeff/, '');
  for (;;) {
    const trimmed = rest.trimStart();
    const prolog = /^(<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!doctype\s+(?!html\b)[^>[]*(\[[\s\S]*?\])?\s*>)/i.exec(trimmed);
    if (!prolog) return trimmed;
    rest = trimmed.slice(prolog[0].length);
  }
}

function safeUrl(text: string): URL | null {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
