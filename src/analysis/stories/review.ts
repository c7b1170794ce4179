// The store-backed second look at a growing story (split.ts decides): when a story reaches one of the review
// sizes, its accounts are grouped again, and a second event found in it becomes a story of its own. The larger part
// keeps the story's id and address.
import type { HeldStory, PlacementBatch } from './batch.js';
import type { StorySettings } from './decide.js';
import { articleFeatures } from './features.js';
import { measure } from './restate.js';
import { decideSplit, reviewSizes } from './split.js';

/** Looks at the story again if it has just reached a review size; returns the story split off, if any. */
export async function review(
  batch: PlacementBatch,
  story: HeldStory,
  settings: StorySettings,
): Promise<HeldStory | null> {
  // What a reader mended is never undone by placement.
  if (story.row.byHand !== 0 || !reviewSizes.has(story.row.articleCount)) return null;
  const articles = await batch.steps.articles(await batch.accounts(story));
  const vectors = articles.map(
    (article) => batch.featuresOf(article.id) ?? articleFeatures({ ...article, source: article.sourceName }),
  );
  await batch.readCounts(vectors.flatMap((vector) => [...vector.keys()]));
  const split = decideSplit(vectors, batch.rarity(), settings.splitThreshold);
  if (!split) return null;
  const [kept, away] = split;
  const other = batch.newStory(articles[away[0]!]!, story.language);
  for (const index of away) batch.assign(articles[index]!.id, other);
  await measure(
    batch,
    story,
    kept.map((index) => articles[index]!),
    kept.map((index) => vectors[index]!),
  );
  await measure(
    batch,
    other,
    away.map((index) => articles[index]!),
    away.map((index) => vectors[index]!),
  );
  return other;
}
