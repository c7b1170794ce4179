// /api/sources: the outlets Readout holds articles from.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppContext } from '../../context.js';
import { apiError } from './errors.js';
import { errorResponse, SourceWithCount } from './schemas.js';

const list = createRoute({
  method: 'get',
  path: '/sources',
  summary: 'Every outlet, by name, with its article count',
  responses: {
    200: {
      description: 'The outlets',
      content: { 'application/json': { schema: z.object({ items: z.array(SourceWithCount) }) } },
    },
  },
});

const read = createRoute({
  method: 'get',
  path: '/sources/{id}',
  summary: 'One outlet',
  request: { params: z.object({ id: z.string().max(100) }) },
  responses: {
    200: { description: 'The outlet', content: { 'application/json': { schema: SourceWithCount } } },
    404: errorResponse('No outlet with that id'),
  },
});

export default function (api: OpenAPIHono, ctx: AppContext): void {
  api.openapi(list, async (c) => c.json({ items: await ctx.store.listSources() }, 200));
  api.openapi(read, async (c) => {
    const { id } = c.req.valid('param');
    const source = await ctx.store.getSource(id);
    if (!source) return apiError(c, 404, `no source with id "${id}"; see /api/sources for the ids`, { id });
    return c.json(source, 200);
  });
}
