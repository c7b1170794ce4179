// bench:feeds: how many real feeds Readout's feed parser reads, how many reference title/link checks hold,
// what parse+normalise costs over feedsmith's bare parse, and how fast Readout polls 1,000 feeds.
//
//   npm run bench:feeds [-- --feeds 1000 --items 50]
//
// Reads ../shared/data/feeds/ (feedparser's test suite: 2,107 good and broken feeds). Every file is parsed
// once, timed on its own (over 1 s is reported); a FeedError is a refusal, any other exception a crash. The
// checks of expectations.json are scored as its README says: sanitize/, cdf/, http_* and *base64* files are
// skipped (they test Python post-processing); "core" checks are those on wellformed/ files. The overhead is
// measured over the wellformed files (all, and those feedsmith accepts) after an uncounted warm-up pass, best of
// 7 interleaved rounds each. Prints one markdown table on stdout.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFeed as feedsmithParse } from 'feedsmith';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { decodeFeed, FeedError, htmlToText, type ParsedFeed, parseFeed } from '../src/ingest/feeds/index.js';
import { startPoller } from '../src/jobs/scheduler.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const feedsDir = resolve(repoRoot, '../shared/data/feeds');

interface Expectation {
  path: string;
  checks: { scope: 'feed' | 'entry0'; field: 'title' | 'link'; expected: string }[];
}

export interface CorpusResult {
  files: number;
  perFolder: Map<string, { files: number; parsed: number }>;
  wellformed: { files: number; parsed: number };
  coreChecks: { total: number; held: number; heldAsText: number; failed: string[] };
  otherChecks: { total: number; held: number };
  crashes: string[];
  slow: string[];
  slowest: { file: string; ms: number };
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else if (name !== 'expectations.json' && name !== 'LICENSE') out.push(path);
  }
  return out;
}

const skipped = (path: string) => {
  const name = path.split('/').pop()!;
  return path.includes('sanitize/') || path.includes('cdf/') || name.startsWith('http_') || name.includes('base64');
};

function valueAt(feed: ParsedFeed, scope: 'feed' | 'entry0', field: 'title' | 'link'): string | null | undefined {
  return scope === 'feed' ? feed[field] : feed.entries[0]?.[field];
}

/** Parses every file of the corpus once and scores it. Throws when the corpus is missing. */
export function runFeedCorpus(dir = feedsDir): CorpusResult {
  if (!existsSync(join(dir, 'expectations.json'))) throw new Error(`the feed corpus is missing: ${dir} not found`);
  const expectations = new Map<string, Expectation>();
  for (const e of JSON.parse(readFileSync(join(dir, 'expectations.json'), 'utf8')) as Expectation[]) {
    expectations.set(e.path.replace(/^feedparser-tests\//, ''), e);
  }
  const result: CorpusResult = {
    files: 0,
    perFolder: new Map(),
    wellformed: { files: 0, parsed: 0 },
    coreChecks: { total: 0, held: 0, heldAsText: 0, failed: [] },
    otherChecks: { total: 0, held: 0 },
    crashes: [],
    slow: [],
    slowest: { file: '', ms: 0 },
  };
  for (const path of listFiles(dir)) {
    const rel = relative(dir, path);
    const folder = rel.split('/')[0]!;
    const bytes = readFileSync(path);
    const started = performance.now();
    let feed: ParsedFeed | null = null;
    try {
      feed = parseFeed(bytes, { url: `http://example.com/${rel}` });
    } catch (error) {
      if (!(error instanceof FeedError)) result.crashes.push(`${rel}: ${(error as Error)?.stack ?? error}`);
    }
    const ms = performance.now() - started;
    if (ms > 1000) result.slow.push(`${rel} (${Math.round(ms)} ms)`);
    if (ms > result.slowest.ms) result.slowest = { file: rel, ms };
    result.files++;
    const counts = result.perFolder.get(folder) ?? { files: 0, parsed: 0 };
    counts.files++;
    if (feed) counts.parsed++;
    result.perFolder.set(folder, counts);
    const expectation = expectations.get(rel);
    if (!expectation || skipped(rel)) continue;
    const core = folder === 'wellformed';
    const declaresText = /type=["'](text|text\/plain)["']/.test(bytes.toString('latin1'));
    for (const check of expectation.checks) {
      const actual = feed === null ? undefined : valueAt(feed, check.scope, check.field);
      const held = actual === check.expected;
      // feedparser's titles are HTML, Readout's are text: the same title when the text of the HTML matches,
      // unless the file declares its title as plain text (then "<blink>" is words and must survive).
      const asText =
        check.field === 'title' &&
        !declaresText &&
        /[<&]/.test(check.expected) &&
        actual === htmlToText(check.expected);
      const tally = core ? result.coreChecks : result.otherChecks;
      tally.total++;
      if (held) tally.held++;
      if (core && (held || asText)) result.coreChecks.heldAsText++;
      if (core && !held) {
        const got = feed ? JSON.stringify(valueAt(feed, check.scope, check.field)) : 'no feed';
        result.coreChecks.failed.push(
          `${asText ? '(holds as text) ' : ''}${rel} ${check.scope}.${check.field}: want ${JSON.stringify(check.expected)}, got ${got}`,
        );
      }
    }
  }
  result.wellformed = result.perFolder.get('wellformed') ?? { files: 0, parsed: 0 };
  return result;
}

interface Timing {
  bareMs: number;
  readoutMs: number;
}

/**
 * Milliseconds for feedsmith's bare parse and for Readout's parse+normalise over the wellformed files: all of
 * them, and only those feedsmith accepts (on the others Readout does more work, the recovery, not overhead).
 */
export function timeOverhead(dir = feedsDir, rounds = 7): { all: Timing; accepted: Timing } {
  const files = listFiles(join(dir, 'wellformed')).map((path) => readFileSync(path));
  const texts = files.map((bytes) => decodeFeed(bytes, null));
  const accepted = files.filter((_, i) => {
    try {
      feedsmithParse(texts[i]);
      return true;
    } catch {
      return false;
    }
  });
  const acceptedTexts = accepted.map((bytes) => decodeFeed(bytes, null));
  const bare = (list: string[]) => () => {
    for (const text of list) {
      try {
        feedsmithParse(text);
      } catch {}
    }
  };
  const readout = (list: Buffer[]) => () => {
    for (const bytes of list) {
      try {
        parseFeed(bytes);
      } catch {}
    }
  };
  return {
    all: compare(bare(texts), readout(files), rounds),
    accepted: compare(bare(acceptedTexts), readout(accepted), rounds),
  };
}

/** Best of each over interleaved rounds in alternating order, after a warm-up: the fastest round is the one least
 * disturbed by the rest of the machine, and alternating spreads the garbage each parser leaves over both. */
function compare(bare: () => void, readout: () => void, rounds: number): Timing {
  const timed = (run: () => void) => {
    const t = performance.now();
    run();
    return performance.now() - t;
  };
  bare();
  readout();
  let bareMs = Number.POSITIVE_INFINITY;
  let readoutMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const first = i % 2 === 0 ? bare : readout;
    const second = first === bare ? readout : bare;
    const a = timed(first);
    const b = timed(second);
    bareMs = Math.min(bareMs, first === bare ? a : b);
    readoutMs = Math.min(readoutMs, first === bare ? b : a);
  }
  return { bareMs, readoutMs };
}

interface PollRound {
  wallMs: number;
  checks: number;
  notModified: number;
  failed: number;
  added: number;
}

/**
 * Follows `feeds` feeds of `items` entries served from a farm of loopback hosts (a child process), polls them all
 * once with Readout's default politeness (2 requests at a time and 1 s between starts per host, 8 jobs at a time),
 * then makes them all due again and polls a second time: every answer should be a 304 and nothing new stored.
 */
async function pollingBench(feeds: number, items: number, hosts: number) {
  const farm = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'bench/feed-farm.ts'), String(feeds), String(items), String(hosts)],
    {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    },
  );
  const urls = await new Promise<string[]>((resolve, reject) => {
    let text = '';
    farm.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(JSON.parse(text.slice(0, text.indexOf('\n'))) as string[]);
    });
    farm.once('exit', (code) => reject(new Error(`the feed farm stopped (${code})`)));
  });
  const dir = mkdtempSync(join(os.tmpdir(), 'readout-bench-feeds-'));
  const config = loadConfig({
    READOUT_DB: join(dir, 'readout.db'),
    READOUT_SAMPLES: '0',
    READOUT_ALLOW_PRIVATE_ADDRESSES: '1',
    LOG_LEVEL: 'silent',
  });
  const ctx = await createContext(config, { log: pino({ level: 'silent' }) });
  for (const url of urls) await ctx.store.addFeed({ url, title: null, siteUrl: null, folder: null });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 25);
  const round = async (): Promise<PollRound> => {
    const result: PollRound = { wallMs: 0, checks: 0, notModified: 0, failed: 0, added: 0 };
    const started = performance.now();
    let last = 0;
    const poller = startPoller(ctx, {
      once: true,
      onEvent(event) {
        if (event.kind !== 'poll') return;
        result.checks++;
        result.added += event.result.added;
        if (event.result.outcome === 'not-modified') result.notModified++;
        if (event.result.error) {
          result.failed++;
          if (result.failed <= 3) console.error(`bench:feeds: ${event.result.error}`);
        }
        if (process.stderr.isTTY && performance.now() - last > 200) {
          last = performance.now();
          process.stderr.write(`\r\x1b[2Kpolling: ${result.checks}/${feeds} feeds, ${result.added} articles`);
        }
      },
    });
    await poller.done;
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
    result.wallMs = performance.now() - started;
    return result;
  };
  const first = await round();
  const stored = await ctx.store.countArticles();
  await ctx.db.kysely.updateTable('jobs').set({ run_at: new Date().toISOString() }).execute();
  const second = await round();
  const storedAfter = await ctx.store.countArticles();
  clearInterval(sampler);
  const served = await new Promise<{ requests: number; notModified: number }>((resolve) => {
    farm.once('message', (m) => resolve(m as { requests: number; notModified: number }));
    farm.send('stats');
  });
  farm.kill();
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
  return { feeds, items, hosts, first, second, stored, storedAfter, peakRss, served };
}

async function main(): Promise<void> {
  if (!existsSync(feedsDir)) {
    console.error(`bench:feeds: the feed corpus is missing; expected it at ${feedsDir}`);
    process.exit(1);
  }
  // The parse timing runs first, on a small heap, so that the polling round's garbage does not weigh on it.
  const result = runFeedCorpus();
  const timing = timeOverhead();
  const feedCount = Number(argValue('--feeds') ?? 1000);
  const polling = await pollingBench(feedCount, Number(argValue('--items') ?? 50), Math.min(250, feedCount));
  const percent = ({ bareMs, readoutMs }: Timing) => {
    const overhead = ((readoutMs - bareMs) / bareMs) * 100;
    return `${bareMs.toFixed(0)} ms / ${readoutMs.toFixed(0)} ms (${overhead >= 0 ? '+' : ''}${overhead.toFixed(0)}%)`;
  };
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  console.log(
    `${new Date().toISOString().slice(0, 10)}, ${cpu} (${os.cpus().length} cores), Node ${process.version}, \`npm run bench:feeds\``,
  );
  console.log('');
  console.log('| measure | result | target |');
  console.log('| --- | --- | --- |');
  for (const [folder, counts] of [...result.perFolder].sort()) {
    console.log(
      `| ${folder}/ parsed without error | ${counts.parsed} of ${counts.files} | ${folder === 'wellformed' ? '≥ 1,720' : ''} |`,
    );
  }
  console.log(
    `| core title/link checks held, exact (wellformed/) | ${result.coreChecks.held} of ${result.coreChecks.total} | ≥ 70 of 79 |`,
  );
  console.log(
    `| core title/link checks held, feedparser's HTML titles compared as text | ${result.coreChecks.heldAsText} of ${result.coreChecks.total} | ≥ 70 of 79 |`,
  );
  console.log(
    `| other title checks held (entities/, encoding/, illformed/) | ${result.otherChecks.held} of ${result.otherChecks.total} | |`,
  );
  console.log(`| crashes (not a FeedError) | ${result.crashes.length} | 0 |`);
  console.log(`| files over 1 s | ${result.slow.length} (slowest ${Math.round(result.slowest.ms)} ms) | 0 |`);
  console.log(`| wellformed/ parse time, all files: feedsmith bare / Readout | ${percent(timing.all)} | ≤ +25% |`);
  console.log(
    `| wellformed/ parse time, files feedsmith accepts: feedsmith bare / Readout | ${percent(timing.accepted)} | ≤ +25% |`,
  );
  const p = polling;
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
  console.log(
    `| poll ${p.feeds.toLocaleString('en')} feeds × ${p.items} items from ${p.hosts} loopback hosts, first round: wall time | ${(p.first.wallMs / 1000).toFixed(1)} s (${p.first.checks} checks, ${p.first.failed} failed) | |`,
  );
  console.log(
    `| first round: articles stored, per second | ${p.stored.toLocaleString('en')}, ${Math.round(p.stored / (p.first.wallMs / 1000)).toLocaleString('en')}/s | ${(p.feeds * p.items).toLocaleString('en')} |`,
  );
  console.log(
    `| second round: 304 answers, new articles, wall time | ${p.second.notModified} of ${p.second.checks}, ${p.storedAfter - p.stored}, ${(p.second.wallMs / 1000).toFixed(1)} s | all 304, 0 new |`,
  );
  console.log(`| peak RSS of the polling process | ${mb(p.peakRss)} | |`);
  for (const line of result.crashes) console.error(`crash: ${line}`);
  for (const line of result.slow) console.error(`slow: ${line}`);
  for (const line of result.coreChecks.failed) console.error(`check failed: ${line}`);
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
