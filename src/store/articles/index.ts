// Articles, as the store offers them: the single door in (save.ts: normalise, deduplicate, store in one
// transaction) and the reads (reads.ts, related.ts).
import type { Kysely } from 'kysely';
import type { Schema } from '../db.js';
import { keyed, keyedList, withDb } from '../surface.js';
import { countArticles, eachArticle, findArticleByUrl, getArticle, getArticles, listArticles } from './reads.js';
import { resolveRelated } from './related.js';
import { saveArticle, saveArticles } from './save.js';

export { InvalidArticle } from './normalise.js';
export type { ListArticlesQuery } from './reads.js';

export const articleWrites = (db: Kysely<Schema>) => withDb(db, { saveArticle, saveArticles });

export const articleReads = (db: Kysely<Schema>) =>
  withDb(db, {
    getArticle: keyed(getArticle, null),
    getArticles: keyedList(getArticles),
    findArticleByUrl: keyed(findArticleByUrl, null),
    listArticles,
    resolveRelated,
    countArticles,
    eachArticle,
  });
