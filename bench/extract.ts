// bench:extract: how accurate and how fast Readout's article extractor is, next to Readability.js.
//
//   npm run bench:extract
//
// Part 1 reads ../shared/data/extraction/ (88 real news pages with human-checked bodies) and scores Readout
// and @mozilla/readability on linkedom with token 4-shingles, exactly as ../shared/data/README.md defines it,
// then times both, single-threaded, after an uncounted warm-up pass. Part 2 reads
// ../shared/data/readability-pages/ (130 pages of Readability's test suite) and reports how often Readout's
// metadata agrees with the expected metadata and the shingle F1 of its body against expected.html.
// Prints two markdown tables on stdout, progress on stderr. The npm script caps V8's heap (the flags are
// printed): without a cap V8 grows the heap lazily and the peak RSS says more about GC than about memory needed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { ExtractionError, extractArticle, unknownSourceName } from '../src/ingest/html/index.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const dataDir = resolve(repoRoot, '../shared/data');
const extractionDir = join(dataDir, 'extraction');
const readabilityDir = join(dataDir, 'readability-pages');
const timedRounds = 2;

interface ReferencePage {
  id: string;
  url: string;
  html: string;
  truth: string;
}

// --- scoring, as ../shared/data/README.md defines it ---

/** `\w+` runs as Python's Unicode regex finds them: letters, digits (any script) and the underscore. */
export function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+/gu) ?? [];
}

function shingles(text: string): Map<string, number> {
  const words = wordsOf(text);
  const counts = new Map<string, number>();
  if (words.length === 0) return counts;
  const n = Math.max(1, words.length - 3);
  for (let i = 0; i < n; i++) {
    const key = words.slice(i, i + 4).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

interface PageScore {
  tp: number;
  fp: number;
  fn: number;
  exact: boolean;
}

function scorePage(predicted: string, truth: string): PageScore {
  const p = shingles(predicted);
  const t = shingles(truth);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, count] of p) {
    const other = t.get(key) ?? 0;
    tp += Math.min(count, other);
    fp += Math.max(0, count - other);
  }
  for (const [key, count] of t) fn += Math.max(0, count - (p.get(key) ?? 0));
  const total = tp + fp + fn;
  const exact = wordsOf(predicted).join(' ') === wordsOf(truth).join(' ');
  return total > 0 ? { tp: tp / total, fp: fp / total, fn: fn / total, exact } : { tp: 0, fp: 0, fn: 0, exact };
}

interface Accuracy {
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
}

function summarise(scores: PageScore[]): Accuracy {
  const precisions = scores.filter((s) => s.tp + s.fp > 0).map((s) => s.tp / (s.tp + s.fp));
  const recalls = scores.filter((s) => s.tp + s.fn > 0).map((s) => s.tp / (s.tp + s.fn));
  const precision = mean(precisions);
  const recall = mean(recalls);
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, accuracy: scores.filter((s) => s.exact).length / scores.length };
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

// --- the two extractors, each from HTML to body text ---

function readoutBody(html: string, url?: string): string {
  try {
    return extractArticle(html, url ? { url } : {}).paragraphs.join('\n');
  } catch (err) {
    if (err instanceof ExtractionError) return '';
    throw err;
  }
}

function readabilityBody(html: string): string {
  const { document } = parseHTML(html);
  // Readability's types expect a browser Document; linkedom's is compatible for what Readability reads.
  const article = new Readability(document as unknown as Document).parse();
  return article?.textContent ?? '';
}

// --- part 1: the 88 reference pages ---

function loadReferencePages(): ReferencePage[] {
  const truth = JSON.parse(readFileSync(join(extractionDir, 'ground-truth.json'), 'utf8')) as Record<
    string,
    { articleBody: string; url: string }
  >;
  return Object.entries(truth).map(([id, entry]) => ({
    id,
    url: entry.url,
    html: gunzipSync(readFileSync(join(extractionDir, 'html', `${id}.html.gz`))).toString('utf8'),
    truth: entry.articleBody,
  }));
}

function benchReferencePages(): { rows: string[]; pageCount: number } {
  const pages = loadReferencePages();
  process.stderr.write(`extraction/: ${pages.length} pages, scoring…\n`);
  const extractors = {
    Readout: (page: ReferencePage) => readoutBody(page.html, page.url),
    'Readability.js 0.6.0 + linkedom': (page: ReferencePage) => readabilityBody(page.html),
  };
  const rows: string[] = [];
  const results = Object.entries(extractors).map(([name, extract]) => {
    const scores = pages.map((page) => scorePage(extract(page), page.truth));
    return { name, extract, accuracy: summarise(scores), seconds: [] as number[] };
  });
  // The scoring pass above is the uncounted warm-up: both extractors have seen every page once.
  process.stderr.write('timing…\n');
  for (let round = 0; round < timedRounds; round++) {
    for (const result of results) {
      const start = performance.now();
      for (const page of pages) result.extract(page);
      result.seconds.push((performance.now() - start) / 1000);
    }
  }
  rows.push('| extractor | precision | recall | F1 | accuracy | pages/s |', '|---|---|---|---|---|---|');
  for (const { name, accuracy, seconds } of results) {
    const perSecond = (pages.length * seconds.length) / seconds.reduce((a, b) => a + b, 0);
    rows.push(
      `| ${name} | ${fixed(accuracy.precision)} | ${fixed(accuracy.recall)} | ${fixed(accuracy.f1)} | ${fixed(accuracy.accuracy)} | ${perSecond.toFixed(1)} |`,
    );
  }
  return { rows, pageCount: pages.length };
}

// --- part 2: Readability's test pages ---

interface ExpectedMetadata {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  publishedTime: string | null;
  lang: string | null;
}

type Field = keyof ExpectedMetadata;
const fields: Field[] = ['title', 'byline', 'siteName', 'publishedTime', 'lang'];

function same(field: Field, expected: string | null, predicted: string | null): boolean {
  const norm = (value: string | null) => (value ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
  if (!norm(expected) || !norm(predicted)) return !norm(expected) && !norm(predicted);
  if (field === 'publishedTime') return Date.parse(expected!) === Date.parse(predicted!);
  return norm(expected) === norm(predicted);
}

function benchReadabilityPages(): string[] {
  const names = readdirSync(readabilityDir).filter((name) => existsSync(join(readabilityDir, name, 'source.html')));
  process.stderr.write(`readability-pages/: ${names.length} pages…\n`);
  const agree: Record<Field, { all: number; set: number; setTotal: number }> = Object.fromEntries(
    fields.map((field) => [field, { all: 0, set: 0, setTotal: 0 }]),
  ) as never;
  const scores: PageScore[] = [];
  let extracted = 0;
  let refused = 0;
  let crashed = 0;
  for (const name of names) {
    const folder = join(readabilityDir, name);
    const source = readFileSync(join(folder, 'source.html'), 'utf8');
    const expected = JSON.parse(readFileSync(join(folder, 'expected-metadata.json'), 'utf8')) as ExpectedMetadata;
    const { document } = parseHTML(`<html><body>${readFileSync(join(folder, 'expected.html'), 'utf8')}</body></html>`);
    const truth = document.body?.textContent ?? '';
    let predicted: Record<Field, string | null> = {
      title: null,
      byline: null,
      siteName: null,
      publishedTime: null,
      lang: null,
    };
    let body = '';
    try {
      const article = extractArticle(source);
      extracted++;
      predicted = {
        title: article.headline || null,
        byline: article.byline,
        siteName: article.source.name === unknownSourceName ? null : article.source.name,
        publishedTime: article.publishedAt,
        lang: article.language,
      };
      body = article.paragraphs.join('\n');
    } catch (err) {
      if (err instanceof ExtractionError) refused++;
      else {
        crashed++;
        process.stderr.write(`${name}: ${(err as Error).stack}\n`);
      }
    }
    for (const field of fields) {
      const ok = same(field, expected[field], predicted[field]);
      if (ok) agree[field].all++;
      if (expected[field]) {
        agree[field].setTotal++;
        if (ok) agree[field].set++;
      }
    }
    scores.push(scorePage(body, truth));
  }
  const body = summarise(scores);
  const rows = [
    '| field | agrees, all pages | agrees, pages where expected is set |',
    '|---|---|---|',
    ...fields.map((field) => {
      const { all, set, setTotal } = agree[field];
      return `| ${field} | ${all}/${names.length} (${percent(all / names.length)}) | ${set}/${setTotal} (${percent(set / Math.max(1, setTotal))}) |`;
    }),
    `| body vs expected.html | precision ${fixed(body.precision)}, recall ${fixed(body.recall)}, F1 ${fixed(body.f1)} | |`,
    `| pages | ${extracted} extracted, ${refused} refused (ExtractionError), ${crashed} crashed | |`,
  ];
  return rows;
}

function fixed(value: number): string {
  return value.toFixed(3);
}

function percent(value: number): string {
  return `${(value * 100).toFixed(0)}%`;
}

function main(): void {
  for (const dir of [extractionDir, readabilityDir]) {
    if (!existsSync(dir)) {
      process.stderr.write(`bench:extract: the reference data is missing: ${dir} does not exist.\n`);
      process.exit(1);
    }
  }
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const header = `${new Date().toISOString().slice(0, 10)}, ${cpu} (${os.cpus().length} cores), Node ${process.version}, \`npm run bench:extract\` (node ${process.execArgv.filter((flag) => flag.startsWith('--max')).join(' ')})`;
  const { rows: first, pageCount } = benchReferencePages();
  const second = benchReadabilityPages();
  const peakRss = (process.resourceUsage().maxRSS * 1024) / 1e6;
  process.stdout.write(
    [
      header,
      '',
      `extraction/ (${pageCount} pages; body = paragraphs joined by newlines; peak RSS of the whole run ${peakRss.toFixed(0)} MB)`,
      '',
      ...first,
      '',
      'readability-pages/ (Readout only; agreement = equal after collapsing whitespace and case, publishedTime = same instant, expected null and predicted null agree)',
      '',
      ...second,
      '',
    ].join('\n'),
  );
}

main();
