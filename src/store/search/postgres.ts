// PostgreSQL's search engine: the weighted tsvector column of migration 004 (headline A, deck and byline B,
// body D) and its GIN index. Same contract as SQLite's (engine.ts): a relevance sort ranks the newest
// `rankWindow` matches with ts_rank and the recency boost; date order pages by (sort_at, id).
import type { Kysely } from 'kysely';
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
import { snippetMarks, snippetParts } from './snippet.js';

/** A tsquery operand: tokens hold only letters, marks and digits; quoting still keeps any other character inert. */
const lexeme = (token: string, weight: string) => `'${token.replaceAll('\\', '\\\\').replaceAll("'", "''")}'${weight}`;

function termQuery(term: SearchTerm, weight = ''): string {
  const tokens = term.tokens.map((token) => lexeme(token, weight));
  return tokens.length === 1 ? tokens[0]! : `(${tokens.join(' <-> ')})`;
}

/** The tsquery text for the words of a query, built from its parsed terms (never from what the user typed). */
export function tsqueryOf(query: SearchQuery): string | null {
  if (query.groups.length === 0) return null;
  const weight = query.inHeadline ? ':A' : '';
  const groups = query.groups.map((group) => `(${group.map((term) => termQuery(term, weight)).join(' | ')})`);
  const excluded = query.excluded.map((term) => `!${termQuery(term)}`);
  return [...groups, ...excluded].join(' & ');
}

/** A query as SQL: the WHERE clause and its parameters; when the query has words, `$1` is their tsquery text. */
interface Condition {
  where: string;
  params: unknown[];
  tsquery: string | null;
}

async function conditionOf(db: Kysely<Schema>, query: SearchQuery): Promise<Condition> {
  const tsquery = tsqueryOf(query);
  const params: unknown[] = [];
  const where: string[] = [];
  if (tsquery !== null) {
    params.push(tsquery);
    where.push(`search_vector @@ to_tsquery('english', $1)`);
  }
  const ids = await sourcesNamed(db, query);
  // One outlet as an equality, so that PostgreSQL can walk the (source, date) index newest first.
  if (ids.length === 1) {
    params.push(ids[0]);
    where.push(`source_id = $${params.length}`);
  } else if (ids.length > 1) {
    params.push(ids);
    where.push(`source_id = ANY($${params.length})`);
  }
  for (const byline of query.bylines) {
    params.push(byline.tokens.map((token) => lexeme(token, '')).join(' <-> '));
    where.push(`to_tsvector('simple', coalesce(byline, '')) @@ to_tsquery('simple', $${params.length})`);
  }
  for (const entityIds of await entitiesNamed(db, query)) {
    params.push(entityIds);
    where.push(
      `EXISTS (SELECT 1 FROM article_entities ae WHERE ae.article_id = articles.id AND ae.entity_id = ANY($${params.length}))`,
    );
  }
  if (query.excluded.length > 0 && tsquery === null) {
    params.push(query.excluded.map((term) => termQuery(term)).join(' | '));
    where.push(`NOT (search_vector @@ to_tsquery('english', $${params.length}))`);
  }
  if (query.from !== null) {
    params.push(query.from);
    where.push(`sort_at >= $${params.length}`);
  }
  if (query.to !== null) {
    params.push(query.to);
    where.push(`sort_at < $${params.length}`);
  }
  return { where: where.length > 0 ? where.join(' AND ') : 'true', params, tsquery };
}

/** The snippet of each hit: ts_headline's window around the matches, else the deck or the opening of the body. */
async function hitsOf(db: Kysely<Schema>, tsquery: string | null, ids: string[]): Promise<SearchHit[]> {
  if (ids.length === 0) return [];
  const text = `translate(concat_ws(' … ', headline, deck, body_text), E'\\uE000\\uE001', '')`;
  const rows = tsquery
    ? await rowsOf<{ id: string; snippet: string }>(
        db,
        `SELECT id, ts_headline('english', ${text}, to_tsquery('english', $1),
             'StartSel=${snippetMarks.open}, StopSel=${snippetMarks.close}, MaxWords=35, MinWords=15') AS snippet
           FROM articles WHERE id = ANY($2)`,
        [tsquery, ids],
      )
    : await rowsOf<{ id: string; snippet: string }>(
        db,
        `SELECT id, coalesce(deck, substr(body_text, 1, 240)) AS snippet FROM articles WHERE id = ANY($1)`,
        [ids],
      );
  const marked = new Map(rows.map((row) => [row.id, row.snippet]));
  return ids.map((id) => ({ articleId: id, snippet: snippetParts(marked.get(id) ?? '') }));
}

async function count(db: Kysely<Schema>, { where, params }: Condition) {
  const [row] = await rowsOf<{ n: string }>(
    db,
    `SELECT count(*) AS n FROM (SELECT 1 FROM articles WHERE ${where} LIMIT $${params.length + 1}) AS matches`,
    [...params, countCap + 1],
  );
  return counted(Number(row!.n));
}

function decodeDateCursor(text: string): { sortAt: string; id: string } {
  const value = readCursor(text);
  if (Array.isArray(value) && value[0] === 'd' && typeof value[1] === 'string' && typeof value[2] === 'string') {
    return { sortAt: value[1], id: value[2] };
  }
  throw cursorRefused();
}

async function byDate(db: Kysely<Schema>, condition: Condition, options: SearchOptions): Promise<SearchPage> {
  const { where, params, tsquery } = condition;
  const total = await count(db, condition);
  const after = options.cursor ? decodeDateCursor(options.cursor) : null;
  const paging = [...params];
  let keyset = '';
  if (after) {
    paging.push(after.sortAt, after.id);
    keyset = ` AND (sort_at, id) < ($${paging.length - 1}, $${paging.length})`;
  }
  paging.push(options.limit + 1);
  const rows = await rowsOf<{ id: string; sort_at: string }>(
    db,
    `SELECT id, sort_at FROM articles WHERE ${where}${keyset} ORDER BY sort_at DESC, id DESC LIMIT $${paging.length}`,
    paging,
  );
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  const next = rows.length > options.limit && last ? writeCursor(['d', last.sort_at, last.id]) : null;
  const ids = page.map((row) => row.id);
  return pageOf(total, await hitsOf(db, tsquery, ids), next);
}

async function byRelevance(db: Kysely<Schema>, condition: Condition, options: SearchOptions): Promise<SearchPage> {
  const { where, params, tsquery } = condition;
  const start = options.cursor ? decodeRankCursor(options.cursor) : 0;
  // One walk down the matches, newest first, both counts them (up to the cap) and gives the ranking window:
  // a separate count would read the same rows again, and PostgreSQL tends to count by scanning the table.
  const ranking = [...params, countCap + 1];
  const matches = await rowsOf<{ id: string; sort_at: string; rank: number }>(
    db,
    `SELECT id, sort_at, ts_rank(search_vector, to_tsquery('english', $1)) AS rank FROM articles
         WHERE ${where} ORDER BY sort_at DESC, id DESC LIMIT $${ranking.length}`,
    ranking,
  );
  const total = counted(matches.length);
  const now = (options.now ?? new Date()).getTime();
  const ranked = matches
    .slice(0, rankWindow)
    .map((row) => ({ row, score: boosted(Number(row.rank), Math.max(0, (now - Date.parse(row.sort_at)) / dayMs)) }))
    .sort((a, b) => b.score - a.score || (a.row.sort_at < b.row.sort_at ? 1 : -1));
  const page = ranked.slice(start, start + options.limit);
  const end = start + page.length;
  const next = end < ranked.length ? encodeRankCursor(end) : null;
  const ids = page.map((r) => r.row.id);
  return pageOf(total, await hitsOf(db, tsquery, ids), next);
}

export function postgresSearch(db: Kysely<Schema>): SearchEngine {
  return {
    // The tsvector column is generated: PostgreSQL keeps it in step with every write.
    async index() {},
    async remove() {},
    async count(query) {
      return count(db, await conditionOf(db, query));
    },
    async query(query, options) {
      const condition = await conditionOf(db, query);
      const dated = options.sort === 'date' || condition.tsquery === null;
      return dated ? byDate(db, condition, options) : byRelevance(db, condition, options);
    },
  };
}
