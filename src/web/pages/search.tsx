// GET /search?q=…&sort=relevance|date&cursor=… : search results with highlighted snippets, and
// GET /search.atom?q=… : the same search, newest first, as an Atom feed to follow.
import type { Env, Hono } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { AppContext } from '../../context.js';
import { userError } from '../../errors.js';
import { queryLimits, type SearchResults } from '../../store/index.js';
import { httpStatus } from '../api/errors.js';
import { articleHref, Dated, Layout, PaywallMark, sourceHref } from '../layout.js';
import { publicOrigin } from '../security.js';
import { snippetHtml } from '../snippet.js';
import { atomResponse } from './feeds-out.js';

type Sort = 'relevance' | 'date';

const integer = new Intl.NumberFormat('en-US');

/** The address of a results page; Go back on an article returns to exactly this. */
export function searchHref(q: string, sort: Sort, cursor?: string | null): string {
  const params = new URLSearchParams({ q });
  if (sort !== 'relevance') params.set('sort', sort);
  if (cursor) params.set('cursor', cursor);
  return `/search?${params.toString()}`;
}

export default function <E extends Env>(app: Hono<E>, ctx: AppContext): void {
  app.get('/search', async (c) => {
    const q = c.req.query('q') ?? '';
    const sortParam = c.req.query('sort') ?? 'relevance';
    const sort: Sort = sortParam === 'date' ? 'date' : 'relevance';
    const cursor = c.req.query('cursor') ?? null;
    if (q.trim() === '') return c.html(<SearchLayout q="" sort={sort} />);
    if (sortParam !== 'relevance' && sortParam !== 'date') {
      return c.html(<SearchLayout q={q} sort={sort} problem="sort must be relevance or date" />, 400);
    }
    let found: SearchResults;
    try {
      found = await ctx.store.search(q, { sort, limit: ctx.config.pageSize, cursor });
    } catch (err) {
      const problem = userError(err);
      if (!problem) throw err;
      return c.html(<SearchLayout q={q} sort={sort} problem={problem.message} />, httpStatus[problem.kind]);
    }
    return c.html(
      <SearchLayout q={q} sort={sort}>
        <ResultList q={q} sort={sort} cursor={cursor} found={found} />
      </SearchLayout>,
    );
  });

  app.get('/search.atom', async (c) => {
    const q = c.req.query('q') ?? '';
    let found: SearchResults;
    try {
      found = await ctx.store.search(q, { sort: 'date', limit: 50 });
    } catch (err) {
      const problem = userError(err);
      if (!problem) throw err;
      return c.text(`${problem.message}\n`, httpStatus[problem.kind]);
    }
    return atomResponse(
      c,
      publicOrigin(c, ctx.config),
      found.results.map((r) => r.article),
      {
        id: `tag:readout,2026:search/${encodeURIComponent(q)}`,
        title: `Readout: search for ${q}`,
        selfPath: `/search.atom?${new URLSearchParams({ q }).toString()}`,
        pagePath: searchHref(q, 'date'),
      },
    );
  });
}

function SearchLayout(props: { q: string; sort: Sort; problem?: string; children?: Child }) {
  const title = props.q ? `Search: ${props.q.slice(0, 80)}` : 'Search';
  return (
    <Layout title={title} query={props.q} description="Search the articles stored in Readout.">
      <h1>Search</h1>
      <form class="search-form" method="get" action="/search">
        <label for="search-q">Words, "exact phrases", -excluded, source:, byline:, from:, to:, in:headline</label>
        <input id="search-q" type="search" name="q" value={props.q} maxlength={queryLimits.characters} />
        <label for="search-sort">Sort by</label>
        <select id="search-sort" name="sort">
          <option value="relevance" selected={props.sort === 'relevance'}>
            relevance
          </option>
          <option value="date" selected={props.sort === 'date'}>
            date, newest first
          </option>
        </select>
        <button type="submit">Search</button>
      </form>
      {props.problem ? (
        <p class="search-problem" role="alert">
          {props.problem}
        </p>
      ) : null}
      {props.children ?? (
        <p class="search-help">
          The <a href="/help#search">help page</a> explains the search syntax.
        </p>
      )}
    </Layout>
  );
}

function ResultList(props: { q: string; sort: Sort; cursor: string | null; found: SearchResults }) {
  const { q, sort, cursor, found } = props;
  const here = searchHref(q, sort, cursor);
  const count = found.totalExact
    ? `${integer.format(found.total)} ${found.total === 1 ? 'article' : 'articles'}`
    : `More than ${integer.format(found.total)} articles`;
  const other: Sort = sort === 'relevance' ? 'date' : 'relevance';
  return (
    <>
      <p class="search-count">
        <strong>{count}</strong> match <q>{q}</q>
        {' · '}sorted by {sort === 'relevance' ? 'relevance' : 'date'} (
        <a href={searchHref(q, other)}>sort by {other}</a>){' · '}
        <a href={`/search.atom?${new URLSearchParams({ q }).toString()}`}>follow as a feed</a>
      </p>
      {found.results.length === 0 ? (
        <p class="empty">
          {cursor ? 'No more results.' : 'No article matches. Try fewer words, or other forms of them.'}
        </p>
      ) : (
        <ol class="article-list search-results">
          {found.results.map(({ article, snippet }) => (
            <li>
              <article class="item" data-key="item" data-article-id={article.id}>
                <h2 class="item-headline">
                  <a class="headline" href={articleHref(article.id, here)}>
                    {article.headline}
                  </a>
                </h2>
                <p class="item-meta">
                  <a class="source" href={sourceHref(article.source.id)}>
                    {article.source.name}
                  </a>
                  {' · '}
                  <Dated article={article} />
                  {article.paywalled ? <PaywallMark /> : null}
                </p>
                <p class="snippet">{raw(snippetHtml(snippet))}</p>
              </article>
            </li>
          ))}
        </ol>
      )}
      <nav class="pager" aria-label="Pages">
        {cursor ? (
          <a class="pager-newer" href={searchHref(q, sort)}>
            <span aria-hidden="true">←</span> First page
          </a>
        ) : (
          <span class="pager-gap" />
        )}
        {found.nextCursor ? (
          <a class="pager-older" rel="next" href={searchHref(q, sort, found.nextCursor)}>
            Next page <span aria-hidden="true">→</span>
          </a>
        ) : (
          <span class="pager-gap" />
        )}
      </nav>
    </>
  );
}
