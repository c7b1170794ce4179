// GET /sources (every outlet Readout holds articles from) and GET /sources/:id (one outlet's articles, ?page=N).
import type { Env, Hono } from 'hono';
import type { AppContext } from '../../context.js';
import type { SourceWithCount } from '../../model.js';
import { ArticleList, DateTime, Layout, Pager, PaywallMark, sourceHref, webAddress } from '../layout.js';
import { lastPageOf, listPagePath, pageNumberRule, parsePageNumber } from '../paging.js';
import { badRequestPage, notFoundPage, pageNotFoundPage } from './not-found.js';

const articleCount = (count: number) => (count === 1 ? '1 article' : `${count} articles`);

export default function <E extends Env>(app: Hono<E>, ctx: AppContext): void {
  app.get('/sources', async (c) => {
    const sources = await ctx.store.listSources();
    return c.html(
      <Layout title="Sources" section="sources" description="The outlets whose articles Readout holds.">
        <h1>Sources</h1>
        {sources.length === 0 ? (
          <p class="empty">
            No sources yet: each outlet appears here once an article from it is imported. See <a href="/help">help</a>.
          </p>
        ) : (
          <ul class="source-list">
            {sources.map((source) => (
              <SourceItem source={source} />
            ))}
          </ul>
        )}
      </Layout>,
    );
  });

  app.get('/sources/:id', async (c) => {
    const id = c.req.param('id');
    const page = parsePageNumber(c.req.query('page'));
    if (page === null) return badRequestPage(c, pageNumberRule);

    const source = await ctx.store.getSource(id);
    if (!source) {
      return notFoundPage(
        c,
        `There is no source with the id “${id}”. The list of sources has every outlet Readout knows.`,
      );
    }
    const list = await ctx.store.listArticles({ page, perPage: ctx.config.pageSize, sourceId: source.id });
    const pageHref = (n: number) => listPagePath(sourceHref(source.id), n);
    const lastPage = lastPageOf(list.pageCount);
    if (page > lastPage) {
      return pageNotFoundPage(c, { page, lastPage, listName: `the articles from ${source.name}`, href: pageHref });
    }
    const homepage = webAddress(source.homepage);

    return c.html(
      <Layout title={page === 1 ? source.name : `${source.name}, page ${page}`} section="sources">
        <header class="source-header">
          <h1>{source.name}</h1>
          {homepage ? (
            <p class="homepage">
              <a href={homepage} rel="external noreferrer">
                {new URL(homepage).host}
              </a>
            </p>
          ) : null}
          {source.paywalled ? (
            <p class="paywall-note">Paywalled outlet: its articles need a subscription at the source.</p>
          ) : null}
          <p class="article-count">{articleCount(source.articleCount)} in Readout</p>
        </header>
        <ArticleList articles={list.items} back={pageHref(page)} showSource={false} />
        <Pager page={page} pageCount={lastPage} href={pageHref} />
      </Layout>,
    );
  });
}

function SourceItem({ source }: { source: SourceWithCount }) {
  return (
    <li class="source-item" data-key="item" data-source-id={source.id}>
      <a class="source" href={sourceHref(source.id)}>
        {source.name}
      </a>
      {source.paywalled ? <PaywallMark /> : null}
      <span class="source-meta">
        {articleCount(source.articleCount)}
        {source.latestAt ? (
          <>
            {', latest '}
            <DateTime value={source.latestAt} />
          </>
        ) : null}
      </span>
    </li>
  );
}
