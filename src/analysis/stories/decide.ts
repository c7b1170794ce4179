// The placement decision as the store-backed placement asks it: the clusterer's pure decision (decidePlacement),
// with one rule of its own: an account in another language than a story's is never one of its accounts (their
// words cannot be compared; each language's accounts of an event form their own story).
import { decidePlacement, defaultStorySettings, type Placement, type Rarity, type StorySettings } from './cluster.js';
import type { Features } from './features.js';

/** A candidate story as the decision sees it. */
export interface StoryView {
  id: string;
  sums: Features;
  articleCount: number;
  language: string | null;
}

export type { StorySettings };
export const storySettings = defaultStorySettings;

/**
 * The article's rarest features that some story holds, and few enough stories to find candidates with. (A feature
 * no story holds finds nothing: the words only this article uses are the rarest of all, and would fill the list.)
 */
export function lookupKeys(
  features: Features,
  rarity: Rarity,
  storiesHolding: (key: string) => number,
  settings: StorySettings = storySettings,
): string[] {
  return [...features.keys()]
    .filter((key) => {
      const holding = storiesHolding(key);
      return holding > 0 && holding <= settings.maxPostings;
    })
    .map((key) => ({ key, rarity: rarity(key) }))
    .sort((a, b) => b.rarity - a.rarity || (a.key < b.key ? -1 : 1))
    .slice(0, settings.lookupFeatures)
    .map(({ key }) => key);
}

export function decideStory(input: {
  features: Features;
  language: string | null;
  candidates: StoryView[];
  rarity: Rarity;
  settings?: StorySettings;
}): Placement {
  const candidates = input.candidates.filter(
    (story) => !input.language || !story.language || story.language === input.language,
  );
  // A copy of what a story already holds (the same wire text under another outlet's name) joins it whatever the
  // rarities say: when thousands of copies make every shared word common, only the copies' small differences
  // would look rare, and the copy would seem to share nothing.
  const copyOf = candidates.find((story) => plainCosine(input.features, story.sums) >= copyCosine);
  if (copyOf) return { join: copyOf.id, merge: [] };
  return decidePlacement({
    features: input.features,
    candidates,
    rarity: input.rarity,
    settings: input.settings ?? storySettings,
  });
}

/** Unweighted cosine at or above which an article is a copy of a story's accounts. */
const copyCosine = 0.95;

/** Cosine of two feature vectors with every feature weighing the same. */
function plainCosine(a: Features, b: Features): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [key, value] of a) {
    na += value * value;
    const other = b.get(key);
    if (other !== undefined) dot += value * other;
  }
  for (const value of b.values()) nb += value * value;
  return dot === 0 ? 0 : dot / Math.sqrt(na * nb);
}
