// /api/feeds and /api/opml: follow, list, refresh and drop feeds; move the list in and out as OPML.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppContext } from '../../context.js';
import { userError } from '../../errors.js';
import { resumeFeed, subscribe } from '../../pipeline/feeds.js';
import { exportOpml, importOpml } from '../../pipeline/opml.js';
import { apiError, userErrorResponse } from './errors.js';
import { errorResponse } from './schemas.js';

const Feed = z
  .object({
    id: z.string(),
    url: z.string(),
    title: z.string().nullable(),
    siteUrl: z.string().nullable(),
    folder: z.string().nullable(),
    status: z.enum(['active', 'paused']).meta({ description: 'A feed is paused after 10 errors in a row' }),
    etag: z.string().nullable(),
    lastModified: z.string().nullable(),
    lastFetchedAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastNewAt: z.string().nullable().meta({ description: 'When the feed last gave an entry Readout did not have' }),
    nextCheckAt: z.string().nullable(),
    intervalSeconds: z.number().int().nullable(),
    errorCount: z.number().int().meta({ description: 'Failed checks in a row' }),
    lastError: z.string().nullable().meta({ description: 'Why the last check failed, in words; null after a success' }),
    lastStatus: z.number().int().nullable().meta({ description: 'HTTP status of the last check' }),
    createdAt: z.string(),
    articleCount: z.number().int(),
    sourceId: z
      .string()
      .nullable()
      .meta({ description: 'The outlet its articles are stored under (/api/sources/{id})' }),
  })
  .meta({ id: 'Feed' });

const FeedResponse = z.object({ feed: Feed }).meta({ id: 'FeedResult' });
const FeedId = z.object({ id: z.string().min(1).max(200) });

const list = createRoute({
  method: 'get',
  path: '/feeds',
  summary: 'Every followed feed, by folder, with its article count and last error',
  responses: {
    200: {
      description: 'The feeds',
      content: { 'application/json': { schema: z.object({ feeds: z.array(Feed) }) } },
    },
  },
});

const add = createRoute({
  method: 'post',
  path: '/feeds',
  summary: 'Follow a feed by its own URL or by a site URL',
  description:
    'A site URL is searched for the feed it names (<link rel="alternate">), then the usual paths (/feed, ' +
    '/rss.xml, …). A new feed is 201 and is checked within a minute; a feed already followed is 200.',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              url: z.string().min(1).max(4_000),
              folder: z.string().trim().max(200).nullable().optional(),
            })
            .meta({ id: 'FeedRequest' }),
        },
      },
    },
  },
  responses: {
    201: { description: 'Now followed', content: { 'application/json': { schema: FeedResponse } } },
    200: { description: 'Already followed', content: { 'application/json': { schema: FeedResponse } } },
    400: errorResponse('Not a URL, or a private or loopback address Readout refuses to fetch'),
    422: errorResponse('Neither the URL nor the page it serves gives a feed'),
    502: errorResponse('The site could not be fetched: it failed, timed out or was too large'),
    503: errorResponse('Another process kept the database busy; nothing was stored, try again'),
  },
});

const read = createRoute({
  method: 'get',
  path: '/feeds/{id}',
  summary: 'One feed',
  request: { params: FeedId },
  responses: {
    200: { description: 'The feed', content: { 'application/json': { schema: FeedResponse } } },
    404: errorResponse('No feed with that id'),
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/feeds/{id}',
  summary: 'Stop following a feed; its articles stay',
  request: { params: FeedId },
  responses: {
    204: { description: 'No longer followed' },
    404: errorResponse('No feed with that id'),
  },
});

const refresh = createRoute({
  method: 'post',
  path: '/feeds/{id}/refresh',
  summary: 'Check a feed now, resuming it if it was paused',
  responses: {
    202: {
      description: 'Due now; the running poller checks it within seconds',
      content: { 'application/json': { schema: FeedResponse } },
    },
    404: errorResponse('No feed with that id'),
  },
  request: { params: FeedId },
});

const opmlTypes = ['text/x-opml', 'application/xml', 'text/xml'] as const;

const opmlOut = createRoute({
  method: 'get',
  path: '/opml',
  summary: 'The followed feeds as an OPML 2.0 document, folders kept',
  responses: {
    200: {
      description: 'The OPML document, as a download',
      content: { 'text/x-opml': { schema: z.string() } },
    },
  },
});

const ImportedFeeds = z
  .object({
    title: z.string().nullable().meta({ description: 'The OPML document’s own title' }),
    counts: z.object({ added: z.number().int(), existing: z.number().int(), failed: z.number().int() }),
    added: z.array(Feed.omit({ articleCount: true, sourceId: true })),
    existing: z.array(Feed.omit({ articleCount: true, sourceId: true })),
    failed: z.array(z.object({ url: z.string().nullable(), title: z.string().nullable(), reason: z.string() })),
  })
  .meta({ id: 'OpmlImport' });

const opmlIn = createRoute({
  method: 'post',
  path: '/opml',
  summary: 'Follow every feed of an OPML subscription list, keeping its folders',
  description:
    'Send the OPML document itself as the body. Nothing is fetched during the import: the poller checks each new ' +
    'feed, and a broken one shows its reason in GET /feeds.',
  request: {
    body: {
      required: true,
      content: Object.fromEntries(opmlTypes.map((type) => [type, { schema: z.string() }])),
    },
  },
  responses: {
    200: {
      description: 'What was added, already followed, or skipped and why',
      content: { 'application/json': { schema: ImportedFeeds } },
    },
    400: errorResponse('The body is not an OPML document'),
  },
});

export default function (api: OpenAPIHono, ctx: AppContext): void {
  const withCount = async <F extends { id: string }>(feed: F) => ({
    ...feed,
    ...(await ctx.store.feedArticles(feed.id)),
  });
  const missing = (c: Parameters<typeof apiError>[0], id: string) =>
    apiError(c, 404, `no feed with id "${id}"; see /api/feeds for the ids`, { id });

  api.openapi(list, async (c) => c.json({ feeds: await ctx.store.listFeeds() }, 200));

  api.openapi(add, async (c) => {
    const { url, folder } = c.req.valid('json');
    try {
      const { feed, added } = await subscribe(ctx, url, { folder: folder || null });
      if (added) ctx.poller?.wake();
      c.header('Location', `/api/feeds/${encodeURIComponent(feed.id)}`);
      return c.json({ feed: await withCount(feed) }, added ? 201 : 200);
    } catch (err) {
      const problem = userError(err);
      if (!problem) throw err;
      return userErrorResponse<400 | 422 | 502 | 503>(c, problem, { url });
    }
  });

  api.openapi(read, async (c) => {
    const { id } = c.req.valid('param');
    const feed = await ctx.store.getFeed(id);
    if (!feed) return missing(c, id);
    return c.json({ feed: await withCount(feed) }, 200);
  });

  api.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await ctx.store.removeFeed(id))) return missing(c, id);
    return c.body(null, 204);
  });

  api.openapi(refresh, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await ctx.store.getFeed(id))) return missing(c, id);
    await resumeFeed(ctx, id);
    ctx.poller?.wake();
    const feed = await ctx.store.getFeed(id);
    return c.json({ feed: await withCount(feed!) }, 202);
  });

  api.openapi(opmlOut, async (c) =>
    c.body(await exportOpml(ctx), 200, {
      'content-type': 'text/x-opml; charset=utf-8',
      'content-disposition': 'attachment; filename="readout-feeds.opml"',
    }),
  );

  api.openapi(opmlIn, async (c) => {
    const text = await c.req.text();
    // A list that is not OPML is a UserError, answered with its status by the app's error handler.
    const report = await importOpml(ctx, text);
    if (report.added.length > 0) ctx.poller?.wake();
    return c.json(
      {
        ...report,
        counts: { added: report.added.length, existing: report.existing.length, failed: report.failed.length },
      },
      200,
    );
  });
}
