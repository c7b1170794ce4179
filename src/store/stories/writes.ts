// What a batch of placements changed, written in a few statements at its end: story rows, the feature index, the
// feature counts, which story each article is in, merged stories' redirects, and the entities articles name.
import { sql } from 'kysely';
import type { Db } from '../db.js';
import { type ArticleEntity, chunks, type StoryRow } from './rows.js';

export interface PlacementChanges {
  /** Stories made or changed: their rows as they now are. */
  saveStories: StoryRow[];
  /** Stories gone (merged into another, or emptied by a reader); their address leads to `redirectTo`. */
  removeStories: { id: string; redirectTo: string | null }[];
  assign: { articleId: string; storyId: string; byHand: boolean }[];
  postingsAdd: { term: string; storyId: string }[];
  postingsRemove: { term: string; storyId: string }[];
  /** How many more (or fewer) articles and stories hold each feature. */
  termDeltas: Map<string, { articles: number; stories: number }>;
  totalDeltas: { articles: number; stories: number };
  /** The entities each newly placed article names. */
  entities: { articleId: string; seenAt: string; found: ArticleEntity[] }[];
}

export async function writeChanges(db: Db, changes: PlacementChanges): Promise<void> {
  await saveStories(db, changes.saveStories);
  await assign(db, changes.assign);
  for (const { id, redirectTo } of changes.removeStories) await removeStory(db, id, redirectTo);
  await writePostings(db, changes);
  await countTerms(db, changes.termDeltas);
  for (const [name, delta] of Object.entries(changes.totalDeltas)) {
    if (delta === 0) continue;
    await db
      .insertInto('story_totals')
      .values({ name, value: delta })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`story_totals.value + ${delta}` }))
      .execute();
  }
  await saveEntities(db, changes.entities);
}

async function saveStories(db: Db, rows: StoryRow[]): Promise<void> {
  const now = new Date().toISOString();
  for (const part of chunks(rows)) {
    if (part.length === 0) continue;
    await db
      .insertInto('stories')
      .values(
        part.map((story) => ({
          id: story.id,
          headline: story.headline,
          lead_article_id: story.leadArticleId,
          article_count: story.articleCount,
          source_count: story.sourceCount,
          first_seen: story.firstSeen,
          last_seen: story.lastSeen,
          state: story.state,
          by_hand: story.byHand,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          headline: eb.ref('excluded.headline'),
          lead_article_id: eb.ref('excluded.lead_article_id'),
          article_count: eb.ref('excluded.article_count'),
          source_count: eb.ref('excluded.source_count'),
          first_seen: eb.ref('excluded.first_seen'),
          last_seen: eb.ref('excluded.last_seen'),
          state: eb.ref('excluded.state'),
          by_hand: eb.ref('excluded.by_hand'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/** Each story's new articles in one statement per story. */
async function assign(db: Db, assignments: PlacementChanges['assign']): Promise<void> {
  const groups = new Map<string, { storyId: string; byHand: boolean; ids: string[] }>();
  for (const { articleId, storyId, byHand } of assignments) {
    const key = `${storyId}\u0000${byHand}`;
    const group = groups.get(key) ?? { storyId, byHand, ids: [] };
    group.ids.push(articleId);
    groups.set(key, group);
  }
  for (const { storyId, byHand, ids } of groups.values()) {
    for (const part of chunks(ids)) {
      let update = db.updateTable('articles').set({ story_id: storyId });
      if (byHand) update = update.set({ story_by_hand: 1 });
      await update.where('id', 'in', part).execute();
    }
  }
}

/** A story goes: its articles still pointing at it move to `redirectTo`, and so does its address. */
async function removeStory(db: Db, storyId: string, redirectTo: string | null): Promise<void> {
  if (redirectTo !== null)
    await db.updateTable('articles').set({ story_id: redirectTo }).where('story_id', '=', storyId).execute();
  await db.deleteFrom('story_postings').where('story_id', '=', storyId).execute();
  await db.deleteFrom('stories').where('id', '=', storyId).execute();
  if (redirectTo === null) return;
  await db.updateTable('story_redirects').set({ to_id: redirectTo }).where('to_id', '=', storyId).execute();
  await db
    .insertInto('story_redirects')
    .values({ from_id: storyId, to_id: redirectTo })
    .onConflict((oc) => oc.column('from_id').doUpdateSet({ to_id: redirectTo }))
    .execute();
}

async function writePostings(db: Db, changes: PlacementChanges): Promise<void> {
  const removed = new Map<string, string[]>();
  for (const { term, storyId } of changes.postingsRemove) removed.set(storyId, [...(removed.get(storyId) ?? []), term]);
  for (const [storyId, terms] of removed)
    for (const part of chunks(terms))
      await db.deleteFrom('story_postings').where('story_id', '=', storyId).where('term', 'in', part).execute();
  for (const part of chunks(changes.postingsAdd)) {
    if (part.length === 0) continue;
    await db
      .insertInto('story_postings')
      .values(part.map(({ term, storyId }) => ({ term, story_id: storyId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

async function countTerms(db: Db, deltas: PlacementChanges['termDeltas']): Promise<void> {
  const rows = [...deltas].filter(([, d]) => d.articles !== 0 || d.stories !== 0);
  for (const part of chunks(rows)) {
    if (part.length === 0) continue;
    await db
      .insertInto('story_terms')
      .values(
        part.map(([term, delta]) => ({
          term,
          articles: Math.max(0, delta.articles),
          stories: Math.max(0, delta.stories),
        })),
      )
      .onConflict((oc) =>
        oc.column('term').doUpdateSet({
          articles: sql<number>`story_terms.articles + (${sql.raw('excluded.articles')})`,
          stories: sql<number>`story_terms.stories + (${sql.raw('excluded.stories')})`,
        }),
      )
      .execute();
    // A count that went down (a story merged away) is written as an increment of zero above and lowered here.
    for (const [term, delta] of part) {
      if (delta.articles >= 0 && delta.stories >= 0) continue;
      await db
        .updateTable('story_terms')
        .set({
          articles: sql<number>`story_terms.articles + ${Math.min(0, delta.articles)}`,
          stories: sql<number>`story_terms.stories + ${Math.min(0, delta.stories)}`,
        })
        .where('term', '=', term)
        .execute();
    }
  }
}

/** A short stable id from an entity's kind and key, so every process names the same entity alike. */
export function entityIdOf(kind: string, key: string): string {
  // FNV-1a, 64 bits as two 32-bit halves: collisions among a library's entities are vanishingly unlikely.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const text = `${kind}\u0000${key}`;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193) >>> 0;
    b = Math.imul(b ^ code, 0x5bd1e995) >>> 0;
  }
  return `${kind.slice(0, 3)}-${a.toString(36).padStart(7, '0')}${b.toString(36).padStart(7, '0')}`;
}

interface EntityTotal {
  id: string;
  kind: string;
  key: string;
  name: string;
  articles: number;
  mentions: number;
  first: string;
  last: string;
  names: Map<string, number>;
}

/** Entities summed over the batch first: one row per entity, however many of its articles name it. */
function entityTotals(batch: PlacementChanges['entities']): Map<string, EntityTotal> {
  const totals = new Map<string, EntityTotal>();
  for (const { seenAt, found } of batch) {
    for (const entity of found) {
      const id = entityIdOf(entity.kind, entity.key);
      const total = totals.get(id) ?? {
        id,
        kind: entity.kind,
        key: entity.key,
        name: entity.name,
        articles: 0,
        mentions: 0,
        first: seenAt,
        last: seenAt,
        names: new Map(),
      };
      total.articles += 1;
      total.mentions += entity.mentions;
      // The fullest form seen names it: "Vladimir Putin" over "Putin".
      if (entity.name.length > total.name.length) total.name = entity.name;
      if (seenAt < total.first) total.first = seenAt;
      if (seenAt > total.last) total.last = seenAt;
      for (const name of new Set(entity.names)) total.names.set(name, (total.names.get(name) ?? 0) + 1);
      totals.set(id, total);
    }
  }
  return totals;
}

async function saveEntities(db: Db, batch: PlacementChanges['entities']): Promise<void> {
  await forgetEntities(
    db,
    batch.map((item) => item.articleId),
  );
  const totals = [...entityTotals(batch).values()];
  for (const part of chunks(totals)) {
    if (part.length === 0) continue;
    await db
      .insertInto('entities')
      .values(
        part.map((e) => ({
          id: e.id,
          kind: e.kind,
          key: e.key,
          name: e.name,
          article_count: e.articles,
          mention_count: e.mentions,
          first_seen: e.first,
          last_seen: e.last,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['kind', 'key']).doUpdateSet({
          article_count: sql<number>`entities.article_count + excluded.article_count`,
          mention_count: sql<number>`entities.mention_count + excluded.mention_count`,
          name: sql<string>`case when length(excluded.name) > length(entities.name) then excluded.name else entities.name end`,
          first_seen: sql<string>`case when excluded.first_seen < entities.first_seen then excluded.first_seen else entities.first_seen end`,
          last_seen: sql<string>`case when excluded.last_seen > entities.last_seen then excluded.last_seen else entities.last_seen end`,
        }),
      )
      .execute();
  }
  const mentions = batch.flatMap(({ articleId, found }) =>
    found.map((e) => ({ article_id: articleId, entity_id: entityIdOf(e.kind, e.key), mentions: e.mentions })),
  );
  for (const part of chunks(mentions))
    if (part.length > 0) await db.insertInto('article_entities').values(part).execute();
  const names = totals.flatMap((e) =>
    [...e.names].map(([name, count]) => ({ entity_id: e.id, name, mentions: count })),
  );
  for (const part of chunks(names)) {
    if (part.length === 0) continue;
    await db
      .insertInto('entity_names')
      .values(part)
      .onConflict((oc) =>
        oc
          .columns(['entity_id', 'name'])
          .doUpdateSet({ mentions: sql<number>`entity_names.mentions + excluded.mentions` }),
      )
      .execute();
  }
}

/** Takes back what these articles' entities added (when they are placed again), before they are stored anew. */
async function forgetEntities(db: Db, articleIds: string[]): Promise<void> {
  for (const part of chunks(articleIds)) {
    if (part.length === 0) continue;
    const old = await db
      .selectFrom('article_entities')
      .select(['entity_id', 'mentions'])
      .where('article_id', 'in', part)
      .execute();
    if (old.length === 0) continue;
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
    await db.deleteFrom('article_entities').where('article_id', 'in', part).execute();
  }
}

/**
 * Forgets the grouping, to place everything again: the feature index and counts go, and every article waits to
 * be placed, except those a reader placed by hand, whose stories stay (to be measured again from them).
 */
export async function clearStories(db: Db): Promise<void> {
  await db.deleteFrom('story_postings').execute();
  await db.deleteFrom('story_terms').execute();
  await db.deleteFrom('story_totals').execute();
  await db.updateTable('articles').set({ story_id: null }).where('story_by_hand', '=', 0).execute();
  // A story keeps its address only while an article a reader placed is in it.
  await db
    .deleteFrom('stories')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('articles')
            .select('articles.id')
            .where('articles.story_by_hand', '=', 1)
            .whereRef('articles.story_id', '=', 'stories.id'),
        ),
      ),
    )
    .execute();
}
