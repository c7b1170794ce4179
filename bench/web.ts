// bench:web: how many reading pages a second `readout serve` answers over 10,000 stored articles, how fast,
// and how much memory the server needs for it.
//
//   npm run bench:web [-- --articles 10000 --seconds 10 --connections 10 --cpu-prof]
//
// Seeds a temporary SQLite store through Readout's own store with synthetic articles (bench/synthetic.ts),
// starts `readout serve` on it as a child process, and loads the article page, the home page and the API's
// article with autocannon, each after an uncounted 3-second warm-up. Prints one markdown table on stdout,
// progress on stderr. `--cpu-prof` writes the server's CPU profiles to .bench/ (one per thread; the largest is
// the main thread). Linux only: memory comes from /proc. The load generator runs in this process and shares
// the machine's cores with the server.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { type Config, loadConfig } from '../src/config.js';
import { type AppContext, createContext } from '../src/context.js';
import { freePort, npmStartArguments } from './server.js';
import { createRandom, syntheticArticles } from './synthetic.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const warmUpSeconds = 3;
const startTimeoutMs = 30_000;
const homePages = 50;
const targets = { articlePerSecond: 2_000, articleP99Ms: 50, peakRssBytes: 150e6 };

/** A benchmark that cannot run as asked; the message says why. */
class BenchError extends Error {
  override name = 'BenchError';
}

interface Options {
  articles: number;
  seconds: number;
  connections: number;
  cpuProf: boolean;
}

const usage = 'npm run bench:web [-- --articles N --seconds N --connections N --cpu-prof]';

function parseOptions(argv: string[]): Options {
  let values: ReturnType<typeof readArgs>['values'];
  try {
    ({ values } = readArgs(argv));
  } catch (err) {
    throw new BenchError(`${(err as Error).message.split('\n')[0]}\nUsage: ${usage}`);
  }
  return {
    articles: wholeNumber('--articles', values.articles),
    seconds: wholeNumber('--seconds', values.seconds),
    connections: wholeNumber('--connections', values.connections),
    cpuProf: values['cpu-prof'],
  };
}

function readArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      articles: { type: 'string', default: '10000' },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      'cpu-prof': { type: 'boolean', default: false },
    },
  });
}

function wholeNumber(option: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new BenchError(`${option} must be a whole number of 1 or more, not "${text}"`);
  }
  return Number(text);
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

// ---- 1. The store ----

/** Stores the synthetic articles through Readout's store, the single door in; returns their ids. */
async function seedStore(config: Config, count: number): Promise<string[]> {
  const drafts = syntheticArticles(count);
  const ctx = await createContext(config);
  try {
    const started = performance.now();
    const ids: string[] = [];
    for (const draft of drafts) {
      const { outcome, id } = await ctx.store.saveArticle(draft);
      if (outcome !== 'imported') {
        throw new BenchError(
          `synthetic article "${draft.headline}" was ${outcome}, not imported: fix bench/synthetic.ts`,
        );
      }
      ids.push(id);
      if (process.stderr.isTTY && ids.length % 100 === 0)
        process.stderr.write(`\rseeding ${integer.format(ids.length)}/${integer.format(count)}`);
    }
    const seconds = (performance.now() - started) / 1000;
    if (process.stderr.isTTY) process.stderr.write('\n');
    progress(
      `seeded ${integer.format(count)} articles in ${seconds.toFixed(1)} s (${integer.format(count / seconds)} articles/s)`,
    );
    await checkRelatedResolve(ctx, ids.slice(0, 100));
    return ids;
  } finally {
    await ctx.close();
  }
}

/** The article page's cost depends on its "More from" links resolving; make sure the data does what it claims. */
async function checkRelatedResolve(ctx: AppContext, ids: string[]): Promise<void> {
  for (const id of ids) {
    const article = await ctx.store.getArticle(id);
    if (!article) throw new BenchError(`article ${id} was saved but cannot be read back`);
    const unresolved = (await ctx.store.resolveRelated(article)).find((link) => link.articleId === null);
    if (unresolved) throw new BenchError(`related headline "${unresolved.title}" of article ${id} names no article`);
  }
}

// ---- 2. The server ----

/** Compiles the server as `npm start` does before it starts. */
function build(): void {
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
}

/** `readout serve` as a child process. Node is spawned directly (not through npm) so that its pid is the server's. */
class ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** How the process ended, e.g. "exited with code 1"; null while it runs. */
  end: string | null = null;
  readonly ended: Promise<void>;

  constructor(dbPath: string, port: number, cpuProf: boolean) {
    this.url = `http://127.0.0.1:${port}`;
    const profile = cpuProf ? ['--cpu-prof', '--cpu-prof-dir', join(repoRoot, '.bench')] : [];
    this.child = spawn(process.execPath, [...profile, ...npmStartArguments()], {
      cwd: repoRoot,
      // Only these: a DATABASE_URL in the caller's environment must not send the server to PostgreSQL.
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        READOUT_DB: dbPath,
        READOUT_SAMPLES: '0',
        READOUT_POLL: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    this.ended = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.end = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
        resolve();
      });
      this.child.once('error', (err) => {
        this.end = `could not be started (${err.message})`;
        resolve();
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  async waitUntilServing(): Promise<void> {
    const deadline = Date.now() + startTimeoutMs;
    let answer = 'no answer';
    while (Date.now() < deadline) {
      if (this.end !== null) throw new BenchError(`the server ${this.end} before serving; its messages are above`);
      try {
        const response = await fetch(`${this.url}/`, { signal: AbortSignal.timeout(2_000) });
        await response.body?.cancel();
        if (response.status === 200) return;
        answer = `status ${response.status}`;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new BenchError(`the server did not answer GET / with 200 within ${startTimeoutMs / 1000} s (${answer})`);
  }

  /** SIGTERM, as a service manager would send; SIGKILL if it has not stopped 10 s later. */
  async stop(): Promise<void> {
    if (this.end !== null) return;
    this.child.kill('SIGTERM');
    const kill = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.ended;
    clearTimeout(kill);
  }
}

// ---- 3. Memory ----

/** One field of /proc/<pid>/status in bytes (the kernel counts in kB). */
function procStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch (err) {
    throw new BenchError(`cannot read the server's memory (${(err as Error).message}); this benchmark needs Linux`);
  }
  const match = new RegExp(`^${field}:\\s*(\\d+) kB$`, 'm').exec(status);
  if (!match) throw new BenchError(`/proc/${pid}/status has no ${field} line; this benchmark needs Linux`);
  return Number(match[1]) * 1024;
}

/** Reads the server's resident memory every 250 ms; `stop()` gives the largest reading. */
function sampleRss(pid: number): { stop(): number } {
  let largest = procStatusBytes(pid, 'VmRSS');
  const timer = setInterval(() => {
    try {
      largest = Math.max(largest, procStatusBytes(pid, 'VmRSS'));
    } catch {
      // The server has gone; the load run reports the failed requests.
    }
  }, 250);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return largest;
    },
  };
}

// ---- 4. The load ----

interface Scenario {
  name: string;
  paths: string[];
  target: string;
}

interface Measurement {
  name: string;
  target: string;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  statusCodes: Record<string, { count: number }>;
  /** Connection errors and timeouts: requests that got no answer at all. */
  unanswered: number;
}

function scenarios(ids: string[], pageSize: number): Scenario[] {
  // Shuffled so that consecutive requests read articles stored far apart, as readers do.
  const shuffled = createRandom(7).shuffle(ids);
  const pages = Math.min(homePages, Math.ceil(ids.length / pageSize));
  return [
    {
      name: 'article page',
      paths: shuffled.map((id) => `/articles/${id}?back=%2F`),
      target: `≥ ${integer.format(targets.articlePerSecond)} req/s, p99 < ${targets.articleP99Ms} ms`,
    },
    { name: 'home page', paths: Array.from({ length: pages }, (_, i) => `/?page=${i + 1}`), target: '' },
    { name: 'API article', paths: shuffled.map((id) => `/api/articles/${id}`), target: '' },
  ];
}

/** Every connection takes the next path of the list in turn, so that no single hot row answers every request. */
function load(url: string, paths: string[], seconds: number, connections: number): Promise<Result> {
  let next = 0;
  return autocannon({
    url,
    connections,
    pipelining: 1,
    duration: seconds,
    requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
  });
}

async function measure(url: string, scenario: Scenario, options: Options): Promise<Measurement> {
  progress(`${scenario.name}: ${warmUpSeconds} s warm-up, then ${options.seconds} s measured`);
  await load(url, scenario.paths, warmUpSeconds, options.connections);
  const result = await load(url, scenario.paths, options.seconds, options.connections);
  return {
    name: scenario.name,
    target: scenario.target,
    perSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    statusCodes: result.statusCodeStats,
    unanswered: result.errors + result.timeouts,
  };
}

// ---- 5. The report ----

interface Memory {
  /** VmHWM: the largest resident set the server ever had, start-up included. */
  peakBytes: number;
  /** The largest VmRSS of the 250 ms samples taken under load. */
  sampledBytes: number;
}

function megabytes(bytes: number): string {
  return `${integer.format(bytes / 1e6)} MB`;
}

function commandLine(options: Options): string {
  const { articles, seconds, connections, cpuProf } = options;
  const flags = `--articles ${articles} --seconds ${seconds} --connections ${connections}${cpuProf ? ' --cpu-prof' : ''}`;
  return `npm run bench:web -- ${flags}`;
}

/** When the run started, and the machine's 1-minute load average then, before this benchmark added its own. */
interface Start {
  at: Date;
  load: number;
}

function machineLine(start: Start, options: Options): string {
  const date = start.at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const cpus = os.cpus();
  const cpu = cpus[0]?.model.trim() ?? 'unknown CPU';
  const memory = `${Math.round(os.totalmem() / 2 ** 30)} GiB`;
  return [
    `bench:web ${date}`,
    cpu,
    `${cpus.length} cores`,
    memory,
    // Other work on the machine takes cores from the server and the load generator alike.
    `load ${start.load.toFixed(1)} before the run`,
    `node ${process.version}`,
    commandLine(options),
  ].join(' · ');
}

/** One markdown table row; an empty cell stays empty. */
function row(cells: string[]): string {
  return `|${cells.map((cell) => (cell ? ` ${cell} ` : ' ')).join('|')}|`;
}

function table(measurements: Measurement[], memory: Memory): string[] {
  return [
    row(['page', 'requests/s', 'p50 ms', 'p99 ms', 'non-2xx', 'target']),
    '|---|---|---|---|---|---|',
    ...measurements.map((m) =>
      row([m.name, integer.format(m.perSecond), `${m.p50Ms}`, `${m.p99Ms}`, integer.format(m.non2xx), m.target]),
    ),
    row(['server peak RSS', megabytes(memory.peakBytes), '', '', '', `< ${megabytes(targets.peakRssBytes)}`]),
    row(['server RSS, largest 250 ms sample', megabytes(memory.sampledBytes), '', '', '', '']),
  ];
}

function verdict(article: Measurement, memory: Memory): string {
  const fast = article.perSecond >= targets.articlePerSecond;
  const steady = article.p99Ms < targets.articleP99Ms;
  const lean = memory.peakBytes < targets.peakRssBytes;
  const findings: [boolean, string][] = [
    [
      fast,
      `article page ${integer.format(article.perSecond)} req/s ${fast ? '≥' : '<'} ${integer.format(targets.articlePerSecond)}`,
    ],
    [steady, `article p99 ${article.p99Ms} ms ${steady ? '<' : '≥'} ${targets.articleP99Ms} ms`],
    [lean, `server peak RSS ${megabytes(memory.peakBytes)} ${lean ? '<' : '≥'} ${megabytes(targets.peakRssBytes)}`],
  ];
  const list = (met: boolean) =>
    findings
      .filter(([ok]) => ok === met)
      .map(([, text]) => text)
      .join('; ');
  return [`targets met: ${list(true) || 'none'}`, `targets NOT met: ${list(false) || 'none'}`].join('\n');
}

/** Says on stderr which requests failed; true when any did. */
function reportFailures(measurements: Measurement[]): boolean {
  let failed = false;
  for (const m of measurements) {
    if (m.non2xx === 0 && m.unanswered === 0) continue;
    failed = true;
    const codes = Object.entries(m.statusCodes)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, { count }]) => `${code}: ${integer.format(count)}`)
      .join(', ');
    progress(
      `${m.name}: ${integer.format(m.non2xx)} non-2xx responses (${codes || 'none'}), ${integer.format(m.unanswered)} without an answer`,
    );
  }
  return failed;
}

// ---- 6. The run ----

/** Runs `cleanup` once, whether the run ends, fails, or is interrupted. */
function cleanupOnce(cleanup: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => {
    running ??= cleanup();
    return running;
  };
}

function cleanUpOnSignal(cleanup: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      progress(`bench:web: ${signal}, stopping the server and removing the temporary store`);
      void cleanup().finally(() => process.exit(128 + os.constants.signals[signal]));
    });
  }
}

async function main(argv: string[]): Promise<number> {
  const start: Start = { at: new Date(), load: os.loadavg()[0] ?? 0 };
  const options = parseOptions(argv);
  const dir = await mkdtemp(join(os.tmpdir(), 'readout-bench-'));
  let server: ServerProcess | null = null;
  const cleanup = cleanupOnce(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  cleanUpOnSignal(cleanup);
  try {
    const config = loadConfig({ READOUT_DB: join(dir, 'bench.db'), READOUT_SAMPLES: '0', LOG_LEVEL: 'warn' });
    const ids = await seedStore(config, options.articles);
    // Assigned before waiting, so that an interrupt during start-up stops it too.
    build();
    server = new ServerProcess(config.dbPath, await freePort(), options.cpuProf);
    await server.waitUntilServing();
    const rss = sampleRss(server.pid);
    const measurements: Measurement[] = [];
    for (const scenario of scenarios(ids, config.pageSize)) {
      measurements.push(await measure(server.url, scenario, options));
    }
    const memory = { peakBytes: procStatusBytes(server.pid, 'VmHWM'), sampledBytes: rss.stop() };

    const article = measurements[0]!;
    process.stdout.write(
      `${[machineLine(start, options), ...table(measurements, memory), verdict(article, memory)].join('\n')}\n`,
    );
    const failed = reportFailures(measurements);
    await server.stop();
    if (server.end !== 'exited with code 0') progress(`bench:web: on SIGTERM the server ${server.end}`);
    if (options.cpuProf) progress(`bench:web: the server's CPU profiles are in ${join(repoRoot, '.bench')}`);
    return failed ? 1 : 0;
  } finally {
    await cleanup();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`bench:web: ${err instanceof BenchError ? err.message : ((err as Error).stack ?? err)}\n`);
  process.exitCode = 1;
}
