// Articles: the single door in (saveArticle: normalise, deduplicate, store in one transaction) and the reads.
import type { Compilable, CompiledQuery, Kysely, Selectable, Transaction } from 'kysely';
import { isDateProblem, readDate } from '../calendar.js';
import type {
  Article,
  ArticleDraft,
  ArticleSummary,
  FeedEntryRef,
  Page,
  RelatedLink,
  ResolvedRelatedLink,
  SaveRefusal,
  SaveResult,
  Source,
} from '../model.js';
import { htmlToParagraphs, paragraphsToHtml, sanitizeBodyHtml } from './body.js';
import { decodeCursor, encodeCursor, type ListCursor } from './cursor.js';
import { type ArticleTable, type Schema, StoreError } from './db.js';

export { InvalidCursor } from './cursor.js';

import { contentHash, headlineKey, idPattern, newId } from './keys.js';
import { findOrCreateSource, toSource } from './sources.js';
import { keyed, keyedList, withDb } from './surface.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/** An article record that cannot be stored as it is; the message names the field and what to do. */
export class InvalidArticle extends StoreError {
  override name = 'InvalidArticle';
}

const limits = { headline: 1_000, deck: 2_000, byline: 500, paragraph: 100_000, paragraphs: 5_000, related: 200 };

function cleanLine(text: string | null | undefined): string | null {
  if (text == null) return null;
  const clean = text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return clean === '' ? null : clean;
}

function cleanUrl(url: string | null | undefined, field: string): string | null {
  const text = cleanLine(url);
  if (text == null) return null;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new InvalidArticle(`${field} "${text.slice(0, 80)}" is not a URL; give an absolute http(s) URL or null`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InvalidArticle(`${field} must be an http or https URL, not ${parsed.protocol}`);
  }
  return parsed.href;
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An ISO 8601 date or timestamp, kept as given (its time zone included). Text not written as a date is refused;
 * a date that is written as one but is not on the calendar (2026-02-30, 0000-01-01) is no date: it is left out
 * with a warning, and the article is stored.
 */
function cleanTimestamp(value: string | null | undefined, field: string, warnings: string[]): string | null {
  const text = cleanLine(value);
  if (text == null) return null;
  const reading = readDate(text);
  if (!isDateProblem(reading)) return text;
  const shown = `${field} "${text.slice(0, 40)}"`;
  if (reading.problem === 'form') throw new InvalidArticle(`${shown} ${reading.reason}`);
  const instead = field === 'publishedAt' ? 'the article is stored without a date' : 'the time of this import is used';
  warnings.push(`${shown} ${reading.reason}; ${instead}`);
  return null;
}

/** A full UTC timestamp for ordering; a date alone counts as its midnight UTC. */
function sortStamp(iso: string): string {
  return new Date(datePattern.test(iso) ? `${iso}T00:00:00Z` : iso).toISOString();
}

interface NormalArticle {
  id: string | null;
  url: string | null;
  canonicalUrl: string | null;
  headline: string;
  deck: string | null;
  byline: string | null;
  publishedAt: string | null;
  language: string | null;
  source: { name: string; homepage: string | null; paywalled: boolean };
  paragraphs: string[];
  bodyHtml: string;
  related: RelatedLink[];
  paywalled: boolean;
  extraction: { method: string; version: string };
  createdAt: string | null;
  feedEntry: FeedEntryRef | null;
  /** What was left out of the draft, and why (an impossible date). */
  warnings: string[];
}

export function normaliseDraft(draft: ArticleDraft): NormalArticle {
  const headline = cleanLine(draft.headline);
  if (!headline) throw new InvalidArticle('headline is empty; every article needs a headline');
  if (headline.length > limits.headline)
    throw new InvalidArticle(`headline is longer than ${limits.headline} characters`);
  const sourceName = cleanLine(draft.source?.name);
  if (!sourceName) throw new InvalidArticle('source name is empty; say which outlet published the article');
  if (draft.id != null && !idPattern.test(draft.id)) {
    throw new InvalidArticle(`id "${String(draft.id).slice(0, 40)}" may hold only a-z, 0-9, - and _ (64 at most)`);
  }
  const sanitised = draft.bodyHtml ? sanitizeBodyHtml(draft.bodyHtml) : '';
  let paragraphs = (draft.paragraphs ?? []).map((p) => cleanLine(p)).filter((p): p is string => p !== null);
  if (paragraphs.length === 0 && sanitised) paragraphs = htmlToParagraphs(sanitised);
  if (paragraphs.length > limits.paragraphs) throw new InvalidArticle(`more than ${limits.paragraphs} paragraphs`);
  if (paragraphs.some((p) => p.length > limits.paragraph)) {
    throw new InvalidArticle(`a paragraph is longer than ${limits.paragraph} characters`);
  }
  const deck = cleanLine(draft.deck);
  const byline = cleanLine(draft.byline);
  const related: RelatedLink[] = [];
  const seen = new Set<string>();
  for (const link of draft.related ?? []) {
    const title = cleanLine(link.title);
    if (!title) continue;
    const key = headlineKey(title);
    if (seen.has(key)) continue;
    seen.add(key);
    related.push({ title, url: cleanUrl(link.url, 'related url'), paywalled: Boolean(link.paywalled) });
  }
  if (related.length > limits.related) throw new InvalidArticle(`more than ${limits.related} related links`);
  const language = cleanLine(draft.language);
  if (language && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/i.test(language)) {
    throw new InvalidArticle(`language "${language.slice(0, 20)}" is not a language tag such as en or pt-BR`);
  }
  const warnings: string[] = [];
  const publishedAt = cleanTimestamp(draft.publishedAt, 'publishedAt', warnings);
  const createdAt = draft.createdAt ? cleanTimestamp(draft.createdAt, 'createdAt', warnings) : null;
  return {
    id: draft.id ?? null,
    url: cleanUrl(draft.url, 'url'),
    canonicalUrl: cleanUrl(draft.canonicalUrl, 'canonicalUrl'),
    headline,
    deck: deck && deck.length > limits.deck ? deck.slice(0, limits.deck) : deck,
    byline: byline && byline.length > limits.byline ? byline.slice(0, limits.byline) : byline,
    publishedAt,
    language,
    source: {
      name: sourceName,
      homepage: cleanUrl(draft.source.homepage, 'source homepage'),
      paywalled: Boolean(draft.source.paywalled),
    },
    paragraphs,
    bodyHtml: sanitised || paragraphsToHtml(paragraphs),
    related,
    paywalled: Boolean(draft.paywalled),
    extraction: {
      method: cleanLine(draft.extraction?.method) ?? 'unknown',
      version: cleanLine(draft.extraction?.version) ?? '0',
    },
    createdAt,
    feedEntry: draft.feedEntry ?? null,
    warnings,
  };
}

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
 * A draft the store refuses is reported in its place and the others are stored.
 *
 * New articles, the common case of an import, are looked up and inserted a batch at a time: one query per kind
 * of key (id, feed entry, canonical URL, content hash) for the whole batch, then multi-row inserts. A draft that
 * meets a stored article, or an earlier draft of the same batch, goes through storeArticle afterwards, in its
 * order, so the outcome is the one that saving the drafts one by one would give.
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
  await db.transaction().execute(async (trx) => {
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
    const rows: Array<{ index: number; article: NormalArticle; row: NewArticleRow; keys: string[] }> = [];
    for (const [index, article] of valid) {
      const row = articleRow(article, await sourceOf(article.source), now);
      rows.push({ index, article, row, keys: identityKeys(article, row.content_hash) });
    }
    const stored = await storedKeys(
      trx,
      rows.map((r) => r.keys),
    );
    const claimed = new Set<string>();
    const fresh: typeof rows = [];
    const later: typeof rows = [];
    for (const item of rows) {
      (item.keys.some((key) => stored.has(key) || claimed.has(key)) ? later : fresh).push(item);
      for (const key of item.keys) claimed.add(key);
    }
    // Oldest first: SQLite's search index keys rows by day, and FTS5 writes out what it holds whenever a key
    // comes lower than the one before, so a batch in date order becomes one index segment, not hundreds.
    fresh.sort((a, b) => (a.row.sort_at < b.row.sort_at ? -1 : a.row.sort_at > b.row.sort_at ? 1 : 0));
    for (let start = 0; start < fresh.length; start += insertChunk) {
      const chunk = fresh.slice(start, start + insertChunk);
      const values = chunk.map(({ article, row }) => ({ ...row, id: article.id ?? newId() }));
      const inserted = await trx
        .insertInto('articles')
        .values(values)
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .execute();
      const ids = new Set(inserted.map((r) => r.id));
      chunk.forEach((item, i) => {
        if (ids.has(values[i]!.id)) results[item.index] = { outcome: 'imported', id: values[i]!.id };
        else later.push(item); // another writer stored it meanwhile: let the one-by-one path say what became of it
      });
    }
    later.sort((a, b) => a.index - b.index);
    for (const item of later) results[item.index] = await storeArticle(trx, item.article, now);
  });
  for (const [index, article] of valid) results[index] = withWarnings(results[index] as SaveResult, article);
  return results;
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

/** The keys findExisting matches a draft by, as strings: a stored article holding any of them is its twin. */
function identityKeys(article: NormalArticle, hash: string): string[] {
  const keys = [`h ${hash}`];
  if (article.id) keys.push(`i ${article.id}`);
  if (article.feedEntry?.guid) keys.push(`g ${article.feedEntry.feedId} ${article.feedEntry.guid}`);
  if (article.canonicalUrl) keys.push(`c ${article.canonicalUrl}`);
  return keys;
}

/** Which of the batch's identity keys are already stored: one query per kind of key. */
async function storedKeys(trx: Transaction<Schema>, batch: string[][]): Promise<Set<string>> {
  const wanted = { h: new Set<string>(), i: new Set<string>(), c: new Set<string>(), g: new Map<string, string[]>() };
  for (const keys of batch) {
    for (const key of keys) {
      const kind = key[0];
      const value = key.slice(2);
      if (kind === 'h') wanted.h.add(value);
      else if (kind === 'i') wanted.i.add(value);
      else if (kind === 'c') wanted.c.add(value);
      else {
        const space = value.indexOf(' ');
        const feed = value.slice(0, space);
        const guids = wanted.g.get(feed) ?? [];
        guids.push(value.slice(space + 1));
        wanted.g.set(feed, guids);
      }
    }
  }
  const found = new Set<string>();
  const select = trx.selectFrom('articles');
  for (const [kind, column, values] of [
    ['h', 'content_hash', wanted.h],
    ['i', 'id', wanted.i],
    ['c', 'canonical_url', wanted.c],
  ] as const) {
    for (const part of chunks([...values], lookupChunk)) {
      const rows = await select.select(`${column} as key`).where(column, 'in', part).execute();
      for (const row of rows) found.add(`${kind} ${row.key}`);
    }
  }
  for (const [feed, guids] of wanted.g) {
    for (const part of chunks(guids, lookupChunk)) {
      const rows = await select.select('guid').where('feed_id', '=', feed).where('guid', 'in', part).execute();
      for (const row of rows) found.add(`g ${feed} ${row.guid}`);
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

async function storeArticle(trx: Transaction<Schema>, article: NormalArticle, now: string): Promise<SaveResult> {
  const source = await findOrCreateSource(trx, article.source, now);
  const { created_at: createdAt, feed_id, guid, entry_hash, ...fields } = articleRow(article, source, now);
  const hash = fields.content_hash;
  const entry = article.feedEntry;
  const row = { ...fields, ...(entry ? { feed_id, guid, entry_hash } : {}) };

  const existing = await findExisting(trx, article, hash);
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
    const other = await findExisting(trx, article, hash);
    if (other) return { outcome: 'duplicate', id: other.id };
    throw new StoreError(`article "${article.headline.slice(0, 60)}" could not be stored: id ${id} is taken`);
  }
  return { outcome: 'imported', id };
}

/** The stored article a draft is another version of: same id, same feed entry, same canonical URL, same text. */
async function findExisting(db: Db, article: NormalArticle, hash: string) {
  const select = db.selectFrom('articles').select(['id', 'content_hash', 'created_at', 'guid', 'entry_hash']);
  if (article.id) {
    const byId = await select.where('id', '=', article.id).executeTakeFirst();
    if (byId) return byId;
  }
  const entry = article.feedEntry;
  if (entry?.guid) {
    const byGuid = await select.where('feed_id', '=', entry.feedId).where('guid', '=', entry.guid).executeTakeFirst();
    if (byGuid) return byGuid;
  }
  if (article.canonicalUrl) {
    const byUrl = await select.where('canonical_url', '=', article.canonicalUrl).executeTakeFirst();
    if (byUrl) return byUrl;
  }
  return select.where('content_hash', '=', hash).executeTakeFirst();
}

const articleColumns = [
  'articles.id',
  'articles.url',
  'articles.canonical_url',
  'articles.headline',
  'articles.deck',
  'articles.byline',
  'articles.published_at',
  'articles.language',
  'articles.body_text',
  'articles.body_html',
  'articles.related',
  'articles.paywalled',
  'articles.extraction_method',
  'articles.extraction_version',
  'articles.created_at',
  'articles.updated_at',
  'articles.sort_at',
  'sources.id as source_id',
  'sources.name as source_name',
  'sources.homepage as source_homepage',
  'sources.paywalled as source_paywalled',
] as const;

type ArticleRow = Pick<
  Selectable<ArticleTable>,
  | 'id'
  | 'url'
  | 'canonical_url'
  | 'headline'
  | 'deck'
  | 'byline'
  | 'published_at'
  | 'language'
  | 'body_text'
  | 'body_html'
  | 'related'
  | 'paywalled'
  | 'extraction_method'
  | 'extraction_version'
  | 'created_at'
  | 'updated_at'
  | 'sort_at'
> & { source_id: string; source_name: string; source_homepage: string | null; source_paywalled: number };

function toArticle(row: ArticleRow): Article {
  // A paragraph holds no line break (cleanLine), so the text's lines are the paragraphs.
  const paragraphs = row.body_text === '' ? [] : row.body_text.split('\n');
  return {
    id: row.id,
    url: row.url,
    canonicalUrl: row.canonical_url,
    headline: row.headline,
    deck: row.deck,
    byline: row.byline,
    publishedAt: row.published_at,
    language: row.language,
    source: toSource({
      id: row.source_id,
      name: row.source_name,
      homepage: row.source_homepage,
      paywalled: row.source_paywalled,
    }),
    paragraphs,
    bodyHtml: row.body_html || paragraphsToHtml(paragraphs),
    related: JSON.parse(row.related) as RelatedLink[],
    paywalled: row.paywalled === 1,
    extraction: { method: row.extraction_method, version: row.extraction_version },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * A query that Kysely builds once and that then runs with new parameters. The reading pages ask the same
 * few queries thousands of times a second, and building them anew cost more than running them.
 */
function prepared<Row, Shape extends string | number>(build: (db: Kysely<Schema>, shape: Shape) => Compilable<Row>) {
  const cache = new WeakMap<Kysely<Schema>, Map<Shape, CompiledQuery<Row>>>();
  return async (db: Kysely<Schema>, shape: Shape, parameters: unknown[]): Promise<Row[]> => {
    let byShape = cache.get(db);
    if (!byShape) {
      byShape = new Map();
      cache.set(db, byShape);
    }
    let compiled = byShape.get(shape);
    if (!compiled) {
      compiled = build(db, shape).compile();
      byShape.set(shape, compiled);
    }
    return (await db.executeQuery<Row>({ ...compiled, parameters })).rows;
  };
}

const articleById = prepared((db) =>
  db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select(articleColumns)
    .where('articles.id', '=', '?'),
);

export async function getArticle(db: Kysely<Schema>, id: string): Promise<Article | null> {
  if (!idPattern.test(id)) return null;
  const [row] = await articleById(db, 0, [id]);
  return row ? toArticle(row) : null;
}

export interface ListArticlesQuery {
  /** 1-based page number; ignored when `cursor` is given. */
  page?: number;
  perPage: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
  sourceId?: string;
}

/** Newest first (published time, else the time Readout stored it). */
export async function listArticles(db: Db, query: ListArticlesQuery): Promise<Page<ArticleSummary>> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const page = cursor ? 1 : Math.max(1, Math.floor(query.page ?? 1));
  let base = db.selectFrom('articles').innerJoin('sources', 'sources.id', 'articles.source_id');
  if (query.sourceId) base = base.where('articles.source_id', '=', query.sourceId);

  // Counted on articles alone: every article has its source, and the join would make the count scan it.
  let counted = db.selectFrom('articles');
  if (query.sourceId) counted = counted.where('source_id', '=', query.sourceId);
  const totalRow = await counted.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const total = Number(totalRow.n);

  let list = base
    .select([
      'articles.id',
      'articles.headline',
      'articles.deck',
      'articles.byline',
      'articles.published_at',
      'articles.created_at',
      'articles.paywalled',
      'articles.sort_at',
      'sources.id as source_id',
      'sources.name as source_name',
      'sources.homepage as source_homepage',
      'sources.paywalled as source_paywalled',
    ])
    .orderBy('articles.sort_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(query.perPage + 1);
  if (cursor) {
    list = list.where((eb) =>
      eb.or([
        eb('articles.sort_at', '<', cursor.sortAt),
        eb.and([eb('articles.sort_at', '=', cursor.sortAt), eb('articles.id', '<', cursor.id)]),
      ]),
    );
  } else {
    list = list.offset((page - 1) * query.perPage);
  }
  const rows = await list.execute();
  const more = rows.length > query.perPage;
  const items = rows.slice(0, query.perPage);
  const last = items.at(-1);
  return {
    items: items.map((row) => ({
      id: row.id,
      headline: row.headline,
      deck: row.deck,
      byline: row.byline,
      publishedAt: row.published_at,
      createdAt: row.created_at,
      paywalled: row.paywalled === 1,
      source: toSource({
        id: row.source_id,
        name: row.source_name,
        homepage: row.source_homepage,
        paywalled: row.source_paywalled,
      }),
    })),
    total,
    page,
    perPage: query.perPage,
    pageCount: Math.max(1, Math.ceil(total / query.perPage)),
    nextCursor: more && last ? encodeCursor({ sortAt: last.sort_at, id: last.id }) : null,
  };
}

/** Stored articles that a list of related links may name; the query's shape is its number of titles and URLs. */
const relatedCandidates = prepared((db, shape: string) => {
  const [titles, urls] = shape.split(':').map(Number) as [number, number];
  const keys = Array.from({ length: titles }, () => '?');
  const links = Array.from({ length: urls }, () => '?');
  return db
    .selectFrom('articles')
    .select(['id', 'headline_key', 'url', 'canonical_url', 'sort_at'])
    .where('id', '!=', '?')
    .where((eb) => {
      const byHeadline = eb.and([eb('source_id', '=', '?'), eb('headline_key', 'in', keys)]);
      if (links.length === 0) return byHeadline;
      return eb.or([byHeadline, eb('canonical_url', 'in', links), eb('url', 'in', links)]);
    });
});

/** The article's related links, each with the id of the stored article it names, if Readout has it. */
export async function resolveRelated(db: Kysely<Schema>, article: Article): Promise<ResolvedRelatedLink[]> {
  if (article.related.length === 0) return [];
  const keys = article.related.map((link) => headlineKey(link.title));
  const urls = article.related.map((link) => link.url).filter((u): u is string => u !== null);
  // Parameters in the order the query above names them.
  const rows = await relatedCandidates(db, `${keys.length}:${urls.length}`, [
    article.id,
    article.source.id,
    ...keys,
    ...urls,
    ...urls,
  ]);
  // Sorted here rather than in SQL, so that SQLite can use the (source, headline) index; newest match wins.
  rows.sort((a, b) => (a.sort_at < b.sort_at ? 1 : a.sort_at > b.sort_at ? -1 : 0));
  return article.related.map((link, i) => {
    const match =
      (link.url && rows.find((r) => r.canonical_url === link.url || r.url === link.url)) ||
      rows.find((r) => r.headline_key === keys[i]);
    return { ...link, articleId: match ? match.id : null };
  });
}

export async function countArticles(db: Db): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every article oldest first, read in batches so that memory stays flat on large stores. */
export async function* eachArticle(db: Db, batchSize = 500): AsyncIterable<Article> {
  let after: ListCursor | null = null;
  for (;;) {
    let query = db
      .selectFrom('articles')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .select(articleColumns)
      .orderBy('articles.sort_at', 'asc')
      .orderBy('articles.id', 'asc')
      .limit(batchSize);
    if (after) {
      const { sortAt, id } = after;
      query = query.where((eb) =>
        eb.or([
          eb('articles.sort_at', '>', sortAt),
          eb.and([eb('articles.sort_at', '=', sortAt), eb('articles.id', '>', id)]),
        ]),
      );
    }
    const rows = await query.execute();
    for (const row of rows) yield toArticle(row);
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    after = { sortAt: last.sort_at, id: last.id };
  }
}

/** Several articles by id in one query, in the order of `ids`. */
export async function getArticles(db: Db, ids: string[]): Promise<Article[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select(articleColumns)
    .where('articles.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, toArticle(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The stored article that was fetched from, or names as canonical, this URL. */
export async function findArticleByUrl(db: Db, url: string): Promise<Article | null> {
  const row = await db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .select(articleColumns)
    .where((eb) => eb.or([eb('articles.canonical_url', '=', url), eb('articles.url', '=', url)]))
    .orderBy('articles.created_at', 'asc')
    .executeTakeFirst();
  return row ? toArticle(row) : null;
}

/** Articles in: the single door. */
export const articleWrites = (db: Kysely<Schema>) => withDb(db, { saveArticle, saveArticles });

export const articleReads = (db: Kysely<Schema>) =>
  withDb(db, {
    getArticle: keyed(getArticle, null),
    getArticles: keyedList(getArticles),
    findArticleByUrl: keyed(findArticleByUrl, null),
    listArticles,
    resolveRelated,
    countArticles,
    eachArticle,
  });
