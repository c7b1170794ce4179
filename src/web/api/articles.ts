// /api/articles: list, read and store articles.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppContext } from '../../context.js';
import { ArticleRecordInput, RecordError, validateRecord } from '../../ingest/record.js';
import type { SaveResult } from '../../model.js';
import { quotationsOf } from '../../pipeline/compare.js';
import { saveClipping } from '../../pipeline/files.js';
import { InvalidCursor } from '../../store/index.js';
import { apiError } from './errors.js';
import { Article, ArticleList, errorResponse, SaveResponse, wholeNumber } from './schemas.js';

const list = createRoute({
  method: 'get',
  path: '/articles',
  summary: 'Articles, newest first',
  description: 'Page with `limit` and either `cursor` (from `nextCursor`) or `page`. Filter by outlet with `source`.',
  request: {
    query: z.object({
      limit: wholeNumber('limit', 1, 100).meta({ description: 'Articles a page, 1 to 100 (default 20)' }),
      page: wholeNumber('page', 1, 1_000_000).meta({ description: '1-based page number' }),
      cursor: z.string().max(500).optional().meta({ description: 'The nextCursor of the previous page' }),
      source: z.string().max(100).optional().meta({ description: 'Source id, as in /api/sources' }),
    }),
  },
  responses: {
    200: { description: 'A page of articles', content: { 'application/json': { schema: ArticleList } } },
    400: errorResponse('A malformed parameter, or an unknown source'),
  },
});

const ArticleWithQuotes = Article.extend({
  quotes: z
    .array(
      z.object({
        speaker: z.string().meta({ description: 'The person or body, as fully as the article names them' }),
        text: z.string(),
        direct: z.boolean().meta({ description: 'In quotation marks; false: reported ("X said that …")' }),
        sentence: z.string().meta({ description: 'The sentence it stands in, exactly as stored' }),
      }),
    )
    .meta({ description: 'Who said what in it (read as it is asked for; lists and exports leave it out)' }),
}).meta({ id: 'ArticleWithQuotes' });

const read = createRoute({
  method: 'get',
  path: '/articles/{id}',
  summary: 'One article, with who said what in it',
  request: { params: z.object({ id: z.string().max(100) }) },
  responses: {
    200: { description: 'The article', content: { 'application/json': { schema: ArticleWithQuotes } } },
    404: errorResponse('No article with that id'),
  },
});

const create = createRoute({
  method: 'post',
  path: '/articles',
  summary: 'Store one article',
  description:
    "The body is either one text clipping (`text/plain`, the clipping sites' format) or an article record " +
    '(`application/json`; only headline, source and paragraphs or bodyHtml are required). 201 when stored, ' +
    '200 when Readout already had it (outcome `duplicate`) or updated it (an `id` or URL it knew).',
  request: {
    body: {
      required: true,
      content: {
        'application/json': { schema: ArticleRecordInput },
        'text/plain': { schema: z.string().meta({ description: 'One text clipping' }) },
      },
    },
  },
  responses: {
    201: { description: 'Stored', content: { 'application/json': { schema: SaveResponse } } },
    200: { description: 'Already stored, or updated', content: { 'application/json': { schema: SaveResponse } } },
    400: errorResponse('Not a valid clipping or article record; nothing was stored'),
    413: errorResponse('The body is larger than READOUT_MAX_CLIPPING_BYTES'),
    415: errorResponse('Neither text/plain nor application/json'),
  },
});

export default function (api: OpenAPIHono, ctx: AppContext): void {
  api.openapi(list, async (c) => {
    const { limit = 20, page, cursor, source } = c.req.valid('query');
    if (source !== undefined && !(await ctx.store.getSource(source))) {
      return apiError(c, 400, `no source with id "${source}"; see /api/sources for the ids`, { source });
    }
    try {
      const result = await ctx.store.listArticles({ perPage: limit, page, cursor, sourceId: source });
      const items = await ctx.store.getArticles(result.items.map((a) => a.id));
      const { total, pageCount, nextCursor } = result;
      return c.json({ items, total, page: result.page, pageCount, limit, nextCursor }, 200);
    } catch (err) {
      if (err instanceof InvalidCursor) return apiError(c, 400, err.message, { cursor });
      throw err;
    }
  });

  api.openapi(read, async (c) => {
    const { id } = c.req.valid('param');
    const article = await ctx.store.getArticle(id);
    if (!article) return apiError(c, 404, `no article with id "${id}"`, { id });
    return c.json({ ...article, quotes: quotationsOf(article) }, 200);
  });

  // The body may be a clipping or JSON, so it is read by hand; the route is still documented.
  api.openAPIRegistry.registerPath(create);
  api.post('/articles', async (c) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    let result: SaveResult;
    try {
      if (type === 'application/json') {
        let value: unknown;
        try {
          value = await c.req.json();
        } catch {
          return apiError(c, 400, 'the body is not valid JSON', null);
        }
        result = await ctx.store.saveArticle(validateRecord(value));
      } else if (type === 'text/plain') {
        const text = await c.req.text();
        if (text.trim() === '') return apiError(c, 400, 'the body is empty; send one text clipping', null);
        result = await saveClipping(ctx, text);
      } else {
        const what = type || 'none';
        return apiError(
          c,
          415,
          `Content-Type must be text/plain (a clipping) or application/json, not "${what}"`,
          null,
        );
      }
    } catch (err) {
      // Other user errors (a clipping that does not parse, an article the store refuses) are answered by the
      // app's error handler with their status.
      if (err instanceof RecordError) return apiError(c, 400, `the article record is not valid: ${err.message}`, null);
      throw err;
    }
    const article = await ctx.store.getArticle(result.id);
    c.header('Location', `/api/articles/${result.id}`);
    const warnings = result.warnings ? { warnings: result.warnings } : {};
    return c.json({ outcome: result.outcome, article, ...warnings }, result.outcome === 'imported' ? 201 : 200);
  });
}
