// Placing stored articles in stories, through the store: the same decisions as the in-memory clusterer, over the
// state the store keeps (each story's row, the feature index, the feature counts). Runs in batches, each batch in
// one placement transaction, so that several workers saving at once never split or double a story.

import type { PlacementArticle, PlacementSteps, Store, StoryRow } from '../../store/index.js';
import { newId } from '../../store/index.js';
import { type EntityKind, extractEntities } from '../entities/index.js';
import { decideStory, lookupKeys, storySettings } from './decide.js';
import { articleFeatures, type Features } from './features.js';
import { guessLanguage } from './language.js';
import {
  addInto as add,
  capped,
  type LoadedStory,
  postedKeys,
  readState,
  restate,
  type StoryState,
  similarity,
} from './state.js';

/** How many articles one placement transaction takes: small enough that a reader's page never waits long. */
export const placementBatch = 50;

/** How far apart in time an article and a story may be and still be one event. */
const windowMs = 10 * 24 * 3600 * 1000;

export interface PlacementOutcome {
  placed: number;
  /** Stories that grew or were made. */
  stories: Set<string>;
}

/**
 * Places these articles (ids, in the order they came), skipping any another worker placed first. Each batch is one
 * transaction; an article that vanished in between is passed over.
 */
export async function placeArticles(store: Store, ids: string[]): Promise<PlacementOutcome> {
  const outcome: PlacementOutcome = { placed: 0, stories: new Set() };
  for (let i = 0; i < ids.length; i += placementBatch) {
    const batch = ids.slice(i, i + placementBatch);
    await store.placement(async (steps) => {
      for (const article of await steps.articles(batch)) {
        if (article.storyId) continue;
        outcome.stories.add(await placeOne(steps, article));
        outcome.placed++;
      }
    });
  }
  return outcome;
}

/** Places every article still waiting, oldest first, reporting progress after each batch. */
export async function placeWaiting(
  store: Store,
  progress?: (done: number, left: number) => void,
): Promise<PlacementOutcome> {
  const outcome: PlacementOutcome = { placed: 0, stories: new Set() };
  for (;;) {
    const ids = await store.articlesToPlace(placementBatch * 4);
    if (ids.length === 0) return outcome;
    const step = await placeArticles(store, ids);
    // Nothing placed although articles wait: another worker holds them; stop rather than spin.
    if (step.placed === 0) return outcome;
    outcome.placed += step.placed;
    for (const id of step.stories) outcome.stories.add(id);
    if (progress) progress(outcome.placed, await store.countUnplaced());
  }
}

/** Forgets every story and places every article again, oldest first; stories a reader mended stay as they are. */
export async function rebuildStories(
  store: Store,
  progress?: (done: number, left: number) => void,
): Promise<PlacementOutcome> {
  const handMade = await store.placement(async (steps) => {
    await steps.clearAll(true);
    return steps.handMadeStories();
  });
  for (const id of handMade) await store.placement((steps) => restate(steps, id, true));
  return placeWaiting(store, progress);
}

/** One article into its story: the story it joins (or a new one), and any stories it shows to be the same. */
async function placeOne(steps: PlacementSteps, article: PlacementArticle): Promise<string> {
  const features = articleFeatures({ ...article, source: article.sourceName });
  await steps.saveEntities(article.id, entitiesOf(article), article.sortAt);

  const keys = [...features.keys()];
  const { counts, total } = await steps.countArticle(keys);
  const rarity = (key: string) => Math.log((total + 1) / (counts.get(key)?.articles ?? 1));

  const lookup = lookupKeys(features, rarity, (key) => counts.get(key)?.stories ?? 0);
  const at = Date.parse(article.sortAt);
  const holders = await steps.holders(
    lookup,
    new Date(at - windowMs).toISOString(),
    new Date(at + windowMs).toISOString(),
    storySettings.maxCandidates,
  );
  const candidateIds = holders.map((holder) => holder.storyId);
  const candidates = (await steps.stories(candidateIds)).map(readState);
  const language =
    article.language?.slice(0, 2).toLowerCase() ??
    guessLanguage([article.headline, article.deck ?? '', ...article.paragraphs.slice(0, 5)].join(' '));
  const plan = decideStory({ features, language, candidates, rarity });

  const joined = plan.join ? candidates.find((story) => story.id === plan.join) : undefined;
  const home: LoadedStory = joined ?? newStory(article, language);
  const before = joined ? new Set(await steps.postings(home.id)) : new Set<string>();
  const sums = new Map(home.sums);
  add(sums, features);
  let articleCount = home.articleCount + 1;
  let firstSeen = home.row.firstSeen < article.sortAt ? home.row.firstSeen : article.sortAt;
  let lastSeen = home.row.lastSeen > article.sortAt ? home.row.lastSeen : article.sortAt;
  let lead = { id: home.row.leadArticleId, headline: home.row.headline, score: home.state.leadScore };

  // Save the home row first (a new story must exist before articles point at it and the old ones redirect to it).
  if (!joined) await steps.saveStory(home.row);
  await steps.assign([article.id], home.id);
  let merged = false;
  for (const id of plan.merge) {
    const other = candidates.find((story) => story.id === id);
    if (!other || other.id === home.id || other.row.byHand || home.row.byHand) continue;
    add(sums, other.sums);
    articleCount += other.articleCount;
    if (other.row.firstSeen < firstSeen) firstSeen = other.row.firstSeen;
    if (other.row.lastSeen > lastSeen) lastSeen = other.row.lastSeen;
    // The larger story's lead keeps leading.
    if (other.articleCount > home.articleCount)
      lead = { id: other.row.leadArticleId, headline: other.row.headline, score: other.state.leadScore };
    await steps.mergeStory(other.id, home.id);
    merged = true;
  }
  const kept = capped(sums);
  const score = similarity(features, kept, rarity);
  if (lead.id === null || score > lead.score) lead = { id: article.id, headline: article.headline, score };

  const after = postedKeys(kept);
  await steps.setPostings(
    home.id,
    [...after].filter((key) => !before.has(key)),
    [...before].filter((key) => !after.has(key)),
  );
  const state: StoryState = { sums: [...kept], leadScore: lead.score, language: home.language };
  await steps.saveStory({
    ...home.row,
    headline: lead.headline,
    leadArticleId: lead.id,
    articleCount,
    sourceCount: merged
      ? await steps.sourceCount(home.id)
      : home.row.sourceCount + ((await steps.storyHasSource(home.id, article.sourceId, article.id)) ? 0 : 1),
    firstSeen,
    lastSeen,
    state: JSON.stringify(state),
  });
  return home.id;
}

function newStory(article: PlacementArticle, language: string | null): LoadedStory {
  const state: StoryState = { sums: [], leadScore: -1, language };
  const row: StoryRow = {
    id: newId(),
    headline: article.headline,
    leadArticleId: null,
    articleCount: 0,
    sourceCount: 0,
    firstSeen: article.sortAt,
    lastSeen: article.sortAt,
    state: JSON.stringify(state),
    byHand: false,
  };
  return { id: row.id, sums: new Map(), articleCount: 0, language, row, state };
}

function entitiesOf(article: PlacementArticle) {
  return extractEntities(article).map((entity) => ({
    kind: entity.kind as EntityKind,
    key: entity.key,
    name: entity.name,
    names: entity.names,
    mentions: entity.mentions,
  }));
}
