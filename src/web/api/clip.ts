// POST /api/clip: fetch an article page by its link, extract it and store it.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppContext } from '../../context.js';
import { userError } from '../../errors.js';
import { clipUrl } from '../../pipeline/clip.js';
import { userErrorResponse } from './errors.js';
import { errorResponse, SaveResponse } from './schemas.js';

const clip = createRoute({
  method: 'post',
  path: '/clip',
  summary: 'Clip an article page by its link',
  description:
    'Fetches the page (public http and https addresses only), extracts the article and stores it. A link ' +
    'Readout already holds, tracking parameters such as utm_* aside, returns the stored article (200) ' +
    'without fetching; a new one is 201.',
  request: {
    body: {
      required: true,
      content: {
        'application/json': { schema: z.object({ url: z.string().min(1).max(4_000) }).meta({ id: 'ClipRequest' }) },
      },
    },
  },
  responses: {
    201: { description: 'Clipped and stored', content: { 'application/json': { schema: SaveResponse } } },
    200: { description: 'Already stored (or updated)', content: { 'application/json': { schema: SaveResponse } } },
    400: errorResponse('Not a link, or a private or loopback address Readout refuses to fetch'),
    422: errorResponse('The page holds no article Readout can extract'),
    502: errorResponse('The site could not be fetched: it failed, timed out, was too large or not HTML'),
    503: errorResponse('Another process kept the database busy; nothing was stored, try again'),
  },
});

export default function (api: OpenAPIHono, ctx: AppContext): void {
  api.openapi(clip, async (c) => {
    const { url } = c.req.valid('json');
    try {
      const result = await clipUrl(ctx, url);
      const article = await ctx.store.getArticle(result.id);
      c.header('Location', `/api/articles/${result.id}`);
      return c.json({ outcome: result.outcome, article: article! }, result.outcome === 'imported' ? 201 : 200);
    } catch (err) {
      const problem = userError(err);
      if (!problem) throw err;
      return userErrorResponse<400 | 422 | 502 | 503>(c, problem, { url });
    }
  });
}
