// What placing an article in a story reads and writes, as plain steps inside one transaction. The decisions are
// src/analysis/stories'; this file only keeps the clusterer's state: each story's row, the inverted index from a
// feature to the stories holding it (story_postings), and how many articles and stories hold each feature
// (story_terms). One placement runs at a time: SQLite's write lock, or PostgreSQL's advisory lock, so that two
// workers saving at once never split or double a story.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Db, Dialect, Schema, StoryTable } from '../db.js';
import { withDb } from '../surface.js';
import { type ArticleEntity, chunks, type PlacementArticle, type StoryRow, type TermCount } from './rows.js';
import { clearStories, writeChanges } from './writes.js';

export type { ArticleEntity, PlacementArticle, StoryRow, TermCount };

// Any constant both processes agree on: the advisory lock that makes placements take turns on PostgreSQL.
const placementLock = 7_240_513;

function toRow(row: StoryTable): StoryRow {
  return {
    id: row.id,
    headline: row.headline,
    leadArticleId: row.lead_article_id,
    articleCount: Number(row.article_count),
    sourceCount: Number(row.source_count),
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    state: row.state,
    byHand: Math.min(2, Math.max(0, Number(row.by_hand))) as 0 | 1 | 2,
  };
}

/** The articles waiting to be placed, oldest stored first. */
export async function articlesToPlace(db: Db, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('articles')
    .select('id')
    .where('story_id', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

export async function countUnplaced(db: Db): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('story_id', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Runs `work` as one placement: a transaction that no other placement, in any process, runs beside. */
export async function placementTransaction<T>(
  db: Kysely<Schema>,
  dialect: Dialect,
  work: (tx: PlacementSteps) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${placementLock})`.execute(trx);
    return work(placementSteps(trx));
  });
}

export type PlacementSteps = ReturnType<typeof placementSteps>;

function placementSteps(db: Transaction<Schema>) {
  return withDb(db, {
    articles,
    termCounts,
    totals,
    holders,
    stories,
    storyArticleIds,
    redirect,
    handMadeStories,
    writeChanges,
    clearStories,
  });
}

async function articles(db: Db, ids: string[]): Promise<PlacementArticle[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select([
      'articles.id',
      'articles.headline',
      'articles.deck',
      'articles.body_text',
      'articles.published_at',
      'articles.sort_at',
      'articles.language',
      'articles.story_id',
      'sources.id as source_id',
      'sources.name as source_name',
    ])
    .where('articles.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [
      {
        id: row.id,
        headline: row.headline,
        deck: row.deck,
        paragraphs: row.body_text === '' ? [] : row.body_text.split('\n'),
        publishedAt: row.published_at,
        sortAt: row.sort_at,
        language: row.language,
        sourceId: row.source_id,
        sourceName: row.source_name,
        storyId: row.story_id,
      },
    ];
  });
}

/** How many articles and stories hold each term; a term nobody holds is absent. */
async function termCounts(db: Db, terms: string[]): Promise<Map<string, TermCount>> {
  const counts = new Map<string, TermCount>();
  for (const part of chunks(terms)) {
    if (part.length === 0) continue;
    const rows = await db
      .selectFrom('story_terms')
      .select(['term', 'articles', 'stories'])
      .where('term', 'in', part)
      .execute();
    for (const row of rows) counts.set(row.term, { articles: Number(row.articles), stories: Number(row.stories) });
  }
  return counts;
}

/** How many articles were placed, and how many stories there are (what rarity is measured against). */
async function totals(db: Db): Promise<{ articles: number; stories: number }> {
  const rows = await db.selectFrom('story_totals').select(['name', 'value']).execute();
  const value = (name: string) => Number(rows.find((row) => row.name === name)?.value ?? 0);
  return { articles: value('articles'), stories: value('stories') };
}

/**
 * The stories holding the most of these terms, counted in the database (a common term's many holders never travel
 * to the process) straight off the index, with when each was first and last seen, for the caller to keep those in
 * its time window. (Joining the stories table to filter by time in the query cost ten times as much.)
 */
async function holders(
  db: Db,
  terms: string[],
  limit: number,
): Promise<{ storyId: string; shared: number; firstSeen: string; lastSeen: string }[]> {
  if (terms.length === 0) return [];
  const rows = await db
    .selectFrom('story_postings')
    .select((eb) => ['story_id', eb.fn.countAll<number>().as('shared')])
    .where('term', 'in', terms)
    .groupBy('story_id')
    .orderBy('shared', 'desc')
    .orderBy('story_id')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const seen = await db
    .selectFrom('stories')
    .select(['id', 'first_seen', 'last_seen'])
    .where(
      'id',
      'in',
      rows.map((row) => row.story_id),
    )
    .execute();
  const when = new Map(seen.map((row) => [row.id, row]));
  return rows.flatMap((row) => {
    const story = when.get(row.story_id);
    return story
      ? [{ storyId: row.story_id, shared: Number(row.shared), firstSeen: story.first_seen, lastSeen: story.last_seen }]
      : [];
  });
}

async function stories(db: Db, ids: string[]): Promise<StoryRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('stories').selectAll().where('id', 'in', ids).execute();
  return rows.map(toRow);
}

/** The articles of a story, oldest first. */
async function storyArticleIds(db: Db, storyId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('articles')
    .select('id')
    .where('story_id', '=', storyId)
    .orderBy('sort_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Where a merged story's address leads now. */
async function redirect(db: Db, storyId: string): Promise<string | null> {
  const row = await db.selectFrom('story_redirects').select('to_id').where('from_id', '=', storyId).executeTakeFirst();
  return row?.to_id ?? null;
}

/** The stories a reader mended by hand. */
async function handMadeStories(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('stories').select('id').where('by_hand', '>', 0).execute();
  return rows.map((row) => row.id);
}
