// Groups articles, one at a time as they arrive, into stories: one real-world event each. The decision is one pure
// function of plain data (decidePlacement), so the database-backed placement in src/store makes exactly the same one;
// createStoryClusterer is its in-memory keeper and holds only what a store holds: one row per story (StoryState), an
// inverted index from a feature to the stories holding it, and how many articles hold each feature (memory.ts).
import type { Features } from './features.js';

export type { StoryArticle } from './features.js';

export interface StorySettings {
  /** Size-corrected similarity (see `similarity`) an article needs to join a story. */
  threshold: number;
  /** Two stories merge at `threshold` times this: a wrong merge joins two events for good, so it must be surer. */
  mergeFactor: number;
  /** How many of an article's rarest features are looked up in the index. */
  lookupFeatures: number;
  /** Features held by more stories than this are too common to find candidates with. */
  maxPostings: number;
  /** How many candidate stories, most shared rare features first, are scored. */
  maxCandidates: number;
  /** Similarity below which two groups of a story's accounts are two events (see split.ts). */
  splitThreshold: number;
}

// The join and split thresholds are the values bench/stories.ts's folds chose most often on ECB+ (join 0.5 in three
// folds of five, split 0.5 in four; not blind: see the bench); mergeFactor 1.2 beat 1 and 1.4 on the cross-validated
// figure; 10 candidates score as well as 20 there, at half the cost.
export const defaultStorySettings: StorySettings = {
  threshold: 0.5,
  mergeFactor: 1.2,
  lookupFeatures: 30,
  maxPostings: 500,
  maxCandidates: 10,
  splitThreshold: 0.5,
};

/** A story as a store keeps it, in one row: enough to place the next article, without its articles' features. */
export interface StoryState {
  id: string;
  articleCount: number;
  /** Sum of its articles' feature weights (the centroid, before rarity), its `maxStoryFeatures` heaviest only. */
  sums: Features;
}

/** What to do with one article: join a story (`null`: start a new one), then fold the `merge` stories into it. */
export interface Placement {
  join: string | null;
  merge: string[];
}

export interface PlacementInput {
  /** The article's features, from `articleFeatures`. */
  features: Features;
  /** The rows of the stories `chooseCandidates` picked. */
  candidates: StoryState[];
  /** Rarity from the global counts, the article itself already counted (`rarityFrom`). */
  rarity: Rarity;
  settings: StorySettings;
}

/** A feature's weight for telling stories apart: high for a rare feature, near zero for one every article has. */
export type Rarity = (feature: string) => number;

// A story of 200 wire copies must stay one small row: only its heaviest features are kept. The light ones are stray
// words of single articles, which barely move a cosine (a cap of 200 scores 0.01 lower on ECB+ than 400).
export const maxStoryFeatures = 400;

// How much of an account is its event rather than its own wording: the squared cosine one expects between an
// article and the centroid of all accounts of its event. It corrects cosines for the sizes compared (below).
const eventShare = 0.3;

// Two accounts that both name years and share none are most likely two events of one kind (the 2008 and the 2013
// earthquake); the similarity drops by up to this much, in proportion to how little their years agree.
const yearConflict = 0.2;

/** Online IDF from a store's counts: how many articles hold a feature, out of how many articles seen. */
export function rarityFrom(documentFrequency: (feature: string) => number, articleCount: number): Rarity {
  return (feature) => Math.log((articleCount + 1) / Math.max(1, documentFrequency(feature)));
}

function norm(vector: Features, rarity: Rarity): number {
  let total = 0;
  for (const [key, value] of vector) total += (value * rarity(key)) ** 2;
  return Math.sqrt(total);
}

/** Cosine of two vectors under `rarity`; pass lengths already known to save walking a large story. */
export function cosine(a: Features, b: Features, rarity: Rarity, lengthA?: number, lengthB?: number): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [key, value] of small) {
    const other = large.get(key);
    if (other !== undefined) dot += value * other * rarity(key) ** 2;
  }
  if (dot === 0) return 0;
  return dot / ((lengthA ?? norm(a, rarity)) * (lengthB ?? norm(b, rarity)));
}

/** The features of an article to look up in the index: its `lookupFeatures` rarest, rarest first. */
export function lookupKeys(features: Features, rarity: Rarity, settings: StorySettings): string[] {
  return [...features.keys()]
    .map((key) => ({ key, rarity: rarity(key) }))
    .sort((a, b) => b.rarity - a.rarity || (a.key < b.key ? -1 : 1))
    .slice(0, settings.lookupFeatures)
    .map(({ key }) => key);
}

/**
 * The stories to score, from the index's answer for `lookupKeys`: feature → the ids of the stories holding it. A
 * feature held by more than `maxPostings` stories finds nothing in particular and is skipped (a store need not fetch
 * its holders). The rest rank stories by the rarity they share with the article; the first `maxCandidates` are kept.
 */
export function chooseCandidates(holders: Map<string, string[]>, rarity: Rarity, settings: StorySettings): string[] {
  const shared = new Map<string, number>();
  for (const [key, storyIds] of holders) {
    if (storyIds.length > settings.maxPostings) continue;
    const weight = rarity(key);
    for (const id of storyIds) shared.set(id, (shared.get(id) ?? 0) + weight);
  }
  return [...shared]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, settings.maxCandidates)
    .map(([id]) => id);
}

/** Keeps the `maxStoryFeatures` heaviest features. */
function capped(sums: Features): Features {
  if (sums.size <= maxStoryFeatures) return sums;
  return new Map([...sums].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, maxStoryFeatures));
}

function added(a: Features, b: Features): Features {
  const sum = new Map(a);
  for (const [key, value] of b) sum.set(key, (sum.get(key) ?? 0) + value);
  return sum;
}

/** A new story holding one article. */
export function newStory(id: string, features: Features): StoryState {
  return { id, articleCount: 1, sums: capped(new Map(features)) };
}

/** The story after an article joins it. */
export function joinStory(story: StoryState, features: Features): StoryState {
  return { id: story.id, articleCount: story.articleCount + 1, sums: capped(added(story.sums, features)) };
}

/** One story holding both; it keeps `into`'s id. */
export function mergeStories(into: StoryState, from: StoryState): StoryState {
  return {
    id: into.id,
    articleCount: into.articleCount + from.articleCount,
    sums: capped(added(into.sums, from.sums)),
  };
}

/** A story's row as JSON, and back: features as [key, weight] pairs. */
export function encodeStory(story: StoryState): string {
  return JSON.stringify({ id: story.id, articleCount: story.articleCount, sums: [...story.sums] });
}

export function decodeStory(json: string): StoryState {
  const row = JSON.parse(json) as { id: string; articleCount: number; sums: [string, number][] };
  return { id: row.id, articleCount: row.articleCount, sums: new Map(row.sums) };
}

/** Two groups of accounts as `similarity` compares them: summed features and how many accounts were summed. */
export interface Group {
  sums: Features;
  count: number;
}

/** The rarity-weighted cosine of two groups, and the same over the years they name (null: one names none). */
function cosines(a: Group, b: Group, rarity: Rarity): { all: number; years: number | null } {
  const [small, large] = a.sums.size <= b.sums.size ? [a.sums, b.sums] : [b.sums, a.sums];
  let dot = 0;
  let smallLength = 0;
  let yearDot = 0;
  let smallYears = 0;
  for (const [key, value] of small) {
    const squared = rarity(key) ** 2;
    const weight = value * value * squared;
    smallLength += weight;
    const other = large.get(key);
    const isYear = key.startsWith('y:');
    if (isYear) smallYears += weight;
    if (other === undefined) continue;
    const shared = value * other * squared;
    dot += shared;
    if (isYear) yearDot += shared;
  }
  if (dot === 0) return { all: 0, years: null };
  let largeLength = 0;
  let largeYears = 0;
  for (const [key, value] of large) {
    const weight = (value * rarity(key)) ** 2;
    largeLength += weight;
    if (key.startsWith('y:')) largeYears += weight;
  }
  const years = smallYears > 0 && largeYears > 0 ? yearDot / Math.sqrt(smallYears * largeYears) : null;
  return { all: dot / Math.sqrt(smallLength * largeLength), years };
}

/**
 * How alike two groups of accounts (an article is a group of one) are. The cosine of two averages grows with the
 * number of accounts averaged, as each one's own wording cancels out, so one fixed threshold would be too strict for
 * an article against a small story and too lax for two large stories. With `eventShare` s, the cosine of two averages
 * of n and m accounts of one event is about s / √((s + (1 − s)/n)(s + (1 − s)/m)); dividing by that factor estimates
 * the cosine of the two events themselves, near 1 for one event whatever the sizes.
 */
export function similarity(a: Group, b: Group, rarity: Rarity): number {
  const { all, years } = cosines(a, b, rarity);
  if (all === 0) return 0;
  const expected = (count: number) => eventShare + (1 - eventShare) / count;
  const score = (all * Math.sqrt(expected(a.count) * expected(b.count))) / eventShare;
  return years === null ? score : score - yearConflict * (1 - years);
}

/**
 * Where one article goes, from plain data only. It joins the most similar candidate at or above `threshold`, else
 * starts a new story. Then any other candidate that the article itself, or the story it grew, matches at the stricter
 * merge threshold is the same event seen twice, and is folded into it.
 */
export function decidePlacement(input: PlacementInput): Placement {
  const { features, candidates, settings } = input;
  // The same features come up again and again across candidates: ask for each one's rarity once.
  const known = new Map<string, number>();
  const rarity: Rarity = (key) => {
    const seen = known.get(key);
    if (seen !== undefined) return seen;
    const value = input.rarity(key);
    known.set(key, value);
    return value;
  };
  const article = { sums: features, count: 1 };
  const scored = candidates
    .map((story) => ({ story, score: similarity(article, { sums: story.sums, count: story.articleCount }, rarity) }))
    .sort((a, b) => b.score - a.score || (a.story.id < b.story.id ? -1 : 1));
  const best = scored[0];
  if (!best || best.score < settings.threshold) return { join: null, merge: [] };

  const mergeAt = settings.threshold * settings.mergeFactor;
  const grown = { sums: added(best.story.sums, features), count: best.story.articleCount + 1 };
  // Only a story the article itself comes near can come near the grown story (and checking all would cost a walk of
  // every candidate's features twice).
  const merge = scored
    .slice(1)
    .filter(
      ({ story, score }) =>
        score >= mergeAt ||
        (score >= settings.threshold / 2 &&
          similarity(grown, { sums: story.sums, count: story.articleCount }, rarity) >= mergeAt),
    )
    .map(({ story }) => story.id);
  return { join: best.story.id, merge };
}
