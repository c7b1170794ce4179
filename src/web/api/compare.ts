// /api/stories/{id}/compare and /api/compare: where accounts of one event agree, where they differ, what only one
// says, and who said what, each claim with the sentence it stands in. Both only read.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppContext } from '../../context.js';
import { userError } from '../../errors.js';
import { compareArticles, compareStory, maxCompared } from '../../pipeline/compare.js';
import { apiError, userErrorResponse } from './errors.js';
import { errorResponse } from './schemas.js';

const Statement = z
  .object({
    articleId: z.string(),
    source: z.string().meta({ description: 'The outlet' }),
    sentence: z.string().meta({ description: 'The sentence of the stored article, exactly as stored' }),
    paragraph: z.number().int().meta({ description: 'Its paragraph in the stored body, from 0' }),
    text: z.string().meta({ description: 'The words of the sentence that state it' }),
  })
  .meta({ id: 'Statement' });

const Comparison = z
  .object({
    accounts: z.number().int().meta({ description: 'Accounts compared (a story: its newest 60)' }),
    details: z.array(
      z.object({
        label: z.string().meta({ description: 'What the detail is, in words: "injured", "age of Comeaux"' }),
        kind: z.enum(['number', 'date', 'time', 'place', 'person', 'organisation', 'other']),
        conflict: z.boolean().meta({ description: 'Two accounts give values that cannot both be true' }),
        update: z.boolean().meta({ description: 'The values differ only because later accounts report newer figures' }),
        named: z.boolean().meta({
          description: 'A person, place or organisation several accounts name: one value, the name; never a conflict',
        }),
        values: z.array(
          z.object({
            value: z.string(),
            earlier: z.boolean().optional().meta({ description: 'An earlier report a later account updated' }),
            accounts: z.array(Statement),
          }),
        ),
      }),
    ),
    onlyIn: z.array(Statement.extend({ label: z.string() })).meta({ description: 'Details no other account states' }),
    quotes: z.array(
      z.object({
        speaker: z.string().meta({ description: 'The person or body, as fully as the accounts name them' }),
        text: z.string(),
        direct: z.boolean().meta({ description: 'In quotation marks; false: reported ("X said that …")' }),
        reworded: z.boolean().meta({ description: 'Two outlets word the same quotation differently' }),
        accounts: z.array(Statement.extend({ wording: z.string() })),
      }),
    ),
  })
  .meta({ id: 'Comparison' });

const storyCompare = createRoute({
  method: 'get',
  path: '/stories/{id}/compare',
  summary: "Compare a story's accounts: conflicts first, then agreement, details only one gives, who said what",
  description:
    'Computed when the story changes and kept until it changes again. A story of one account compares nothing ' +
    '(`accounts` is 1, every list empty). A merged story answers 308 with the Location of the one it became.',
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: {
    200: { description: 'The comparison', content: { 'application/json': { schema: Comparison } } },
    308: { description: 'Merged into the story at Location', headers: z.object({ Location: z.string() }) },
    404: errorResponse('No story ever had that id'),
  },
});

const articlesCompare = createRoute({
  method: 'post',
  path: '/compare',
  summary: 'Compare any articles, as a story page compares its accounts',
  description: `Reads only. Two to ${maxCompared} article ids.`,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({ articles: z.array(z.string().min(1).max(100)).min(2).max(maxCompared) })
            .meta({ id: 'CompareRequest' }),
        },
      },
    },
  },
  responses: {
    200: { description: 'The comparison', content: { 'application/json': { schema: Comparison } } },
    400: errorResponse(`Fewer than two or more than ${maxCompared} different ids`),
    404: errorResponse('An id names no article'),
  },
});

export default function (api: OpenAPIHono, ctx: AppContext): void {
  api.openapi(storyCompare, async (c) => {
    const { id } = c.req.valid('param');
    const found = id.includes('\u0000') ? null : await compareStory(ctx, id);
    if (!found) return apiError(c, 404, `no story with id "${id}"; see /api/stories for the ids`, { id });
    if ('redirect' in found) return c.redirect(`/api/stories/${encodeURIComponent(found.redirect)}/compare`, 308);
    return c.json(found.comparison, 200);
  });

  api.openapi(articlesCompare, async (c) => {
    const { articles } = c.req.valid('json');
    try {
      return c.json(
        await compareArticles(
          ctx,
          articles.filter((id) => !id.includes('\u0000')),
        ),
        200,
      );
    } catch (err) {
      const problem = userError(err);
      if (!problem) throw err;
      return userErrorResponse<400 | 404>(c, problem, { articles: articles.length });
    }
  });
}
