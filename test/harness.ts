// Test harness: a real Readout store in a temporary folder, its Hono app, and the real CLI as a process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { type Browser, chromium } from 'playwright-core';
import { loadConfig } from '../src/config.js';
import { type AppContext, createContext } from '../src/context.js';
import type { ArticleDraft } from '../src/model.js';
import { createApp } from '../src/web/app.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const samples = join(repoRoot, 'samples');

export interface TestStore {
  dir: string;
  dbPath: string;
  env: Record<string, string>;
  ctx: AppContext;
  app: ReturnType<typeof createApp>;
  close(): Promise<void>;
}

export function tempDir(prefix = 'readout-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A fresh SQLite store in a temporary folder; `close()` removes it. */
export async function openTestStore(settings: Record<string, string> = {}): Promise<TestStore> {
  const dir = tempDir();
  const dbPath = join(dir, 'readout.db');
  const env = { READOUT_DB: dbPath, READOUT_SAMPLES: '0', LOG_LEVEL: 'silent', ...settings };
  const ctx = await createContext(loadConfig(env), { log: pino({ level: 'silent' }) });
  return {
    dir,
    dbPath,
    env,
    ctx,
    app: createApp(ctx),
    async close() {
      await ctx.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `readout <args>` as a real process with the given environment added. */
export function runCli(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliResult> {
  return runProcess(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli.ts'), ...args], env, input);
}

/** Runs a program in the checkout with Readout's test environment (quiet log, no samples) and `env` added. */
export function runProcess(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'silent', READOUT_SAMPLES: '0', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

export async function json<T = unknown>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

const postgresAdminUrl = process.env.READOUT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A new, empty PostgreSQL database for one test file: its URL, and `drop()` to remove it (connections and all). */
export async function createPostgresDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${postgresAdminUrl} (${(err as Error).message}); start it or set READOUT_TEST_POSTGRES`,
    );
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      const client = new pg.Client({ connectionString: postgresAdminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

const chromiumPath = '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, as the browser tests drive it; a clear error when it is not installed. `args` adds
 * switches (such as --host-resolver-rules, to give a test host name an address).
 */
export async function launchChromium(args: string[] = []): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(
      `${chromiumPath} is missing: the browser tests need Debian's chromium (apt-get install -y chromium)`,
    );
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...args,
    ],
  });
}

interface CountedAnswer {
  total: number;
  totalExact: boolean;
  results: { article: { source: { id: string } } }[];
}

/**
 * Search's count cap, the same on both engines: 2,050 matches, half from each of two outlets, count as
 * "more than 2,000"; one outlet's 1,025 count exactly.
 */
export async function assertCountCap(
  store: Pick<AppContext['store'], 'saveArticles'>,
  draft: (overrides: Partial<ArticleDraft>) => ArticleDraft,
  search: (q: string) => Promise<CountedAnswer>,
): Promise<void> {
  const drafts = Array.from({ length: 2_050 }, (_, n) =>
    draft({
      headline: `Quarry report ${n}`,
      publishedAt: `2020-${String((n % 12) + 1).padStart(2, '0')}-10`,
      source: { name: n % 2 === 0 ? 'Quarry Gazette' : 'Slate Weekly', homepage: null, paywalled: false },
      paragraphs: [`Blasting at the quarry, report number ${n}.`],
    }),
  );
  for (const result of await store.saveArticles(drafts)) assert.equal(result.outcome, 'imported');
  const all = await search('quarry');
  assert.deepEqual([all.total, all.totalExact, all.results.length], [2_000, false, 20]);
  const one = await search('quarry source:quarry-gazette');
  assert.deepEqual([one.total, one.totalExact], [1_025, true]);
  assert.ok(one.results.every((r) => r.article.source.id === 'quarry-gazette'));
  const both = await search('quarry source:quarry-gazette source:slate-weekly');
  assert.deepEqual([both.total, both.totalExact], [2_000, false]);
}

interface DatedAnswer {
  total: number;
  results: { article: { publishedAt: string | null } }[];
  nextCursor: string | null;
}

/**
 * Search across four centuries, the same on both engines: articles dated 1800 to 2200 (before 1970 SQLite's
 * search key has a negative day) are each found once in both sorts, and from:/to: ranges around 1900 and 2100
 * hold exactly theirs.
 */
export async function assertCenturies(
  store: Pick<AppContext['store'], 'saveArticles'>,
  draft: (overrides: Partial<ArticleDraft>) => ArticleDraft,
  search: (q: string, params: string) => Promise<DatedAnswer>,
): Promise<void> {
  const dates = [
    ...Array.from({ length: 21 }, (_, i) => `${1800 + i * 20}-06-15`),
    ...['1899-12-31', '1900-01-01', '1900-12-31', '1901-01-01', '1969-12-31', '1970-01-01'],
    ...['2099-12-31', '2100-01-01', '2100-12-31', '2101-01-01', '1969-12-31T23:30:00-01:00'],
  ];
  const drafts = dates.map((date) =>
    draft({
      headline: `Chronometer read on ${date}`,
      publishedAt: date,
      paragraphs: [`The chronometer read ${date}.`],
    }),
  );
  for (const result of await store.saveArticles(drafts)) assert.equal(result.outcome, 'imported');
  const instant = (date: string) => Date.parse(date.length === 10 ? `${date}T00:00:00Z` : date);
  const newestFirst = [...dates].sort((a, b) => instant(b) - instant(a));
  const found = async (q: string, sort: string) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let total = 0;
    do {
      const page: DatedAnswer = await search(
        q,
        `&sort=${sort}&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...page.results.map((r) => r.article.publishedAt ?? 'no date'));
      total = page.total;
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(seen.length, total, `${q} by ${sort}: counted ${total}, listed ${seen.join(' ')}`);
    return seen;
  };
  assert.deepEqual(await found('chronometer', 'date'), newestFirst);
  assert.deepEqual((await found('chronometer', 'relevance')).sort(), [...dates].sort());
  const ranges: Record<string, string[]> = {
    'chronometer from:1900 to:1900': ['1900-01-01', '1900-06-15', '1900-12-31'],
    'chronometer from:1899-12-31 to:1900-01-01': ['1899-12-31', '1900-01-01'],
    'from:1900 to:1900': ['1900-01-01', '1900-06-15', '1900-12-31'],
    'chronometer to:1899': ['1800-06-15', '1820-06-15', '1840-06-15', '1860-06-15', '1880-06-15', '1899-12-31'],
    'chronometer from:1969-12-31 to:1969-12-31': ['1969-12-31'],
    'chronometer from:2100 to:2100': ['2100-01-01', '2100-06-15', '2100-12-31'],
    'chronometer from:2099-12-31 to:2100-01-01': ['2099-12-31', '2100-01-01'],
    'chronometer from:2101': ['2101-01-01', '2120-06-15', '2140-06-15', '2160-06-15', '2180-06-15', '2200-06-15'],
  };
  for (const [q, expected] of Object.entries(ranges)) {
    for (const sort of ['date', 'relevance'])
      assert.deepEqual((await found(q, sort)).sort(), expected, `${q} by ${sort}`);
  }
}
