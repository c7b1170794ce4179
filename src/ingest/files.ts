// Input files: which kind a file holds, folders walked, saved pages read (gzip too), JSONL streamed line by line.
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../errors.js';
import { formatBytes } from '../format.js';
import type { ArticleDraft } from '../model.js';
import { pageDraft } from './page.js';
import { decodeHtml } from './text.js';

/** The kinds of file Readout imports, by extension. A file without one is a text clipping; `.gz` is a saved page. */
const kinds = {
  '.txt': 'clipping',
  '.text': 'clipping',
  '.clip': 'clipping',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
} as const;

export type InputKind = (typeof kinds)[keyof typeof kinds];

const kindNames: Record<InputKind, string> = {
  clipping: 'text clippings',
  jsonl: 'JSONL exports',
  json: 'JSON records',
  html: 'saved pages',
};

/** The kinds Readout reads with their extensions, for a message: "text clippings (.txt, .text, .clip or no extension), …". */
export function describeInputKinds(): string {
  const extensions = new Map<InputKind, string[]>();
  for (const [extension, kind] of Object.entries(kinds))
    extensions.set(kind, [...(extensions.get(kind) ?? []), extension]);
  extensions.get('clipping')?.push('no extension');
  extensions.get('html')?.push('.html.gz');
  const described = [...extensions].map(([kind, list]) => `${kindNames[kind]} (${joinWords(list)})`);
  return joinWords(described, 'and');
}

const joinWords = (words: string[], last = 'or') =>
  words.length > 1 ? `${words.slice(0, -1).join(', ')} ${last} ${words.at(-1)}` : (words[0] ?? '');

/** The kind of input a file holds, from its extension; a file without one is taken for a text clipping. */
export function inputKind(path: string): InputKind | null {
  const extension = extname(path).toLowerCase();
  if (extension === '') return 'clipping';
  if (extension === '.gz') return inputKind(path.slice(0, -3)) === 'html' ? 'html' : null;
  return (kinds as Record<string, InputKind>)[extension] ?? null;
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

/** Saved pages may be large; this is the most Readout reads of one, the same cap as for fetched pages. */
export const pageByteLimit = 15 * 1024 * 1024;

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
  return await pageDraft(decodeHtml(bytes), options.url ?? null);
}

export async function readAll(file: string, size: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buffer, 0, size, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Lines of a file, streamed; a line longer than `max` bytes is reported, not buffered. */
export async function* readLines(
  file: string,
  max: number,
): AsyncGenerator<{ line: number; text: string; tooLong: boolean }> {
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
