// Search as the store offers it: the engine of the database (picked here rather than in engine.ts, which both
// engines import), and a search as the pages, the API, the feed and the CLI ask it: text in, articles out.
import type { Kysely } from 'kysely';
import type { Article } from '../../model.js';
import { getArticles } from '../articles/reads.js';
import type { Database, Schema } from '../db.js';
import type { SearchEngine, SearchOptions, SearchPage, SearchSort } from './engine.js';
import { postgresSearch } from './postgres.js';
import { parseQuery, type SearchQuery } from './query.js';
import type { SnippetPart } from './snippet.js';
import { sqliteSearch } from './sqlite.js';

/** The search engine of the database: FTS5 on SQLite, the tsvector column on PostgreSQL. */
export function createSearch(database: Pick<Database, 'kysely' | 'dialect'>): SearchEngine {
  return database.dialect === 'sqlite' ? sqliteSearch(database.kysely) : postgresSearch(database.kysely);
}

export interface SearchResults {
  total: number;
  /** False when there are more matches than Readout counts; `total` is then the count it stopped at. */
  totalExact: boolean;
  results: { article: Article; snippet: SnippetPart[] }[];
  nextCursor: string | null;
}

/**
 * Parses and runs one search. Throws QueryError (the text cannot be searched as written), SearchRefused (it
 * names an unknown outlet) or InvalidSearchCursor; each carries a message for the user.
 */
async function search(
  db: Kysely<Schema>,
  engine: SearchEngine,
  text: string,
  options: { sort: SearchSort; limit: number; cursor?: string | null },
): Promise<SearchResults> {
  const page = await engine.query(parseQuery(text), options);
  const articles = await getArticles(
    db,
    page.hits.map((hit) => hit.articleId),
  );
  const byId = new Map(articles.map((article) => [article.id, article]));
  return {
    total: page.total,
    totalExact: page.totalExact,
    // An article deleted between the two reads is left out rather than shown half.
    results: page.hits.flatMap((hit) => {
      const article = byId.get(hit.articleId);
      return article ? [{ article, snippet: hit.snippet }] : [];
    }),
    nextCursor: page.nextCursor,
  };
}

/** The store's searches. */
export function searchReads(database: Pick<Database, 'kysely' | 'dialect'>) {
  const engine = createSearch(database);
  return {
    /** A search as the user typed it: the matching articles with their snippets (see search above). */
    search: (text: string, options: { sort: SearchSort; limit: number; cursor?: string | null }) =>
      search(database.kysely, engine, text, options),
    /** A page of the articles that match a parsed search (query.ts), with snippets; see sqlite.ts and postgres.ts. */
    searchArticles: (query: SearchQuery, options: SearchOptions): Promise<SearchPage> => engine.query(query, options),
  };
}
