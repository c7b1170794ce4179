// OPML subscription lists: reading one exported from any feed reader, and writing Readout's feeds as one.
import { parseOpml as parseOpmlDocument } from 'feedsmith';
import { UserError } from '../../errors.js';
import { formatBytes } from '../../format.js';
import { maxOpmlBytes, maxOpmlFeeds } from './limits.js';

export interface OpmlFeed {
  url: string;
  title: string | null;
  siteUrl: string | null;
  /** The enclosing folders' names joined with " / "; null at the top level. */
  folder: string | null;
}

export interface OpmlSubscriptions {
  title: string | null;
  feeds: OpmlFeed[];
  skipped: Array<{ title: string | null; reason: string }>;
}

export class OpmlError extends UserError {
  override name = 'OpmlError';

  constructor(message: string, options?: ErrorOptions) {
    super('invalid', message, options);
  }
}

export { maxOpmlBytes, maxOpmlFeeds };
/** The XML parser under feedsmith refuses deeper nesting (its guard against stack exhaustion). */
export const maxOpmlDepth = 97;

const folderSeparator = ' / ';
const howToExport = 'export your subscriptions as OPML from your feed reader';

// Outline types that mean "a feed"; others (link, include, html) point at pages or other OPML files.
const feedOutlineTypes = new Set(['rss', 'atom', 'rdf', 'json', 'feed']);

interface Outline {
  text?: string;
  title?: string;
  type?: string;
  xmlUrl?: string;
  htmlUrl?: string;
  outlines?: Outline[];
}

export function parseOpml(text: string): OpmlSubscriptions {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxOpmlBytes) {
    throw new OpmlError(
      `the OPML file is ${formatBytes(bytes)}; Readout reads OPML files up to ${formatBytes(maxOpmlBytes)}: split it into smaller files`,
    );
  }
  const source = text.replace(/^\ufeff/, '');
  const root = rootElement(source);
  if (root === null) {
    throw new OpmlError(
      source.trim() === ''
        ? `the OPML file is empty; ${howToExport}`
        : `not OPML: the file does not start with an XML element; ${howToExport}`,
    );
  }
  if (root.toLowerCase() !== 'opml') {
    throw new OpmlError(`not OPML: the document's root element is <${root}>; ${howToExport}`);
  }
  let document: ReturnType<typeof parseOpmlDocument>;
  try {
    document = parseOpmlDocument(source);
  } catch (error) {
    throw unreadable(error);
  }
  const subscriptions: OpmlSubscriptions = { title: clean(document.head?.title), feeds: [], skipped: [] };
  const seen = new Set<string>();
  let carriesXmlUrl = false;
  // Iterative, in document order: the stack holds outlines still to visit with their folder path.
  const stack: Array<[Outline, string[]]> = [];
  const pushAll = (outlines: Outline[] | undefined, folders: string[]) => {
    for (let i = (outlines?.length ?? 0) - 1; i >= 0; i--) stack.push([outlines![i]!, folders]);
  };
  pushAll(document.body?.outlines as Outline[] | undefined, []);
  while (stack.length > 0) {
    const [outline, folders] = stack.pop()!;
    const title = clean(outline.title) ?? clean(outline.text);
    const xmlUrl = clean(outline.xmlUrl);
    if (xmlUrl === null) {
      pushAll(outline.outlines, title === null ? folders : [...folders, title]);
      continue;
    }
    carriesXmlUrl = true;
    pushAll(outline.outlines, folders);
    const type = clean(outline.type)?.toLowerCase();
    if (type !== undefined && !feedOutlineTypes.has(type)) {
      subscriptions.skipped.push({ title, reason: `its type is "${type}", not a feed` });
      continue;
    }
    const url = feedUrl(xmlUrl);
    if (typeof url !== 'string') {
      subscriptions.skipped.push({ title, reason: url.reason });
      continue;
    }
    if (seen.has(url)) {
      subscriptions.skipped.push({ title, reason: `${url} is listed more than once; the first is kept` });
      continue;
    }
    seen.add(url);
    subscriptions.feeds.push({
      url,
      title,
      siteUrl: siteUrl(clean(outline.htmlUrl)),
      folder: folders.length > 0 ? folders.join(folderSeparator) : null,
    });
    if (subscriptions.feeds.length > maxOpmlFeeds) {
      throw new OpmlError(
        `the OPML lists more than ${maxOpmlFeeds.toLocaleString('en')} feeds; Readout imports at most that many at a time: split it into smaller files`,
      );
    }
  }
  if (!carriesXmlUrl) throw new OpmlError('the OPML has no feeds: no <outline> carries an xmlUrl');
  return subscriptions;
}

/** The name of the document's first element, past the BOM, XML declaration, comments and doctype. */
function rootElement(text: string): string | null {
  let rest = text.slice(0, 65_536);
  for (;;) {
    rest = rest.trimStart();
    const prolog = /^(<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!doctype[^>[]*(\[[\s\S]*?\])?\s*>)/i.exec(rest);
    if (!prolog) break;
    rest = rest.slice(prolog[0].length);
  }
  return /^<([A-Za-z_][\w.:-]*)/.exec(rest)?.[1] ?? null;
}

function unreadable(error: unknown): OpmlError {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
  if (/nested tags/i.test(cause)) {
    return new OpmlError(`the OPML nests folders more than ${maxOpmlDepth} deep; flatten its folders and try again`);
  }
  if (error instanceof Error && error.name === 'ParseError') {
    // feedsmith refuses a well-formed OPML whose body holds no outline at all.
    return new OpmlError('the OPML has no feeds: no <outline> carries an xmlUrl');
  }
  // The parser's own wording names its internals; where it stopped is what helps a person.
  const position = /at position (\d+)/.exec(cause)?.[1];
  const where = position ? ` near character ${Number(position).toLocaleString('en')}` : '';
  return new OpmlError(
    `the OPML is not well-formed XML${where}; the file may be cut short or damaged: ${howToExport} again`,
  );
}

/** An absolute http(s) URL, or why not. Old exports write feed:// or feed:http://; those are plain http. */
function feedUrl(text: string): string | { reason: string } {
  const written = text.replace(/^feed:(?=https?:)/i, '').replace(/^feed:\/\//i, 'http://');
  let url: URL;
  try {
    url = new URL(written);
  } catch {
    return { reason: `"${text.slice(0, 200)}" is not an absolute URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { reason: `"${text.slice(0, 200)}" is not an http or https address` };
  }
  return url.href;
}

function siteUrl(text: string | null): string | null {
  if (text === null) return null;
  const url = feedUrl(text);
  return typeof url === 'string' ? url : null;
}

function clean(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' ? null : text;
}

/** OPML 2.0 with one outline per feed, inside folder outlines ("News / Local" nests Local inside News). */
export function writeOpml(feeds: OpmlFeed[], options: { title: string; createdAt: Date }): string {
  const root = folderTree(feeds);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXml(options.title)}</title>`,
    `    <dateCreated>${options.createdAt.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
  ];
  writeFolder(root, 2, lines);
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}

interface Folder {
  name: string;
  entries: Array<OpmlFeed | Folder>;
  subfolders: Map<string, Folder>;
}

/** Folders and feeds in the order each first appears, so a list already grouped by folder keeps its order. */
function folderTree(feeds: OpmlFeed[]): Folder {
  const root: Folder = { name: '', entries: [], subfolders: new Map() };
  for (const feed of feeds) {
    let folder = root;
    const names = (feed.folder ?? '')
      .split(folderSeparator)
      .map((name) => name.trim())
      .filter((name) => name !== '');
    for (const name of names) {
      let sub = folder.subfolders.get(name);
      if (!sub) {
        sub = { name, entries: [], subfolders: new Map() };
        folder.subfolders.set(name, sub);
        folder.entries.push(sub);
      }
      folder = sub;
    }
    folder.entries.push(feed);
  }
  return root;
}

function writeFolder(folder: Folder, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  for (const entry of folder.entries) {
    if ('entries' in entry) {
      const name = escapeXml(entry.name);
      lines.push(`${indent}<outline text="${name}" title="${name}">`);
      writeFolder(entry, depth + 1, lines);
      lines.push(`${indent}</outline>`);
      continue;
    }
    const title = escapeXml(entry.title ?? '');
    const attributes = [`type="rss"`, `text="${title}"`];
    if (entry.title !== null) attributes.push(`title="${title}"`);
    attributes.push(`xmlUrl="${escapeXml(entry.url)}"`);
    // A feed stored before links were checked at ingest may still hold a javascript: site link.
    if (entry.siteUrl !== null && /^https?:\/\//i.test(entry.siteUrl))
      attributes.push(`htmlUrl="${escapeXml(entry.siteUrl)}"`);
    lines.push(`${indent}<outline ${attributes.join(' ')}/>`);
  }
}

// Line breaks and tabs as character references: written raw inside an attribute, a parser reads them back as spaces.
const xmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
};

/** Escapes for text and attribute values alike; characters XML 1.0 forbids are dropped. */
function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"'\n\r\t]/g, (char) => xmlEscapes[char]!);
}
