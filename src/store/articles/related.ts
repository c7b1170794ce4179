// Related links resolved: each headline an article lists, matched to the stored article it names, if any.

import type { Kysely } from 'kysely';
import type { Article, ResolvedRelatedLink } from '../../model.js';
import type { Schema } from '../db.js';
import { headlineKey } from '../keys.js';
import { prepared } from './reads.js';

/** Stored articles that a list of related links may name; the query's shape is its number of titles and URLs. */
const relatedCandidates = prepared((db, shape: string) => {
  const [titles, urls] = shape.split(':').map(Number) as [number, number];
  const keys = Array.from({ length: titles }, () => '?');
  const links = Array.from({ length: urls }, () => '?');
  return db
    .selectFrom('articles')
    .select(['id', 'headline_key', 'url', 'canonical_url', 'sort_at'])
    .where('id', '!=', '?')
    .where((eb) => {
      const byHeadline = eb.and([eb('source_id', '=', '?'), eb('headline_key', 'in', keys)]);
      if (links.length === 0) return byHeadline;
      return eb.or([byHeadline, eb('canonical_url', 'in', links), eb('url', 'in', links)]);
    });
});

/** The article's related links, each with the id of the stored article it names, if Readout has it. */
export async function resolveRelated(db: Kysely<Schema>, article: Article): Promise<ResolvedRelatedLink[]> {
  if (article.related.length === 0) return [];
  const keys = article.related.map((link) => headlineKey(link.title));
  const urls = article.related.map((link) => link.url).filter((u): u is string => u !== null);
  // Parameters in the order the query above names them.
  const rows = await relatedCandidates(db, `${keys.length}:${urls.length}`, [
    article.id,
    article.source.id,
    ...keys,
    ...urls,
    ...urls,
  ]);
  // Sorted here rather than in SQL, so that SQLite can use the (source, headline) index; newest match wins.
  rows.sort((a, b) => (a.sort_at < b.sort_at ? 1 : a.sort_at > b.sort_at ? -1 : 0));
  return article.related.map((link, i) => {
    const match =
      (link.url && rows.find((r) => r.canonical_url === link.url || r.url === link.url)) ||
      rows.find((r) => r.headline_key === keys[i]);
    return { ...link, articleId: match ? match.id : null };
  });
}
