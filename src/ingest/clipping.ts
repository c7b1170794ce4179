// Plain-text clippings (DESIGN.md §1) to ArticleDrafts: headline, Go Back furniture, "from <Source>,",
// deck, byline and date lines, body paragraphs, and the "More From <Source> (subscription required):" block.

import { UserError } from '../errors.js';
import type { ArticleDraft, RelatedLink } from '../model.js';
import { readLooseDate } from './dates.js';

export const clippingVersion = '1';

/**
 * A date line's ISO form as written. One that the calendar lacks (February 30) is passed on too, rather than read
 * as a deck: the store leaves it out and the import report says so.
 */
const writtenDate = (text: string) => readLooseDate(text)?.iso ?? null;

/** A clipping that cannot be read; `line` is 1-based in the file. */
export class ClippingError extends UserError {
  override name = 'ClippingError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super('invalid', message);
  }
}

export interface ParsedClipping {
  draft: ArticleDraft;
  /** 1-based line of the headline in the file. */
  line: number;
}

export interface ClippingOptions {
  /** Outlet to use when a clipping has no "from <Source>" line. */
  source?: string;
}

interface Line {
  text: string;
  no: number;
}

const goBack = /^\s*(?:[<«‹]\s*)*go\s+back\s*[>»›]?\s*$/i;
const fromLine = /^\s*from\s+(.+?)\s*$/i;
const moreFrom = /^\s*more\s+from\s+(.+?)\s*$/i;
const subscription = /\s*\(\s*subscription\s+required\s*\)\s*/i;
const byLine = /^by\s+(.+)$/i;
const urlOnly = /^<?(https?:\/\/\S+?)>?$/i;
const furniture =
  /^(advertisement|advertising|continue reading( the main story)?|story continues below( advertisement)?|skip advertisement|read more|share this( article)?|click here to subscribe)$/i;
// A lede that opens with a dateline ("PORT ALMER —", "LONDON (Reuters) -") is body text, never a deck.
const dateline = /^[A-Z][A-Z .,'-]{2,40}(\([^)]{1,30}\))?\s*[—–-]{1,2}\s/;

/** Splits a file's text into clippings and parses each. Errors name the line; good clippings still come back. */
export function parseClippings(text: string, options: ClippingOptions = {}): (ParsedClipping | ClippingError)[] {
  const lines: Line[] = text
    .replace(/^\ufeff/, '')
    .split('\n')
    .map((raw, i) => ({ text: cleanText(raw), no: i + 1 }));
  const results: (ParsedClipping | ClippingError)[] = [];
  for (const chunk of splitClippings(lines)) {
    try {
      results.push(parseOne(chunk, options));
    } catch (err) {
      if (err instanceof ClippingError) results.push(err);
      else throw err;
    }
  }
  if (results.length === 0) results.push(new ClippingError('the file holds no text', 1));
  return results;
}

function cleanText(raw: string): string {
  return raw
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\s+$/, '');
}

const isBlank = (line: Line) => line.text.trim() === '';

/**
 * One file may hold several clippings back to back. Each "Go Back" line marks one; its clipping starts at
 * the headline lines just above it.
 */
function splitClippings(lines: Line[]): Line[][] {
  const marks = lines.flatMap((line, i) => (goBack.test(line.text) ? [i] : []));
  if (marks.length <= 1) return lines.some((l) => !isBlank(l)) ? [lines] : [];
  const starts = marks.map((mark, k) => {
    let i = mark - 1;
    while (i >= 0 && isBlank(lines[i]!)) i--;
    while (i > 0 && !isBlank(lines[i - 1]!) && (k === 0 || i - 1 > marks[k - 1]!)) i--;
    return Math.max(0, i);
  });
  starts[0] = 0;
  return starts.map((start, k) => lines.slice(start, starts[k + 1] ?? lines.length));
}

/** Blocks are runs of non-blank lines. */
function blocks(lines: Line[]): Line[][] {
  const out: Line[][] = [];
  let current: Line[] = [];
  for (const line of lines) {
    if (isBlank(line)) {
      if (current.length > 0) out.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length > 0) out.push(current);
  return out;
}

const joinLines = (lines: Line[]) =>
  lines
    .map((l) => l.text.trim())
    .join(' ')
    .replace(/\s+/g, ' ');

/**
 * A block's paragraphs. Hard-wrapped text (short lines) is one paragraph; a block whose lines are long, or
 * whose lines open with an indent, holds one paragraph per line.
 */
function paragraphsOf(block: Line[]): string[] {
  if (block.length === 1) return [joinLines(block)];
  const onePerLine = block.some((l) => l.text.trim().length > 100);
  if (onePerLine) return block.map((l) => joinLines([l]));
  const out: Line[][] = [[]];
  for (const [i, line] of block.entries()) {
    if (i > 0 && /^(\s{2,}|\t)/.test(line.text)) out.push([]);
    out.at(-1)!.push(line);
  }
  return out.map(joinLines);
}

function parseOne(lines: Line[], options: ClippingOptions): ParsedClipping {
  const top = readHeadline(lines);
  const from = readFromLine(lines, top.next);
  const tail = splitRelated(lines.slice(from.next), from.name);
  const sourceName = from.name ?? tail.sourceName ?? (options.source?.trim() || null);
  if (!sourceName) {
    throw new ClippingError(
      'no "from <Source>," line after the headline; add one (or pass --source "<Source>")',
      lines[from.next]?.no ?? top.line,
    );
  }
  const paywalled = from.paywalled || tail.paywalled;
  const body = withoutFurniture(tail.body, from.url);
  const front = readFrontMatter(body.blocks, from.publishedAt);
  const { paragraphs, deck } = articleText(front.blocks, front.deck);
  if (paragraphs.length === 0) {
    throw new ClippingError(`"${top.headline.slice(0, 60)}" has no article text after its "from" line`, top.line);
  }
  const draft: ArticleDraft = {
    url: body.url,
    canonicalUrl: null,
    headline: top.headline,
    deck,
    byline: front.byline,
    publishedAt: front.publishedAt,
    language: null,
    source: { name: sourceName, homepage: null, paywalled },
    paragraphs,
    related: tail.related,
    paywalled,
    extraction: { method: 'clipping', version: clippingVersion },
  };
  return { draft, line: top.line };
}

/** The headline: the first lines, up to a blank line, the Go Back line or the "from" line. */
function readHeadline(lines: Line[]): { headline: string; line: number; next: number } {
  let i = 0;
  const at = () => lines[i];
  // Some saved pages put the Go Back line above the headline.
  while (i < lines.length && (isBlank(at()!) || (goBack.test(at()!.text) && hasHeadlineAfter(lines, i)))) i++;
  const first = at();
  if (!first) throw new ClippingError('the clipping is empty', lines[0]?.no ?? 1);
  const headlineLines: Line[] = [];
  while (i < lines.length && !isBlank(at()!) && !goBack.test(at()!.text) && !fromLine.test(at()!.text)) {
    headlineLines.push(at()!);
    i++;
  }
  if (headlineLines.length === 0) {
    throw new ClippingError(
      `no headline before "${first.text.trim().slice(0, 40)}"; the first line of a clipping is its headline`,
      first.no,
    );
  }
  if (headlineLines.length > 3) {
    throw new ClippingError(
      'no "from <Source>," line found; a clipping reads: headline, "< < Go Back", "from <Source>,", deck, body',
      headlineLines[0]!.no,
    );
  }
  return { headline: joinLines(headlineLines), line: headlineLines[0]!.no, next: i };
}

/** The attribution line after the Go Back furniture, when there is one, and the index of the line after it. */
function readFromLine(
  lines: Line[],
  start: number,
): { name: string | null; paywalled: boolean; url: string | null; publishedAt: string | null; next: number } {
  let i = start;
  while (i < lines.length && (isBlank(lines[i]!) || goBack.test(lines[i]!.text))) i++;
  const from = lines[i] ? fromLine.exec(lines[i]!.text) : null;
  if (!from) return { name: null, paywalled: false, url: null, publishedAt: null, next: i };
  return { ...parseAttribution(from[1]!), next: i + 1 };
}

/** The body runs to the "More From" line; the rest are related headlines, and the line may name the source. */
function splitRelated(
  rest: Line[],
  sourceName: string | null,
): { body: Line[]; related: RelatedLink[]; paywalled: boolean; sourceName: string | null } {
  const moreIndex = rest.findIndex((line) => isMoreFrom(line.text, sourceName));
  if (moreIndex === -1) return { body: rest, related: [], paywalled: false, sourceName: null };
  const header = moreFrom.exec(rest[moreIndex]!.text)!;
  const paywalled = subscription.test(header[1]!);
  return {
    body: rest.slice(0, moreIndex),
    related: relatedLinks(rest.slice(moreIndex + 1), paywalled),
    paywalled,
    sourceName: header[1]!.replace(subscription, ' ').replace(/:\s*$/, '').trim() || null,
  };
}

/** The body's blocks without furniture lines; a first block that is only a URL is the article's URL. */
function withoutFurniture(lines: Line[], url: string | null): { blocks: Line[][]; url: string | null } {
  const bodyBlocks = blocks(lines).filter((block) => !(block.length === 1 && furniture.test(block[0]!.text.trim())));
  if (url === null && bodyBlocks[0]?.length === 1) {
    const link = urlOnly.exec(bodyBlocks[0][0]!.text.trim());
    if (link) return { blocks: bodyBlocks.slice(1), url: link[1]! };
  }
  return { blocks: bodyBlocks, url };
}

/** Deck, byline and date: short lines at the top, before the first real paragraph. */
function readFrontMatter(
  blocks: Line[][],
  sourceDate: string | null,
): { deck: string | null; byline: string | null; publishedAt: string | null; blocks: Line[][] } {
  let bodyBlocks = blocks;
  let publishedAt = sourceDate;
  let deck: string | null = null;
  let byline: string | null = null;
  for (let k = 0; k < 4 && bodyBlocks.length > 0; k++) {
    const block = bodyBlocks[0]!;
    const text = joinLines(block);
    const isLast = bodyBlocks.length === 1;
    const date = text.length <= 80 ? writtenDate(text) : null;
    const by = text.length <= 160 ? byLine.exec(text) : null;
    const isByline = by !== null && looksLikeNames(by[1]!);
    if (date && !publishedAt) {
      publishedAt = date;
    } else if (isByline && !byline) {
      const parsed = parseByline(by![1]!);
      byline = parsed.byline;
      publishedAt ??= parsed.publishedAt;
    } else if (k === 0 && deck === null && !isLast && text.length <= 320 && !dateline.test(text)) {
      deck = text;
    } else break;
    bodyBlocks = bodyBlocks.slice(1);
  }
  return { deck, byline, publishedAt, blocks: bodyBlocks };
}

/** The paragraphs; a clipping whose only text is its deck has that as its one paragraph. */
function articleText(bodyBlocks: Line[][], deck: string | null): { paragraphs: string[]; deck: string | null } {
  const paragraphs = bodyBlocks.flatMap(paragraphsOf).filter((p) => !furniture.test(p));
  if (paragraphs.length === 0 && deck !== null) return { paragraphs: [deck], deck: null };
  return { paragraphs, deck };
}

/** True when a Go Back line at `i` is followed by a headline and then the "from" line. */
function hasHeadlineAfter(lines: Line[], i: number): boolean {
  let k = i + 1;
  while (k < lines.length && isBlank(lines[k]!)) k++;
  if (k >= lines.length || fromLine.test(lines[k]!.text) || goBack.test(lines[k]!.text)) return false;
  while (k < lines.length && !isBlank(lines[k]!) && !fromLine.test(lines[k]!.text)) k++;
  while (k < lines.length && isBlank(lines[k]!)) k++;
  return k < lines.length && fromLine.test(lines[k]!.text);
}

const nameParticles = new Set([
  'and',
  'de',
  'del',
  'der',
  'di',
  'da',
  'van',
  'von',
  'la',
  'le',
  'du',
  'dos',
  'bin',
  'al',
  'of',
  'the',
]);

/** "Jane Doe and Ana Ruiz, Staff Writer" is a byline; "the time the ferry docked" is a sentence. */
function looksLikeNames(text: string): boolean {
  const names = text.split(/\s*[|•·]\s*|,/)[0]!.trim();
  const words = names.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 10) return false;
  return words.every((w) => /^[\p{Lu}\p{Lt}]/u.test(w) || nameParticles.has(w.toLowerCase()) || /^[&@]$/.test(w));
}

function isMoreFrom(text: string, sourceName: string | null): boolean {
  const m = moreFrom.exec(text);
  if (!m) return false;
  const rest = m[1]!;
  if (/:\s*$/.test(rest) || subscription.test(rest)) return rest.length <= 120;
  return sourceName !== null && rest.replace(/[.:]\s*$/, '').toLowerCase() === sourceName.toLowerCase();
}

/** "The Harbor Ledger," / "The Harbor Ledger (subscription required), November 3, 2026" / "…, https://…". */
function parseAttribution(text: string): {
  name: string;
  paywalled: boolean;
  url: string | null;
  publishedAt: string | null;
} {
  let rest = text.replace(/[,;:]\s*$/, '');
  const paywalled = subscription.test(rest);
  rest = rest.replace(subscription, ' ').trim();
  let url: string | null = null;
  const link = /\s*[,(]?\s*<?(https?:\/\/[^\s>)]+)>?\)?\s*/i.exec(rest);
  if (link) {
    url = link[1]!;
    rest = (rest.slice(0, link.index) + rest.slice(link.index + link[0].length)).trim();
  }
  let publishedAt: string | null = null;
  const comma = rest.indexOf(',');
  if (comma !== -1) {
    const tail = rest.slice(comma + 1).trim();
    const date = writtenDate(tail);
    if (date) {
      publishedAt = date;
      rest = rest.slice(0, comma);
    }
  }
  return { name: rest.replace(/[,;:]\s*$/, '').trim(), paywalled, url, publishedAt };
}

/** "Jane Doe, Staff Writer" → "Jane Doe"; "Jane Doe | Nov. 3, 2026" → the name and the date. */
function parseByline(text: string): { byline: string; publishedAt: string | null } {
  let publishedAt: string | null = null;
  let name = text;
  const parts = text.split(/\s*[|•·]\s*|\s+[—–-]\s+/);
  if (parts.length > 1) {
    const date = writtenDate(parts.at(-1)!);
    if (date) {
      publishedAt = date;
      name = parts.slice(0, -1).join(' ');
    }
  }
  name = name
    .replace(
      /,\s*(staff|senior|chief|special|contributing|political|business|science|sports)?\s*(writer|reporter|correspondent|editor|contributor|columnist)s?\b.*$/i,
      '',
    )
    .replace(/\s+(staff|senior)\s+(writer|reporter)s?$/i, '')
    .trim();
  return { byline: name, publishedAt };
}

function relatedLinks(lines: Line[], paywalled: boolean): RelatedLink[] {
  const separated = blocks(lines);
  // Entries separated by blank lines may wrap over several lines; without blank lines each line is one.
  const entries =
    separated.length > 1
      ? separated.map((b) => b.map((l) => l.text.trim()))
      : (separated[0] ?? []).map((l) => [l.text.trim()]);
  const links: RelatedLink[] = [];
  for (const entry of entries) {
    const words: string[] = [];
    let url: string | null = null;
    for (const part of entry) {
      const link = urlOnly.exec(part);
      if (link) url = link[1]!;
      else words.push(part);
    }
    let title = words.join(' ').replace(/\s+/g, ' ').trim();
    const inline = /\s+[-–—|]?\s*<?(https?:\/\/\S+?)>?$/i.exec(title);
    if (inline) {
      url ??= inline[1]!;
      title = title.slice(0, inline.index).trim();
    }
    if (title === '' && url && links.length > 0 && links.at(-1)!.url === null) {
      links.at(-1)!.url = url;
      continue;
    }
    if (title === '' || /^(©|copyright\b)/i.test(title)) continue;
    const marked = subscription.test(title);
    title = title
      .replace(subscription, ' ')
      .trim()
      .replace(/^[-•*·]\s+/, '');
    links.push({ title, url, paywalled: paywalled || marked });
  }
  return links;
}
