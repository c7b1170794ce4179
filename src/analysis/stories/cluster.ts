// Groups articles, one at a time as they arrive, into stories: one real-world event each. Pure and in memory:
// the caller decides what to store. A new article is compared only with the stories that share its rarest
// features (an inverted index), so placing one article does not look at every story.
import { articleFeatures, type Features, type StoryArticle } from './features.js';

export type { StoryArticle } from './features.js';

export interface StorySettings {
  /** Cosine similarity (rarity-weighted) an article needs to join a story, and two stories need to merge. */
  threshold: number;
  /** How many of an article's rarest features are looked up in the index. */
  lookupFeatures: number;
  /** Features held by more stories than this are too common to find candidates with. */
  maxPostings: number;
  /** How many candidate stories, most shared rare features first, are scored. */
  maxCandidates: number;
  /** Whether two stories whose centroids come within `threshold` are merged after an article joins one. */
  mergeStories: boolean;
}

// Chosen before the first ECB+ run, by judgement rather than search: a middle value of rarity-weighted cosine.
// bench/stories.ts reports it as is and, separately, a threshold cross-validated by topic.
export const defaultStorySettings: StorySettings = {
  threshold: 0.3,
  lookupFeatures: 30,
  maxPostings: 500,
  maxCandidates: 20,
  mergeStories: true,
};

export interface Story {
  id: string;
  articleIds: string[];
}

export interface StoryClusterer {
  /** Places an article in a story and returns the story's id; an id seen before keeps its story. */
  place(article: StoryArticle): string;
  /** The story an article is in now (stories merge, so ask again rather than keep the id from `place`). */
  storyOf(articleId: string): string | undefined;
  /** Where a story that was merged away now lives, so old links can be redirected. */
  currentId(storyId: string): string;
  stories(): Story[];
}

interface StoryState {
  id: string;
  articleIds: string[];
  /** Sum of its articles' feature weights: the centroid, before rarity is applied. */
  sums: Features;
  /** Its rarity-weighted length and the article count it was measured at; rarity drifts slowly, so it is reused. */
  length: { value: number; at: number } | null;
}

/** Rarity-weighted vectors: a feature's weight times its inverse document frequency at the time of asking. */
type Rarity = (key: string) => number;

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

/** Where a merged-away story lives now: merges chain, so follow them to the end. */
function followMerges(mergedInto: Map<string, string>, storyId: string): string {
  let id = storyId;
  for (let next = mergedInto.get(id); next; next = mergedInto.get(id)) id = next;
  return id;
}

/** The inverted index: feature → the stories holding it. Only an article's rarest features are looked up. */
function createPostings(settings: StorySettings) {
  const holdersOf = new Map<string, Set<string>>();
  return {
    add(storyId: string, keys: Iterable<string>): void {
      for (const key of keys) {
        const holders = holdersOf.get(key);
        if (holders) holders.add(storyId);
        else holdersOf.set(key, new Set([storyId]));
      }
    },
    remove(storyId: string, keys: Iterable<string>): void {
      for (const key of keys) holdersOf.get(key)?.delete(storyId);
    },
    /** Ids of the stories sharing the article's rarest features, most shared rarity first. */
    candidates(features: Features, rarity: Rarity): string[] {
      const rarest = [...features.keys()]
        .map((key) => ({ key, rarity: rarity(key) }))
        .sort((a, b) => b.rarity - a.rarity || (a.key < b.key ? -1 : 1))
        .slice(0, settings.lookupFeatures);
      const shared = new Map<string, number>();
      for (const { key, rarity: weight } of rarest) {
        const holders = holdersOf.get(key);
        // A feature held by very many stories finds nothing in particular, and would cost a walk of them all.
        if (!holders || holders.size > settings.maxPostings) continue;
        for (const id of holders) shared.set(id, (shared.get(id) ?? 0) + weight);
      }
      return [...shared]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, settings.maxCandidates)
        .map(([id]) => id);
    },
  };
}

export function createStoryClusterer(settings: StorySettings = defaultStorySettings): StoryClusterer {
  const documentFrequency = new Map<string, number>();
  let articleCount = 0;
  const stories = new Map<string, StoryState>();
  const postings = createPostings(settings);
  const storyOfArticle = new Map<string, string>();
  const mergedInto = new Map<string, string>();
  let nextId = 1;

  // Online IDF: rarity among the articles seen so far. A feature in every article weighs almost nothing.
  const rarity: Rarity = (key) => Math.log((articleCount + 1) / (documentFrequency.get(key) ?? 1));

  // Re-measured when the story changes or the collection has grown by a tenth since: cheap and close enough.
  const lengthOf = (story: StoryState): number => {
    if (!story.length || articleCount > story.length.at * 1.1) {
      story.length = { value: norm(story.sums, rarity), at: articleCount };
    }
    return story.length.value;
  };

  const absorb = (story: StoryState, articleIds: string[], vector: Features) => {
    for (const [key, value] of vector) story.sums.set(key, (story.sums.get(key) ?? 0) + value);
    for (const id of articleIds) {
      story.articleIds.push(id);
      storyOfArticle.set(id, story.id);
    }
    postings.add(story.id, vector.keys());
    story.length = null;
  };

  const merge = (into: StoryState, from: StoryState) => {
    postings.remove(from.id, from.sums.keys());
    absorb(into, from.articleIds, from.sums);
    stories.delete(from.id);
    mergedInto.set(from.id, into.id);
  };

  const place = (article: StoryArticle): string => {
    const known = storyOfArticle.get(article.id);
    if (known) return known;
    const features = articleFeatures(article);
    articleCount++;
    for (const key of features.keys()) documentFrequency.set(key, (documentFrequency.get(key) ?? 0) + 1);

    const length = norm(features, rarity);
    const scored = postings
      .candidates(features, rarity)
      .map((id) => stories.get(id)!)
      .map((story) => ({ story, score: cosine(features, story.sums, rarity, length, lengthOf(story)) }))
      .sort((a, b) => b.score - a.score);
    const best = scored[0];
    let home: StoryState;
    if (best && best.score >= settings.threshold) home = best.story;
    else {
      home = { id: `story-${nextId++}`, articleIds: [], sums: new Map(), length: null };
      stories.set(home.id, home);
    }
    absorb(home, [article.id], features);

    // A later article can show two stories are one: it matches both, or its story now matches another.
    for (const { story, score } of scored.slice(1)) {
      if (story === home || !stories.has(story.id)) continue;
      const together = () => cosine(home.sums, story.sums, rarity, lengthOf(home), lengthOf(story));
      if (score >= settings.threshold || (settings.mergeStories && together() >= settings.threshold))
        merge(home, story);
    }
    return home.id;
  };

  return {
    place,
    storyOf: (articleId) => storyOfArticle.get(articleId),
    currentId: (storyId) => followMerges(mergedInto, storyId),
    stories: () => [...stories.values()].map((s) => ({ id: s.id, articleIds: [...s.articleIds] })),
  };
}
