// The store: the one door into the database. Everything else asks it for plain model objects.
import type {
  Article,
  ArticleDraft,
  ArticleSummary,
  Page,
  ResolvedRelatedLink,
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
} from './articles.js';
import type { Database } from './db.js';
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
}

export function createStore(db: Database): Store {
  const k = db.kysely;
  return {
    saveArticle: (draft) => saveArticle(k, draft),
    getArticle: (id) => getArticle(k, id),
    getArticles: (ids) => getArticles(k, ids),
    findArticleByUrl: (url) => findArticleByUrl(k, url),
    listArticles: (query) => listArticles(k, query),
    resolveRelated: (article) => resolveRelated(k, article),
    getSource: (id) => getSource(k, id),
    listSources: () => listSources(k),
    countArticles: () => countArticles(k),
    eachArticle: () => eachArticle(k),
  };
}
