// Full-text search over the stored articles, behind one small interface (SearchEngine) that each database
// implements: SQLite with an FTS5 table (migration 004), PostgreSQL with a tsvector column.
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
import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { Database, Schema } from './db.js';
import { StoreError } from './db.js';
import { postgresSearch } from './search-postgres.js';
import { type SearchQuery, type SearchTerm, tokensOf } from './search-query.js';
import { makeSnippet, snippetMarks } from './snippet.js';

export type SearchSort = 'relevance' | 'date';

export interface SearchOptions {
  sort: SearchSort;
  limit: number;
  /** Opaque, from a previous page's nextCursor. */
  cursor?: string | null;
  /** "Now" for the recency boost; tests pin it. */
  now?: Date;
}

export interface SearchHit {
  articleId: string;
  /** Text around the matches; the matched words sit between snippetMarks.open and snippetMarks.close. */
  snippet: string;
}

export interface SearchPage {
  /** Number of matching articles; a lower bound when `totalExact` is false. */
  total: number;
  totalExact: boolean;
  hits: SearchHit[];
  nextCursor: string | null;
}

export interface SearchEngine {
  /** (Re)indexes one stored article; SQLite's triggers already do this on every save. */
  index(articleId: string): Promise<void>;
  /** Drops one article from the index; SQLite's triggers already do this on every delete. */
  remove(articleId: string): Promise<void>;
  query(query: SearchQuery, options: SearchOptions): Promise<SearchPage>;
  count(query: SearchQuery): Promise<{ total: number; exact: boolean }>;
}

export { snippetMarks };

/** The query names an outlet Readout does not have, or something else the store cannot search for. */
export class SearchRefused extends StoreError {
  override name = 'SearchRefused';
}

/** The cursor was not one this search gave out. */
export class InvalidSearchCursor extends StoreError {
  override name = 'InvalidSearchCursor';
}

// ---- Tuning, measured with bench/search.ts ----

/** Matches ranked by relevance; also the deepest a relevance-sorted search pages. */
export const rankWindow = 1_000;
/** Matches counted exactly; beyond it the total is given as "more than". */
export const countCap = 2_000;
/** Matches of one group counted for its IDF; a more common group gets the IDF of this many. */
const idfCap = 1_000;
const fieldWeights = { headline: 10, lead: 4, body: 1 } as const;
/** Recency boost: +25% today, halving every 180 days. */
export const recency = { boost: 0.25, halfLifeDays: 180 };

const dayKey = 4_294_967_296; // 2^32: the search key is day × 2^32 + the article's rowid
const dayMs = 86_400_000;

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
  return group.length === 1 ? termExpression(group[0]!) : `(${group.map(termExpression).join(' OR ')})`;
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
}

function dayOf(iso: string): number {
  return Math.floor(Date.parse(iso) / dayMs);
}

/** The FTS5 expression and rowid range for a query; source ids already resolved. */
export function planQuery(query: SearchQuery, sourceIds: string[]): Plan {
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
  if (match !== null && query.excluded.length > 0) {
    match = `(${match}) NOT (${query.excluded.map(termExpression).join(' OR ')})`;
  }
  return {
    match,
    groups,
    terms: query.groups.flat(),
    lo: query.from === null ? null : dayOf(query.from) * dayKey,
    hi: query.to === null ? null : dayOf(query.to) * dayKey,
  };
}

function groupExpressionParenthesised(group: SearchTerm[]): string {
  return `(${group.map(termExpression).join(' OR ')})`;
}

interface Cursor {
  /** relevance: how many ranked hits came before; date: the search key of the last hit shown. */
  after: number;
}

function encodeCursor(sort: SearchSort, after: number): string {
  return Buffer.from(JSON.stringify([sort === 'date' ? 'd' : 'r', after])).toString('base64url');
}

function decodeCursor(sort: SearchSort, text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value[0] === (sort === 'date' ? 'd' : 'r') &&
      Number.isSafeInteger(value[1]) &&
      (sort === 'date' || (value[1] >= 0 && value[1] < rankWindow))
    ) {
      return { after: value[1] as number };
    }
  } catch {
    // fall through
  }
  throw new InvalidSearchCursor(
    'cursor is not one this search gave out; use the nextCursor of the previous page with the same sort',
  );
}

/** SQLite's engine: FTS5 table `article_search` (migration 004), read newest first. */
export function sqliteSearch(db: Kysely<Schema>): SearchEngine {
  const run = async <Row>(text: string, parameters: unknown[]): Promise<Row[]> =>
    (await db.executeQuery<Row>(CompiledQuery.raw(text, parameters))).rows;

  const sourcesOf = async (query: SearchQuery): Promise<string[]> => {
    if (query.sources.length === 0) return [];
    const rows = await db.selectFrom('sources').select(['id', 'name']).execute();
    const ids = new Set<string>();
    for (const wanted of query.sources) {
      const found = matchSources(wanted, rows);
      if (found.length === 0) {
        throw new SearchRefused(
          `source:${wanted} names no outlet Readout has; use an outlet's name or its id from the list of sources`,
        );
      }
      for (const id of found) ids.add(id);
    }
    return [...ids];
  };

  /** The WHERE clause of a plan: its match expression (when it has one) and its rowid range. */
  const whereOf = (plan: Plan, match: string | null, params: unknown[]) => {
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
    return where;
  };

  /**
   * Search keys of the newest matches, newest first; without a match, of the date range. Only the key: the
   * article id sits in the FTS5 content row beside the body, and reading a thousand of those costs more
   * than the search.
   */
  const newest = async (plan: Plan, match: string | null, limit: number, before: number | null = null) => {
    const params: unknown[] = [];
    const where = whereOf(plan, match, params);
    if (before !== null) {
      where.push('rowid < CAST(? AS INTEGER)');
      params.push(before);
    }
    params.push(limit);
    return run<{ key: number }>(
      `SELECT rowid AS key FROM article_search ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY rowid DESC LIMIT ?`,
      params,
    );
  };

  const countMatches = async (plan: Plan, cap: number): Promise<{ total: number; exact: boolean }> => {
    const params: unknown[] = [];
    const where = whereOf(plan, plan.match, params);
    params.push(cap + 1);
    const [row] = await run<{ n: number }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM article_search ${where.length ? `WHERE ${where.join(' AND ')}` : ''} LIMIT ?)`,
      params,
    );
    return row!.n > cap ? { total: cap, exact: false } : { total: row!.n, exact: true };
  };

  /** Search keys of the candidates that hold `group` in the given columns. */
  const inColumns = async (columns: string, group: string, plan: Plan, lo: number, hi: number) => {
    const rows = await run<{ key: number }>(
      `SELECT rowid AS key FROM article_search WHERE article_search MATCH ? AND rowid >= CAST(? AS INTEGER) AND rowid <= CAST(? AS INTEGER)`,
      [`{${columns}} : (${group}) AND (${plan.match})`, lo, hi],
    );
    return new Set(rows.map((r) => r.key));
  };

  const articleCount = async () => {
    const [row] = await run<{ n: number | null }>('SELECT max(rowid) AS n FROM articles', []);
    return Math.max(1, row?.n ?? 1);
  };

  const byDate = async (plan: Plan, options: SearchOptions): Promise<SearchPage> => {
    const cursor = options.cursor ? decodeCursor('date', options.cursor) : null;
    const counted = await countMatches(plan, countCap);
    const rows = await newest(plan, plan.match, options.limit + 1, cursor?.after ?? null);
    const page = rows.slice(0, options.limit);
    return {
      total: counted.total,
      totalExact: counted.exact,
      hits: await hitsOf(plan, page),
      nextCursor: rows.length > options.limit ? encodeCursor('date', page.at(-1)!.key) : null,
    };
  };

  /**
   * The hits shown, in the order given, with snippets from the stored text: the window of deck and body with
   * the most of the query's terms, matches marked; the deck, else the opening of the body, when the terms are
   * only in the headline, byline or source. A hit's article is the one whose rowid is its key's low 32 bits.
   */
  const hitsOf = async (plan: Plan, rows: { key: number }[]): Promise<SearchHit[]> => {
    if (rows.length === 0) return [];
    const articles = await run<{ row: number; id: string; deck: string | null; body_text: string }>(
      'SELECT rowid AS row, id, deck, body_text FROM articles WHERE rowid IN (SELECT value FROM json_each(?))',
      [JSON.stringify(rows.map((r) => rowOf(r.key)))],
    );
    const byRow = new Map(articles.map((a) => [a.row, a]));
    return rows.flatMap(({ key }) => {
      const article = byRow.get(rowOf(key));
      if (!article) return [];
      const text = article.deck ? `${article.deck}\n${article.body_text}` : article.body_text;
      const snippet = makeSnippet(text, plan.terms) ?? clean((article.deck ?? article.body_text).slice(0, 240));
      return [{ articleId: article.id, snippet }];
    });
  };

  const byRelevance = async (plan: Plan, options: SearchOptions): Promise<SearchPage> => {
    if (plan.groups.length === 0) return byDate(plan, { ...options, sort: 'date', cursor: null });
    const cursor = options.cursor ? decodeCursor('relevance', options.cursor) : null;
    const match = plan.match!;
    // One read of the newest matches serves both the count (up to countCap) and the ranked window.
    const candidates = await newest(plan, match, countCap + 1);
    const counted =
      candidates.length > countCap ? { total: countCap, exact: false } : { total: candidates.length, exact: true };
    const ranked = candidates.slice(0, rankWindow);
    if (ranked.length === 0) return { total: 0, totalExact: true, hits: [], nextCursor: null };

    const lo = ranked.at(-1)!.key;
    const hi = ranked[0]!.key;
    const articles = await articleCount();
    const score = new Map<number, number>();
    for (const group of plan.groups) {
      const [frequency] = await run<{ n: number }>(
        `SELECT count(*) AS n FROM (SELECT 1 FROM article_search WHERE article_search MATCH ? LIMIT ?)`,
        [group, idfCap],
      );
      const df = frequency!.n;
      const idf = Math.log(1 + (articles - df + 0.5) / (df + 0.5));
      const headline = await inColumns('headline', group, plan, lo, hi);
      const lead = await inColumns('deck byline source_name', group, plan, lo, hi);
      for (const { key } of ranked) {
        // Every candidate holds the group somewhere; the body's weight is given to all rather than asked
        // for, as its query costs most (bodies hold most matches) and moves a score least.
        const weight =
          (headline.has(key) ? fieldWeights.headline : 0) + (lead.has(key) ? fieldWeights.lead : 0) + fieldWeights.body;
        score.set(key, (score.get(key) ?? 0) + idf * weight);
      }
    }
    const today = Math.floor((options.now ?? new Date()).getTime() / dayMs);
    const boosted = ranked.map((row) => {
      const age = Math.max(0, today - Math.floor(row.key / dayKey));
      const boost = 1 + recency.boost * 0.5 ** (age / recency.halfLifeDays);
      return { row, score: (score.get(row.key) ?? 0) * boost };
    });
    // Newer first among equal scores, so that the order is stable from page to page.
    boosted.sort((a, b) => b.score - a.score || b.row.key - a.row.key);
    const start = cursor?.after ?? 0;
    const page = boosted.slice(start, start + options.limit).map((b) => b.row);
    const end = start + page.length;
    return {
      total: counted.total,
      totalExact: counted.exact,
      hits: await hitsOf(plan, page),
      nextCursor: end < boosted.length ? encodeCursor('relevance', end) : null,
    };
  };

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
      const plan = planQuery(query, await sourcesOf(query));
      return options.sort === 'date' ? byDate(plan, options) : byRelevance(plan, options);
    },
    async count(query) {
      return countMatches(planQuery(query, await sourcesOf(query)), countCap);
    },
  };
}

/** The outlets a source: value names: its id exactly, else every outlet whose name holds all its words in order. */
export function matchSources(wanted: string, sources: { id: string; name: string }[]): string[] {
  const exact = sources.find((s) => s.id === wanted.toLowerCase());
  if (exact) return [exact.id];
  const words = ` ${tokensOf(fold(wanted)).join(' ')} `;
  return sources.filter((s) => ` ${tokensOf(fold(s.name)).join(' ')} `.includes(words)).map((s) => s.id);
}

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/** Snippet text without the marks, for a hit shown without highlighting. */
function clean(text: string): string {
  return text.replaceAll(snippetMarks.open, '').replaceAll(snippetMarks.close, '');
}

/** The search engine of the database: FTS5 on SQLite, the tsvector column on PostgreSQL. */
export function createSearch(database: Pick<Database, 'kysely' | 'dialect'>): SearchEngine {
  return database.dialect === 'sqlite' ? sqliteSearch(database.kysely) : postgresSearch(database.kysely);
}

/** One piece of a snippet: plain text, or a matched word to highlight. Pages escape `text` themselves. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** A snippet split at its marks; a stray or unbalanced mark in stored text cannot open a highlight that never closes. */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  let text = '';
  const push = () => {
    if (text !== '') parts.push({ text, match });
    text = '';
  };
  for (const char of snippet) {
    if (char === snippetMarks.open || char === snippetMarks.close) {
      const opens = char === snippetMarks.open;
      if (opens !== match) {
        push();
        match = opens;
      }
    } else text += char;
  }
  push();
  return parts;
}

/** A snippet as HTML: every piece escaped, matches in <mark>. */
export function snippetHtml(snippet: string): string {
  return snippetParts(snippet)
    .map((part) => (part.match ? `<mark>${escapeHtml(part.text)}</mark>` : escapeHtml(part.text)))
    .join('');
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
