// Feeds Readout follows: added once, updated after every fetch, listed with their article counts.
import type { Kysely, Selectable } from 'kysely';
import type { Feed, FeedWithCount } from '../model.js';
import type { Db, FeedTable, Schema } from './db.js';
import { jobKey, scheduleJob } from './jobs.js';
import { slugify } from './keys.js';
import { freeSlug } from './sources.js';
import { keyed, withDb } from './surface.js';

/** The key of a feed's polling job. */
/** A feed's check: the store schedules it with the feed (addFeed) and drops it with the feed (removeFeed). */
export const pollKey = (feedId: string) => jobKey('poll', feedId);

export interface NewFeed {
  url: string;
  title: string | null;
  siteUrl: string | null;
  folder: string | null;
}

/** What one fetch learnt about a feed; fields left out are kept as they were. */
export type FeedUpdate = Partial<Omit<Feed, 'id' | 'url' | 'createdAt'>>;

function toFeed(row: Selectable<FeedTable>): Feed {
  return {
    id: row.id,
    url: row.url,
    title: row.title,
    siteUrl: row.site_url,
    folder: row.folder,
    status: row.status === 'paused' ? 'paused' : 'active',
    etag: row.etag,
    lastModified: row.last_modified,
    lastFetchedAt: row.last_fetched_at,
    lastSuccessAt: row.last_success_at,
    lastNewAt: row.last_new_at,
    nextCheckAt: row.next_check_at,
    intervalSeconds: row.interval_seconds,
    errorCount: row.error_count,
    lastError: row.last_error,
    lastStatus: row.last_status,
    createdAt: row.created_at,
  };
}

const columns: Record<keyof FeedUpdate, keyof FeedTable> = {
  title: 'title',
  siteUrl: 'site_url',
  folder: 'folder',
  status: 'status',
  etag: 'etag',
  lastModified: 'last_modified',
  lastFetchedAt: 'last_fetched_at',
  lastSuccessAt: 'last_success_at',
  lastNewAt: 'last_new_at',
  nextCheckAt: 'next_check_at',
  intervalSeconds: 'interval_seconds',
  errorCount: 'error_count',
  lastError: 'last_error',
  lastStatus: 'last_status',
};

/** Only an http(s) link is kept as a feed's site: a `javascript:` one would reach the pages and OPML exports. */
function webLink(url: string | null): string | null {
  if (url === null || !URL.canParse(url)) return null;
  const { protocol } = new URL(url);
  return protocol === 'http:' || protocol === 'https:' ? url : null;
}

/**
 * A feed's words (title, folder, last error) come from feeds, OPML files and servers: control characters go, and
 * a NUL above all, which PostgreSQL cannot hold in text.
 */
function plainText(text: string | null): string | null {
  const clean = text?.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
  return clean ? clean : null;
}

/** Follows a feed (and schedules its first check now), or gives back the one followed at that URL (`added` says which). */
export async function addFeed(db: Kysely<Schema>, input: NewFeed): Promise<{ feed: Feed; added: boolean }> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('feeds').selectAll().where('url', '=', input.url).executeTakeFirst();
    if (existing) return { feed: toFeed(existing), added: false };
    const now = new Date().toISOString();
    const id = await freeSlug(trx, 'feeds', slugify(input.title ?? new URL(input.url).hostname.replace(/^www\./, '')));
    await trx
      .insertInto('feeds')
      .values({
        id,
        url: input.url,
        title: plainText(input.title),
        site_url: webLink(input.siteUrl),
        folder: plainText(input.folder),
        status: 'active',
        error_count: 0,
        next_check_at: now,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await scheduleJob(trx, { kind: 'poll-feed', key: pollKey(id), payload: {}, runAt: new Date(now) });
    const row = await trx.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { feed: toFeed(row), added: true };
  });
}

export async function getFeed(db: Db, id: string): Promise<Feed | null> {
  const row = await db.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toFeed(row) : null;
}

export async function findFeedByUrl(db: Db, url: string): Promise<Feed | null> {
  const row = await db.selectFrom('feeds').selectAll().where('url', '=', url).executeTakeFirst();
  return row ? toFeed(row) : null;
}

/** Every feed, by folder then title, with how many stored articles came from it. */
export async function listFeeds(db: Db): Promise<FeedWithCount[]> {
  const [rows, counts] = await Promise.all([
    db.selectFrom('feeds').selectAll().execute(),
    db
      .selectFrom('articles')
      .select([
        'feed_id',
        (eb) => eb.fn.countAll<number | string>().as('n'),
        (eb) => eb.fn.min('source_id').as('source_id'),
      ])
      .where('feed_id', 'is not', null)
      .groupBy('feed_id')
      .execute(),
  ]);
  const byFeed = new Map(counts.map((c) => [c.feed_id, { n: Number(c.n), sourceId: c.source_id }]));
  const sortKey = (f: Feed) => `${(f.folder ?? '').toLowerCase()}\u0000${(f.title ?? f.url).toLowerCase()}`;
  return rows
    .map((row) => ({
      ...toFeed(row),
      articleCount: byFeed.get(row.id)?.n ?? 0,
      sourceId: byFeed.get(row.id)?.sourceId ?? null,
    }))
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
}

export async function countFeedArticles(db: Db, id: string): Promise<number> {
  return (await feedArticles(db, id)).articleCount;
}

/** How many stored articles came from the feed, and the outlet they are stored under. */
export async function feedArticles(db: Db, id: string): Promise<{ articleCount: number; sourceId: string | null }> {
  const row = await db
    .selectFrom('articles')
    .select([(eb) => eb.fn.countAll<number | string>().as('n'), (eb) => eb.fn.min('source_id').as('source_id')])
    .where('feed_id', '=', id)
    .executeTakeFirstOrThrow();
  return { articleCount: Number(row.n), sourceId: row.source_id ?? null };
}

export async function updateFeed(db: Db, id: string, update: FeedUpdate): Promise<void> {
  const set: Record<string, unknown> = { updated_at: new Date().toISOString() };
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined) continue;
    const words = key === 'title' || key === 'folder' || key === 'lastError';
    set[columns[key as keyof FeedUpdate]] = words ? plainText(value as string | null) : value;
  }
  await db.updateTable('feeds').set(set).where('id', '=', id).execute();
}

/**
 * Stops following a feed and drops its polling job. Its articles stay in the store (they are the user's
 * clippings now); they no longer count against the feed.
 */
export async function removeFeed(db: Kysely<Schema>, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const deleted = await trx.deleteFrom('feeds').where('id', '=', id).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) return false;
    await trx.updateTable('articles').set({ feed_id: null }).where('feed_id', '=', id).execute();
    await trx.deleteFrom('jobs').where('key', '=', pollKey(id)).execute();
    return true;
  });
}

/** The stored entry hashes of these GUIDs in a feed: an entry whose hash is unchanged needs no write. */
export async function feedEntryHashes(db: Db, feedId: string, guids: string[]): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (let i = 0; i < guids.length; i += 500) {
    const rows = await db
      .selectFrom('articles')
      .select(['guid', 'entry_hash'])
      .where('feed_id', '=', feedId)
      .where('guid', 'in', guids.slice(i, i + 500))
      .execute();
    for (const row of rows) if (row.guid && row.entry_hash) hashes.set(row.guid, row.entry_hash);
  }
  return hashes;
}

/** The feeds Readout follows, as the store offers them. */
export const feedReads = (db: Kysely<Schema>) =>
  withDb(db, {
    getFeed: keyed(getFeed, null),
    findFeedByUrl: keyed(findFeedByUrl, null),
    listFeeds,
    countFeedArticles,
    feedArticles,
    feedEntryHashes,
  });

export const feedWrites = (db: Kysely<Schema>) =>
  withDb(db, { addFeed, updateFeed, removeFeed: keyed(removeFeed, false) });
