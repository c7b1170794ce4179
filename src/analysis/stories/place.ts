// Placing stored articles in stories, through the store: the same decisions as the in-memory clusterer, over the
// state the store keeps (each story's row, the feature index, the feature counts). Articles are placed in
// batches, each one placement transaction (PlacementBatch), so that several workers saving at once never split
// or double a story, and so that a batch costs a few statements rather than dozens an article.
import type { ArticleEntity, PlacementArticle, Store } from '../../store/index.js';
import { extractEntities } from '../entities/index.js';
import { type HeldStory, PlacementBatch } from './batch.js';
import { decideStory, lookupKeys, type StorySettings, storySettings } from './decide.js';
import { articleFeatures, type Features } from './features.js';
import { guessLanguage } from './language.js';
import { restate } from './restate.js';
import { review } from './review.js';
import { similarity } from './state.js';

/**
 * How many articles one placement transaction takes. Readers never wait on it (SQLite's WAL, PostgreSQL's MVCC);
 * other writers wait for its write lock, about 0.3 s at 200. Each commit costs as much as placing ten articles,
 * so 200 instead of 50 places a bulk import about 15% faster (measured on bench:stories' stream).
 */
export const placementBatch = 200;

// The index is asked for at most this many features, each held by at most this many stories: a bounded walk
// (at most 1,800 postings) however large the store grows. A feature in more stories finds nothing in particular.
const maxLookups = 30;
const maxHolders = 60;

/** Most articles' features one placement call keeps for reviews (about 5 MB). */
const maxRemembered = 2_000;

/** How far apart in time an article and a story may be and still be one event. */
const windowMs = 10 * 24 * 3600 * 1000;

export interface PlacementOutcome {
  placed: number;
  /** Stories that grew or were made. */
  stories: Set<string>;
}

interface Arrival {
  article: PlacementArticle;
  features: Features;
  entities: ArticleEntity[];
  language: string | null;
}

/** Places these articles (ids, in the order they came), skipping any another worker placed first. */
export async function placeArticles(
  store: Store,
  given: string[],
  settings: StorySettings = storySettings,
): Promise<PlacementOutcome> {
  const outcome: PlacementOutcome = { placed: 0, stories: new Set() };
  // A batch of saves may name one article twice (a duplicate answers with the stored article's id).
  const ids = [...new Set(given)];
  // The features of the articles this call places, for the second look of a story that gathers several of them
  // (reading an account's features again costs as much as placing it).
  const remembered = new Map<string, Features>();
  for (let i = 0; i < ids.length; i += placementBatch) {
    const chunk = ids.slice(i, i + placementBatch);
    if (remembered.size > maxRemembered) remembered.clear();
    await store.placement(async (steps) => {
      const batch = await PlacementBatch.open(steps, remembered);
      const arrivals = (await steps.articles(chunk)).filter((article) => !article.storyId).map(arrive);
      await batch.readCounts(arrivals.flatMap((arrival) => [...arrival.features.keys()]));
      for (const arrival of arrivals) {
        for (const id of await placeOne(batch, arrival, settings)) outcome.stories.add(id);
        outcome.placed++;
      }
      await batch.flush();
    });
  }
  return outcome;
}

/** Places every article still waiting, oldest first, reporting progress after each batch. */
export async function placeWaiting(
  store: Store,
  progress?: (done: number, left: number) => void,
  settings: StorySettings = storySettings,
): Promise<PlacementOutcome> {
  const outcome: PlacementOutcome = { placed: 0, stories: new Set() };
  for (;;) {
    const ids = await store.articlesToPlace(placementBatch * 4);
    if (ids.length === 0) return outcome;
    const step = await placeArticles(store, ids, settings);
    // Nothing placed although articles wait: another worker holds them; stop rather than spin.
    if (step.placed === 0) return outcome;
    outcome.placed += step.placed;
    for (const id of step.stories) outcome.stories.add(id);
    if (progress) progress(outcome.placed, await store.countUnplaced());
  }
}

/** Forgets every story and places every article again, oldest first; what a reader mended stays as it is. */
export async function rebuildStories(
  store: Store,
  progress?: (done: number, left: number) => void,
  settings: StorySettings = storySettings,
): Promise<PlacementOutcome> {
  await store.placement(async (steps) => {
    await steps.clearStories();
    const batch = await PlacementBatch.open(steps);
    for (const id of await steps.handMadeStories()) await restate(batch, id);
    await batch.flush();
  });
  return placeWaiting(store, progress, settings);
}

function arrive(article: PlacementArticle): Arrival {
  // The entities are read once: they are stored with the article and are the names among its features.
  const entities = entitiesOf(article);
  const features = articleFeatures({ ...article, source: article.sourceName }, entities);
  const language =
    article.language?.slice(0, 2).toLowerCase() ??
    guessLanguage([article.headline, article.deck ?? '', ...article.paragraphs.slice(0, 5)].join(' '));
  return { article, features, entities, language };
}

/**
 * One article into its story: the story it joins (or a new one), and any stories it shows to be the same; then
 * the story's second look, which may split a second event off it. Returns the stories that grew or were made.
 */
async function placeOne(
  batch: PlacementBatch,
  { article, features, entities, language }: Arrival,
  settings: StorySettings,
): Promise<string[]> {
  batch.saveEntities(article.id, article.sortAt, entities);
  batch.countArticle(features.keys());
  batch.remember(article.id, features);
  const rarity = batch.rarity();
  const lookup = lookupKeys(features, rarity, (key) => batch.count(key).stories, {
    ...settings,
    lookupFeatures: Math.min(settings.lookupFeatures, maxLookups),
    maxPostings: Math.min(settings.maxPostings, maxHolders),
  });
  const at = Date.parse(article.sortAt);
  const from = new Date(at - windowMs).toISOString();
  const to = new Date(at + windowMs).toISOString();
  // A story a reader split off is closed: only a reader adds to it.
  const candidates = (await batch.candidates(lookup, from, to, settings.maxCandidates)).filter(
    (story) => story.row.byHand !== 2,
  );
  const plan = decideStory({
    features,
    language,
    candidates: candidates.map((story) => ({
      id: story.row.id,
      sums: story.sums,
      articleCount: story.row.articleCount,
      language: story.language,
    })),
    rarity,
    settings,
  });

  const home = candidates.find((story) => story.row.id === plan.join) ?? batch.newStory(article, language);
  join(batch, home, article, features, rarity);
  for (const id of plan.merge) {
    const other = candidates.find((story) => story.row.id === id);
    // What a reader mended is never merged away by placement.
    if (!other || other === home || other.row.byHand !== 0 || home.row.byHand !== 0) continue;
    mergeInto(batch, home, other);
  }
  batch.cap(home);
  const splitOff = await review(batch, home, settings);
  if (!splitOff) return [home.row.id];
  batch.cap(splitOff);
  return [home.row.id, splitOff.row.id];
}

function join(
  batch: PlacementBatch,
  story: HeldStory,
  article: PlacementArticle,
  features: Features,
  rarity: (key: string) => number,
): void {
  batch.absorb(story, features);
  batch.assign(article.id, story);
  story.sources.add(article.sourceId);
  const row = story.row;
  row.articleCount += 1;
  if (article.sortAt < row.firstSeen) row.firstSeen = article.sortAt;
  if (article.sortAt > row.lastSeen) row.lastSeen = article.sortAt;
  // The account closest to the story's centre when it arrives leads it (and gives the story its headline).
  const score = similarity(features, story.sums, rarity);
  if (row.articleCount === 1 || score > story.leadScore) {
    story.leadScore = score;
    row.leadArticleId = article.id;
    row.headline = article.headline;
  }
}

function mergeInto(batch: PlacementBatch, home: HeldStory, other: HeldStory): void {
  batch.absorb(home, other.sums);
  const row = home.row;
  // The larger story's lead keeps leading.
  if (other.row.articleCount > row.articleCount) {
    row.headline = other.row.headline;
    row.leadArticleId = other.row.leadArticleId;
    home.leadScore = other.leadScore;
  }
  row.articleCount += other.row.articleCount;
  if (other.row.firstSeen < row.firstSeen) row.firstSeen = other.row.firstSeen;
  if (other.row.lastSeen > row.lastSeen) row.lastSeen = other.row.lastSeen;
  for (const source of other.sources) home.sources.add(source);
  batch.remove(other, home);
}

/** The entities an article names, one entry per kind and key (two spellings that fold alike are one). */
function entitiesOf(article: PlacementArticle): ArticleEntity[] {
  const byKey = new Map<string, ArticleEntity>();
  for (const entity of extractEntities(article)) {
    const key = `${entity.kind}\u0000${entity.key}`;
    const known = byKey.get(key);
    if (!known) {
      byKey.set(key, {
        kind: entity.kind,
        key: entity.key,
        name: entity.name,
        names: [...entity.names],
        mentions: entity.mentions,
      });
      continue;
    }
    known.mentions += entity.mentions;
    known.names.push(...entity.names);
    if (entity.name.length > known.name.length) known.name = entity.name;
  }
  return [...byKey.values()];
}
