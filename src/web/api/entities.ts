// /api/entities: one person, place or organisation that articles name, with the forms of its name, its mentions
// week by week, and the stories and articles that name it.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppContext } from '../../context.js';
import { apiError } from './errors.js';
import { EntityDetail, errorResponse } from './schemas.js';

const read = createRoute({
  method: 'get',
  path: '/entities/{id}',
  summary: 'One person, place or organisation',
  description:
    'The ids are those of the `entities` of an article or story. Search finds its articles with entity:<name>.',
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: {
    200: { description: 'The entity', content: { 'application/json': { schema: EntityDetail } } },
    404: errorResponse('No entity with that id'),
  },
});

export default function (api: OpenAPIHono, ctx: AppContext): void {
  api.openapi(read, async (c) => {
    const { id } = c.req.valid('param');
    const entity = await ctx.store.getEntity(id);
    if (!entity) return apiError(c, 404, `no entity with id "${id}"; the entities of an article list the ids`, { id });
    return c.json(entity, 200);
  });
}
