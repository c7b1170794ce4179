// A story as the store keeps it for placement: its row plus the clusterer's state (JSON in the row): the summed
// features of its accounts, capped, and what decides which account leads it. Shared by placement and mending.
import type { StoryRow } from '../../store/index.js';
import type { StoryView } from './decide.js';
import type { Features } from './features.js';

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
  /** The outlets that told it (source ids). */
  sources?: string[];
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
/** Of those, how many may be words: names, numbers and dates find an event; common words find every story. */
const maxPostedWords = 12;

/** The features a story is posted under in the index: its heaviest names, numbers and dates, and a few words. */
export function postedKeys(sums: Features): Set<string> {
  const ranked = [...sums].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const posted = new Set<string>();
  let words = 0;
  for (const [key] of ranked) {
    if (posted.size >= maxPostedFeatures) break;
    if (key.startsWith('w:')) {
      if (words >= maxPostedWords) continue;
      words++;
    }
    posted.add(key);
  }
  return posted;
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
