// The contract of full-text search, which each database implements (sqlite.ts, postgres.ts): the engine, the
// page it returns, the tuning both share (measured with bench/search.ts), and the steps both take alike: the
// outlets a source: names, the entities an entity: names, the cursor of a ranked page, the recency boost.
import { CompiledQuery, type Kysely, sql } from 'kysely';
import { readCursor, writeCursor } from '../cursor.js';
import { type Schema, StoreError } from '../db.js';
import { type SearchQuery, tokensOf } from './query.js';
import type { SnippetPart } from './snippet.js';

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
  /** The text around the matches, in pieces; the matched words are flagged. */
  snippet: SnippetPart[];
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

/** The query names an outlet Readout does not have, or something else the store cannot search for. */
export class SearchRefused extends StoreError {
  override name = 'SearchRefused';

  constructor(message: string) {
    super(message, 'invalid');
  }
}

/** The cursor was not one this search gave out. */
export class InvalidSearchCursor extends StoreError {
  override name = 'InvalidSearchCursor';

  constructor(message: string) {
    super(message, 'invalid');
  }
}

/** Matches ranked by relevance; also the deepest a relevance-sorted search pages. */
export const rankWindow = 1_000;
/** Matches counted exactly; beyond it the total is given as "more than". */
export const countCap = 2_000;
/** Recency boost: +25% today, halving every 180 days. */
export const recency = { boost: 0.25, halfLifeDays: 180 };

export const dayMs = 86_400_000;

/** A relevance score raised for an article `ageDays` old. */
export function boosted(score: number, ageDays: number): number {
  return score * (1 + recency.boost * 0.5 ** (ageDays / recency.halfLifeDays));
}

/** A page of hits with the search's count. */
export function pageOf(
  count: { total: number; exact: boolean },
  hits: SearchHit[],
  nextCursor: string | null,
): SearchPage {
  return { total: count.total, totalExact: count.exact, hits, nextCursor };
}

/** The count of a search that read up to `countCap + 1` matches. */
export function counted(n: number): { total: number; exact: boolean } {
  return n > countCap ? { total: countCap, exact: false } : { total: n, exact: true };
}

/** Runs SQL the engine wrote itself (with the user's words only in parameters). */
export async function rowsOf<Row>(db: Kysely<Schema>, text: string, parameters: unknown[]): Promise<Row[]> {
  return (await db.executeQuery<Row>(CompiledQuery.raw(text, parameters))).rows;
}

export function cursorRefused(): InvalidSearchCursor {
  return new InvalidSearchCursor(
    'cursor is not one this search gave out; use the nextCursor of the previous page with the same sort',
  );
}

/** The cursor of a relevance-sorted page: how many ranked hits came before it. */
export function encodeRankCursor(after: number): string {
  return writeCursor(['r', after]);
}

export function decodeRankCursor(text: string): number {
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
  throw cursorRefused();
}

/** The ids of the outlets the query's source: values name; SearchRefused for a value that names none. */
export async function sourcesNamed(db: Kysely<Schema>, query: SearchQuery): Promise<string[]> {
  if (query.sources.length === 0) return [];
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
  return [...ids];
}

/** The outlets a source: value names: its id exactly, else every outlet whose name holds all its words in order. */
function matchSources(wanted: string, sources: { id: string; name: string }[]): string[] {
  const exact = sources.find((s) => s.id === wanted.toLowerCase());
  if (exact) return [exact.id];
  const words = ` ${tokensOf(fold(wanted)).join(' ')} `;
  return sources.filter((s) => ` ${tokensOf(fold(s.name)).join(' ')} `.includes(words)).map((s) => s.id);
}

/** The most entities one entity: value stands for (a surname many people were written under). */
const entitiesPerName = 200;

/**
 * For each entity: value of the query, the ids of the entities it names: those whose key is the value folded (or, for
 * one word, ends with it: a surname), and those an article wrote under the value as given (any case of its letters). An article matches a value when it
 * names any of them; a value that names none matches nothing (names appear as articles arrive, so a saved search
 * for one is not an error).
 */
export async function entitiesNamed(db: Kysely<Schema>, query: SearchQuery): Promise<string[][]> {
  const named: string[][] = [];
  for (const entity of query.entities) {
    const rows = await db
      .selectFrom('entities')
      .select('id')
      .where((eb) =>
        eb.or([
          eb('key', '=', entity.key),
          // One word is also a surname: `entity:Osei` finds Renata Osei.
          ...(/^[^\s%_\\]+$/.test(entity.key) ? [eb('key', 'like', `% ${entity.key}`)] : []),
          eb(
            'id',
            'in',
            eb.selectFrom('entity_names').select('entity_id').where(sql`lower(name)`, '=', entity.written),
          ),
        ]),
      )
      .orderBy('article_count', 'desc')
      .orderBy('id')
      .limit(entitiesPerName)
      .execute();
    named.push(rows.map((row) => row.id));
  }
  return named;
}

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '');
}
