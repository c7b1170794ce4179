// Feed documents (RSS 0.9x–2.0, RDF, Atom 0.3/1.0, JSON Feed 1.0/1.1) from bytes to one ParsedFeed.
import { parseFeed as parseFeedDocument } from '@rowanmanning/feed-parser';
import { parseFeed as feedsmithParse } from 'feedsmith';
import { UserError } from '../../errors.js';
import { formatBytes } from '../../format.js';
import { decodeWindows1252 } from '../text.js';
import { maxFeedBytes } from './limits.js';
import { type FeedFormat, normaliseFallback, normaliseFeedsmith, type ParsedFeed } from './normalise.js';

export { maxFeedBytes } from './limits.js';
export type { FeedEntry, ParsedFeed } from './normalise.js';

export class FeedError extends UserError {
  override name = 'FeedError';

  constructor(message: string, options?: ErrorOptions) {
    super('unprocessable', message, options);
  }
}

/**
 * At most this many entries are returned, newest first when dates exist, so a 100,000-item feed costs a bounded
 * amount of time and memory: the document is cut after this many items before parsing (see capItems). Feeds list
 * their newest items first, so the cut keeps those.
 */
export const maxFeedEntries = 10_000;

export interface ParseFeedOptions {
  /** The feed's own URL: the base for relative links when the document gives no xml:base. */
  url?: string;
  /** The HTTP Content-Type header, for its charset. */
  contentType?: string | null;
}

export function parseFeed(bytes: Uint8Array | string, options: ParseFeedOptions = {}): ParsedFeed {
  const size = typeof bytes === 'string' ? bytes.length : bytes.byteLength;
  if (size > maxFeedBytes) {
    throw new FeedError(`the feed is ${formatBytes(size)}, more than ${formatBytes(maxFeedBytes)}`);
  }
  let text = (typeof bytes === 'string' ? bytes : decodeFeed(bytes, options.contentType ?? null)).replace(
    /^\ufeff/,
    '',
  );
  const head = text
    .slice(0, 2048)
    .replace(/<!--[\s\S]*?-->/g, '')
    .trimStart();
  if (head === '') throw new FeedError('not a feed: the document is empty');
  if (rootElement(text)?.toLowerCase() === 'html') {
    throw new FeedError('not a feed: the document is an HTML page');
  }
  const base = documentBase(text, options.url ?? null);
  if (!head.startsWith('{')) text = capItems(text);
  let feed: ParsedFeed;
  let firstError: unknown;
  try {
    const value = head.startsWith('{') ? parseJson(text) : text;
    const result = feedsmithParse(value, { maxItems: maxFeedEntries });
    feed = normaliseFeedsmith(result.format as FeedFormat, result.feed as Record<string, unknown>, base);
  } catch (error) {
    if (error instanceof FeedError) throw error;
    firstError = error;
    if (head.startsWith('{')) throw new FeedError('not a feed: the JSON is not a JSON Feed');
    feed = recover(text, base, firstError);
  }
  feed.entries = newestFirst(feed.entries);
  // Atom states its language as xml:lang on the root, which feedsmith does not expose.
  feed.language ??=
    /^[^>]*?\sxml:lang\s*=\s*["']([\w-]+)["']/.exec(text.slice(text.search(/<(feed|rss|rdf:RDF)\b/), 8192))?.[1] ??
    null;
  return feed;
}

/**
 * The second chance for what feedsmith refuses: the same document with truncation and stray ampersands repaired
 * (feedsmith again, then @rowanmanning/feed-parser), and a well-formed feed with nothing in it yet, which is a
 * feed and not an error: polling must not fail on it.
 */
function recover(text: string, base: string | null, firstError: unknown): ParsedFeed {
  const repaired = repairXml(text);
  for (const attempt of [
    () => {
      if (repaired === text) throw firstError; // nothing repaired: feedsmith would refuse it again
      const result = feedsmithParse(repaired, { maxItems: maxFeedEntries });
      return normaliseFeedsmith(result.format as FeedFormat, result.feed as Record<string, unknown>, base);
    },
    () => normaliseFallback(parseFeedDocument(text), base, maxFeedEntries),
    () => {
      if (repaired === text) throw firstError;
      return normaliseFallback(parseFeedDocument(repaired), base, maxFeedEntries);
    },
  ]) {
    try {
      return { ...attempt(), parser: 'fallback' };
    } catch {}
  }
  const format = rootFormat(text);
  if (!format || malformedLine(repaired) !== null) throw explain(text, firstError);
  const empty = { title: null, link: null, description: null, language: null, ttlMinutes: null, entries: [] };
  return { format, ...empty, parser: 'fallback' };
}

/** Closes what a truncated document left open and escapes ampersands that start no entity. */
export function repairXml(text: string): string {
  let out = text.trimEnd().replace(/&(?!#\d+;|#x[0-9a-f]+;|[a-z][\w.-]*;)/gi, '&amp;');
  if (out.lastIndexOf('<![CDATA[') > out.lastIndexOf(']]>')) out += ']]>';
  else out = out.replace(/<[^>]*$/, ''); // a tag cut off midway; the stack below closes what it opened
  const open: string[] = [];
  const tag = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<[?!][^>]*>|<(\/?)([\w:.-]+)[^>]*?(\/?)>/g;
  for (let m = tag.exec(out); m; m = tag.exec(out)) {
    if (!m[2] || m[3]) continue;
    if (!m[1]) open.push(m[2]);
    else {
      const at = open.lastIndexOf(m[2]);
      if (at !== -1) open.length = at;
    }
  }
  return (
    out +
    open
      .reverse()
      .map((name) => `</${name}>`)
      .join('')
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FeedError(`malformed JSON: ${(error as Error).message}`);
  }
}

function rootElement(text: string): string | null {
  const prolog = text.slice(0, 8192).replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!doctype[^>[]*(\[[\s\S]*?\])?\s*>/gi, '');
  return /^\s*<([a-z][\w:.-]*)/i.exec(prolog)?.[1] ?? null;
}

function rootFormat(text: string): FeedFormat | null {
  const root = rootElement(text)?.toLowerCase();
  if (root === 'rss') return 'rss';
  if (root === 'feed') return 'atom';
  if (root === 'rdf:rdf' || root === 'rdf') return 'rdf';
  return null;
}

/** Both parsers refused the document; say why in words a person can act on. */
function explain(text: string, error: unknown): FeedError {
  if (!rootFormat(text)) {
    const root = rootElement(text);
    return new FeedError(
      root
        ? `not a feed: the document is <${root}>, not RSS, Atom, RDF or JSON Feed`
        : 'not a feed: no XML or JSON found',
    );
  }
  const line = malformedLine(text);
  if (line) return new FeedError(`malformed XML at line ${line}`);
  return new FeedError(`the feed could not be read: ${(error as Error)?.message ?? String(error)}`);
}

/** A rough line number for the first unbalanced tag, for the message only. */
function malformedLine(text: string): number | null {
  const open: string[] = [];
  const tag = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<[?!][^>]*>|<(\/?)([\w:.-]+)[^>]*?(\/?)>/g;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    if (!m[2] || m[3]) continue;
    if (!m[1]) open.push(m[2]);
    else if (open.pop() !== m[2]) return text.slice(0, m.index).split('\n').length;
  }
  return open.length > 0 ? text.split('\n').length : null;
}

/**
 * A document with more items than Readout keeps is cut before the first item past the cap and closed again:
 * both parsers build the whole tree before any item limit applies, which for 100,000 items is seconds and
 * hundreds of megabytes.
 */
function capItems(text: string): string {
  const item = /<(item|entry)[\s>]/g;
  for (let count = 0, m = item.exec(text); m; m = item.exec(text)) {
    if (++count > maxFeedEntries) return repairXml(text.slice(0, m.index));
  }
  return text;
}

/** Dated entries newest first; undated ones keep their order after them (a stable sort). */
function newestFirst<T extends { publishedAt: string | null; updatedAt: string | null }>(entries: T[]): T[] {
  const time = (e: T) => {
    const t = Date.parse(e.publishedAt ?? e.updatedAt ?? '');
    return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
  };
  if (entries.every((e) => time(e) === Number.NEGATIVE_INFINITY)) return entries;
  return entries
    .map((e, i) => ({ e, i, t: time(e) }))
    .sort((a, b) => (a.t === b.t ? a.i - b.i : b.t > a.t ? 1 : -1))
    .map(({ e }) => e);
}

/** The root element's xml:base resolved against the feed URL, else the feed URL. */
function documentBase(text: string, url: string | null): string | null {
  const root = /<(?:rss|feed|rdf:RDF|channel)\b[^>]*?\sxml:base\s*=\s*["']([^"']*)["']/i.exec(text.slice(0, 8192));
  if (!root) return url;
  try {
    return new URL(root[1]!.replace(/&amp;/g, '&'), url ?? undefined).href;
  } catch {
    return url;
  }
}

/** The UTF-8 text of the bytes, or null when they are not valid UTF-8 (decoded once, not checked then decoded). */
function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Null when Node does not know the label (or the bytes are not what a UTF-8 label claims), so the next source decides. */
function decodeAs(label: string, bytes: Uint8Array): string | null {
  const name = label.trim().toLowerCase();
  if (/^(windows-1252|cp1252|x-cp1252|iso-8859-1|iso8859-1|latin-?1|l1|us-ascii|ascii)$/.test(name)) {
    return decodeWindows1252(bytes);
  }
  if (name === 'utf-8' || name === 'utf8') return strictUtf8(bytes);
  try {
    return new TextDecoder(name).decode(bytes);
  } catch {
    return null;
  }
}

/** UTF-32, which TextDecoder does not know; invalid code points become U+FFFD. */
function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength - (bytes.byteLength % 4));
  const parts: string[] = [];
  for (let i = 0; i < view.byteLength; i += 4) {
    const code = view.getUint32(i, littleEndian);
    parts.push(code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd');
  }
  return parts.join('');
}

/**
 * Bytes to text: the BOM, then the XML declaration's encoding, then the HTTP charset, then UTF-8 if the bytes
 * are valid UTF-8, else Windows-1252. RFC 3023 lets the HTTP header win for XML, but servers send a default
 * charset for every file they serve (often wrong for feeds written by another program), while the
 * declaration is written by the program that wrote the bytes; browsers and most feed readers trust it first too.
 */
export function decodeFeed(bytes: Uint8Array, contentType: string | null): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)
    return decodeUtf32(bytes.subarray(4), false);
  if (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0)
    return decodeUtf32(bytes.subarray(4), true);
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0 && bytes[3] === 0x3c) return decodeUtf32(bytes, false);
  if (bytes[0] === 0x3c && bytes[1] === 0 && bytes[2] === 0 && bytes[3] === 0) return decodeUtf32(bytes, true);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  // UTF-16 without a BOM still starts with "<" next to a zero byte.
  if (bytes[0] === 0x3c && bytes[1] === 0) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0 && bytes[1] === 0x3c) return new TextDecoder('utf-16be').decode(bytes);
  const head = String.fromCharCode(...bytes.subarray(0, 512));
  const declared = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  const header = contentType ? /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1] : undefined;
  for (const label of [declared, header]) {
    const text = label ? decodeAs(label, bytes) : null;
    if (text !== null) return text;
  }
  return strictUtf8(bytes) ?? decodeWindows1252(bytes);
}
