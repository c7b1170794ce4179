// A reader's corrections to the grouping: move an article to another story, split it into a story of its own,
// merge two stories. Each is kept: the articles are marked as placed by hand, the stories as mended (never merged
// away by placement; a split-off story is closed to placement), and a rebuild keeps them.
import { UserError } from '../../errors.js';
import type { PlacementArticle, PlacementSteps, Store } from '../../store/index.js';
import { PlacementBatch } from './batch.js';
import { restate } from './restate.js';

/** Moves the article into the story; returns the story's id. */
export async function moveArticle(store: Store, articleId: string, storyId: string): Promise<string> {
  return store.placement(async (steps) => {
    const article = await articleOf(steps, articleId);
    const target = await currentStory(steps, storyId);
    if (article.storyId === target) return target;
    const batch = await PlacementBatch.open(steps);
    const [story] = await batch.stories([target]);
    // The reader has said these accounts belong together: a rebuild keeps all of them so.
    for (const id of [...(await steps.storyArticleIds(target)), article.id]) batch.assign(id, story!, true);
    await batch.flush();
    await measureAgain(steps, [target, article.storyId], 1, target);
    return target;
  });
}

/** Takes the article out of its story into a new story of its own; returns the new story's id. */
export async function splitArticle(store: Store, articleId: string): Promise<string> {
  return store.placement(async (steps) => {
    const article = await articleOf(steps, articleId);
    const batch = await PlacementBatch.open(steps);
    const story = batch.newStory(article, null, 2);
    story.row.articleCount = 1;
    batch.assign(article.id, story, true);
    await batch.flush();
    await measureAgain(steps, [story.row.id, article.storyId], 2, story.row.id);
    return story.row.id;
  });
}

/** Moves every account of `fromId` into `intoId`; `fromId`'s address then leads to `intoId`. */
export async function mergeStories(store: Store, fromId: string, intoId: string): Promise<string> {
  return store.placement(async (steps) => {
    const from = await currentStory(steps, fromId);
    const into = await currentStory(steps, intoId);
    if (from === into) throw new UserError('invalid', 'a story cannot be merged into itself');
    const batch = await PlacementBatch.open(steps);
    const [fromStory, intoStory] = await batch.stories([from, into]);
    const ids = [...(await steps.storyArticleIds(from)), ...(await steps.storyArticleIds(into))];
    for (const id of ids) batch.assign(id, intoStory!, true);
    batch.remove(fromStory!, intoStory!);
    await batch.flush();
    await measureAgain(steps, [into], 1, into);
    return into;
  });
}

async function articleOf(steps: PlacementSteps, articleId: string): Promise<PlacementArticle> {
  const [article] = await steps.articles([articleId]);
  if (!article) throw new UserError('not-found', `no article has the id ${articleId}`);
  return article;
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
  throw new UserError('not-found', `no story has the id ${id}`);
}

/**
 * After accounts moved: each story touched is measured again from the accounts it holds now (the first, `mended`,
 * marked as a reader's), and a story left without accounts goes, its address leading to `redirectTo`.
 */
async function measureAgain(
  steps: PlacementSteps,
  ids: (string | null)[],
  mended: 1 | 2,
  redirectTo: string,
): Promise<void> {
  const batch = await PlacementBatch.open(steps);
  for (const [index, id] of ids.entries()) {
    if (!id) continue;
    const story = await restate(batch, id, index === 0 ? mended : undefined);
    if (story && (await steps.storyArticleIds(id)).length === 0) {
      const [target] = await batch.stories([redirectTo]);
      batch.remove(story, target ?? null);
    }
  }
  await batch.flush();
}
