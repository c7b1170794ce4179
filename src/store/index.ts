// The store: the one door into the database. Everything else asks it for plain model objects, and imports this
// file only. Each table family offers its methods (articles, sources, feeds, jobs, search); the store is their sum.
import { articleReads, articleWrites } from './articles/index.js';
import type { Database } from './db.js';
import { feedReads, feedWrites } from './feeds.js';
import { jobQueue } from './jobs.js';
import { searchReads } from './search/index.js';
import { sourceReads } from './sources.js';
import { storyReads, storyWrites } from './stories/index.js';

export function createStore(db: Database) {
  const k = db.kysely;
  return {
    ...articleWrites(k),
    ...articleReads(k),
    ...sourceReads(k),
    ...searchReads(db),
    ...feedReads(k),
    ...feedWrites(k),
    ...jobQueue(k, db.dialect),
    ...storyReads(k),
    ...storyWrites(k, db.dialect),
  };
}

export type Store = ReturnType<typeof createStore>;

export { InvalidArticle, type ListArticlesQuery } from './articles/index.js';
export { InvalidCursor } from './cursor.js';
export { type Database, DatabaseBusy, type Dialect, openDatabase, StoreError } from './db.js';
export { type FeedUpdate, type NewFeed, pollKey } from './feeds.js';
export { type ClaimOptions, jobKey, jobSubject, type NewJob, type QueueCounts } from './jobs.js';
export { newId } from './keys.js';
export {
  InvalidSearchCursor,
  type SearchOptions,
  type SearchPage,
  SearchRefused,
  type SearchSort,
} from './search/engine.js';
export type { SearchResults } from './search/index.js';
export { dateBound, parseQuery, QueryError, queryLimits, querySyntax, type SearchQuery } from './search/query.js';
export type { SnippetPart } from './search/snippet.js';
export {
  type ArticleEntity,
  coverageOf,
  type ListStoriesQuery,
  type PlacementArticle,
  type PlacementSteps,
  type StoryRow,
  storyAccountLimit,
  type TermCount,
  weekOf,
} from './stories/index.js';
