// Finding a site's feeds: the links a page declares, the usual paths to try when it declares none, a sniff of a
// response body to tell a feed from an HTML page, and the search itself, asking the candidates under one deadline.

import { UserError } from '../../errors.js';
import { absoluteUrl, descendants, type PageElement, parsePage, textOf } from '../html/dom.js';
import { type FetchedFeed, FetchFailed, FetchRefused, type Http } from '../http.js';
import { decodeHtml } from '../text.js';
import { FeedError, parseFeed } from './parse.js';

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

/** No feed at or behind the URL: the message says what was tried and what to do. */
export class NoFeedFound extends UserError {
  override name = 'NoFeedFound';

  constructor(message: string, options?: ErrorOptions) {
    super('unprocessable', message, options);
  }
}

export interface FoundFeed {
  /** The feed's own URL (after redirects). */
  url: string;
  title: string | null;
  siteUrl: string | null;
}

/** Discovery asks for at most this many URLs: the page's own feed links first, then the usual paths. */
export const maxDiscoveryTries = 12;

/**
 * Candidates asked for at once on one host. Most candidates share the page's host, and a site that names twenty
 * feeds should not get twenty requests at once; four is under the six connections a browser opens to one host,
 * and with at most twelve tries it takes three rounds at worst, all inside the deadline.
 */
export const discoveryPerHost = 4;

/**
 * The feed at a URL: the URL itself when it serves a feed, else the first of the feeds the page names
 * (`<link rel="alternate">`, in page order), else one at the usual paths (/feed, /rss.xml, …). The candidates are
 * asked for in parallel, and the whole search, the page included, ends at `timeoutSeconds`: what has not answered
 * by then is cancelled. NoFeedFound when none is found.
 */
export async function findFeed(http: Http, url: string, options: { timeoutSeconds: number }): Promise<FoundFeed> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  // The page's own fetch already ends at the fetch timeout, with its own message; it starts the deadline.
  const first = await http.fetchFeed(url);
  const feed = readFeed(first);
  if (feed) return feed;
  if (!startsLikeMarkup(first.body))
    throw new NoFeedFound(`${first.url} is neither a feed nor a web page that names one`);
  const html = decodeHtml(first.body, /charset=([^;\s]+)/i.exec(first.contentType ?? '')?.[1]);
  const named = discoverFeedLinks(html, first.url).map((link) => link.url);
  const candidates = [...new Set([...named, ...candidateFeedUrls(first.url)])]
    .filter((candidate) => candidate !== first.url)
    .slice(0, maxDiscoveryTries);
  const checks = await checkCandidates(http, candidates, deadline - Date.now());
  const found = checks.find((check) => check.feed)?.feed;
  if (found) return found;
  throw new NoFeedFound(notFoundMessage(first.url, named, checks, options.timeoutSeconds));
}

function readFeed(fetched: FetchedFeed): FoundFeed | null {
  try {
    const parsed = parseFeed(fetched.body, { url: fetched.url, contentType: fetched.contentType });
    return { url: fetched.url, title: parsed.title, siteUrl: parsed.link };
  } catch (err) {
    if (err instanceof FeedError) return null;
    throw err;
  }
}

function startsLikeMarkup(body: Uint8Array): boolean {
  const head = Buffer.from(body.subarray(0, 512)).toString('latin1');
  return /^\s*</.test(head.replace(/^\ufeff|^\xef\xbb\xbf/, ''));
}

interface CandidateCheck {
  url: string;
  /** `late` when the deadline came first: not asked for at all, or cut off unanswered. */
  outcome: 'feed' | 'no feed' | 'late';
  feed: FoundFeed | null;
}

/**
 * Asks for every candidate, a few at a time on each host, until the first in list order that is a feed is known
 * (every one before it has answered with something else) or the time is up; then cancels the rest. A feed found
 * further down the list waits for the ones before it, so the page's own feeds win over the guessed paths.
 */
async function checkCandidates(http: Http, urls: string[], timeoutMs: number): Promise<CandidateCheck[]> {
  const checks: CandidateCheck[] = urls.map((url) => ({ url, outcome: 'late', feed: null }));
  const settled = new Array<boolean>(urls.length).fill(false);
  const stop = new AbortController();
  const decided = () => {
    for (const [i, check] of checks.entries()) {
      if (!settled[i]) return false;
      if (check.feed) return true;
    }
    return true;
  };
  const ask = async (i: number) => {
    try {
      const found = readFeed(await http.fetchFeed(urls[i]!, { signal: stop.signal }));
      checks[i] = { url: urls[i]!, outcome: found ? 'feed' : 'no feed', feed: found };
    } catch (err) {
      if (stop.signal.aborted) return;
      if (!(err instanceof FetchFailed || err instanceof FetchRefused)) throw err;
      checks[i] = { url: urls[i]!, outcome: 'no feed', feed: null };
    }
    settled[i] = true;
    if (decided()) stop.abort();
  };
  const byHost = new Map<string, number[]>();
  for (const [i, url] of urls.entries()) {
    const host = new URL(url).host;
    byHost.set(host, [...(byHost.get(host) ?? []), i]);
  }
  const workers = [...byHost.values()].flatMap((queue) =>
    Array.from({ length: Math.min(discoveryPerHost, queue.length) }, async () => {
      for (let i = queue.shift(); i !== undefined && !stop.signal.aborted; i = queue.shift()) await ask(i);
    }),
  );
  const timer = setTimeout(() => stop.abort(), Math.max(0, timeoutMs));
  try {
    await Promise.all(workers);
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
  return checks;
}

function notFoundMessage(pageUrl: string, named: string[], checks: CandidateCheck[], seconds: number): string {
  const usualPaths = '/feed, /rss.xml, /atom.xml, /index.xml and the other usual paths';
  const guessed = checks.some((check) => !named.includes(check.url));
  const late = checks.filter((check) => check.outcome === 'late').map((check) => check.url);
  const within = `within ${seconds} s (READOUT_FETCH_TIMEOUT)`;
  let tried = named.length === 0 ? 'it names no feed' : `it names ${plural(named.length, 'feed')} (${listOf(named)})`;
  if (late.length === 0 && named.length === 0) tried += `, and none of ${usualPaths} answered with one`;
  else if (late.length === 0) tried += `, which did not answer with a feed${guessed ? `, nor did ${usualPaths}` : ''}`;
  else if (late.length === checks.length)
    tried += `, and none of the ${plural(checks.length, 'URL')} tried answered ${within}`;
  else
    tried += `; ${checks.length - late.length} of the ${plural(checks.length, 'URL')} tried answered without a feed, and ${late.length} did not answer ${within}: ${listOf(late)}`;
  return `no feed found at ${pageUrl}: ${tried}; give the feed's own URL`;
}

function plural(n: number, noun: string): string {
  return n === 1 ? `one ${noun}` : `${n} ${noun}s`;
}

/** The first three URLs and how many more. */
function listOf(urls: string[]): string {
  const shown = urls.slice(0, 3).join(', ');
  return urls.length > 3 ? `${shown} and ${urls.length - 3} more` : shown;
}
