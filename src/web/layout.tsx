// The frame every reading page shares (head, site header, footer) and the small parts list pages are built from.
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { monthNames } from '../calendar.js';
import type { ArticleSummary } from '../model.js';
import { assetUrl } from './assets.js';

// An inline icon, so that browsers do not ask for /favicon.ico on every page.
const favicon =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='6' fill='%23222'/%3E%3Ctext x='16' y='23' font-family='Georgia,serif' font-size='20' font-weight='700' fill='%23fff' text-anchor='middle'%3ER%3C/text%3E%3C/svg%3E";

export type Section = 'latest' | 'stories' | 'sources' | 'feeds' | 'help';

export interface LayoutProps {
  /** The page's own title; " · Readout" is added. */
  title: string;
  /** Marks the site navigation link of the section this page belongs to. */
  section?: Section;
  description?: string | null;
  /** The original article's address, so search engines credit the publisher rather than this copy. */
  canonical?: string | null;
  /** The search the page shows, to keep in the header's search box. */
  query?: string;
  children?: Child;
}

export function Layout(props: LayoutProps) {
  const current = (section: Section) => (props.section === section ? 'page' : undefined);
  return (
    <>
      {/* A constant, not content: JSX has no syntax for the doctype. */}
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} · Readout`}</title>
          {props.description ? <meta name="description" content={props.description} /> : null}
          {props.canonical ? <link rel="canonical" href={props.canonical} /> : null}
          <meta name="color-scheme" content="light dark" />
          <link rel="icon" href={favicon} />
          <link
            rel="alternate"
            type="application/atom+xml"
            title="Readout: latest articles"
            href="/feeds/latest.atom"
          />
          <link rel="stylesheet" href={assetUrl('style.css')} />
          <script src={assetUrl('keys.js')} defer />
        </head>
        <body>
          <a class="skip-link" href="#content">
            Skip to content
          </a>
          <header class="site-header">
            <a class="site-name" href="/">
              Readout
            </a>
            <nav class="site-nav" aria-label="Site">
              <a href="/" aria-current={current('latest')}>
                Latest
              </a>
              <a href="/stories" aria-current={current('stories')}>
                Stories
              </a>
              <a href="/sources" aria-current={current('sources')}>
                Sources
              </a>
              <a href="/feeds" aria-current={current('feeds')}>
                Feeds
              </a>
              <a href="/help" aria-current={current('help')}>
                Help
              </a>
            </nav>
            <form class="site-search" method="get" action="/search">
              <input
                type="search"
                name="q"
                value={props.query ?? ''}
                aria-label="Search articles"
                placeholder="Search"
              />
              <button type="submit">Search</button>
            </form>
          </header>
          <main id="content">{props.children}</main>
          <footer class="site-footer">
            <p>
              Readout keeps clippings for reading. Each article belongs to its publisher and links to the original.{' '}
              <a href="/help">Keyboard shortcuts and help</a>
            </p>
          </footer>
        </body>
      </html>
    </>
  );
}

/**
 * "2026-11-03" or "2026-11-03T23:30:00-05:00" → "November 3, 2026". The date is read as written, never
 * converted to a time zone: a date-only value would otherwise slip to the day before west of Greenwich, and a
 * timestamp's own offset already gives the publisher's calendar day.
 */
export function formatDate(iso: string): string {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso);
  if (!match) return iso;
  const [, year, month, day] = match;
  if (month === undefined) return year!;
  const monthName = monthNames[Number(month) - 1];
  if (monthName === undefined) return iso;
  if (day === undefined) return `${monthName} ${year}`;
  const dayNumber = Number(day);
  if (dayNumber < 1 || dayNumber > 31) return iso;
  return `${monthName} ${dayNumber}, ${year}`;
}

export function DateTime(props: { value: string; class?: string }) {
  return (
    <time class={props.class} datetime={props.value}>
      {formatDate(props.value)}
    </time>
  );
}

/** Link to an article page that remembers which list to go back to. */
export function articleHref(articleId: string, back: string): string {
  return `/articles/${encodeURIComponent(articleId)}?back=${encodeURIComponent(back)}`;
}

export function sourceHref(sourceId: string): string {
  return `/sources/${encodeURIComponent(sourceId)}`;
}

/** Only http(s) addresses from the outside world become links; a stored "javascript:" URL stays inert. */
export function webAddress(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The "(subscription required)" mark after a link to something behind a paywall. */
export function PaywallMark() {
  return (
    <>
      {' '}
      <span class="paywall">(subscription required)</span>
    </>
  );
}

export interface ArticleListProps {
  articles: ArticleSummary[];
  /** The list page's own address (e.g. "/?page=2"), handed to each article page for its Go back link. */
  back: string;
  /** Off on a source's own page, where every item has the same source. */
  showSource?: boolean;
}

export function ArticleList({ articles, back, showSource = true }: ArticleListProps) {
  return (
    <ol class="article-list">
      {articles.map((article) => (
        <li>
          <article class="item" data-key="item" data-article-id={article.id}>
            <h2 class="item-headline">
              <a class="headline" href={articleHref(article.id, back)}>
                {article.headline}
              </a>
            </h2>
            <p class="item-meta">
              {showSource ? (
                <>
                  <a class="source" href={sourceHref(article.source.id)}>
                    {article.source.name}
                  </a>
                  {' · '}
                </>
              ) : null}
              <Dated article={article} />
              {article.paywalled ? <PaywallMark /> : null}
            </p>
            {article.deck ? <p class="deck">{article.deck}</p> : null}
          </article>
        </li>
      ))}
    </ol>
  );
}

export interface PagerProps {
  page: number;
  pageCount: number;
  /** Address of a given page of the same list. */
  href: (page: number) => string;
}

/** Newer/Older links between pages of a list; nothing when the list fits on one page. */
export function Pager({ page, pageCount, href }: PagerProps) {
  if (pageCount <= 1) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {page > 1 ? (
        <a class="pager-newer" rel="prev" href={href(page - 1)}>
          <span aria-hidden="true">←</span> Newer
        </a>
      ) : (
        <span class="pager-gap" />
      )}
      <span class="pager-status">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <a class="pager-older" rel="next" href={href(page + 1)}>
          Older <span aria-hidden="true">→</span>
        </a>
      ) : (
        <span class="pager-gap" />
      )}
    </nav>
  );
}

/** When an article was published; without a date, when Readout stored it, said as such rather than passed off as one. */
export function Dated(props: { article: { publishedAt: string | null; createdAt: string } }) {
  const { publishedAt, createdAt } = props.article;
  return publishedAt ? (
    <DateTime value={publishedAt} />
  ) : (
    <>
      added <DateTime value={createdAt} />
    </>
  );
}
