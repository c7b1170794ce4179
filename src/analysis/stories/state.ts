// A story as the store keeps it for placement: its row plus the clusterer's state (JSON in the row): the summed
// features of its accounts, capped, and what decides which account leads it. Shared by placement and mending.
import type { PlacementSteps, StoryRow } from '../../store/index.js';
import type { StoryView } from './decide.js';
import { articleFeatures, type Features } from './features.js';

/** A story's features are capped: 200 wire copies of one event stay one small row. */
export const maxStoryFeatures = 400;

/** How many features of a story the index holds: the ones an article is looked up by. */
const maxPostedFeatures = 60;

export interface StoryState {
  /** Feature → summed weight over its accounts (the heaviest `maxStoryFeatures`). */
  sums: [string, number][];
  /** The lead account's similarity to the story: a later account closer to the centre leads instead. */
  leadScore: number;
  language: string | null;
}

export interface LoadedStory extends StoryView {
  row: StoryRow;
  state: StoryState;
}

export function readState(row: StoryRow): LoadedStory {
  const state = JSON.parse(row.state) as StoryState;
  return {
    id: row.id,
    sums: new Map(state.sums),
    articleCount: row.articleCount,
    language: state.language,
    row,
    state,
  };
}

export type Rarity = (key: string) => number;

/** The heaviest features of a story's sums, so that its row stays bounded. */
export function capped(sums: Features, limit = maxStoryFeatures): Features {
  if (sums.size <= limit) return sums;
  return new Map([...sums].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit));
}

export function addInto(into: Features, from: Features): void {
  for (const [key, value] of from) into.set(key, (into.get(key) ?? 0) + value);
}

/** Names, numbers and dates tell one event from another; words only when there are few of those. */
const distinctive = (key: string) => (key.startsWith('w:') ? 0 : 1);

/** The features a story is posted under in the index: its heaviest names, numbers and dates, then words. */
export function postedKeys(sums: Features): Set<string> {
  return new Set(
    [...sums]
      .sort((a, b) => distinctive(b[0]) - distinctive(a[0]) || b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, maxPostedFeatures)
      .map(([key]) => key),
  );
}

/** Rarity-weighted cosine of two feature vectors. */
export function similarity(a: Features, b: Features, rarity: Rarity): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [key, value] of a) {
    const r = rarity(key) ** 2;
    na += value * value * r;
    const other = b.get(key);
    if (other !== undefined) dot += value * other * r;
  }
  for (const [key, value] of b) nb += value * value * rarity(key) ** 2;
  return dot === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** The rarity of features as the store counts them now. */
export async function rarityFor(steps: PlacementSteps, keys: string[]): Promise<Rarity> {
  const counts = await steps.termCounts(keys);
  const total = await steps.totalArticles();
  return (key) => Math.log((total + 1) / ((counts.get(key)?.articles ?? 0) + 1));
}

/** Measures a story again from its accounts (after a reader moved some): features, lead, counts, index. */
export async function restate(steps: PlacementSteps, storyId: string, byHand: boolean): Promise<void> {
  const [row] = await steps.stories([storyId]);
  if (!row) return;
  const articles = await steps.articles(await steps.storyArticleIds(storyId));
  if (articles.length === 0) return;
  const vectors = articles.map((article) => articleFeatures({ ...article, source: article.sourceName }));
  const sums: Features = new Map();
  for (const vector of vectors) addInto(sums, vector);
  const kept = capped(sums);
  const rarity = await rarityFor(steps, [...kept.keys()]);
  let lead = 0;
  let leadScore = -1;
  vectors.forEach((vector, index) => {
    const score = similarity(vector, kept, rarity);
    if (score > leadScore) [lead, leadScore] = [index, score];
  });
  const before = new Set(await steps.postings(storyId));
  const after = postedKeys(kept);
  await steps.setPostings(
    storyId,
    [...after].filter((key) => !before.has(key)),
    [...before].filter((key) => !after.has(key)),
  );
  const times = articles.map((article) => article.sortAt).sort();
  const state: StoryState = { sums: [...kept], leadScore, language: readState(row).language };
  await steps.saveStory({
    ...row,
    headline: articles[lead]!.headline,
    leadArticleId: articles[lead]!.id,
    articleCount: articles.length,
    sourceCount: await steps.sourceCount(storyId),
    firstSeen: times[0]!,
    lastSeen: times.at(-1)!,
    state: JSON.stringify(state),
    byHand: byHand || row.byHand,
  });
}
