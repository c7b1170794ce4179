// /api/stories: the stories (each real-world event with every account of it), one story, and a reader's
// corrections to the grouping: merge two stories, move an article to another story, or split it off.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppContext } from '../../context.js';
import { userError } from '../../errors.js';
import { findStory, mergeStories, moveArticle, splitArticle } from '../../pipeline/stories.js';
import { InvalidCursor } from '../../store/index.js';
import { apiError, userErrorResponse } from './errors.js';
import { errorResponse, Story, StoryDetail, sinceParameter, wholeNumber } from './schemas.js';

const StoryList = z
  .object({
    items: z.array(Story),
    total: z.number().int().meta({ description: 'Stories that match, on every page' }),
    limit: z.number().int(),
    nextCursor: z.string().nullable().meta({ description: 'Pass as ?cursor= for the next page; null on the last' }),
  })
  .meta({ id: 'StoryList' });

/** No stored id holds a NUL (and PostgreSQL cannot compare one): such an id names nothing, without a query. */
const namesNothing = (id: string) => id.includes('\u0000');

const StoryId = z.object({ id: z.string().min(1).max(100) });
const storyAnswer = { description: 'The story', content: { 'application/json': { schema: StoryDetail } } };

const list = createRoute({
  method: 'get',
  path: '/stories',
  summary: 'Stories, those with several accounts first, latest account first',
  description:
    'Stories told by several articles come first, then those of one article (unless `singletons` says ' +
    'otherwise); within each, the story with the latest account first. Page with `limit` and `cursor`.',
  request: {
    query: z.object({
      since: sinceParameter.meta({
        description:
          'Only stories with an account at or after this: an ISO 8601 date or time, or a span back ' +
          'from now such as 24h, 7d or 2w',
        example: '7d',
      }),
      limit: wholeNumber('limit', 1, 200).meta({ description: 'Stories a page, 1 to 200 (default 30)' }),
      cursor: z.string().max(500).optional().meta({ description: 'The nextCursor of the previous page' }),
      singletons: z
        .enum(['after', 'only', 'none'])
        .optional()
        .meta({ description: 'Stories of one article: after the others (default), only them, or none' }),
    }),
  },
  responses: {
    200: { description: 'A page of stories', content: { 'application/json': { schema: StoryList } } },
    400: errorResponse('A malformed since, limit or cursor'),
  },
});

const read = createRoute({
  method: 'get',
  path: '/stories/{id}',
  summary: 'One story with its accounts, outlets and the entities they name',
  description:
    'A story merged into another answers 308 with the Location of the story it became (merges are permanent; ' +
    'a client that follows redirects gets that story, with its own id).',
  request: { params: StoryId },
  responses: {
    200: storyAnswer,
    308: { description: 'Merged into the story at Location', headers: z.object({ Location: z.string() }) },
    404: errorResponse('No story ever had that id'),
  },
});

const merge = createRoute({
  method: 'post',
  path: '/stories/{id}/merge',
  summary: 'Merge this story into another',
  description:
    "Every account of this story moves into `into`, and this story's address leads there from now on (308). " +
    'Kept by every later placement and rebuild. Either id may be one merged before: it is followed.',
  request: {
    params: StoryId,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ into: z.string().min(1).max(100) }).meta({ id: 'StoryMergeRequest' }),
        },
      },
    },
  },
  responses: {
    200: { ...storyAnswer, description: 'The story both are now' },
    400: errorResponse('No "into", or a story merged into itself'),
    404: errorResponse('Either story does not exist'),
  },
});

const StoryChoice = z
  .object({
    storyId: z.string().min(1).max(100).optional().meta({ description: 'Move the article into this story' }),
    split: z.literal(true).optional().meta({ description: 'Take the article out into a story of its own' }),
  })
  .refine((body) => (body.storyId === undefined) !== (body.split === undefined), {
    message: 'give either "storyId" (the story to move the article into) or "split": true (a story of its own)',
  })
  .meta({ id: 'ArticleStoryRequest' });

const place = createRoute({
  method: 'post',
  path: '/articles/{id}/story',
  summary: "Move an article to another story, or split it into one of its own (a reader's correction)",
  description:
    '`{"storyId": "…"}` moves it into that story; `{"split": true}` makes it a story of its own. Either is kept ' +
    'by every later placement and rebuild. A story left without accounts leads to where its last one went.',
  request: {
    params: StoryId,
    body: { required: true, content: { 'application/json': { schema: StoryChoice } } },
  },
  responses: {
    200: { ...storyAnswer, description: 'The story the article is in now' },
    400: errorResponse('Neither or both of storyId and split'),
    404: errorResponse('No article, or no story, with that id'),
  },
});

export default function (api: OpenAPIHono, ctx: AppContext): void {
  api.openapi(list, async (c) => {
    const { since, limit = 30, cursor, singletons } = c.req.valid('query');
    try {
      const page = await ctx.store.listStories({ perPage: limit, cursor, since, singletons });
      return c.json({ items: page.items, total: page.total, limit, nextCursor: page.nextCursor }, 200);
    } catch (err) {
      if (err instanceof InvalidCursor) return apiError(c, 400, err.message, { cursor });
      throw err;
    }
  });

  api.openapi(read, async (c) => {
    const { id } = c.req.valid('param');
    const found = await findStory(ctx, id);
    if (!found) return noStory(c, id);
    if ('redirect' in found) return c.redirect(`/api/stories/${encodeURIComponent(found.redirect)}`, 308);
    return c.json(found.story, 200);
  });

  api.openapi(merge, async (c) => {
    const { id } = c.req.valid('param');
    const { into } = c.req.valid('json');
    const unknown = [id, into].find(namesNothing);
    if (unknown !== undefined) return noStory(c, unknown);
    return mended(c, () => mergeStories(ctx, id, into), { id, into });
  });

  api.openapi(place, async (c) => {
    const { id } = c.req.valid('param');
    const { storyId } = c.req.valid('json');
    if (namesNothing(id)) return apiError(c, 404, `no article with id "${id}"`, { id });
    if (storyId !== undefined && namesNothing(storyId)) return noStory(c, storyId);
    const mend = storyId === undefined ? () => splitArticle(ctx, id) : () => moveArticle(ctx, id, storyId);
    return mended(c, mend, { id, storyId: storyId ?? null });
  });

  const noStory = (c: Context, id: string) =>
    apiError(c, 404, `no story with id "${id}"; see /api/stories for the ids`, { id });

  /** Runs one correction and answers with the story it leaves the articles in. */
  async function mended(c: Context, mend: () => Promise<string>, detail: Record<string, string | null>) {
    let storyId: string;
    try {
      storyId = await mend();
    } catch (err) {
      const problem = userError(err);
      if (!problem) throw err;
      return userErrorResponse<400 | 404>(c, problem, detail);
    }
    const story = await ctx.store.getStory(storyId);
    if (!story) return noStory(c, storyId);
    return c.json(story, 200);
  }
}
