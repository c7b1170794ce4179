// Feeds out: GET /feeds/latest.atom, GET /sources/:id/feed.atom and GET /stories/:id/feed.atom, the newest articles
// as Atom 1.0 (RFC 4287), so that any feed reader can follow Readout. The serializer is written by hand: a page of string building.
import type { Context, Env, Hono } from 'hono';
import type { AppContext } from '../../context.js';
import type { Article } from '../../model.js';
import { findStory } from '../../pipeline/stories.js';
import { readoutVersion } from '../../version.js';
import { sourceHref, webAddress } from '../layout.js';
import { publicOrigin } from '../security.js';
import { storyHref } from '../story-list.js';
import { notFoundPage } from './not-found.js';

const entriesPerFeed = 50;

const atomContentType = 'application/atom+xml; charset=utf-8';

/** One feed, as plain data; `atomFeed` writes it out. Addresses are absolute. */
export interface AtomFeed {
  id: string;
  title: string;
  /** The feed's own address (rel="self"). */
  selfUrl: string;
  /** The HTML page that shows the same list (rel="alternate"). */
  pageUrl: string;
  /** Absolute address of an article's page in Readout. */
  articleUrl: (articleId: string) => string;
  /** Newest first. */
  articles: Article[];
  /** The feed's `updated` when it has no entries. */
  now: Date;
}

export default function <E extends Env>(app: Hono<E>, ctx: AppContext): void {
  app.get('/feeds/latest.atom', async (c) => {
    const list = await ctx.store.listArticles({ perPage: entriesPerFeed });
    const articles = await ctx.store.getArticles(list.items.map((a) => a.id));
    return atomResponse(c, publicOrigin(c, ctx.config), articles, {
      id: feedTag('latest'),
      title: 'Readout: latest articles',
      selfPath: '/feeds/latest.atom',
      pagePath: '/',
    });
  });

  app.get('/sources/:id/feed.atom', async (c) => {
    const id = c.req.param('id');
    const source = await ctx.store.getSource(id);
    if (!source) {
      return notFoundPage(
        c,
        `There is no source with the id “${id}”, so it has no feed. The list of sources has every outlet Readout knows.`,
      );
    }
    const list = await ctx.store.listArticles({ perPage: entriesPerFeed, sourceId: source.id });
    const articles = await ctx.store.getArticles(list.items.map((a) => a.id));
    return atomResponse(c, publicOrigin(c, ctx.config), articles, {
      id: feedTag(`sources/${encodeURIComponent(source.id)}`),
      title: `Readout: ${source.name}`,
      selfPath: `${sourceHref(source.id)}/feed.atom`,
      pagePath: sourceHref(source.id),
    });
  });

  // A story's accounts, newest first; a merged story's feed leads to the feed of the story it joined.
  app.get('/stories/:id/feed.atom', async (c) => {
    const id = c.req.param('id');
    const found = await findStory(ctx, id);
    if (!found) {
      return notFoundPage(
        c,
        `There is no story with the id “${id}”, so it has no feed. The list of stories has every story Readout holds.`,
      );
    }
    if ('redirect' in found) return c.redirect(`${storyHref(found.redirect)}/feed.atom`, 301);
    const { story } = found;
    const newest = story.articles.slice(-entriesPerFeed).reverse();
    const articles = await ctx.store.getArticles(newest.map((a) => a.id));
    return atomResponse(c, publicOrigin(c, ctx.config), articles, {
      id: feedTag(`stories/${encodeURIComponent(story.id)}`),
      title: `Readout story: ${story.headline}`,
      selfPath: `${storyHref(story.id)}/feed.atom`,
      pagePath: storyHref(story.id),
    });
  });
}

/**
 * 304 when the reader already has this list of entries, else the feed, cacheable for five minutes. Its links are
 * absolute, made from `origin` (security.ts's publicOrigin), never from a Host header it did not check.
 */
export function atomResponse(
  c: Context,
  origin: string,
  articles: Article[],
  head: Pick<AtomFeed, 'id' | 'title'> & { selfPath: string; pagePath: string },
): Response {
  const etag = feedETag(articles);
  const headers = { 'Cache-Control': 'public, max-age=300', ETag: etag };
  if (matchesETag(c.req.header('If-None-Match'), etag)) return c.body(null, 304, headers);
  const document = atomFeed({
    id: head.id,
    title: head.title,
    selfUrl: origin + head.selfPath,
    pageUrl: origin + head.pagePath,
    articleUrl: (articleId) => `${origin}/articles/${encodeURIComponent(articleId)}`,
    articles,
    now: new Date(),
  });
  return c.body(document, 200, { ...headers, 'Content-Type': atomContentType });
}

/**
 * Ids are tag: URIs (RFC 4151) rather than addresses built from the request, so that a reader that reaches the
 * same Readout as localhost, by its LAN address or behind a proxy sees one set of entries, not a copy per host.
 * Article ids are random and survive export and import, so an article keeps its Atom id when it moves.
 */
const tagPrefix = 'tag:readout,2026:';
const feedTag = (name: string) => `${tagPrefix}feeds/${name}`;
const articleTag = (articleId: string) => `${tagPrefix}articles/${encodeURIComponent(articleId)}`;

/** Weak, because an empty feed's `updated` moves with the clock while its entries do not. */
function feedETag(articles: Article[]): string {
  return `W/"${newestUpdate(articles) ?? 'empty'}-${articles.length}"`;
}

function matchesETag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

function newestUpdate(articles: Article[]): string | null {
  let newest: string | null = null;
  for (const article of articles) {
    const updated = rfc3339(article.updatedAt);
    if (updated && (newest === null || Date.parse(updated) > Date.parse(newest))) newest = updated;
  }
  return newest;
}

/** The whole Atom document. */
export function atomFeed(feed: AtomFeed): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    element('id', feed.id),
    element('title', feed.title),
    element('updated', newestUpdate(feed.articles) ?? feed.now.toISOString()),
    link('self', feed.selfUrl, 'application/atom+xml'),
    link('alternate', feed.pageUrl, 'text/html'),
    `<generator version="${xml(readoutVersion)}">Readout</generator>`,
    ...feed.articles.map((article) => atomEntry(article, feed.articleUrl(article.id))),
    '</feed>',
  ];
  return `${lines.join('\n')}\n`;
}

function atomEntry(article: Article, pageUrl: string): string {
  const original = webAddress(article.canonicalUrl ?? article.url);
  const published = article.publishedAt ? rfc3339(article.publishedAt) : null;
  const language = article.language && /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(article.language);
  const lines = [
    language ? `<entry xml:lang="${xml(article.language!)}">` : '<entry>',
    element('id', articleTag(article.id)),
    element('title', article.headline),
    link('alternate', pageUrl, 'text/html'),
    original ? link('related', original, 'text/html') : null,
    element('updated', rfc3339(article.updatedAt) ?? article.updatedAt),
    published ? element('published', published) : null,
    // Atom requires an author; the outlet stands in when the byline is unknown.
    `<author>${element('name', article.byline || article.source.name)}</author>`,
    article.deck ? element('summary', article.deck) : null,
    `<content type="html">${xml(article.bodyHtml)}</content>`,
    '</entry>',
  ];
  return lines.filter((line) => line !== null).join('\n');
}

function element(name: string, text: string): string {
  return `<${name}>${xml(text)}</${name}>`;
}

function link(rel: string, href: string, type: string): string {
  return `<link rel="${rel}" type="${type}" href="${xml(href)}"/>`;
}

/** Characters XML 1.0 cannot hold at all, not even escaped: most C0 controls, U+FFFE/U+FFFF, lone surrogates. */
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text made safe for XML content and attribute values alike. */
export function xml(text: string): string {
  return text
    .replace(notXmlChar, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

const isoParts = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * A stored ISO 8601 date or timestamp as an RFC 3339 date-time, which Atom requires: a date alone becomes its
 * midnight UTC, missing seconds become :00, and a timestamp without a zone is read as UTC. The publisher's own
 * offset is kept. Null when the value is not a date at all.
 */
export function rfc3339(iso: string): string | null {
  const match = isoParts.exec(iso.trim());
  if (match) {
    const [, date, minutes, seconds, zone] = match;
    if (minutes === undefined) return `${date}T00:00:00Z`;
    const offset = !zone || zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
    return `${date}T${minutes}${seconds ?? ':00'}${offset}`;
  }
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
