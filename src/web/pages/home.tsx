// GET / : the latest articles, newest first, a page at a time (?page=N).
import type { Env, Hono } from 'hono';
import type { AppContext } from '../../context.js';
import { ArticleList, Layout, Pager } from '../layout.js';
import { lastPageOf, listPagePath, pageNumberRule, parsePageNumber } from '../paging.js';
import { ClipForm } from './clip.js';
import { badRequestPage, pageNotFoundPage } from './not-found.js';

const pageHref = (page: number) => listPagePath('/', page);

export default function <E extends Env>(app: Hono<E>, ctx: AppContext): void {
  app.get('/', async (c) => {
    const page = parsePageNumber(c.req.query('page'));
    if (page === null) return badRequestPage(c, pageNumberRule);

    const list = await ctx.store.listArticles({ page, perPage: ctx.config.pageSize });
    const lastPage = lastPageOf(list.pageCount);
    if (page > lastPage) {
      return pageNotFoundPage(c, { page, lastPage, listName: 'the latest articles', href: pageHref });
    }

    return c.html(
      <Layout
        title={page === 1 ? 'Latest' : `Latest, page ${page}`}
        section="latest"
        description="The latest articles clipped into Readout."
      >
        <h1>Latest</h1>
        {page === 1 ? <ClipForm /> : null}
        {list.total === 0 ? (
          <EmptyLibrary />
        ) : (
          <>
            <ArticleList articles={list.items} back={pageHref(page)} />
            <Pager page={page} pageCount={lastPage} href={pageHref} />
          </>
        )}
      </Layout>,
    );
  });
}

function EmptyLibrary() {
  return (
    <div class="empty">
      <p>No articles yet.</p>
      <p>
        Clip a link above, or import saved clippings with <code>npx readout import my-clippings/</code>. The{' '}
        <a href="/help">help page</a> says more.
      </p>
    </div>
  );
}
