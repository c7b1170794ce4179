// GET /articles/:id : one article as DESIGN.md §1 lays it out, headline first and "More from <Source>" last.
import type { Env, Hono } from 'hono';
import type { AppContext } from '../../context.js';
import type { Article, ResolvedRelatedLink, StoryAccount } from '../../model.js';
import { type Dispute, disputesOf } from '../../pipeline/compare.js';
import { articleHref, Dated, DateTime, Layout, PaywallMark, sourceHref, webAddress } from '../layout.js';
import { storyHref } from '../story-list.js';
import { notFoundPage } from './not-found.js';

// The lists an article can be reached from; `back` may only lead to one of these.
const listPath = /^\/(?:sources(?:\/[^/]+)?|search|stories(?:\/[^/]+)?|entities\/[^/]+)?$/;
const localBase = 'http://readout.invalid';

/**
 * The Go back target from `?back=`: a local list path such as "/?page=2", "/sources/abc" or "/stories/abc", else
 * `fallback`. Anything that could leave the site ("//host", "/\host", "https:…") or land elsewhere falls back.
 */
export function backPath(raw: string | undefined, fallback = '/'): string {
  if (!raw?.startsWith('/') || raw.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, localBase);
  } catch {
    return fallback;
  }
  if (url.origin !== localBase || !listPath.test(url.pathname)) return fallback;
  return url.pathname + url.search;
}

/** The deck, or else the opening of the body, for the meta description. */
function summaryOf(article: Article): string | null {
  if (article.deck) return article.deck;
  const opening = article.paragraphs[0];
  if (!opening) return null;
  return opening.length > 200 ? `${opening.slice(0, 197).trimEnd()}…` : opening;
}

export default function <E extends Env>(app: Hono<E>, ctx: AppContext): void {
  app.get('/articles/:id', async (c) => {
    const id = c.req.param('id');
    const article = await ctx.store.getArticle(id);
    if (!article) {
      return notFoundPage(
        c,
        `There is no article with the id “${id}”. It may have been removed, or the link may be cut short.`,
      );
    }
    const related = await ctx.store.resolveRelated(article);
    const others = await ctx.store.otherAccounts(article.id);
    // Only an article with other accounts can be contradicted by one (the comparison is kept per story).
    const disputes = others && others.total > 0 ? await disputesOf(ctx, article.id, others.storyId) : new Map();
    const back = backPath(c.req.query('back'));
    const original = webAddress(article.canonicalUrl) ?? webAddress(article.url);

    return c.html(
      <Layout title={article.headline} description={summaryOf(article)} canonical={original}>
        <ArticlePage
          article={article}
          related={related}
          others={others}
          disputes={disputes}
          back={back}
          original={original}
        />
      </Layout>,
    );
  });
}

/** The other accounts of the article's story, as the store gives them; null when it is not in a story yet. */
type OtherAccounts = { storyId: string; total: number; accounts: StoryAccount[] } | null;

interface ArticlePageProps {
  article: Article;
  related: ResolvedRelatedLink[];
  others: OtherAccounts;
  /** Paragraph → the details in it that another account gives differently. */
  disputes: Map<number, Dispute[]>;
  back: string;
  original: string | null;
}

function ArticlePage({ article, related, others, disputes, back, original }: ArticlePageProps) {
  const { source } = article;
  const byline = article.byline ? (/^by\s/i.test(article.byline) ? article.byline : `By ${article.byline}`) : null;
  return (
    <article class="story" lang={article.language ?? undefined}>
      <h1 class="headline">{article.headline}</h1>
      <nav class="back" aria-label="Back to list">
        <a href={back} data-key="back" rel="up">
          Go back
        </a>
      </nav>
      <p class="from">
        from{' '}
        <a class="source" href={sourceHref(source.id)}>
          {source.name}
        </a>
        {original ? (
          <>
            {' · '}
            <a class="original" href={original} rel="external noreferrer">
              original article
            </a>
            {article.paywalled || source.paywalled ? <PaywallMark /> : null}
          </>
        ) : null}
      </p>
      {article.deck ? <p class="deck">{article.deck}</p> : null}
      {byline || article.publishedAt ? (
        <p class="byline">
          {byline ? <span class="author">{byline}</span> : null}
          {byline && article.publishedAt ? ' · ' : null}
          {article.publishedAt ? <DateTime class="published" value={article.publishedAt} /> : null}
        </p>
      ) : null}
      <div class="body">
        {article.paragraphs.map((paragraph, index) => {
          // An address for each paragraph, so that a comparison can link to the sentence it quotes.
          const disputed = disputes.get(index);
          if (!disputed) return <p id={`p${index}`}>{paragraph}</p>;
          return (
            <p id={`p${index}`} class="disputed">
              <mark>{paragraph}</mark>{' '}
              <DisputeNote disputes={disputed} compare={others ? `${storyHref(others.storyId)}/compare` : null} />
            </p>
          );
        })}
      </div>
      <OtherAccountsOf others={others} back={back} />
      {related.length > 0 ? (
        <section class="related" aria-labelledby="related-heading">
          <h2 id="related-heading">More from {source.name}</h2>
          <ul>
            {related.map((link) => (
              <li>
                <RelatedHeadline link={link} back={back} />
                {link.paywalled || source.paywalled ? <PaywallMark /> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}

/** "Other accounts of this story (N)": the same event as other outlets told it, and the way to the whole story. */
function OtherAccountsOf({ others, back }: { others: OtherAccounts; back: string }) {
  if (!others || others.total === 0 || others.accounts.length === 0) return null;
  const left = others.total - others.accounts.length;
  return (
    <section class="other-accounts" aria-labelledby="other-accounts-heading">
      <h2 id="other-accounts-heading">Other accounts of this story ({others.total})</h2>
      <ul>
        {others.accounts.map((account) => (
          <li>
            <span class="account-meta">
              <span class="account-source">{account.source.name}</span>
              {' · '}
              <Dated article={account} />
            </span>
            <a class="related-link" href={articleHref(account.id, back)}>
              {account.headline}
            </a>
            {account.paywalled || account.source.paywalled ? <PaywallMark /> : null}
          </li>
        ))}
      </ul>
      <p class="story-link">
        <a href={storyHref(others.storyId)} data-key="story">
          The whole story{left > 0 ? `, with ${left} more` : ''}: every account, who covered it and when
        </a>
      </p>
    </section>
  );
}

/** In Readout when the article is stored here, else at the original address, else just the headline. */
function RelatedHeadline({ link, back }: { link: ResolvedRelatedLink; back: string }) {
  if (link.articleId) {
    return (
      <a class="related-link" href={articleHref(link.articleId, back)}>
        {link.title}
      </a>
    );
  }
  const address = webAddress(link.url);
  if (address) {
    return (
      <a class="related-link" href={address} rel="external noreferrer">
        {link.title}
      </a>
    );
  }
  return <span class="related-title">{link.title}</span>;
}

/** A note after a paragraph that another account contradicts: what this one says, and what the others say. */
function DisputeNote({ disputes, compare }: { disputes: Dispute[]; compare: string | null }) {
  return (
    <span class="dispute-note" role="note">
      {disputes.map((dispute, index) => (
        <>
          {index > 0 ? ' ' : ''}
          Other accounts differ on {dispute.label}: this one gives {dispute.value};{' '}
          {dispute.others.map((other, i) => (
            <>
              {i > 0 ? '; ' : ''}
              {other.sources.join(', ')} {other.sources.length === 1 ? 'gives' : 'give'} {other.value}
            </>
          ))}
          {dispute.others.at(-1)?.value.endsWith('.') ? '' : '.'}
        </>
      ))}
      {compare ? (
        <>
          {' '}
          <a href={compare}>Compare the accounts</a>
        </>
      ) : null}
    </span>
  );
}
