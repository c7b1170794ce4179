// SQLite's search engine: the FTS5 table `article_search` (migrations 004 and 005), read newest first.
//
// Designed for the first page of 20 at a million articles. The FTS5 rowid is a search key that orders the
// index by publication day, so the engine reads matches newest first and stops early:
// - sort=date reads the first page straight off the index, and a from:/to: range is a rowid range;
// - sort=relevance ranks only the newest `rankWindow` matches. A query whose matches fit in the window (any
//   selective query) is ranked over all its matches; a very common word is ranked among its newest
//   `rankWindow` matches. Scores are BM25 without term frequency: for each query group, its IDF times the
//   weights of the fields it occurs in (headline 10, deck, byline or source 4, anywhere 1), with a mild boost
//   for recent articles. FTS5's own bm25() is not used because it counts every match of every word for its IDF,
//   which alone takes longer than the whole budget for a common word at a million articles.
import { type Kysely, sql } from 'kysely';
import { readCursor, writeCursor } from '../cursor.js';
import type { Schema } from '../db.js';
import {
  boosted,
  countCap,
  counted,
  cursorRefused,
  dayMs,
  decodeRankCursor,
  encodeRankCursor,
  entitiesNamed,
  pageOf,
  rankWindow,
  rowsOf,
  type SearchEngine,
  type SearchHit,
  type SearchOptions,
  type SearchPage,
  sourcesNamed,
} from './engine.js';
import type { SearchQuery, SearchTerm } from './query.js';
import { makeSnippet, snippetParts, withoutMarks } from './snippet.js';

/** Matches of one group counted for its IDF; a more common group gets the IDF of this many. */
const idfCap = 1_000;
const fieldWeights = { headline: 10, lead: 4, body: 1 } as const;

const dayKey = 4_294_967_296; // 2^32: the search key is day × 2^32 + the article's rowid

/**
 * The article rowid of a search key: its low 32 bits. Not `key % dayKey`: before 1970 the day is negative, and
 * JavaScript's remainder takes the sign of the key.
 */
const rowOf = (key: number) => key - Math.floor(key / dayKey) * dayKey;

/** An FTS5 string for one token; tokens hold only letters, marks and digits, so quoting makes them inert. */
const quoted = (token: string) => `"${token.replaceAll('"', '""')}"`;

function termExpression(term: SearchTerm): string {
  // A phrase is tokens joined with "+"; tokensOf already split punctuation, so "covid-19" is a phrase.
  return term.tokens.map(quoted).join(' + ');
}

function groupExpression(group: SearchTerm[]): string {
  return group.length === 1 ? termExpression(group[0]!) : groupExpressionParenthesised(group);
}

function groupExpressionParenthesised(group: SearchTerm[]): string {
  return `(${group.map(termExpression).join(' OR ')})`;
}

/** The twin of migration 004's sourceToken: an outlet id as one token that stemming leaves alone. */
export function sourceToken(id: string): string {
  const hex = Buffer.from(id, 'utf8').toString('hex').toUpperCase();
  return `x${hex.replace(/[A-F]/g, (letter) => 'bcdfgh'['ABCDEF'.indexOf(letter)]!)}`;
}

interface Plan {
  /** Everything the query asks, as one FTS5 expression; null when only a date range was given. */
  match: string | null;
  /** The groups to rank, each as an FTS5 expression (with in:headline applied). */
  groups: string[];
  /** The words and phrases to mark in snippets. */
  terms: SearchTerm[];
  lo: number | null;
  hi: number | null;
  /** Per entity: value, the entities it names: the article must name one of each (a rowid filter). */
  entities: string[][];
  /** Excluded words when there is no match expression to take them out of (an entity: alone). */
  exclude: string | null;
}

function dayOf(iso: string): number {
  return Math.floor(Date.parse(iso) / dayMs);
}

/** The FTS5 expression and rowid range for a query; source and entity ids already resolved. */
export function planQuery(query: SearchQuery, sourceIds: string[], entityIds: string[][] = []): Plan {
  const groups = query.groups.map((group) =>
    query.inHeadline ? `{headline} : ${groupExpressionParenthesised(group)}` : groupExpression(group),
  );
  const filters: string[] = [];
  if (sourceIds.length > 0) {
    filters.push(`{source_key} : (${sourceIds.map((id) => quoted(sourceToken(id))).join(' OR ')})`);
  }
  for (const byline of query.bylines) filters.push(`{byline} : (${termExpression(byline)})`);
  const positive = [...groups, ...filters];
  let match: string | null = positive.length > 0 ? positive.join(' AND ') : null;
  const excluded = query.excluded.length > 0 ? query.excluded.map(termExpression).join(' OR ') : null;
  if (match !== null && excluded !== null) match = `(${match}) NOT (${excluded})`;
  return {
    match,
    groups,
    terms: query.groups.flat(),
    lo: query.from === null ? null : dayOf(query.from) * dayKey,
    hi: query.to === null ? null : dayOf(query.to) * dayKey,
    entities: entityIds,
    exclude: match === null ? excluded : null,
  };
}

/** The cursor of a date-sorted page: the search key of the last hit shown. */
function decodeDateCursor(text: string): number {
  const value = readCursor(text);
  if (Array.isArray(value) && value[0] === 'd' && Number.isSafeInteger(value[1])) return value[1] as number;
  throw cursorRefused();
}

/** The WHERE clause of a plan: its match expression (when it has one) and its rowid range. */
function whereOf(plan: Plan, match: string | null, params: unknown[]): string[] {
  const where: string[] = [];
  if (match !== null) {
    where.push('article_search MATCH ?');
    params.push(match);
  }
  if (plan.lo !== null) {
    where.push('rowid >= CAST(? AS INTEGER)');
    params.push(plan.lo);
  }
  if (plan.hi !== null) {
    where.push('rowid < CAST(? AS INTEGER)');
    params.push(plan.hi);
  }
  for (const ids of plan.entities) {
    where.push(`rowid IN (SELECT ${searchKey} FROM article_entities JOIN articles ON articles.id = article_entities.article_id
       WHERE article_entities.entity_id IN (SELECT value FROM json_each(?)))`);
    params.push(JSON.stringify(ids));
  }
  if (plan.exclude !== null) {
    where.push('rowid NOT IN (SELECT rowid FROM article_search WHERE article_search MATCH ?)');
    params.push(plan.exclude);
  }
  return where;
}

/** An article's search key, as migration 004 writes it into the index. */
const searchKey = '((unixepoch(substr(articles.sort_at, 1, 10)) / 86400) * 4294967296 + articles.rowid)';

const whereClause = (where: string[]) => (where.length ? `WHERE ${where.join(' AND ')}` : '');

/**
 * Search keys of the newest matches, newest first; without a match, of the date range. Only the key: the
 * article id sits in the FTS5 content row beside the body, and reading a thousand of those costs more
 * than the search.
 */
async function newest(db: Kysely<Schema>, plan: Plan, match: string | null, limit: number, before: number | null) {
  const params: unknown[] = [];
  const where = whereOf(plan, match, params);
  if (before !== null) {
    where.push('rowid < CAST(? AS INTEGER)');
    params.push(before);
  }
  params.push(limit);
  return rowsOf<{ key: number }>(
    db,
    `SELECT rowid AS key FROM article_search ${whereClause(where)}
       ORDER BY rowid DESC LIMIT ?`,
    params,
  );
}

async function countMatches(db: Kysely<Schema>, plan: Plan): Promise<{ total: number; exact: boolean }> {
  const params: unknown[] = [];
  const where = whereOf(plan, plan.match, params);
  params.push(countCap + 1);
  const [row] = await rowsOf<{ n: number }>(
    db,
    `SELECT count(*) AS n FROM (SELECT 1 FROM article_search ${whereClause(where)} LIMIT ?)`,
    params,
  );
  return counted(row!.n);
}

/**
 * The hits shown, in the order given, with snippets from the stored text: the window of deck and body with
 * the most of the query's terms, matches marked; the deck, else the opening of the body, when the terms are
 * only in the headline, byline or source. A hit's article is the one whose rowid is its key's low 32 bits.
 */
async function hitsOf(db: Kysely<Schema>, plan: Plan, rows: { key: number }[]): Promise<SearchHit[]> {
  if (rows.length === 0) return [];
  const articles = await rowsOf<{ row: number; id: string; deck: string | null; body_text: string }>(
    db,
    'SELECT rowid AS row, id, deck, body_text FROM articles WHERE rowid IN (SELECT value FROM json_each(?))',
    [JSON.stringify(rows.map((r) => rowOf(r.key)))],
  );
  const byRow = new Map(articles.map((a) => [a.row, a]));
  return rows.flatMap(({ key }) => {
    const article = byRow.get(rowOf(key));
    if (!article) return [];
    const text = article.deck ? `${article.deck}\n${article.body_text}` : article.body_text;
    const snippet = makeSnippet(text, plan.terms) ?? withoutMarks((article.deck ?? article.body_text).slice(0, 240));
    return [{ articleId: article.id, snippet: snippetParts(snippet) }];
  });
}

async function byDate(db: Kysely<Schema>, plan: Plan, options: SearchOptions): Promise<SearchPage> {
  const after = options.cursor ? decodeDateCursor(options.cursor) : null;
  const count = await countMatches(db, plan);
  const rows = await newest(db, plan, plan.match, options.limit + 1, after);
  const page = rows.slice(0, options.limit);
  const next = rows.length > options.limit ? writeCursor(['d', page.at(-1)!.key]) : null;
  return pageOf(count, await hitsOf(db, plan, page), next);
}

async function byRelevance(db: Kysely<Schema>, plan: Plan, options: SearchOptions): Promise<SearchPage> {
  if (plan.groups.length === 0) return byDate(db, plan, { ...options, sort: 'date', cursor: null });
  const start = options.cursor ? decodeRankCursor(options.cursor) : 0;
  // One read of the newest matches serves both the count (up to countCap) and the ranked window.
  const candidates = await newest(db, plan, plan.match, countCap + 1, null);
  const count = counted(candidates.length);
  const ranked = candidates.slice(0, rankWindow);
  if (ranked.length === 0) return pageOf(count, [], null);

  const score = await scores(db, plan, ranked);
  const today = Math.floor((options.now ?? new Date()).getTime() / dayMs);
  const ordered = ranked.map((row) => {
    const age = Math.max(0, today - Math.floor(row.key / dayKey));
    return { row, score: boosted(score.get(row.key) ?? 0, age) };
  });
  // Newer first among equal scores, so that the order is stable from page to page.
  ordered.sort((a, b) => b.score - a.score || b.row.key - a.row.key);
  const page = ordered.slice(start, start + options.limit).map((b) => b.row);
  const end = start + page.length;
  const next = end < ordered.length ? encodeRankCursor(end) : null;
  return pageOf(count, await hitsOf(db, plan, page), next);
}

/** Each candidate's score before the recency boost, by search key: per group, its IDF times its fields' weights. */
async function scores(db: Kysely<Schema>, plan: Plan, ranked: { key: number }[]): Promise<Map<number, number>> {
  const lo = ranked.at(-1)!.key;
  const hi = ranked[0]!.key;
  const [articles] = await rowsOf<{ n: number | null }>(db, 'SELECT max(rowid) AS n FROM articles', []);
  const articleCount = Math.max(1, articles?.n ?? 1);
  const score = new Map<number, number>();
  for (const group of plan.groups) {
    const [frequency] = await rowsOf<{ n: number }>(
      db,
      `SELECT count(*) AS n FROM (SELECT 1 FROM article_search WHERE article_search MATCH ? LIMIT ?)`,
      [group, idfCap],
    );
    const df = frequency!.n;
    const idf = Math.log(1 + (articleCount - df + 0.5) / (df + 0.5));
    const headline = await inColumns(db, 'headline', group, plan, lo, hi);
    const lead = await inColumns(db, 'deck byline source_name', group, plan, lo, hi);
    for (const { key } of ranked) {
      // Every candidate holds the group somewhere; the body's weight is given to all rather than asked
      // for, as its query costs most (bodies hold most matches) and moves a score least.
      const weight =
        (headline.has(key) ? fieldWeights.headline : 0) + (lead.has(key) ? fieldWeights.lead : 0) + fieldWeights.body;
      score.set(key, (score.get(key) ?? 0) + idf * weight);
    }
  }
  return score;
}

/** Search keys of the candidates that hold `group` in the given columns. */
async function inColumns(db: Kysely<Schema>, columns: string, group: string, plan: Plan, lo: number, hi: number) {
  const rows = await rowsOf<{ key: number }>(
    db,
    `SELECT rowid AS key FROM article_search WHERE article_search MATCH ? AND rowid >= CAST(? AS INTEGER) AND rowid <= CAST(? AS INTEGER)`,
    [`{${columns}} : (${group}) AND (${plan.match})`, lo, hi],
  );
  return new Set(rows.map((r) => r.key));
}

export function sqliteSearch(db: Kysely<Schema>): SearchEngine {
  return {
    async index(articleId) {
      // Re-running the update trigger re-derives the index row from the stored article.
      await sql`UPDATE articles SET headline = headline WHERE id = ${articleId}`.execute(db);
    },
    async remove(articleId) {
      // By search key, derived from the stored article (the index keeps no article ids).
      await sql`DELETE FROM article_search WHERE rowid = (
        SELECT (unixepoch(substr(sort_at, 1, 10)) / 86400) * 4294967296 + rowid FROM articles WHERE id = ${articleId})`.execute(
        db,
      );
    },
    async query(query, options) {
      const plan = planQuery(query, await sourcesNamed(db, query), await entitiesNamed(db, query));
      return options.sort === 'date' ? byDate(db, plan, options) : byRelevance(db, plan, options);
    },
    async count(query) {
      return countMatches(db, planQuery(query, await sourcesNamed(db, query), await entitiesNamed(db, query)));
    },
  };
}
