// Which stored article a draft is another version of: the same id, the same feed entry, the same canonical URL,
// or the same text. One draft at a time (findExisting), or a whole batch with one query per kind of key.
import type { Transaction } from 'kysely';
import type { Db, Schema } from '../db.js';
import type { NormalArticle } from './normalise.js';

/** The keys a draft is known by: a stored article that holds any of them is another version of it. */
export interface Identity {
  contentHash: string;
  id: string | null;
  /** The feed entry it came from, by the entry's GUID. */
  entry: { feedId: string; guid: string } | null;
  canonicalUrl: string | null;
}

export function identityOf(article: NormalArticle, contentHash: string): Identity {
  const entry = article.feedEntry;
  return {
    contentHash,
    id: article.id || null,
    entry: entry?.guid ? { feedId: entry.feedId, guid: entry.guid } : null,
    canonicalUrl: article.canonicalUrl || null,
  };
}

/** Keys of several identities, one set per kind, to ask whether an identity shares any key with them. */
export class Identities {
  readonly contentHashes = new Set<string>();
  readonly ids = new Set<string>();
  readonly canonicalUrls = new Set<string>();
  /** GUIDs by feed id. */
  readonly entries = new Map<string, Set<string>>();

  add(identity: Identity): void {
    this.contentHashes.add(identity.contentHash);
    if (identity.id !== null) this.ids.add(identity.id);
    if (identity.entry !== null) this.addEntry(identity.entry.feedId, identity.entry.guid);
    if (identity.canonicalUrl !== null) this.canonicalUrls.add(identity.canonicalUrl);
  }

  addEntry(feedId: string, guid: string): void {
    const guids = this.entries.get(feedId);
    if (guids) guids.add(guid);
    else this.entries.set(feedId, new Set([guid]));
  }

  sharesKey(identity: Identity): boolean {
    return (
      this.contentHashes.has(identity.contentHash) ||
      (identity.id !== null && this.ids.has(identity.id)) ||
      (identity.entry !== null && this.entries.get(identity.entry.feedId)?.has(identity.entry.guid) === true) ||
      (identity.canonicalUrl !== null && this.canonicalUrls.has(identity.canonicalUrl))
    );
  }
}

/** The keys of the batch's identities that stored articles already hold: one query per kind of key. */
export async function storedIdentities(trx: Transaction<Schema>, batch: Identity[]): Promise<Identities> {
  const wanted = new Identities();
  for (const identity of batch) wanted.add(identity);
  const found = new Identities();
  const select = trx.selectFrom('articles');
  for (const [column, values, into] of [
    ['content_hash', wanted.contentHashes, found.contentHashes],
    ['id', wanted.ids, found.ids],
    ['canonical_url', wanted.canonicalUrls, found.canonicalUrls],
  ] as const) {
    for (const part of chunks([...values], lookupChunk)) {
      const rows = await select.select(`${column} as key`).where(column, 'in', part).execute();
      for (const row of rows) if (row.key !== null) into.add(row.key);
    }
  }
  for (const [feedId, guids] of wanted.entries) {
    for (const part of chunks([...guids], lookupChunk)) {
      const rows = await select.select('guid').where('feed_id', '=', feedId).where('guid', 'in', part).execute();
      for (const row of rows) if (row.guid !== null) found.addEntry(feedId, row.guid);
    }
  }
  return found;
}

const lookupChunk = 5_000;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** The stored article a draft is another version of: same id, same feed entry, same canonical URL, same text. */
export async function findExisting(db: Db, identity: Identity) {
  const select = db.selectFrom('articles').select(['id', 'content_hash', 'created_at', 'guid', 'entry_hash']);
  if (identity.id !== null) {
    const byId = await select.where('id', '=', identity.id).executeTakeFirst();
    if (byId) return byId;
  }
  const entry = identity.entry;
  if (entry !== null) {
    const byGuid = await select.where('feed_id', '=', entry.feedId).where('guid', '=', entry.guid).executeTakeFirst();
    if (byGuid) return byGuid;
  }
  if (identity.canonicalUrl !== null) {
    const byUrl = await select.where('canonical_url', '=', identity.canonicalUrl).executeTakeFirst();
    if (byUrl) return byUrl;
  }
  return select.where('content_hash', '=', identity.contentHash).executeTakeFirst();
}
