// Files and texts into the store: each input read by ingest, its drafts saved; a report per file, never a throw for
// bad input.
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { AppContext } from '../context.js';
import { InputError, isBadInput } from '../errors.js';
import { formatBytes } from '../format.js';
import { ClippingError, type ClippingOptions, parseClippings } from '../ingest/clipping.js';
import {
  describeInputKinds,
  type InputKind,
  inputKind,
  pageByteLimit,
  readAll,
  readHtmlFile,
  readLines,
} from '../ingest/files.js';
import { parseRecord, RecordError, validateRecord } from '../ingest/record.js';
import { decodeText, NotText } from '../ingest/text.js';
import type { ArticleDraft, SaveOutcome, SaveResult } from '../model.js';
import { DatabaseBusy } from '../store/index.js';
import { placeSaved } from './stories.js';

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

async function record(ctx: AppContext, report: FileReport, line: number, draft: ArticleDraft): Promise<void> {
  try {
    const result = await ctx.store.saveArticle(draft);
    saved(report, line, draft, result);
  } catch (err) {
    if (!isBadInput(err)) throw err;
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
    fail(report, null, `Readout does not import ${extname(file)} files; it reads ${describeInputKinds()}`);
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
  if (size === 0) fail(report, null, 'the file is empty');
  else await importers[kind]({ ctx, file, size, report, options });
  return report;
}

interface FileImport {
  ctx: AppContext;
  file: string;
  size: number;
  report: FileReport;
  options: ImportOptions;
}

/**
 * How each kind of file is imported (the kinds and their extensions are in ingest/files.ts): a new kind of file is
 * its reader in ingest, its extensions there, and a line here.
 */
const importers: Record<InputKind, (input: FileImport) => Promise<void>> = {
  clipping: (input) => importTextFile(input, 'clipping'),
  json: (input) => importTextFile(input, 'json'),
  jsonl: ({ ctx, file, report, options }) => importJsonLines(ctx, file, report, options),
  html: importPageFile,
};

async function importPageFile({ ctx, file, size, report }: FileImport): Promise<void> {
  try {
    const draft = await readHtmlFile(file, size, { maxBytes: pageByteLimit });
    await record(ctx, report, 1, draft);
  } catch (err) {
    if (!isBadInput(err)) throw err;
    fail(report, null, err.message);
  }
}

/** A text clipping or a JSON document: read whole (up to READOUT_MAX_CLIPPING_BYTES), decoded, then parsed. */
async function importTextFile({ ctx, file, size, report, options }: FileImport, kind: 'clipping' | 'json') {
  const max = ctx.config.maxClippingBytes;
  if (size > max) {
    const what = kind === 'json' ? 'JSON file' : 'clipping';
    const advice =
      kind === 'json'
        ? 'write large exports as JSONL (one article a line)'
        : 'split it, or raise READOUT_MAX_CLIPPING_BYTES';
    fail(
      report,
      null,
      `the file is ${formatBytes(size)}, more than the ${formatBytes(max)} a ${what} may be; ${advice}`,
    );
    return;
  }
  let text: string;
  try {
    text = decodeText(await readAll(file, size)).text;
  } catch (err) {
    if (!(err instanceof NotText)) throw err;
    fail(report, null, err.message);
    return;
  }
  if (text.trim() === '') fail(report, null, 'the file holds only white space');
  else if (kind === 'json') await importJsonDocument(ctx, text, report);
  else await importClippingText(ctx, text, report, options);
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
  const result = await ctx.store.saveArticle(draft);
  await placeSaved(ctx, [result.id]);
  return { ...result, headline: draft.headline };
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
