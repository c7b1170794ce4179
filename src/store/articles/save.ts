// Saving articles: one draft, or a batch in one transaction, each stored new, merged into its stored twin, or
// found to be a duplicate of it (identity.ts says which stored article a draft is another version of).
import type { Kysely, Transaction } from 'kysely';
import type { ArticleDraft, SaveRefusal, SaveResult, Source } from '../../model.js';
import { paragraphsToHtml } from '../body.js';
import { type Schema, StoreError } from '../db.js';
import { contentHash, headlineKey, newId } from '../keys.js';
import { findOrCreateSource } from '../sources.js';
import { findExisting, Identities, type Identity, identityOf, storedIdentities } from './identity.js';
import { InvalidArticle, type NormalArticle, normaliseDraft, sortStamp } from './normalise.js';

/** Normalise, deduplicate and store one article in one transaction. */
export async function saveArticle(db: Kysely<Schema>, draft: ArticleDraft): Promise<SaveResult> {
  const article = normaliseDraft(draft);
  const now = new Date().toISOString();
  return withWarnings(await db.transaction().execute((trx) => storeArticle(trx, article, now)), article);
}

function withWarnings(result: SaveResult, article: NormalArticle): SaveResult {
  return article.warnings.length > 0 ? { ...result, warnings: article.warnings } : result;
}

/**
 * Several drafts in one transaction, for bulk imports and feed polls: one commit instead of one per article.
 * A draft the store refuses is reported in its place (`{outcome: 'error', message}`) and the others are stored.
 */
export async function saveArticles(
  db: Kysely<Schema>,
  drafts: ArticleDraft[],
): Promise<Array<SaveResult | SaveRefusal>> {
  const now = new Date().toISOString();
  const results: Array<SaveResult | SaveRefusal> = new Array(drafts.length);
  const valid: Array<[number, NormalArticle]> = [];
  drafts.forEach((draft, i) => {
    try {
      valid.push([i, normaliseDraft(draft)]);
    } catch (err) {
      if (!(err instanceof InvalidArticle)) throw err;
      results[i] = { outcome: 'error', message: err.message };
    }
  });
  if (valid.length === 0) return results;
  await db.transaction().execute((trx) => storeBatch(trx, valid, results, now));
  for (const [index, article] of valid) results[index] = withWarnings(results[index] as SaveResult, article);
  return results;
}

/** A draft of a batch on its way in: where its result goes, its row, and the keys it is known by. */
interface BatchItem {
  index: number;
  article: NormalArticle;
  row: NewArticleRow;
  identity: Identity;
}

/**
 * New articles, the common case of an import, are looked up and inserted a batch at a time: one query per kind
 * of key (id, feed entry, canonical URL, content hash) for the whole batch, then multi-row inserts. A draft that
 * meets a stored article, or an earlier draft of the same batch, goes through storeArticle afterwards, in its
 * order, so the outcome is the one that saving the drafts one by one would give.
 */
async function storeBatch(
  trx: Transaction<Schema>,
  valid: Array<[number, NormalArticle]>,
  results: Array<SaveResult | SaveRefusal>,
  now: string,
): Promise<void> {
  const sources = new Map<string, Promise<Source>>();
  const sourceOf = (input: NormalArticle['source']) => {
    const key = JSON.stringify([input.name, input.homepage, input.paywalled]);
    let source = sources.get(key);
    if (!source) {
      source = findOrCreateSource(trx, input, now);
      sources.set(key, source);
    }
    return source;
  };
  const items: BatchItem[] = [];
  for (const [index, article] of valid) {
    const row = articleRow(article, await sourceOf(article.source), now);
    items.push({ index, article, row, identity: identityOf(article, row.content_hash) });
  }
  const stored = await storedIdentities(
    trx,
    items.map((item) => item.identity),
  );
  const claimed = new Identities();
  const fresh: BatchItem[] = [];
  const later: BatchItem[] = [];
  for (const item of items) {
    (stored.sharesKey(item.identity) || claimed.sharesKey(item.identity) ? later : fresh).push(item);
    claimed.add(item.identity);
  }
  later.push(...(await insertFresh(trx, fresh, results)));
  later.sort((a, b) => a.index - b.index);
  for (const item of later) results[item.index] = await storeArticle(trx, item.article, now);
}

/** Inserts the batch's new articles, many rows a statement; gives back those another writer stored meanwhile. */
async function insertFresh(
  trx: Transaction<Schema>,
  fresh: BatchItem[],
  results: Array<SaveResult | SaveRefusal>,
): Promise<BatchItem[]> {
  const taken: BatchItem[] = [];
  // Oldest first: SQLite's search index keys rows by day, and FTS5 writes out what it holds whenever a key
  // comes lower than the one before, so a batch in date order becomes one index segment, not hundreds.
  fresh.sort((a, b) => (a.row.sort_at < b.row.sort_at ? -1 : a.row.sort_at > b.row.sort_at ? 1 : 0));
  for (let start = 0; start < fresh.length; start += insertChunk) {
    const chunk: BatchItem[] = [];
    const values: Array<NewArticleRow & { id: string }> = [];
    const ids = new Set<string>();
    for (const item of fresh.slice(start, start + insertChunk)) {
      const id = item.article.id ?? newId();
      // Two rows of one statement with one id would both read as stored while only the first is.
      if (ids.has(id)) taken.push(item);
      else {
        ids.add(id);
        chunk.push(item);
        values.push({ ...item.row, id });
      }
    }
    const inserted = await trx
      .insertInto('articles')
      .values(values)
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .execute();
    const stored = new Set(inserted.map((r) => r.id));
    chunk.forEach((item, i) => {
      if (stored.has(values[i]!.id)) results[item.index] = { outcome: 'imported', id: values[i]!.id };
      else taken.push(item); // another writer stored it meanwhile: let the one-by-one path say what became of it
    });
  }
  return taken;
}

/** Rows per multi-row INSERT: 500 × 25 columns stays under SQLite's 32,766 bound parameters. */
const insertChunk = 500;

type NewArticleRow = ReturnType<typeof articleRow>;

function articleRow(article: NormalArticle, source: Source, now: string) {
  const bodyText = article.paragraphs.join('\n');
  const createdAt = article.createdAt ? sortStamp(article.createdAt) : now;
  const entry = article.feedEntry;
  const headline_key = headlineKey(article.headline);
  return {
    source_id: source.id,
    url: article.url,
    canonical_url: article.canonicalUrl,
    headline: article.headline,
    headline_key,
    deck: article.deck,
    byline: article.byline,
    published_at: article.publishedAt,
    language: article.language,
    body_html: article.bodyHtml === paragraphsToHtml(article.paragraphs) ? '' : article.bodyHtml,
    body_text: bodyText,
    related: JSON.stringify(article.related),
    paywalled: article.paywalled || source.paywalled ? 1 : 0,
    extraction_method: article.extraction.method,
    extraction_version: article.extraction.version,
    content_hash: contentHash([source.id, headline_key, bodyText]),
    created_at: createdAt,
    updated_at: now,
    sort_at: sortStamp(article.publishedAt ?? createdAt),
    feed_id: entry?.feedId ?? null,
    guid: entry?.guid ?? null,
    entry_hash: entry?.entryHash ?? null,
  };
}

async function storeArticle(trx: Transaction<Schema>, article: NormalArticle, now: string): Promise<SaveResult> {
  const source = await findOrCreateSource(trx, article.source, now);
  const { created_at: createdAt, feed_id, guid, entry_hash, ...fields } = articleRow(article, source, now);
  const hash = fields.content_hash;
  const entry = article.feedEntry;
  const row = { ...fields, ...(entry ? { feed_id, guid, entry_hash } : {}) };

  const identity = identityOf(article, hash);
  const existing = await findExisting(trx, identity);
  if (existing) {
    if (existing.content_hash === hash) {
      // Same text; a feed entry may still bring a new GUID or entry hash worth remembering.
      if (entry && (existing.guid !== entry.guid || existing.entry_hash !== entry.entryHash))
        await trx
          .updateTable('articles')
          .set({ feed_id: entry.feedId, guid: entry.guid, entry_hash: entry.entryHash })
          .where('id', '=', existing.id)
          .execute();
      return { outcome: 'duplicate', id: existing.id };
    }
    const clash = await trx.selectFrom('articles').select('id').where('content_hash', '=', hash).executeTakeFirst();
    if (clash) return { outcome: 'duplicate', id: clash.id };
    const sortAt = article.publishedAt ? row.sort_at : sortStamp(existing.created_at);
    await trx
      .updateTable('articles')
      .set({ ...row, sort_at: sortAt })
      .where('id', '=', existing.id)
      .execute();
    return { outcome: 'updated', id: existing.id };
  }

  const id = article.id ?? newId();
  const inserted = await trx
    .insertInto('articles')
    .values({ ...row, id, created_at: createdAt })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
    // Another writer stored the same article between our look-up and our insert.
    const other = await findExisting(trx, identity);
    if (other) return { outcome: 'duplicate', id: other.id };
    throw new StoreError(
      `article "${article.headline.slice(0, 60)}" could not be stored: id ${id} is taken`,
      'invalid',
    );
  }
  return { outcome: 'imported', id };
}
