// The in-memory story keeper: the same decisions as the store-backed placement (cluster.ts decides, split.ts looks
// again), over what a store would hold: one row per story, an inverted index from a feature to the stories holding
// it, how many articles hold each feature, and each article's features for the second look.
import {
  chooseCandidates,
  decidePlacement,
  defaultStorySettings,
  joinStory,
  lookupKeys,
  mergeStories,
  newStory,
  type Rarity,
  rarityFrom,
  type StorySettings,
  type StoryState,
} from './cluster.js';
import { articleFeatures, type Features, type StoryArticle } from './features.js';
import { decideSplit, reviewSizes } from './split.js';
import { capped } from './state.js';

export interface Story {
  id: string;
  articleIds: string[];
}

export interface StoryClusterer {
  /** Places an article in a story and returns the story's id; an id seen before keeps its story. */
  place(article: StoryArticle): string;
  /** The story an article is in now (stories merge and split, so ask again rather than keep the id from `place`). */
  storyOf(articleId: string): string | undefined;
  /** Where a story that was merged away now lives, so old links can be redirected. */
  currentId(storyId: string): string;
  stories(): Story[];
}

/** Where a merged-away story lives now: merges chain, so follow them to the end. */
function followMerges(mergedInto: Map<string, string>, storyId: string): string {
  let id = storyId;
  for (let next = mergedInto.get(id); next; next = mergedInto.get(id)) id = next;
  return id;
}

/** What the keeper holds. */
class Keeper {
  readonly documentFrequency = new Map<string, number>();
  articleCount = 0;
  readonly stories = new Map<string, StoryState>();
  readonly holdersOf = new Map<string, Set<string>>();
  readonly articlesOf = new Map<string, string[]>();
  readonly storyOfArticle = new Map<string, string>();
  readonly mergedInto = new Map<string, string>();
  readonly featuresOf = new Map<string, Features>();
  #nextId = 1;

  newId(): string {
    return `story-${this.#nextId++}`;
  }

  /** Writes a story's row, and posts it in the index under exactly the features it now holds. */
  save(story: StoryState): void {
    const before = this.stories.get(story.id);
    if (before)
      for (const key of before.sums.keys()) if (!story.sums.has(key)) this.holdersOf.get(key)?.delete(story.id);
    for (const key of story.sums.keys()) {
      const holders = this.holdersOf.get(key);
      if (holders) holders.add(story.id);
      else this.holdersOf.set(key, new Set([story.id]));
    }
    this.stories.set(story.id, story);
  }

  remove(story: StoryState): void {
    for (const key of story.sums.keys()) this.holdersOf.get(key)?.delete(story.id);
    this.stories.delete(story.id);
  }

  /** Counts an article's features and returns the rarity with it counted. */
  count(features: Features): Rarity {
    this.articleCount++;
    for (const key of features.keys()) this.documentFrequency.set(key, (this.documentFrequency.get(key) ?? 0) + 1);
    return rarityFrom((feature) => this.documentFrequency.get(feature) ?? 0, this.articleCount);
  }

  /** The candidate stories for these features, found through the index. */
  candidates(features: Features, rarity: Rarity, settings: StorySettings): StoryState[] {
    const holders = new Map<string, string[]>();
    for (const key of lookupKeys(features, rarity, settings)) {
      const ids = this.holdersOf.get(key);
      if (ids && ids.size > 0 && ids.size <= settings.maxPostings) holders.set(key, [...ids]);
    }
    return chooseCandidates(holders, rarity, settings).map((id) => this.stories.get(id)!);
  }

  /** Moves `from`'s accounts into `home` (already holding its features) and forgets `from`. */
  absorb(home: StoryState, from: StoryState): void {
    this.remove(from);
    this.mergedInto.set(from.id, home.id);
    for (const moved of this.articlesOf.get(from.id)!) {
      this.articlesOf.get(home.id)!.push(moved);
      this.storyOfArticle.set(moved, home.id);
    }
    this.articlesOf.delete(from.id);
  }

  /** A story measured from these accounts' features. */
  build(id: string, members: string[]): StoryState {
    const sums = new Map<string, number>();
    for (const member of members)
      for (const [key, value] of this.featuresOf.get(member)!) sums.set(key, (sums.get(key) ?? 0) + value);
    return { id, articleCount: members.length, sums: capped(sums) };
  }

  /** Looks at a grown story again, and splits off the second event it finds in it. */
  review(story: StoryState, rarity: Rarity, settings: StorySettings): void {
    const ids = this.articlesOf.get(story.id)!;
    const split = decideSplit(
      ids.map((id) => this.featuresOf.get(id)!),
      rarity,
      settings.splitThreshold,
    );
    if (!split) return;
    const [kept, away] = split.map((part) => part.map((index) => ids[index]!)) as [string[], string[]];
    const other = this.build(this.newId(), away);
    this.remove(story);
    this.save(this.build(story.id, kept));
    this.save(other);
    this.articlesOf.set(story.id, kept);
    this.articlesOf.set(other.id, away);
    for (const id of away) this.storyOfArticle.set(id, other.id);
  }
}

export function createStoryClusterer(settings: StorySettings = defaultStorySettings): StoryClusterer {
  const keeper = new Keeper();

  const place = (article: StoryArticle): string => {
    const known = keeper.storyOfArticle.get(article.id);
    if (known) return known;
    const features = articleFeatures(article);
    keeper.featuresOf.set(article.id, features);
    const rarity = keeper.count(features);
    const candidates = keeper.candidates(features, rarity, settings);
    const plan = decidePlacement({ features, candidates, rarity, settings });

    let home = plan.join ? joinStory(keeper.stories.get(plan.join)!, features) : newStory(keeper.newId(), features);
    if (!plan.join) keeper.articlesOf.set(home.id, []);
    keeper.articlesOf.get(home.id)!.push(article.id);
    keeper.storyOfArticle.set(article.id, home.id);
    for (const id of plan.merge) {
      const from = keeper.stories.get(id)!;
      home = mergeStories(home, from);
      keeper.absorb(home, from);
    }
    keeper.save(home);
    if (reviewSizes.has(home.articleCount)) keeper.review(home, rarity, settings);
    return keeper.storyOfArticle.get(article.id)!;
  };

  return {
    place,
    storyOf: (articleId) => keeper.storyOfArticle.get(articleId),
    currentId: (storyId) => followMerges(keeper.mergedInto, storyId),
    stories: () =>
      [...keeper.stories.values()].map((story) => ({
        id: story.id,
        articleIds: [...keeper.articlesOf.get(story.id)!],
      })),
  };
}
