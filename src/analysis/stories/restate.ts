// Measuring a story again from the accounts the store holds for it: after a reader moved some, and for the
// stories a rebuild keeps.
import type { PlacementArticle } from '../../store/index.js';
import type { HeldStory, PlacementBatch } from './batch.js';
import { articleFeatures, type Features } from './features.js';
import { addInto, similarity } from './state.js';

/** Measures a story again from the accounts the store holds for it (after a reader moved some). */
export async function restate(batch: PlacementBatch, storyId: string, byHand?: 1 | 2): Promise<HeldStory | null> {
  const [story] = await batch.stories([storyId]);
  if (!story) return null;
  const articles = await batch.steps.articles(await batch.steps.storyArticleIds(storyId));
  if (articles.length === 0) return story;
  const vectors = articles.map((article) => articleFeatures({ ...article, source: article.sourceName }));
  await measure(batch, story, articles, vectors);
  if (byHand !== undefined) story.row.byHand = byHand;
  return story;
}

/** Sets a story's features, lead, outlets, count and times from these accounts (their features in `vectors`). */
export async function measure(
  batch: PlacementBatch,
  story: HeldStory,
  articles: PlacementArticle[],
  vectors: Features[],
): Promise<void> {
  const sums: Features = new Map();
  for (const vector of vectors) addInto(sums, vector);
  await batch.readCounts(sums.keys());
  batch.replaceFeatures(story, sums);
  const rarity = batch.rarity();
  let lead = 0;
  let leadScore = -1;
  vectors.forEach((vector, index) => {
    const score = similarity(vector, story.sums, rarity);
    if (score > leadScore) [lead, leadScore] = [index, score];
  });
  const times = articles.map((article) => article.sortAt).sort();
  story.leadScore = leadScore;
  story.sources = new Set(articles.map((article) => article.sourceId));
  Object.assign(story.row, {
    headline: articles[lead]!.headline,
    leadArticleId: articles[lead]!.id,
    articleCount: articles.length,
    firstSeen: times[0]!,
    lastSeen: times.at(-1)!,
  });
}
