// PostgreSQL's search engine: the weighted tsvector column of migration 004 (headline A, deck and byline B,
// body D) and its GIN index. Same contract as SQLite's (see search.ts): a relevance sort ranks the newest
// `rankWindow` matches with ts_rank and the recency boost; date order pages by (sort_at, id).
import { CompiledQuery, type Kysely } from 'kysely';
import type { Schema } from './db.js';
import {
  countCap,
  InvalidSearchCursor,
  matchSources,
  rankWindow,
  recency,
  type SearchEngine,
  type SearchHit,
  type SearchOptions,
  type SearchPage,
  SearchRefused,
  snippetMarks,
} from './search.js';
import type { SearchQuery, SearchTerm } from './search-query.js';

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

const dayMs = 86_400_000;

export function postgresSearch(db: Kysely<Schema>): SearchEngine {
  const run = async <Row>(text: string, parameters: unknown[]): Promise<Row[]> =>
    (await db.executeQuery<Row>(CompiledQuery.raw(text, parameters))).rows;

  /** The WHERE clause and its parameters; when the query has words, `$1` is their tsquery text. */
  const conditionOf = async (query: SearchQuery) => {
    const tsquery = tsqueryOf(query);
    const params: unknown[] = [];
    const where: string[] = [];
    if (tsquery !== null) {
      params.push(tsquery);
      where.push(`search_vector @@ to_tsquery('english', $1)`);
    }
    if (query.sources.length > 0) {
      const sources = await db.selectFrom('sources').select(['id', 'name']).execute();
      const ids = new Set<string>();
      for (const wanted of query.sources) {
        const found = matchSources(wanted, sources);
        if (found.length === 0) {
          throw new SearchRefused(
            `source:${wanted} names no outlet Readout has; use an outlet's name or its id from the list of sources`,
          );
        }
        for (const id of found) ids.add(id);
      }
      // One outlet as an equality, so that PostgreSQL can walk the (source, date) index newest first.
      if (ids.size === 1) {
        params.push([...ids][0]);
        where.push(`source_id = $${params.length}`);
      } else {
        params.push([...ids]);
        where.push(`source_id = ANY($${params.length})`);
      }
    }
    for (const byline of query.bylines) {
      params.push(byline.tokens.map((token) => lexeme(token, '')).join(' <-> '));
      where.push(`to_tsvector('simple', coalesce(byline, '')) @@ to_tsquery('simple', $${params.length})`);
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
  };

  const snippets = async (tsquery: string | null, ids: string[]): Promise<Map<string, string>> => {
    if (ids.length === 0) return new Map();
    const text = `translate(concat_ws(' … ', headline, deck, body_text), E'\\uE000\\uE001', '')`;
    const rows = tsquery
      ? await run<{ id: string; snippet: string }>(
          `SELECT id, ts_headline('english', ${text}, to_tsquery('english', $1),
             'StartSel=${snippetMarks.open}, StopSel=${snippetMarks.close}, MaxWords=35, MinWords=15') AS snippet
           FROM articles WHERE id = ANY($2)`,
          [tsquery, ids],
        )
      : await run<{ id: string; snippet: string }>(
          `SELECT id, coalesce(deck, substr(body_text, 1, 240)) AS snippet FROM articles WHERE id = ANY($1)`,
          [ids],
        );
    return new Map(rows.map((row) => [row.id, row.snippet]));
  };

  const count = async (where: string, params: unknown[]) => {
    params.push(countCap + 1);
    const [row] = await run<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM articles WHERE ${where} LIMIT $${params.length}) AS matches`,
      params,
    );
    const n = Number(row!.n);
    return n > countCap ? { total: countCap, exact: false } : { total: n, exact: true };
  };

  const hitsOf = async (tsquery: string | null, ids: string[]): Promise<SearchHit[]> => {
    const marked = await snippets(tsquery, ids);
    return ids.map((id) => ({ articleId: id, snippet: marked.get(id) ?? '' }));
  };

  return {
    // The tsvector column is generated: PostgreSQL keeps it in step with every write.
    async index() {},
    async remove() {},
    async count(query) {
      const { where, params } = await conditionOf(query);
      return count(where, params);
    },
    async query(query: SearchQuery, options: SearchOptions): Promise<SearchPage> {
      const { where, params, tsquery } = await conditionOf(query);
      if (options.sort === 'date' || tsquery === null) {
        const counted = await count(where, [...params]);
        const after = options.cursor ? decodeDateCursor(options.cursor) : null;
        const paging = [...params];
        let keyset = '';
        if (after) {
          paging.push(after.sortAt, after.id);
          keyset = ` AND (sort_at, id) < ($${paging.length - 1}, $${paging.length})`;
        }
        paging.push(options.limit + 1);
        const rows = await run<{ id: string; sort_at: string }>(
          `SELECT id, sort_at FROM articles WHERE ${where}${keyset} ORDER BY sort_at DESC, id DESC LIMIT $${paging.length}`,
          paging,
        );
        const page = rows.slice(0, options.limit);
        const last = page.at(-1);
        return {
          total: counted.total,
          totalExact: counted.exact,
          hits: await hitsOf(
            tsquery,
            page.map((row) => row.id),
          ),
          nextCursor: rows.length > options.limit && last ? encodeDateCursor(last.sort_at, last.id) : null,
        };
      }
      const start = options.cursor ? decodeRankCursor(options.cursor) : 0;
      // One walk down the matches, newest first, both counts them (up to the cap) and gives the ranking window:
      // a separate count would read the same rows again, and PostgreSQL tends to count by scanning the table.
      const ranking = [...params, countCap + 1];
      const matches = await run<{ id: string; sort_at: string; rank: number }>(
        `SELECT id, sort_at, ts_rank(search_vector, to_tsquery('english', $1)) AS rank FROM articles
         WHERE ${where} ORDER BY sort_at DESC, id DESC LIMIT $${ranking.length}`,
        ranking,
      );
      const counted =
        matches.length > countCap ? { total: countCap, exact: false } : { total: matches.length, exact: true };
      const candidates = matches.slice(0, rankWindow);
      const now = (options.now ?? new Date()).getTime();
      const ranked = candidates
        .map((row) => {
          const age = Math.max(0, (now - Date.parse(row.sort_at)) / dayMs);
          return { row, score: Number(row.rank) * (1 + recency.boost * 0.5 ** (age / recency.halfLifeDays)) };
        })
        .sort((a, b) => b.score - a.score || (a.row.sort_at < b.row.sort_at ? 1 : -1));
      const page = ranked.slice(start, start + options.limit);
      const end = start + page.length;
      return {
        total: counted.total,
        totalExact: counted.exact,
        hits: await hitsOf(
          tsquery,
          page.map((r) => r.row.id),
        ),
        nextCursor: end < ranked.length ? Buffer.from(JSON.stringify(['r', end])).toString('base64url') : null,
      };
    },
  };
}

function encodeDateCursor(sortAt: string, id: string): string {
  return Buffer.from(JSON.stringify(['d', sortAt, id])).toString('base64url');
}

const cursorRefusal = () =>
  new InvalidSearchCursor(
    'cursor is not one this search gave out; use the nextCursor of the previous page with the same sort',
  );

function readCursor(text: string): unknown {
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw cursorRefusal();
  }
}

function decodeDateCursor(text: string): { sortAt: string; id: string } {
  const value = readCursor(text);
  if (Array.isArray(value) && value[0] === 'd' && typeof value[1] === 'string' && typeof value[2] === 'string') {
    return { sortAt: value[1], id: value[2] };
  }
  throw cursorRefusal();
}

function decodeRankCursor(text: string): number {
  const value = readCursor(text);
  if (
    Array.isArray(value) &&
    value[0] === 'r' &&
    Number.isSafeInteger(value[1]) &&
    value[1] >= 0 &&
    value[1] < rankWindow
  ) {
    return value[1] as number;
  }
  throw cursorRefusal();
}
