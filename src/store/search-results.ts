// A search as the pages, the API, the feed and the CLI ask it: query text in, stored articles with snippets out.
import type { Article } from '../model.js';
import type { Store } from './index.js';
import type { SearchSort } from './search.js';
import { parseQuery } from './search-query.js';

export interface SearchResults {
  total: number;
  /** False when there are more matches than Readout counts; `total` is then the count it stopped at. */
  totalExact: boolean;
  results: { article: Article; snippet: string }[];
  nextCursor: string | null;
}

/**
 * Parses and runs one search. Throws QueryError (the text cannot be searched as written), SearchRefused (it
 * names an unknown outlet) or InvalidSearchCursor; each carries a message for the user.
 */
export async function searchStore(
  store: Store,
  text: string,
  options: { sort: SearchSort; limit: number; cursor?: string | null },
): Promise<SearchResults> {
  const query = parseQuery(text);
  const page = await store.searchArticles(query, options);
  const articles = await store.getArticles(page.hits.map((hit) => hit.articleId));
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
