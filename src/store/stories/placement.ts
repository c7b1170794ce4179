// What placing an article in a story reads and writes, as plain steps inside one transaction. The decisions are
// src/analysis/stories'; this file only keeps the clusterer's state: each story's row, the inverted index from a
// feature to the stories holding it (story_postings), and how many articles and stories hold each feature
// (story_terms). One placement runs at a time: SQLite's write lock, or PostgreSQL's advisory lock, so that two
// workers saving at once never split or double a story.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Db, Dialect, Schema, StoryTable } from '../db.js';
import { withDb } from '../surface.js';

/** An article as placement reads it. */
export interface PlacementArticle {
  id: string;
  headline: string;
  deck: string | null;
  paragraphs: string[];
  publishedAt: string | null;
  /** Published, else stored: where the article sits in time. */
  sortAt: string;
  language: string | null;
  sourceId: string;
  sourceName: string;
  storyId: string | null;
}

/** A story's row, as placement reads and writes it; `state` is the clusterer's JSON. */
export interface StoryRow {
  id: string;
  headline: string;
  leadArticleId: string | null;
  articleCount: number;
  sourceCount: number;
  firstSeen: string;
  lastSeen: string;
  state: string;
  byHand: boolean;
}

export interface TermCount {
  articles: number;
  stories: number;
}

/** An entity one article names, to be stored with it. */
export interface ArticleEntity {
  kind: string;
  key: string;
  name: string;
  names: string[];
  mentions: number;
}

// Any constant both processes agree on: the advisory lock that makes placements take turns on PostgreSQL.
const placementLock = 7_240_513;

// SQLite allows 32,766 parameters a statement; PostgreSQL 65,535. A chunk stays far below both.
const chunkSize = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += chunkSize) out.push(items.slice(i, i + chunkSize));
  return out;
}

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
    byHand: Number(row.by_hand) === 1,
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
    totalArticles,
    countArticle,
    holders,
    stories,
    saveStory,
    setPostings,
    assign,
    storyArticleIds,
    sourceCount,
    storyHasSource,
    redirect,
    mergeStory,
    postings,
    removeStory,
    saveEntities,
    clearAll,
    handMadeStories,
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

async function totalArticles(db: Db): Promise<number> {
  const row = await db.selectFrom('story_totals').select('value').where('name', '=', 'articles').executeTakeFirst();
  return Number(row?.value ?? 0);
}

/**
 * One more article holds each of these terms: counted, and the counts after it returned (a term's articles and
 * stories), with the number of articles placed in all.
 */
async function countArticle(db: Db, terms: string[]): Promise<{ counts: Map<string, TermCount>; total: number }> {
  const counts = new Map<string, TermCount>();
  for (const part of chunks(terms)) {
    if (part.length === 0) continue;
    const rows = await db
      .insertInto('story_terms')
      .values(part.map((term) => ({ term, articles: 1, stories: 0 })))
      .onConflict((oc) => oc.column('term').doUpdateSet({ articles: sql<number>`story_terms.articles + 1` }))
      .returning(['term', 'articles', 'stories'])
      .execute();
    for (const row of rows) counts.set(row.term, { articles: Number(row.articles), stories: Number(row.stories) });
  }
  const total = await db
    .insertInto('story_totals')
    .values({ name: 'articles', value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`story_totals.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return { counts, total: Number(total.value) };
}

/** The stories holding each term, among stories seen between `from` and `to`. */
async function holders(
  db: Db,
  terms: string[],
  from: string,
  to: string,
  limit: number,
): Promise<{ storyId: string; shared: number }[]> {
  if (terms.length === 0) return [];
  // Counted in the database, so that a common term's many holders never travel to the process.
  const rows = await db
    .selectFrom('story_postings')
    .innerJoin('stories', 'stories.id', 'story_postings.story_id')
    .select((eb) => ['story_postings.story_id as storyId', eb.fn.countAll<number>().as('shared')])
    .where('story_postings.term', 'in', terms)
    .where('stories.last_seen', '>=', from)
    .where('stories.first_seen', '<=', to)
    .groupBy('story_postings.story_id')
    .orderBy('shared', 'desc')
    .orderBy('story_postings.story_id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ storyId: row.storyId, shared: Number(row.shared) }));
}

async function stories(db: Db, ids: string[]): Promise<StoryRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('stories').selectAll().where('id', 'in', ids).execute();
  return rows.map(toRow);
}

/** Writes the story's row, adding it when new. */
async function saveStory(db: Db, story: StoryRow): Promise<void> {
  const now = new Date().toISOString();
  const values = {
    headline: story.headline,
    lead_article_id: story.leadArticleId,
    article_count: story.articleCount,
    source_count: story.sourceCount,
    first_seen: story.firstSeen,
    last_seen: story.lastSeen,
    state: story.state,
    by_hand: story.byHand ? 1 : 0,
    updated_at: now,
  };
  await db
    .insertInto('stories')
    .values({ id: story.id, created_at: now, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

/** The story now holds `add` and no longer holds `remove`, in the index and in the terms' story counts. */
async function setPostings(db: Db, storyId: string, add: string[], remove: string[]): Promise<void> {
  for (const part of chunks(add)) {
    if (part.length === 0) continue;
    await db
      .insertInto('story_postings')
      .values(part.map((term) => ({ term, story_id: storyId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    await db
      .insertInto('story_terms')
      .values(part.map((term) => ({ term, articles: 0, stories: 1 })))
      .onConflict((oc) => oc.column('term').doUpdateSet({ stories: sql<number>`story_terms.stories + 1` }))
      .execute();
  }
  for (const part of chunks(remove)) {
    if (part.length === 0) continue;
    await db.deleteFrom('story_postings').where('story_id', '=', storyId).where('term', 'in', part).execute();
    await db
      .updateTable('story_terms')
      .set({ stories: sql<number>`case when stories > 0 then stories - 1 else 0 end` })
      .where('term', 'in', part)
      .execute();
  }
}

/** Puts the article in the story; `byHand` when a reader did it. */
async function assign(db: Db, articleIds: string[], storyId: string, byHand = false): Promise<void> {
  for (const part of chunks(articleIds)) {
    await db
      .updateTable('articles')
      .set({ story_id: storyId, story_by_hand: byHand ? 1 : 0 })
      .where('id', 'in', part)
      .execute();
  }
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

async function sourceCount(db: Db, storyId: string): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.count<number>('source_id').distinct().as('n'))
    .where('story_id', '=', storyId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Where a merged story's address leads now. */
async function redirect(db: Db, storyId: string): Promise<string | null> {
  const row = await db.selectFrom('story_redirects').select('to_id').where('from_id', '=', storyId).executeTakeFirst();
  return row?.to_id ?? null;
}

/** Whether another article of the story comes from this outlet. */
async function storyHasSource(db: Db, storyId: string, sourceId: string, exceptId: string): Promise<boolean> {
  const row = await db
    .selectFrom('articles')
    .select('id')
    .where('story_id', '=', storyId)
    .where('source_id', '=', sourceId)
    .where('id', '!=', exceptId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** `from`'s articles join `into`; `from` goes, and its address (and any that led to it) leads to `into`. */
async function mergeStory(db: Db, fromId: string, intoId: string): Promise<void> {
  await db.updateTable('articles').set({ story_id: intoId }).where('story_id', '=', fromId).execute();
  await removeStory(db, fromId, intoId);
}

/** The terms the story is posted under in the index. */
async function postings(db: Db, storyId: string): Promise<string[]> {
  const rows = await db.selectFrom('story_postings').select('term').where('story_id', '=', storyId).execute();
  return rows.map((row) => row.term);
}

/** Deletes an empty story; its address leads to `redirectTo` when given. */
async function removeStory(db: Db, storyId: string, redirectTo: string | null): Promise<void> {
  await setPostings(db, storyId, [], await postings(db, storyId));
  await db.deleteFrom('stories').where('id', '=', storyId).execute();
  if (redirectTo === null) return;
  await db.updateTable('story_redirects').set({ to_id: redirectTo }).where('to_id', '=', storyId).execute();
  await db
    .insertInto('story_redirects')
    .values({ from_id: storyId, to_id: redirectTo })
    .onConflict((oc) => oc.column('from_id').doUpdateSet({ to_id: redirectTo }))
    .execute();
}

/** Stores the entities the article names (once: placing an article again replaces them). */
async function saveEntities(db: Db, articleId: string, found: ArticleEntity[], seenAt: string): Promise<void> {
  await forgetEntities(db, articleId);
  if (found.length === 0) return;
  const rows = found.map((entity) => ({
    ...entity,
    id: `${entity.kind.slice(0, 3)}-${entityIdOf(entity.kind, entity.key)}`,
  }));
  await db
    .insertInto('entities')
    .values(
      rows.map((entity) => ({
        id: entity.id,
        kind: entity.kind,
        key: entity.key,
        name: entity.name,
        article_count: 1,
        mention_count: entity.mentions,
        first_seen: seenAt,
        last_seen: seenAt,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['kind', 'key']).doUpdateSet({
        article_count: sql<number>`entities.article_count + 1`,
        mention_count: sql<number>`entities.mention_count + excluded.mention_count`,
        // The fullest form seen names it: "Vladimir Putin" over "Putin".
        name: sql<string>`case when length(excluded.name) > length(entities.name) then excluded.name else entities.name end`,
        first_seen: sql<string>`case when excluded.first_seen < entities.first_seen then excluded.first_seen else entities.first_seen end`,
        last_seen: sql<string>`case when excluded.last_seen > entities.last_seen then excluded.last_seen else entities.last_seen end`,
      }),
    )
    .execute();
  await db
    .insertInto('article_entities')
    .values(rows.map((entity) => ({ article_id: articleId, entity_id: entity.id, mentions: entity.mentions })))
    .execute();
  const names = rows.flatMap((entity) =>
    [...new Set(entity.names)].map((name) => ({ entity_id: entity.id, name, mentions: 1 })),
  );
  if (names.length > 0)
    await db
      .insertInto('entity_names')
      .values(names)
      .onConflict((oc) =>
        oc.columns(['entity_id', 'name']).doUpdateSet({ mentions: sql<number>`entity_names.mentions + 1` }),
      )
      .execute();
}

/** The stories a reader mended by hand. */
async function handMadeStories(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('stories').select('id').where('by_hand', '=', 1).execute();
  return rows.map((row) => row.id);
}

async function clearAll(db: Db, keepByHand: boolean): Promise<void> {
  await clearStories(db, keepByHand);
}

/** A short stable id from an entity's kind and key, so every process names the same entity alike. */
function entityIdOf(kind: string, key: string): string {
  // FNV-1a, 64 bits as two 32-bit halves: collisions among a library's entities are vanishingly unlikely.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const text = `${kind}\u0000${key}`;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193) >>> 0;
    b = Math.imul(b ^ code, 0x5bd1e995) >>> 0;
  }
  return a.toString(36).padStart(7, '0') + b.toString(36).padStart(7, '0');
}

/** Takes back what an article's entities added, before they are stored again. */
async function forgetEntities(db: Db, articleId: string): Promise<void> {
  const old = await db
    .selectFrom('article_entities')
    .select(['entity_id', 'mentions'])
    .where('article_id', '=', articleId)
    .execute();
  for (const row of old) {
    await db
      .updateTable('entities')
      .set({
        article_count: sql<number>`article_count - 1`,
        mention_count: sql<number>`mention_count - ${row.mentions}`,
      })
      .where('id', '=', row.entity_id)
      .execute();
  }
  if (old.length > 0) await db.deleteFrom('article_entities').where('article_id', '=', articleId).execute();
}

/** Forgets every story (and the clusterer's state), to place everything again; articles placed by hand stay. */
async function clearStories(db: Db, keepByHand: boolean): Promise<void> {
  await db.deleteFrom('story_postings').execute();
  await db.deleteFrom('story_terms').execute();
  await db.deleteFrom('story_totals').execute();
  let unplace = db.updateTable('articles').set({ story_id: null });
  if (keepByHand) unplace = unplace.where('story_by_hand', '=', 0);
  else unplace = unplace.set({ story_by_hand: 0 });
  await unplace.execute();
  let drop = db.deleteFrom('stories');
  if (keepByHand) drop = drop.where('by_hand', '=', 0);
  await drop.execute();
}
