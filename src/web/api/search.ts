// /api/search: articles matching a query in Readout's search syntax, ranked or newest first, with snippets.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppContext } from '../../context.js';
import { userError } from '../../errors.js';
import { queryLimits, querySyntax } from '../../store/index.js';
import { snippetHtml } from '../snippet.js';
import { userErrorResponse } from './errors.js';
import { Article, errorResponse, wholeNumber } from './schemas.js';

export const SearchResults = z
  .object({
    total: z.number().int().meta({ description: 'Matching articles; a lower bound when totalExact is false' }),
    totalExact: z.boolean().meta({ description: 'False when there are more matches than Readout counts (2,000)' }),
    results: z.array(
      z.object({
        article: Article,
        snippet: z.string().meta({
          description: 'HTML: the text around the matches, escaped, with the matched words in <mark>',
        }),
      }),
    ),
    nextCursor: z.string().nullable().meta({ description: 'Pass as ?cursor= for the next page; null on the last' }),
  })
  .meta({ id: 'SearchResults' });

const search = createRoute({
  method: 'get',
  path: '/search',
  summary: 'Search the stored articles',
  description:
    `q holds the query: ${querySyntax} sort=relevance ranks by BM25-style field weights (headline above deck, ` +
    'byline and source, above body) with a mild boost for recent articles, among the newest 1,000 matches; ' +
    'sort=date lists every match newest first. Page with `cursor`.',
  request: {
    query: z.object({
      q: z.string().meta({
        description: `The query, at most ${queryLimits.characters} characters`,
        example: 'ferry "city council" -strike',
      }),
      sort: z.enum(['relevance', 'date']).optional().meta({ description: 'Default relevance' }),
      limit: wholeNumber('limit', 1, 100).meta({ description: 'Results a page, 1 to 100 (default 20)' }),
      cursor: z.string().max(500).optional().meta({ description: 'The nextCursor of the previous page' }),
    }),
  },
  responses: {
    200: { description: 'A page of matching articles', content: { 'application/json': { schema: SearchResults } } },
    400: errorResponse('The query cannot be searched as written (the error says why), or a bad cursor'),
  },
});

export default function (api: OpenAPIHono, ctx: AppContext): void {
  api.openapi(search, async (c) => {
    const { q, sort = 'relevance', limit = 20, cursor } = c.req.valid('query');
    try {
      const found = await ctx.store.search(q, { sort, limit, cursor });
      return c.json(
        {
          total: found.total,
          totalExact: found.totalExact,
          results: found.results.map((r) => ({ article: r.article, snippet: snippetHtml(r.snippet) })),
          nextCursor: found.nextCursor,
        },
        200,
      );
    } catch (err) {
      const problem = userError(err);
      if (!problem) throw err;
      return userErrorResponse<400>(c, problem, { q });
    }
  });
}
