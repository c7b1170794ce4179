// The store: the one door into the database. Everything else asks it for plain model objects.
import type {
  Article,
  ArticleDraft,
  ArticleSummary,
  Feed,
  FeedWithCount,
  Job,
  Page,
  ResolvedRelatedLink,
  SaveRefusal,
  SaveResult,
  SourceWithCount,
} from '../model.js';
import {
  countArticles,
  eachArticle,
  findArticleByUrl,
  getArticle,
  getArticles,
  listArticles,
  resolveRelated,
  saveArticle,
  saveArticles,
} from './articles.js';
import type { Database } from './db.js';
import {
  addFeed,
  countFeedArticles,
  type FeedUpdate,
  feedArticles,
  feedEntryHashes,
  findFeedByUrl,
  getFeed,
  listFeeds,
  type NewFeed,
  removeFeed,
  updateFeed,
} from './feeds.js';
import {
  claimJobs,
  countJobs,
  finishJob,
  type NewJob,
  type QueueCounts,
  releaseJob,
  releaseWorkerJobs,
  removeJob,
  scheduleJob,
} from './jobs.js';
import type { SearchOptions, SearchPage, SearchSort } from './search/engine.js';
import { type SearchResults, searchReads } from './search/index.js';
import type { SearchQuery } from './search/query.js';
import { getSource, listSources } from './sources.js';

export interface ListArticlesQuery {
  /** 1-based page number; ignored when `cursor` is given. */
  page?: number;
  perPage: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
  sourceId?: string;
}

export interface Store {
  /** Normalise, deduplicate and store one article in one transaction. */
  saveArticle(draft: ArticleDraft): Promise<SaveResult>;
  /** Several drafts in one transaction; a refused draft gets `{outcome: 'error', message}` in its place. */
  saveArticles(drafts: ArticleDraft[]): Promise<Array<SaveResult | SaveRefusal>>;
  getArticle(id: string): Promise<Article | null>;
  /** Several articles by id, in the order given; unknown ids are left out. */
  getArticles(ids: string[]): Promise<Article[]>;
  /** The article fetched from, or canonical at, this URL. */
  findArticleByUrl(url: string): Promise<Article | null>;
  /** Newest first (published time, else the time Readout stored it). */
  listArticles(query: ListArticlesQuery): Promise<Page<ArticleSummary>>;
  /** The article's related links, each with the id of the stored article it names, if Readout has it. */
  resolveRelated(article: Article): Promise<ResolvedRelatedLink[]>;
  getSource(id: string): Promise<SourceWithCount | null>;
  listSources(): Promise<SourceWithCount[]>;
  countArticles(): Promise<number>;
  /** Every article, oldest first, in batches: for export. */
  eachArticle(): AsyncIterable<Article>;
  /** A page of the articles that match a parsed search (search/query.ts), with snippets; see search/. */
  searchArticles(query: SearchQuery, options: SearchOptions): Promise<SearchPage>;
  /** A search as the user typed it: the matching articles with their snippets. */
  search(text: string, options: { sort: SearchSort; limit: number; cursor?: string | null }): Promise<SearchResults>;

  /** Follows a feed (and schedules its first check now), or gives back the one followed at that URL. */
  addFeed(feed: NewFeed): Promise<{ feed: Feed; added: boolean }>;
  getFeed(id: string): Promise<Feed | null>;
  findFeedByUrl(url: string): Promise<Feed | null>;
  listFeeds(): Promise<FeedWithCount[]>;
  countFeedArticles(id: string): Promise<number>;
  /** How many stored articles came from the feed, and the outlet they are stored under. */
  feedArticles(id: string): Promise<{ articleCount: number; sourceId: string | null }>;
  updateFeed(id: string, update: FeedUpdate): Promise<void>;
  removeFeed(id: string): Promise<boolean>;
  feedEntryHashes(feedId: string, guids: string[]): Promise<Map<string, string>>;

  /** The job queue (see jobs.ts). */
  scheduleJob(job: NewJob): Promise<void>;
  claimJobs(options: {
    worker: string;
    limit: number;
    leaseSeconds: number;
    now?: Date;
    except?: string[];
    /** Claim only jobs with these keys. */
    only?: string[];
  }): Promise<Job[]>;
  finishJob(job: Job, worker: string): Promise<void>;
  releaseJob(
    job: Job,
    worker: string,
    next: { runAt: Date; error?: string | null; resetAttempts?: boolean },
  ): Promise<void>;
  releaseWorkerJobs(worker: string): Promise<void>;
  removeJob(key: string): Promise<void>;
  countJobs(now?: Date): Promise<QueueCounts>;
}

/**
 * Ids and URLs from the outside world may hold a NUL character, which PostgreSQL cannot hold in text (it fails the
 * query) and which no stored key has (ids are checked, URLs percent-encoded): such a key names nothing.
 */
const named = (key: string) => !key.includes('\u0000');
const nothing = Promise.resolve(null);

export function createStore(db: Database): Store {
  const k = db.kysely;
  const search = searchReads(db);
  return {
    saveArticle: (draft) => saveArticle(k, draft),
    saveArticles: (drafts) => saveArticles(k, drafts),
    getArticle: (id) => (named(id) ? getArticle(k, id) : nothing),
    getArticles: (ids) => getArticles(k, ids.filter(named)),
    findArticleByUrl: (url) => (named(url) ? findArticleByUrl(k, url) : nothing),
    listArticles: (query) => listArticles(k, query),
    resolveRelated: (article) => resolveRelated(k, article),
    getSource: (id) => (named(id) ? getSource(k, id) : nothing),
    listSources: () => listSources(k),
    countArticles: () => countArticles(k),
    eachArticle: () => eachArticle(k),
    searchArticles: search.searchArticles,
    search: search.search,
    addFeed: (input) => addFeed(k, input),
    getFeed: (id) => (named(id) ? getFeed(k, id) : nothing),
    findFeedByUrl: (url) => (named(url) ? findFeedByUrl(k, url) : nothing),
    listFeeds: () => listFeeds(k),
    countFeedArticles: (id) => countFeedArticles(k, id),
    feedArticles: (id) => feedArticles(k, id),
    updateFeed: (id, update) => updateFeed(k, id, update),
    removeFeed: (id) => (named(id) ? removeFeed(k, id) : Promise.resolve(false)),
    feedEntryHashes: (feedId, guids) => feedEntryHashes(k, feedId, guids),
    scheduleJob: (job) => scheduleJob(k, job),
    claimJobs: (options) => claimJobs(k, db.dialect, options),
    finishJob: (job, worker) => finishJob(k, job, worker),
    releaseJob: (job, worker, next) => releaseJob(k, job, worker, next),
    releaseWorkerJobs: (worker) => releaseWorkerJobs(k, worker),
    removeJob: (key) => removeJob(k, key),
    countJobs: (now) => countJobs(k, now),
  };
}

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
