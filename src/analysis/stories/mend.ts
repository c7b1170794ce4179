// A reader's corrections to the grouping: move an article to another story, split it into a story of its own,
// merge two stories. Each is kept (the articles are marked as placed by hand) and placement never undoes it.
import { UserError } from '../../errors.js';
import type { PlacementSteps, Store } from '../../store/index.js';
import { newId } from '../../store/index.js';
import { restate } from './state.js';

/** Moves the article into the story; returns the story's id. */
export async function moveArticle(store: Store, articleId: string, storyId: string): Promise<string> {
  return store.placement(async (steps) => {
    const [article] = await steps.articles([articleId]);
    if (!article) throw new UserError('not-found', `no article has the id ${articleId}`);
    const target = await currentStory(steps, storyId);
    if (article.storyId === target) return target;
    await steps.assign([articleId], target, true);
    await restate(steps, target, true);
    if (article.storyId) await restateOrRemove(steps, article.storyId, target);
    return target;
  });
}

/** Takes the article out of its story into a new story of its own; returns the new story's id. */
export async function splitArticle(store: Store, articleId: string): Promise<string> {
  return store.placement(async (steps) => {
    const [article] = await steps.articles([articleId]);
    if (!article) throw new UserError('not-found', `no article has the id ${articleId}`);
    const id = newId();
    await steps.saveStory({
      id,
      headline: article.headline,
      leadArticleId: article.id,
      articleCount: 1,
      sourceCount: 1,
      firstSeen: article.sortAt,
      lastSeen: article.sortAt,
      state: JSON.stringify({ sums: [], leadScore: 0, language: null }),
      byHand: true,
    });
    await steps.assign([articleId], id, true);
    await restate(steps, id, true);
    if (article.storyId) await restateOrRemove(steps, article.storyId, id);
    return id;
  });
}

/** Moves every account of `fromId` into `intoId`; `fromId`'s address then leads to `intoId`. */
export async function mergeStories(store: Store, fromId: string, intoId: string): Promise<string> {
  return store.placement(async (steps) => {
    const from = await currentStory(steps, fromId);
    const into = await currentStory(steps, intoId);
    if (from === into) throw new UserError('invalid', 'a story cannot be merged into itself');
    const ids = await steps.storyArticleIds(from);
    await steps.assign(ids, into, true);
    await steps.removeStory(from, into);
    await restate(steps, into, true);
    return into;
  });
}

/** The story's id now (following merges), or a not-found error. */
async function currentStory(steps: PlacementSteps, id: string): Promise<string> {
  const [row] = await steps.stories([id]);
  if (row) return row.id;
  const moved = await steps.redirect(id);
  if (moved) {
    const [now] = await steps.stories([moved]);
    if (now) return now.id;
  }
  throw new UserError('not-found', `no story has the id ${id}; see readout stories for the ids`);
}

/** After an article left a story: the story is measured again, or removed (leading to `redirectTo`) if empty. */
async function restateOrRemove(steps: PlacementSteps, storyId: string, redirectTo: string): Promise<void> {
  const left = await steps.storyArticleIds(storyId);
  if (left.length > 0) {
    await restate(steps, storyId, true);
    return;
  }
  await steps.removeStory(storyId, redirectTo);
}
