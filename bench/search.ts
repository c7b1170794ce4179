// bench:search: import rate, index size and query latency of search at 100,000 and 1,000,000 articles.
//
//   npm run bench:search [-- --articles 100000,1000000 --runs 60 --engine sqlite|postgres]
//
// For each size: writes a deterministic synthetic corpus (Zipf-distributed vocabulary, about 300 words an
// article, 40 outlets, ten years of dates) as JSONL files into a temporary folder, imports them through
// Readout's own import (batched transactions, index kept current by the triggers), starts `readout serve` as
// a child process as `npm start` does, and runs a fixed mix of queries against GET /api/search over HTTP,
// first page of 20 with snippets. Prints one markdown table on stdout, progress on stderr. Linux only: the
// server's peak RSS comes from /proc. The temporary folder is removed at the end. With --engine postgres the store is
// a new database on the local PostgreSQL server (--postgres names an admin URL), dropped at the end.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { importFile } from '../src/pipeline/files.js';
import { freePort, npmStartArguments } from './server.js';
import { createRandom, firstNames, lastNames, mastheads, places } from './synthetic.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const filesOf = 50_000;
const targets = { importPerSecond: 2_000, p95Ms: 50, p99Ms: 150, rssBytes: 400e6 };

class BenchError extends Error {
  override name = 'BenchError';
}

const usage =
  'npm run bench:search [-- --articles 100000,1000000 --runs 60 --engine sqlite|postgres --postgres URL --keep DIR]';
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const progress = (line: string) => process.stderr.write(`${line}\n`);

// ---- 1. The corpus ----

type Random = ReturnType<typeof createRandom>;

/** Words that read like news, most common first; the long tail is made of pronounceable invented words. */
const newsWords = (
  'said council city state year people government police court million percent week school officials ' +
  'county plan public report new health water workers board mayor budget election housing business ' +
  'residents hospital project president company market federal judge ferry harbor bridge rail storm ' +
  'union contract teachers students parents families doctors nurses tenants landlords developers ' +
  'prices taxes revenue spending funding grant deadline hearing meeting vote proposal agency district ' +
  'investigation witnesses evidence testimony ruling appeal jury lawyers prosecutors charges trial ' +
  'flooding drought farmers harvest rainfall shoreline erosion scientists researchers survey data ' +
  'records documents interviews construction engineers repair inspection safety traffic passengers ' +
  'terminal vessel crew captain channel dredging barge museum library festival visitors shops ' +
  'restaurants owners customers volunteers campaign donors ballots turnout candidates voters'
).split(' ');
const functionWords = 'the of and to a in that for on with as at by from is was were it its this which'.split(' ');
const syllables = 'ka lo mer tis an vel dor ri sun pa gle nor ost ul ber ci fa mon tre zu ha ple wen qua'.split(' ');
/** Phrases planted in bodies, as news repeats "city council" and "public hearing". */
const phrases = ['city council', 'public hearing', 'ferry terminal', 'school board', 'state budget', 'water plant'];

interface Vocabulary {
  words: string[];
  /** Cumulative Zipf weights (s = 1) for drawing a word by rank. */
  cumulative: Float64Array;
}

function vocabulary(random: Random, size: number): Vocabulary {
  const words = [...newsWords];
  const seen = new Set(words);
  while (words.length < size) {
    let word = '';
    for (let n = random.int(2, 5); n > 0; n--) word += random.pick(syllables);
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  const cumulative = new Float64Array(size);
  let sum = 0;
  for (let rank = 0; rank < size; rank++) {
    sum += 1 / (rank + 1);
    cumulative[rank] = sum;
  }
  return { words, cumulative };
}

function drawWord(random: Random, vocab: Vocabulary): string {
  const target = (random.int(0, 1_000_000_000) / 1_000_000_000) * vocab.cumulative[vocab.cumulative.length - 1]!;
  let lo = 0;
  let hi = vocab.words.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (vocab.cumulative[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return vocab.words[lo]!;
}

function sentence(random: Random, vocab: Vocabulary, length: number): string {
  const words: string[] = [];
  while (words.length < length) {
    if (random.chance(0.35)) words.push(random.pick(functionWords));
    else if (random.chance(0.02)) words.push(random.pick(phrases));
    else words.push(drawWord(random, vocab));
  }
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

const corpusSeed = 20261128;
const vocabularySize = 200_000;
/** Words ranked 150,000 and beyond: a few dozen articles each at a million. */
const rareWords = () => {
  const { words } = vocabulary(createRandom(corpusSeed), vocabularySize);
  return [150_001, 160_003, 170_005, 180_007, 190_009].map((rank) => words[rank]!);
};
const latestDay = Date.UTC(2026, 10, 1);
const spanDays = 3_650;

/** Writes `count` articles as JSONL files of 50,000 lines; the same files for the same count, every run. */
export async function writeCorpus(dir: string, count: number): Promise<string[]> {
  const random = createRandom(corpusSeed);
  const vocab = vocabulary(random, vocabularySize);
  const outlets = places.flatMap((place) => mastheads.map((m) => `The ${place} ${m}`));
  const files: string[] = [];
  for (let start = 0; start < count; start += filesOf) {
    const file = join(dir, `corpus-${String(files.length).padStart(3, '0')}.jsonl`);
    files.push(file);
    const out = createWriteStream(file);
    for (let serial = start; serial < Math.min(count, start + filesOf); serial++) {
      const title = sentence(random, vocab, random.int(6, 11)).slice(0, -1);
      const published = new Date(latestDay - random.int(0, spanDays - 1) * 86_400_000).toISOString().slice(0, 10);
      const record = {
        headline: title.replace(/\b\w/g, (c) => c.toUpperCase()),
        deck: sentence(random, vocab, random.int(12, 20)),
        byline: `${random.pick(firstNames)} ${random.pick(lastNames)}`,
        publishedAt: published,
        source: random.pick(outlets),
        url: `https://news.example/${serial}`,
        paragraphs: Array.from({ length: random.int(4, 7) }, () =>
          Array.from({ length: random.int(2, 3) }, () => sentence(random, vocab, random.int(14, 26))).join(' '),
        ),
      };
      if (!out.write(`${JSON.stringify(record)}\n`))
        await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
  return files;
}

// ---- 2. Import ----

async function importCorpus(store: Store, files: string[], count: number): Promise<number> {
  const ctx = await createContext(loadConfig({ ...store.settings, READOUT_SAMPLES: '0' }), {
    log: pino({ level: 'silent' }),
  });
  try {
    const started = performance.now();
    let imported = 0;
    for (const file of files) {
      const report = await importFile(ctx, file, {
        onArticle: (r) => {
          if (process.stderr.isTTY) process.stderr.write(`\rimporting ${integer.format(imported + r.counts.imported)}`);
        },
      });
      if (report.errors.length > 0)
        throw new BenchError(`${file}:${report.errors[0]!.line} ${report.errors[0]!.message}`);
      imported += report.counts.imported;
      report.items.length = 0;
    }
    const seconds = (performance.now() - started) / 1000;
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (imported !== count) throw new BenchError(`imported ${imported} of ${count} articles`);
    progress(`imported ${integer.format(count)} articles in ${seconds.toFixed(0)} s`);
    return count / seconds;
  } finally {
    await ctx.close();
  }
}

/** Where one size's articles are kept: a SQLite file, or a database on the local PostgreSQL server. */
interface Store {
  /** The environment that points Readout at it. */
  settings: Record<string, string>;
  /** Whether a kept store from an earlier run holds the articles already. */
  holds(count: number): Promise<boolean>;
  /** Run once the import is done, before sizes and queries; PostgreSQL's is VACUUM ANALYZE. */
  settle(): Promise<void>;
  sizes(): Promise<{ database: number; index: number }>;
  remove(): Promise<void>;
}

function sqliteStore(dir: string): Store {
  const dbPath = join(dir, 'readout.db');
  return {
    settings: { READOUT_DB: dbPath },
    holds: async () => existsSync(dbPath),
    settle: async () => {},
    sizes: async () => sqliteSizes(dbPath),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

async function postgresStore(adminUrl: string, count: number, keep: boolean): Promise<Store> {
  const name = `readout_bench_search_${count}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl });
    try {
      await client.connect();
    } catch (err) {
      throw new BenchError(
        `PostgreSQL is not reachable at ${adminUrl} (${(err as Error).message}); start it or pass --postgres URL`,
      );
    }
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  const inStore = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url.href });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  const exists = await admin(
    async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1,
  );
  const store: Store = {
    settings: { DATABASE_URL: url.href },
    holds: async () =>
      keep &&
      exists &&
      (await inStore(async (c) => {
        const found = await c.query("SELECT to_regclass('articles') IS NOT NULL AS ready");
        if (!found.rows[0].ready) return false;
        return Number((await c.query('SELECT count(*) AS n FROM articles')).rows[0].n) === count;
      })),
    settle: () => inStore(async (c) => void (await c.query('VACUUM (ANALYZE) articles'))),
    sizes: () =>
      inStore(async (c) => {
        const row = (
          await c.query(
            "SELECT pg_database_size(current_database()) AS database, pg_relation_size('articles_search') AS index",
          )
        ).rows[0];
        return { database: Number(row.database), index: Number(row.index) };
      }),
    remove: () => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
  if (!(await store.holds(count))) {
    await store.remove();
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
  }
  return store;
}

function sqliteSizes(dbPath: string): { database: number; index: number } {
  const db = new SQLite(dbPath);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const row = db
    .prepare("SELECT sum(pgsize) AS bytes FROM dbstat WHERE name LIKE 'article\\_search%' ESCAPE '\\'")
    .get() as { bytes: number };
  db.close();
  let database = statSync(dbPath).size;
  try {
    database += statSync(`${dbPath}-wal`).size;
  } catch {
    // no WAL left
  }
  return { database, index: row.bytes };
}

// ---- 3. The server and the query mix ----

async function startServer(store: Store): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, npmStartArguments(), {
    cwd: repoRoot,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      ...store.settings,
      READOUT_SAMPLES: '0',
      READOUT_POLL: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new BenchError(`the server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/api/search?q=ping`);
      await response.body?.cancel();
      if (response.status === 200) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new BenchError('the server did not answer /api/search within 60 s');
}

function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** The query mix: each kind has several queries of the same shape, asked in turn. */
const queryKinds = (): [string, string[]][] => [
  ['common word', ['council', 'city', 'police', 'school', 'health']],
  ['rare word', rareWords()],
  ['two words', ['council budget', 'ferry passengers', 'housing tenants', 'court ruling', 'storm flooding']],
  ['phrase', ['"city council"', '"public hearing"', '"ferry terminal"', '"school board"', '"water plant"']],
  [
    'source filter',
    [
      'budget source:the-harbor-ledger',
      'police source:"Cedar Valley Courier"',
      'school source:the-prairie-gazette',
      'housing source:the-coastal-tribune',
      'election source:the-riverbend-dispatch',
    ],
  ],
  [
    'date range',
    [
      'council from:2024-03-01 to:2024-03-31',
      'police from:2019-06-01 to:2019-06-30',
      'school from:2022-01-01 to:2022-01-31',
      'health from:2025-10-01 to:2025-10-31',
      'budget from:2017-05-01 to:2017-05-31',
    ],
  ],
  [
    'phrase + filter',
    [
      '"city council" source:the-harbor-ledger',
      '"public hearing" from:2023-01-01 to:2023-06-30',
      '"school board" source:the-lakeshore-gazette',
      '"ferry terminal" from:2020-01-01 to:2020-12-31',
      '"state budget" source:the-northfield-courier',
    ],
  ],
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface SizeResult {
  articles: number;
  importRate: number;
  database: number;
  index: number;
  latency: Map<string, { p50: number; p95: number; p99: number; hits: number }>;
  rss: number;
}

async function runQueries(url: string, runs: number, kinds: [string, string[]][]) {
  const latency = new Map<string, { p50: number; p95: number; p99: number; hits: number }>();
  // One uncounted pass warms the page cache, as a server that has been up a while would have it.
  for (const [, queries] of kinds) for (const q of queries) await ask(url, q);
  for (const [kind, queries] of kinds) {
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < runs; i++) {
      const q = queries[i % queries.length]!;
      const started = performance.now();
      const found = await ask(url, q);
      times.push(performance.now() - started);
      hits += found;
    }
    times.sort((a, b) => a - b);
    latency.set(kind, {
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      p99: percentile(times, 99),
      hits: Math.round(hits / runs),
    });
  }
  return latency;
}

async function ask(url: string, q: string): Promise<number> {
  for (const sort of ['relevance']) {
    const response = await fetch(`${url}/api/search?q=${encodeURIComponent(q)}&sort=${sort}&limit=20`);
    const body = (await response.json()) as { total?: number; results?: { snippet: string }[]; error?: string };
    if (response.status !== 200) throw new BenchError(`"${q}" answered ${response.status}: ${body.error}`);
    if ((body.results?.length ?? 0) > 0 && !body.results![0]!.snippet) throw new BenchError(`"${q}" has no snippet`);
    return body.total ?? 0;
  }
  return 0;
}

interface EngineChoice {
  engine: 'sqlite' | 'postgres';
  postgres: string;
}

async function benchSize(
  articles: number,
  runs: number,
  keep: string | undefined,
  choice: EngineChoice,
): Promise<SizeResult> {
  // The corpus is written to a folder either way; the SQLite store lives beside it.
  const dir = keep ? join(keep, String(articles)) : await mkdtemp(join(os.tmpdir(), 'readout-bench-search-'));
  await mkdir(dir, { recursive: true });
  const store =
    choice.engine === 'postgres'
      ? await postgresStore(choice.postgres, articles, keep !== undefined)
      : sqliteStore(dir);
  try {
    let importRate = Number.NaN;
    if (!(keep && (await store.holds(articles)))) {
      progress(`writing ${integer.format(articles)} synthetic articles to ${dir}`);
      const files = await writeCorpus(dir, articles);
      importRate = await importCorpus(store, files, articles);
      for (const file of files) await rm(file);
    } else progress(`reusing the kept ${choice.engine} store: the import rate is not measured`);
    await store.settle();
    const { database, index } = await store.sizes();
    const server = await startServer(store);
    try {
      const kinds = queryKinds();
      progress(`querying: ${kinds.length} kinds × ${runs} runs`);
      const latency = await runQueries(server.url, runs, kinds);
      return { articles, importRate, database, index, latency, rss: peakRss(server.child.pid!) };
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((resolve) => server.child.once('exit', resolve));
    }
  } finally {
    if (!keep) {
      await store.remove();
      await rm(dir, { recursive: true, force: true });
    }
  }
}

function formatSize(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(0)} MB`;
}

function table(results: SizeResult[], command: string): string {
  const head = `| | ${results.map((r) => `${integer.format(r.articles)} articles`).join(' | ')} | target |`;
  const rule = `|---|${results.map(() => '---:|').join('')}---|`;
  const row = (label: string, cells: string[], target: string) => `| ${label} | ${cells.join(' | ')} | ${target} |`;
  const lines = [
    head,
    rule,
    row(
      'import (articles/s, index kept current)',
      results.map((r) => integer.format(r.importRate)),
      `≥ ${integer.format(targets.importPerSecond)}`,
    ),
    row(
      'database on disk',
      results.map((r) => formatSize(r.database)),
      '',
    ),
    row(
      'of which search index',
      results.map((r) => formatSize(r.index)),
      '',
    ),
  ];
  for (const [kind] of queryKinds()) {
    lines.push(
      row(
        `${kind}: p50 / p95 / p99 ms (hits)`,
        results.map((r) => {
          const l = r.latency.get(kind)!;
          return `${l.p50.toFixed(1)} / ${l.p95.toFixed(1)} / ${l.p99.toFixed(1)} (${integer.format(l.hits)})`;
        }),
        `p95 ≤ ${targets.p95Ms}, p99 ≤ ${targets.p99Ms}`,
      ),
    );
  }
  lines.push(
    row(
      'server peak RSS',
      results.map((r) => formatSize(r.rss)),
      `< ${formatSize(targets.rssBytes)}`,
    ),
  );
  return `${lines.join('\n')}\n\n\`${command}\`\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      articles: { type: 'string', default: '100000,1000000' },
      runs: { type: 'string', default: '60' },
      // For working on search: keeps the stores in this folder and reuses them on the next run.
      keep: { type: 'string' },
      engine: { type: 'string', default: 'sqlite' },
      postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    },
  });
  const engine = values.engine;
  if (engine !== 'sqlite' && engine !== 'postgres')
    throw new BenchError(`--engine is sqlite or postgres, not "${engine}"\nUsage: ${usage}`);
  const counts = values.articles.split(',').map((text) => {
    if (!/^\d+$/.test(text) || Number(text) < 1)
      throw new BenchError(`--articles takes whole numbers, not "${text}"\nUsage: ${usage}`);
    return Number(text);
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new BenchError(`--runs must be a whole number of 1 or more\nUsage: ${usage}`);
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new BenchError('npm run build failed');
  const results: SizeResult[] = [];
  const choice = { engine, postgres: values.postgres } as const;
  for (const count of counts) results.push(await benchSize(count, runs, values.keep, choice));
  const engineFlag = engine === 'sqlite' ? '' : ` --engine ${engine}`;
  process.stdout.write(
    table(results, `npm run bench:search -- --articles ${values.articles} --runs ${runs}${engineFlag}`),
  );
}

// Run as a script; imported (to write a corpus for profiling), it does nothing.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  main().catch((err) => {
    process.stderr.write(`${err instanceof BenchError ? err.message : (err as Error).stack}\n`);
    process.exit(1);
  });
