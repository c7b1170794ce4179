// One placement transaction's view of the stories: what it read from the store, and what it changed, held in
// memory and written in a few statements at the end (store/stories/writes.ts). A batch of fifty articles thus
// costs two queries an article (its candidates, and the candidate stories not yet read) and a dozen in all.
import type { ArticleEntity, PlacementArticle, PlacementSteps, StoryRow, TermCount } from '../../store/index.js';
import { newId } from '../../store/index.js';
import type { Features } from './features.js';
import { capped, postedKeys, readState, type StoryState } from './state.js';

/** A story as the batch holds it: its row, its features and the outlets that told it. */
export interface HeldStory {
  row: StoryRow;
  sums: Features;
  sources: Set<string>;
  leadScore: number;
  language: string | null;
  /** The features it was posted under in the index when read (null: a story new in this batch). */
  postedBefore: Set<string> | null;
}

export class PlacementBatch {
  readonly #steps: PlacementSteps;
  readonly #counts = new Map<string, TermCount>();
  readonly #termDeltas = new Map<string, { articles: number; stories: number }>();
  readonly #held = new Map<string, HeldStory>();
  /** Stories this batch changed: only they are written. */
  readonly #dirty = new Set<string>();
  readonly #removed = new Map<string, string | null>();
  readonly #assign = new Map<string, { storyId: string; byHand: boolean }>();
  readonly #entities: { articleId: string; seenAt: string; found: ArticleEntity[] }[] = [];
  /** The features of articles placed in this batch (and, when given, earlier ones), so that a review need not
   * read them again. */
  readonly #features: Map<string, Features>;
  #totals = { articles: 0, stories: 0 };
  readonly #totalDeltas = { articles: 0, stories: 0 };

  private constructor(steps: PlacementSteps, features: Map<string, Features>) {
    this.#steps = steps;
    this.#features = features;
  }

  /** `features`: what earlier batches of the same run remembered of their articles' features. */
  static async open(steps: PlacementSteps, features = new Map<string, Features>()): Promise<PlacementBatch> {
    const batch = new PlacementBatch(steps, features);
    batch.#totals = await steps.totals();
    return batch;
  }

  get steps(): PlacementSteps {
    return this.#steps;
  }

  /** Reads the counts of these features that the batch has not read yet. */
  async readCounts(keys: Iterable<string>): Promise<void> {
    const missing = [...new Set(keys)].filter((key) => !this.#counts.has(key));
    if (missing.length === 0) return;
    const found = await this.#steps.termCounts(missing);
    for (const key of missing) this.#counts.set(key, found.get(key) ?? { articles: 0, stories: 0 });
  }

  /** How many articles and stories hold a feature now (read first with readCounts). */
  count(key: string): TermCount {
    return this.#counts.get(key) ?? { articles: 0, stories: 0 };
  }

  get totals(): { articles: number; stories: number } {
    return this.#totals;
  }

  /** How rare a feature is now: the fewer stories hold it, the more it tells one event from another. */
  rarity(): (key: string) => number {
    const articles = this.#totals.articles;
    return (key) => Math.log((articles + 1) / Math.max(1, this.count(key).articles));
  }

  #bump(key: string, articles: number, stories: number): void {
    const count = this.count(key);
    this.#counts.set(key, { articles: count.articles + articles, stories: count.stories + stories });
    const delta = this.#termDeltas.get(key) ?? { articles: 0, stories: 0 };
    this.#termDeltas.set(key, { articles: delta.articles + articles, stories: delta.stories + stories });
  }

  /** One more article holds these features. */
  countArticle(keys: Iterable<string>): void {
    for (const key of keys) this.#bump(key, 1, 0);
    this.#totals = { ...this.#totals, articles: this.#totals.articles + 1 };
    this.#totalDeltas.articles++;
  }

  /** The stories (ids) sharing the most of these features, among those seen between `from` and `to`. */
  async candidates(keys: string[], from: string, to: string, limit: number): Promise<HeldStory[]> {
    const shared = new Map<string, number>();
    // Stories this batch changed are counted here, from what they hold now; the index has them as they were.
    for (const id of this.#dirty) {
      const story = this.#held.get(id);
      if (!story || story.row.lastSeen < from || story.row.firstSeen > to) continue;
      const posted = this.#posted(story);
      const count = keys.filter((key) => posted.has(key)).length;
      if (count > 0) shared.set(id, count);
    }
    // Three times as many as needed, as some fall outside the time window, and room for the changed stories
    // counted above, which the index may rank among them.
    const fromIndex = await this.#steps.holders(keys, 3 * limit + shared.size);
    for (const { storyId, shared: count, firstSeen, lastSeen } of fromIndex) {
      if (this.#dirty.has(storyId) || this.#removed.has(storyId)) continue;
      if (lastSeen < from || firstSeen > to) continue;
      shared.set(storyId, count);
    }
    const ids = [...shared]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, limit)
      .map(([id]) => id);
    return this.stories(ids);
  }

  readonly #postedCache = new WeakMap<HeldStory, { size: number; keys: Set<string> }>();

  /** The features a changed story is posted under now (kept until it grows). */
  #posted(story: HeldStory): Set<string> {
    const cached = this.#postedCache.get(story);
    if (cached && cached.size === story.sums.size && !this.#stale.has(story)) return cached.keys;
    const keys = postedKeys(story.sums);
    this.#postedCache.set(story, { size: story.sums.size, keys });
    this.#stale.delete(story);
    return keys;
  }

  readonly #stale = new WeakSet<HeldStory>();

  /** These stories, read from the store once and held from then on. */
  async stories(ids: string[]): Promise<HeldStory[]> {
    const missing = ids.filter((id) => !this.#held.has(id) && !this.#removed.has(id));
    for (const row of await this.#steps.stories(missing)) this.#held.set(row.id, hold(row));
    return ids.flatMap((id) => this.#held.get(id) ?? []);
  }

  /** A new, empty story. */
  newStory(article: PlacementArticle, language: string | null, byHand: 0 | 1 | 2 = 0): HeldStory {
    const row: StoryRow = {
      id: newId(),
      headline: article.headline,
      leadArticleId: article.id,
      articleCount: 0,
      sourceCount: 0,
      firstSeen: article.sortAt,
      lastSeen: article.sortAt,
      state: '',
      byHand,
    };
    const story: HeldStory = {
      row,
      sums: new Map(),
      sources: new Set(),
      leadScore: -1,
      language,
      postedBefore: null,
    };
    this.#held.set(row.id, story);
    this.#dirty.add(row.id);
    this.#totals = { ...this.#totals, stories: this.#totals.stories + 1 };
    this.#totalDeltas.stories++;
    return story;
  }

  /** Adds an account's (or a merged story's) features to the story; a feature new to it is held by one more story. */
  absorb(story: HeldStory, features: Features): void {
    this.#dirty.add(story.row.id);
    this.#stale.add(story);
    for (const [key, value] of features) {
      const had = story.sums.get(key);
      if (had === undefined) this.#bump(key, 0, 1);
      story.sums.set(key, (had ?? 0) + value);
    }
  }

  /** Keeps the story's heaviest features only; the ones it drops are held by one story fewer. */
  cap(story: HeldStory): void {
    const kept = capped(story.sums);
    if (kept === story.sums) return;
    for (const key of story.sums.keys()) if (!kept.has(key)) this.#bump(key, 0, -1);
    story.sums = kept;
  }

  /** Replaces the story's features (measured again from its accounts). */
  replaceFeatures(story: HeldStory, sums: Features): void {
    this.#dirty.add(story.row.id);
    for (const key of story.sums.keys()) this.#bump(key, 0, -1);
    story.sums = new Map();
    this.absorb(story, sums);
    this.cap(story);
  }

  /** The article is an account of the story now (and was put there by hand when `byHand`). */
  assign(articleId: string, story: HeldStory, byHand = false): void {
    this.#dirty.add(story.row.id);
    this.#assign.set(articleId, { storyId: story.row.id, byHand });
  }

  /**
   * `from` is gone into `into` (its features already absorbed there), or simply gone when `into` is null; its
   * accounts and its address move to `into`.
   */
  remove(from: HeldStory, into: HeldStory | null): void {
    // Its features are held by one story fewer (absorbing them into `into` counted the ones new there).
    for (const key of from.sums.keys()) this.#bump(key, 0, -1);
    this.#held.delete(from.row.id);
    this.#dirty.delete(from.row.id);
    // A story made in this batch was never stored: nothing of it to delete, no old address to keep.
    if (from.postedBefore !== null) this.#removed.set(from.row.id, into?.row.id ?? null);
    for (const [articleId, assigned] of this.#assign)
      if (assigned.storyId === from.row.id && into) this.#assign.set(articleId, { ...assigned, storyId: into.row.id });
    for (const [id, target] of this.#removed) if (target === from.row.id) this.#removed.set(id, into?.row.id ?? null);
    this.#totals = { ...this.#totals, stories: this.#totals.stories - 1 };
    this.#totalDeltas.stories--;
  }

  /** Keeps an arriving article's features for a review later in the batch. */
  remember(articleId: string, features: Features): void {
    this.#features.set(articleId, features);
  }

  /** What `remember` kept of an article, if this batch placed it. */
  featuresOf(articleId: string): Features | undefined {
    return this.#features.get(articleId);
  }

  /**
   * The accounts a story holds now: those the store has in it or in the stories merged into it in this batch,
   * less those this batch moved elsewhere, plus those it put there; oldest stored first.
   */
  async accounts(story: HeldStory): Promise<string[]> {
    const ids = new Set<string>();
    if (story.postedBefore !== null) for (const id of await this.#steps.storyArticleIds(story.row.id)) ids.add(id);
    for (const [id, into] of this.#removed)
      if (into === story.row.id) for (const article of await this.#steps.storyArticleIds(id)) ids.add(article);
    for (const [articleId, assigned] of this.#assign) {
      if (assigned.storyId === story.row.id) ids.add(articleId);
      else ids.delete(articleId);
    }
    return [...ids];
  }

  saveEntities(articleId: string, seenAt: string, found: ArticleEntity[]): void {
    this.#entities.push({ articleId, seenAt, found });
  }

  /** Writes everything the batch changed. */
  async flush(): Promise<void> {
    const postingsAdd: { term: string; storyId: string }[] = [];
    const postingsRemove: { term: string; storyId: string }[] = [];
    const saveStories: StoryRow[] = [];
    for (const [id, story] of this.#held) {
      if (!this.#dirty.has(id) || story.row.articleCount === 0) continue;
      this.cap(story);
      const posted = postedKeys(story.sums);
      for (const term of posted) if (!story.postedBefore?.has(term)) postingsAdd.push({ term, storyId: id });
      for (const term of story.postedBefore ?? []) if (!posted.has(term)) postingsRemove.push({ term, storyId: id });
      const state: StoryState = {
        sums: [...story.sums],
        leadScore: story.leadScore,
        language: story.language,
        sources: [...story.sources],
      };
      saveStories.push({ ...story.row, sourceCount: story.sources.size, state: JSON.stringify(state) });
    }
    await this.#steps.writeChanges({
      saveStories,
      removeStories: [...this.#removed].map(([id, redirectTo]) => ({ id, redirectTo })),
      assign: [...this.#assign].map(([articleId, { storyId, byHand }]) => ({ articleId, storyId, byHand })),
      postingsAdd,
      postingsRemove,
      termDeltas: this.#termDeltas,
      totalDeltas: this.#totalDeltas,
      entities: this.#entities,
    });
  }
}

function hold(row: StoryRow): HeldStory {
  const loaded = readState(row);
  return {
    row,
    sums: loaded.sums,
    sources: new Set(loaded.state.sources ?? []),
    leadScore: loaded.state.leadScore,
    language: loaded.state.language,
    postedBefore: postedKeys(loaded.sums),
  };
}
