// The one place that joins ingest to store: files and texts in, drafts out of ingest, saved by the store.
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { AppContext } from './context.js';
import { ClippingError, type ClippingOptions, parseClippings } from './ingest/clipping.js';
import type { FoundFeed } from './ingest/feeds/discover.js';
import { type EntryDraft, entryDraft, type FeedIdentity } from './ingest/feeds/entry.js';
import type { ParsedFeed } from './ingest/feeds/normalise.js';
import type { FetchedPage } from './ingest/http.js';
import { parseRecord, RecordError, validateRecord } from './ingest/record.js';
import { decodeHtml, decodeText, NotText } from './ingest/text.js';
import { canonicaliseUrl, parseArticleUrl } from './ingest/url.js';
import type { ArticleDraft, Feed, SaveOutcome, SaveResult } from './model.js';
import { DatabaseBusy, StoreError } from './store/db.js';
import { pollKey } from './store/feeds.js';

export type InputKind = 'clipping' | 'jsonl' | 'json' | 'html';

export interface ImportItem {
  line: number;
  outcome: SaveOutcome;
  id: string;
  headline: string;
}

export interface ImportProblem {
  line: number | null;
  message: string;
}

export interface FileReport {
  file: string;
  kind: InputKind;
  items: ImportItem[];
  errors: ImportProblem[];
  /** Articles stored with something left out (an impossible date), and what. */
  warnings: ImportProblem[];
  counts: Record<SaveOutcome | 'error', number>;
}

export interface ImportOptions extends ClippingOptions {
  /** Called after each article of a large file, for progress on a terminal. */
  onArticle?: (report: FileReport) => void;
}

/** An input the user can fix: the message says what is wrong and what to do. */
export class InputError extends Error {
  override name = 'InputError';
}

const kinds: Record<string, InputKind> = {
  '.txt': 'clipping',
  '.text': 'clipping',
  '.clip': 'clipping',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
};

/** The kind of input a file holds, from its extension; a file without one is taken for a text clipping. */
export function inputKind(path: string): InputKind | null {
  const extension = extname(path).toLowerCase();
  if (extension === '') return 'clipping';
  if (extension === '.gz') return inputKind(path.slice(0, -3)) === 'html' ? 'html' : null;
  return kinds[extension] ?? null;
}

/**
 * The files named, with folders walked recursively for the file kinds Readout reads (hidden files and
 * other extensions in folders are passed over). A path that does not exist is an InputError.
 */
export async function collectFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch {
      throw new InputError(`${path}: no such file or folder`);
    }
    if (info.isDirectory()) files.push(...(await walk(path)));
    else files.push(path);
  }
  return files;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (entry.isFile() && inputKind(entry.name) !== null && extname(entry.name) !== '') files.push(path);
  }
  return files;
}

/** Stores one draft; a draft the store refuses becomes an InputError with the store's reason. */
export async function saveDraft(ctx: AppContext, draft: ArticleDraft): Promise<SaveResult> {
  try {
    return await ctx.store.saveArticle(draft);
  } catch (err) {
    if (err instanceof StoreError && err.name === 'InvalidArticle') throw new InputError(err.message);
    throw err;
  }
}

function emptyReport(file: string, kind: InputKind): FileReport {
  return {
    file,
    kind,
    items: [],
    errors: [],
    warnings: [],
    counts: { imported: 0, duplicate: 0, updated: 0, error: 0 },
  };
}

/** Saved pages may be large; this is the most Readout reads of one, the same cap as for fetched pages. */
const pageByteLimit = 15 * 1024 * 1024;

/** A saved web page (.html, or .html.gz) read and extracted into a draft; bad pages are InputErrors. */
export async function readHtmlFile(
  file: string,
  size: number,
  options: { url?: string; maxBytes?: number } = {},
): Promise<ArticleDraft> {
  const max = options.maxBytes ?? pageByteLimit;
  if (size > max)
    throw new InputError(`the page is ${formatBytes(size)}, more than the ${formatBytes(max)} Readout reads`);
  let bytes: Buffer = await readAll(file, size);
  if (file.toLowerCase().endsWith('.gz')) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: max });
    } catch (err) {
      const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      throw new InputError(tooBig ? `the page unpacks to more than ${formatBytes(max)}` : 'the file is not valid gzip');
    }
  }
  return await draftFromPage(decodeHtml(bytes), options.url ?? null);
}

/**
 * An extracted page as a draft. The page's own canonical URL is believed only when it stays on the same
 * site, so that a page cannot claim to be (and overwrite) another site's article.
 */
export async function draftFromPage(html: string, url: string | null): Promise<ArticleDraft> {
  // Loaded on first use: linkedom is large, and a server that only serves pages never needs it.
  const { ExtractionError, extractArticle } = await import('./ingest/html/index.js');
  let extracted: ReturnType<typeof extractArticle>;
  try {
    extracted = extractArticle(html, url ? { url } : {});
  } catch (err) {
    if (err instanceof ExtractionError) throw new InputError(err.message);
    throw err;
  }
  const { leadImage: _leadImage, ...draft } = extracted;
  const claimed = draft.canonicalUrl;
  const canonical = claimed && (!url || sameSite(claimed, url)) ? claimed : url;
  return { ...draft, url: url ?? draft.url, canonicalUrl: canonical ? canonicaliseUrl(canonical) : null };
}

function registrableDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  // "news.bbc.co.uk" → "bbc.co.uk": a short second-level label under a country code is part of the suffix.
  const keep = labels.length > 2 && labels.at(-1)!.length === 2 && labels.at(-2)!.length <= 3 ? 3 : 2;
  return labels.slice(-keep).join('.');
}

function sameSite(a: string, b: string): boolean {
  try {
    return registrableDomain(new URL(a).hostname) === registrableDomain(new URL(b).hostname);
  } catch {
    return false;
  }
}

export interface ClipResult extends SaveResult {
  headline: string;
  /** False when Readout already had the article under that URL and fetched nothing. */
  fetched: boolean;
}

/**
 * Clips one link: the stored article when Readout has it under that URL (tracking parameters aside),
 * else fetch (through the guarded HTTP module), extract and store. Throws InputError for a bad link or
 * a page without an article, InvalidUrl for text that is no http(s) link, and the HTTP module's FetchRefused
 * or FetchFailed.
 */
export async function clipUrl(ctx: AppContext, link: string): Promise<ClipResult> {
  const url = parseArticleUrl(link);
  const known = await ctx.store.findArticleByUrl(canonicaliseUrl(url));
  if (known) return { outcome: 'duplicate', id: known.id, headline: known.headline, fetched: false };
  const page = await ctx.http.fetchPage(url.href);
  const draft = await draftFromPage(page.html, page.url);
  const result = await saveDraft(ctx, draft);
  return { ...result, headline: draft.headline, fetched: true };
}

async function record(ctx: AppContext, report: FileReport, line: number, draft: ArticleDraft): Promise<void> {
  try {
    const result = await saveDraft(ctx, draft);
    saved(report, line, draft, result);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    fail(report, line, err.message);
  }
}

function saved(report: FileReport, line: number, draft: ArticleDraft, result: SaveResult): void {
  report.items.push({ line, outcome: result.outcome, id: result.id, headline: draft.headline });
  report.counts[result.outcome]++;
  for (const message of result.warnings ?? []) report.warnings.push({ line, message });
}

function fail(report: FileReport, line: number | null, message: string): void {
  report.errors.push({ line, message });
  report.counts.error++;
}

/** Imports one file of any kind Readout reads: each article its own transaction, JSONL in batches. Never throws for bad input. */
export async function importFile(ctx: AppContext, file: string, options: ImportOptions = {}): Promise<FileReport> {
  const kind = inputKind(file);
  const report = emptyReport(file, kind ?? 'clipping');
  if (kind === null) {
    fail(
      report,
      null,
      `Readout does not import ${extname(file)} files; it reads text clippings (.txt, .text, .clip or no extension), ` +
        'JSONL exports (.jsonl, .ndjson), JSON records (.json) and saved pages (.html, .htm, .html.gz)',
    );
    return report;
  }
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      fail(report, null, 'not a regular file');
      return report;
    }
    size = info.size;
  } catch {
    fail(report, null, 'no such file');
    return report;
  }
  if (size === 0) {
    fail(report, null, 'the file is empty');
    return report;
  }
  if (kind === 'jsonl') {
    await importJsonLines(ctx, file, report, options);
    return report;
  }
  if (kind === 'html') {
    try {
      const draft = await readHtmlFile(file, size, { maxBytes: pageByteLimit });
      await record(ctx, report, 1, draft);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      fail(report, null, err.message);
    }
    return report;
  }
  const max = ctx.config.maxClippingBytes;
  if (size > max) {
    fail(
      report,
      null,
      `the file is ${formatBytes(size)}, more than the ${formatBytes(max)} a ${kind === 'json' ? 'JSON file' : 'clipping'} may be; ` +
        (kind === 'json'
          ? 'write large exports as JSONL (one article a line)'
          : 'split it, or raise READOUT_MAX_CLIPPING_BYTES'),
    );
    return report;
  }
  const bytes = await readAll(file, size);
  let text: string;
  try {
    text = decodeText(bytes).text;
  } catch (err) {
    if (err instanceof NotText) {
      fail(report, null, err.message);
      return report;
    }
    throw err;
  }
  if (text.trim() === '') {
    fail(report, null, 'the file holds only white space');
    return report;
  }
  if (kind === 'json') await importJsonDocument(ctx, text, report);
  else await importClippingText(ctx, text, report, options);
  return report;
}

async function readAll(file: string, size: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buffer, 0, size, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Imports every clipping in a text; used by files and by POST /api/articles with text/plain. */
export async function importClippingText(
  ctx: AppContext,
  text: string,
  report: FileReport = emptyReport('(text)', 'clipping'),
  options: ClippingOptions = {},
): Promise<FileReport> {
  for (const result of parseClippings(text, options)) {
    if (result instanceof ClippingError) fail(report, result.line, result.message);
    else await record(ctx, report, result.line, result.draft);
  }
  return report;
}

/** Stores the one clipping of a text (an API request); anything else is an InputError and nothing is saved. */
export async function saveClipping(ctx: AppContext, text: string): Promise<SaveResult & { headline: string }> {
  const results = parseClippings(text);
  const problem = results.find((r) => r instanceof ClippingError);
  if (problem) throw new InputError(`line ${problem.line}: ${problem.message}`);
  if (results.length !== 1) {
    throw new InputError(`the text holds ${results.length} clippings; send one at a time (readout import takes many)`);
  }
  const { draft } = results[0] as Exclude<(typeof results)[number], ClippingError>;
  return { ...(await saveDraft(ctx, draft)), headline: draft.headline };
}

async function importJsonDocument(ctx: AppContext, text: string, report: FileReport): Promise<void> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    fail(report, null, `not JSON (${(err as Error).message})`);
    return;
  }
  const records = Array.isArray(value) ? value : [value];
  for (const [i, item] of records.entries()) {
    try {
      await record(ctx, report, i + 1, validateRecord(item));
    } catch (err) {
      if (!(err instanceof RecordError)) throw err;
      fail(report, i + 1, `article ${i + 1}: ${err.message}`);
    }
  }
}

/**
 * Lines of a JSONL file stored together, in one transaction: a bulk import commits once a batch, not once a line,
 * and each batch becomes one segment of the search index. 5,000 lines of news hold the write lock for about two
 * seconds, within the five that other writers wait at a time (busy_timeout; see src/store/db.ts for the retries).
 * The bound on characters keeps a file of very long lines from filling memory.
 */
const jsonLinesBatch = 5_000;
const jsonBatchChars = 32 * 1024 * 1024;

async function importJsonLines(
  ctx: AppContext,
  file: string,
  report: FileReport,
  options: ImportOptions,
): Promise<void> {
  let batch: { line: number; draft: ArticleDraft }[] = [];
  let batchChars = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    let results: Awaited<ReturnType<typeof ctx.store.saveArticles>>;
    try {
      results = await ctx.store.saveArticles(batch.map((item) => item.draft));
    } catch (err) {
      if (!(err instanceof DatabaseBusy)) throw err;
      throw new DatabaseBusy(
        `${file}: lines from ${batch[0]!.line} on were not imported: ${err.message} (a second run skips the lines before as duplicates)`,
      );
    }
    for (const [i, result] of results.entries()) {
      const { line, draft } = batch[i]!;
      if (result.outcome === 'error') fail(report, line, result.message);
      else saved(report, line, draft, result);
    }
    batch = [];
    batchChars = 0;
    options.onArticle?.(report);
  };
  for await (const { line, text, tooLong } of readLines(file, ctx.config.maxClippingBytes)) {
    if (tooLong) {
      fail(report, line, `the line is longer than ${formatBytes(ctx.config.maxClippingBytes)}; skipped`);
      continue;
    }
    if (text.trim() === '') continue;
    try {
      batch.push({ line, draft: parseRecord(text) });
      batchChars += text.length;
    } catch (err) {
      if (!(err instanceof RecordError)) throw err;
      fail(report, line, err.message);
    }
    if (batch.length >= jsonLinesBatch || batchChars >= jsonBatchChars) await flush();
  }
  await flush();
}

/** Lines of a file, streamed; a line longer than `max` bytes is reported, not buffered. */
async function* readLines(file: string, max: number): AsyncGenerator<{ line: number; text: string; tooLong: boolean }> {
  let parts: Buffer[] = [];
  let length = 0;
  let tooLong = false;
  let line = 1;
  const decoder = new TextDecoder('utf-8');
  const finish = () => {
    let text = decoder.decode(Buffer.concat(parts)).replace(/\r$/, '');
    if (line === 1) text = text.replace(/^\ufeff/, '');
    const out = { line, text: tooLong ? '' : text, tooLong };
    parts = [];
    length = 0;
    tooLong = false;
    line++;
    return out;
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      const end = nl === -1 ? chunk.length : nl;
      if (!tooLong) {
        length += end - start;
        if (length > max) {
          tooLong = true;
          parts = [];
        } else parts.push(chunk.subarray(start, end));
      }
      if (nl === -1) break;
      yield finish();
      start = nl + 1;
    }
  }
  if (length > 0 || tooLong) yield finish();
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

export const samplesDir = fileURLToPath(new URL('../samples/', import.meta.url));

/** On an empty store, imports the bundled sample clippings so that the first page is not empty. */
export async function loadSamplesIfEmpty(ctx: AppContext): Promise<number> {
  if (!ctx.config.samples || (await ctx.store.countArticles()) > 0) return 0;
  let imported = 0;
  for (const file of await collectFiles([samplesDir])) {
    const report = await importFile(ctx, file);
    imported += report.counts.imported;
    for (const problem of report.errors) ctx.log.warn({ file, ...problem }, 'sample clipping not imported');
  }
  ctx.log.info({ imported }, 'loaded the bundled sample clippings into the empty store');
  return imported;
}

// ---- Feeds ----------------------------------------------------------------------------------------------------

export interface FeedSaveReport {
  added: number;
  updated: number;
  unchanged: number;
  /** Entries that could not be kept, with the reason. */
  skipped: Array<{ title: string | null; reason: string }>;
  /** Articles whose full text is on their page: the feed gave only a summary. */
  needPage: Array<{ articleId: string; feedId: string; guid: string | null; entryHash: string }>;
}

/** Entries saved per transaction: one commit per batch, short enough not to hold up readers or other writers. */
const entryBatch = 200;

/**
 * Saves a parsed feed's entries as articles: an entry seen before and unchanged costs no write, an edited entry
 * updates its article, a new one is stored at once from the feed's own content. Entries that carry only a summary
 * are listed in `needPage` so that their pages are fetched.
 */
export async function saveFeedEntries(
  ctx: AppContext,
  feed: FeedIdentity,
  parsed: ParsedFeed,
): Promise<FeedSaveReport> {
  const report: FeedSaveReport = { added: 0, updated: 0, unchanged: 0, skipped: [], needPage: [] };
  const entries: EntryDraft[] = [];
  const seen = new Set<string>();
  for (const entry of parsed.entries) {
    const result = entryDraft(feed, parsed, entry);
    if ('skipped' in result) {
      report.skipped.push({ title: entry.title, reason: result.skipped });
      continue;
    }
    // A feed that lists the same GUID twice keeps its first (newest) version.
    if (result.guid && seen.has(result.guid)) continue;
    if (result.guid) seen.add(result.guid);
    entries.push(result);
  }
  const guids = entries.map((e) => e.guid).filter((g): g is string => g !== null);
  const known = await ctx.store.feedEntryHashes(feed.id, guids);
  const changed = entries.filter((e) => {
    const same = e.guid !== null && known.get(e.guid) === e.entryHash;
    if (same) report.unchanged++;
    return !same;
  });
  for (let i = 0; i < changed.length; i += entryBatch) {
    const batch = changed.slice(i, i + entryBatch);
    const results = await ctx.store.saveArticles(batch.map((e) => e.draft));
    results.forEach((result, j) => {
      const entry = batch[j] as EntryDraft;
      if (result.outcome === 'error') {
        report.skipped.push({ title: entry.draft.headline, reason: result.message });
        return;
      }
      if (result.outcome === 'imported') report.added++;
      else if (result.outcome === 'updated') report.updated++;
      else report.unchanged++;
      if (entry.needsPage && result.outcome !== 'duplicate')
        report.needPage.push({ articleId: result.id, feedId: feed.id, guid: entry.guid, entryHash: entry.entryHash });
    });
  }
  return report;
}

export type PageOutcome = 'replaced' | 'kept' | 'gone';

/**
 * Fetches the page of an article that a feed gave only as a summary, and keeps the page's body when it holds
 * more text. The feed's headline, outlet and date stay: they are the outlet's own words about its article.
 */
export async function fillFromPage(
  ctx: AppContext,
  articleId: string,
  fetchPage: (url: string) => Promise<FetchedPage>,
) {
  const article = await ctx.store.getArticle(articleId);
  if (!article?.url) return { outcome: 'gone' as PageOutcome, words: 0 };
  const page = await fetchPage(article.url);
  const draft = await draftFromPage(page.html, page.url);
  const words = (paragraphs: string[]) => paragraphs.reduce((n, p) => n + p.split(/\s+/).length, 0);
  const before = words(article.paragraphs);
  const after = words(draft.paragraphs);
  if (after <= before) return { outcome: 'kept' as PageOutcome, words: before };
  await saveDraft(ctx, {
    ...draft,
    id: article.id,
    url: article.url,
    canonicalUrl: article.canonicalUrl ?? draft.canonicalUrl,
    headline: article.headline,
    deck: draft.deck ?? article.deck,
    byline: draft.byline ?? article.byline,
    publishedAt: article.publishedAt ?? draft.publishedAt,
    language: article.language ?? draft.language,
    source: { name: article.source.name, homepage: article.source.homepage, paywalled: article.source.paywalled },
    paywalled: draft.paywalled || article.paywalled,
    related: draft.related.length > 0 ? draft.related : article.related,
  });
  return { outcome: 'replaced' as PageOutcome, words: after };
}

export type { FoundFeed } from './ingest/feeds/discover.js';

/**
 * The feed at a URL the user gave, itself or one its page names or one at the usual paths, found within the fetch
 * timeout (see ingest/feeds/discover.ts). InputError when none is found.
 */
export async function findFeed(ctx: AppContext, input: string): Promise<FoundFeed> {
  const start = parseFeedUrl(input);
  const { findFeed: discover, NoFeedFound } = await import('./ingest/feeds/discover.js');
  try {
    return await discover(ctx.http, start.href, { timeoutSeconds: ctx.config.fetchTimeoutSeconds });
  } catch (err) {
    if (err instanceof NoFeedFound) throw new InputError(err.message);
    throw err;
  }
}

function parseFeedUrl(input: string): URL {
  try {
    return parseArticleUrl(
      /^[a-z][a-z0-9+.-]*:/i.test(input.trim())
        ? input.trim().replace(/^feed:(\/\/)?/i, '')
        : `https://${input.trim()}`,
    );
  } catch (err) {
    // The cause tells the web API a malformed URL (400) from a page without a feed (422).
    throw new InputError((err as Error).message.replace('be clipped', 'be followed'), { cause: err });
  }
}

/** Follows the feed at (or named by) a URL; a URL already followed gives back that feed without a fetch. */
export async function subscribe(ctx: AppContext, input: string, options: { folder?: string | null } = {}) {
  const given = parseFeedUrl(input).href;
  const known = await ctx.store.findFeedByUrl(given);
  if (known) return { feed: known, added: false };
  const found = await findFeed(ctx, input);
  return ctx.store.addFeed({
    url: found.url,
    title: found.title,
    siteUrl: found.siteUrl,
    folder: options.folder ?? null,
  });
}

export interface OpmlImportReport {
  title: string | null;
  added: Feed[];
  existing: Feed[];
  failed: Array<{ url: string | null; title: string | null; reason: string }>;
}

/**
 * Follows every feed of an OPML subscription list, keeping its folders. Nothing is fetched here: the poller checks
 * each new feed, and a broken one shows its reason in the feed list.
 */
export async function importOpml(
  ctx: AppContext,
  text: string,
  onFeed?: (done: number, total: number) => void,
): Promise<OpmlImportReport> {
  const { parseOpml, OpmlError } = await import('./ingest/feeds/opml.js');
  let list: ReturnType<typeof parseOpml>;
  try {
    list = parseOpml(text);
  } catch (err) {
    if (err instanceof OpmlError) throw new InputError(err.message);
    throw err;
  }
  const report: OpmlImportReport = {
    title: list.title,
    added: [],
    existing: [],
    failed: list.skipped.map((s) => ({ url: null, title: s.title, reason: s.reason })),
  };
  for (const [i, entry] of list.feeds.entries()) {
    const { feed, added } = await ctx.store.addFeed(entry);
    (added ? report.added : report.existing).push(feed);
    onFeed?.(i + 1, list.feeds.length);
  }
  return report;
}

/** The followed feeds as an OPML 2.0 document, folders kept. */
export async function exportOpml(ctx: AppContext): Promise<string> {
  const { writeOpml } = await import('./ingest/feeds/opml.js');
  const feeds = await ctx.store.listFeeds();
  return writeOpml(
    feeds.map((f) => ({ url: f.url, title: f.title, siteUrl: f.siteUrl, folder: f.folder })),
    { title: 'Feeds followed in Readout', createdAt: new Date() },
  );
}

/** A refreshed feed is active again, with its error count cleared, and due now. */
export async function resumeFeed(ctx: AppContext, id: string): Promise<void> {
  await ctx.store.updateFeed(id, { status: 'active', errorCount: 0, nextCheckAt: new Date().toISOString() });
  await ctx.store.scheduleJob({ kind: 'poll-feed', key: pollKey(id), payload: {}, runAt: new Date() });
}

/** A feed by id, or by URL as given or as normalised. */
export async function resolveFeed(ctx: AppContext, key: string): Promise<Feed | null> {
  const byId = await ctx.store.getFeed(key);
  if (byId) return byId;
  const byUrl = await ctx.store.findFeedByUrl(key);
  if (byUrl) return byUrl;
  try {
    return await ctx.store.findFeedByUrl(new URL(key).href);
  } catch {
    return null;
  }
}
