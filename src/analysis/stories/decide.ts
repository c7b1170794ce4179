// The placement decision over plain data: which candidate story an article joins, and which stories it shows to
// be one. The store-backed placement (place.ts) calls it with what the store holds.
import { cosine, defaultStorySettings } from './cluster.js';
import type { Features } from './features.js';

/** A candidate story as the decision sees it. */
export interface StoryView {
  id: string;
  sums: Features;
  articleCount: number;
  language: string | null;
}

export const storySettings = defaultStorySettings;

/** The article's rarest features that few enough stories hold to find candidates with. */
export function lookupKeys(
  features: Features,
  rarity: (key: string) => number,
  storiesHolding: (key: string) => number,
): string[] {
  return [...features.keys()]
    .filter((key) => storiesHolding(key) <= storySettings.maxPostings)
    .map((key) => ({ key, rarity: rarity(key) }))
    .sort((a, b) => b.rarity - a.rarity || (a.key < b.key ? -1 : 1))
    .slice(0, storySettings.lookupFeatures)
    .map(({ key }) => key);
}

export interface StoryPlan {
  /** The story the article joins, or null for a story of its own. */
  join: string | null;
  /** Other candidate stories that are the same event: they merge into the one joined (or made). */
  merge: string[];
}

export function decideStory(input: {
  features: Features;
  language: string | null;
  candidates: StoryView[];
  rarity: (key: string) => number;
}): StoryPlan {
  const { features, rarity } = input;
  // An account in another language is its own story: its words cannot be compared with these.
  const comparable = input.candidates.filter(
    (story) => !input.language || !story.language || story.language === input.language,
  );
  const scored = comparable
    .map((story) => ({ story, score: cosine(features, story.sums, rarity) }))
    .sort((a, b) => b.score - a.score || (a.story.id < b.story.id ? -1 : 1));
  const best = scored[0];
  const threshold = storySettings.threshold;
  if (!best || best.score < threshold) return { join: null, merge: [] };
  const home = best.story;
  const merge = scored
    .slice(1)
    .filter(({ story, score }) => score >= threshold || cosine(home.sums, story.sums, rarity) >= threshold)
    .map(({ story }) => story.id);
  return { join: home.id, merge };
}
