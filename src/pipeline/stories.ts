// Stories: placing saved articles in the story they report, regrouping everything, and a reader's corrections.
// Saving never waits on a story: a placement that fails is logged, and the article waits for the next try.
import {
  mergeStories as mergeStoriesInStore,
  moveArticle as moveArticleInStore,
  splitArticle as splitArticleInStore,
} from '../analysis/stories/mend.js';
import { placeArticles, placeWaiting, rebuildStories as rebuildInStore } from '../analysis/stories/place.js';
import type { AppContext } from '../context.js';
import { UserError } from '../errors.js';
import type { StoryDetail } from '../model.js';

/** Places just-saved articles at once; returns how many it placed (none when it failed: they wait). */
export async function placeSaved(ctx: AppContext, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  try {
    return (await placeArticles(ctx.store, ids)).placed;
  } catch (err) {
    ctx.log.warn(
      { err, articles: ids.length },
      'could not place saved articles in stories yet; they wait for the next try',
    );
    return 0;
  }
}

/** Places every article still waiting (an import's, another process's); `progress` after each batch. */
export async function placeAllWaiting(ctx: AppContext, progress?: (done: number, left: number) => void) {
  return placeWaiting(ctx.store, progress);
}

/** Forgets the grouping and places every article again, oldest first; a reader's corrections are kept. */
export async function rebuildStories(ctx: AppContext, progress?: (done: number, left: number) => void) {
  return rebuildInStore(ctx.store, progress);
}

export type StoryLookup = { story: StoryDetail } | { redirect: string } | null;

/** A story by id; a story merged into another answers with where it went. */
export async function findStory(ctx: AppContext, id: string): Promise<StoryLookup> {
  const story = await ctx.store.getStory(id);
  if (story) return { story };
  const moved = await ctx.store.storyRedirect(id);
  return moved ? { redirect: moved } : null;
}

export async function moveArticle(ctx: AppContext, articleId: string, storyId: string): Promise<string> {
  return moveArticleInStore(ctx.store, articleId, storyId);
}

export async function splitArticle(ctx: AppContext, articleId: string): Promise<string> {
  return splitArticleInStore(ctx.store, articleId);
}

export async function mergeStories(ctx: AppContext, fromId: string, intoId: string): Promise<string> {
  if (fromId === intoId) throw new UserError('invalid', 'a story cannot be merged into itself');
  return mergeStoriesInStore(ctx.store, fromId, intoId);
}
