// Several writers on one SQLite file at once: two `readout import` processes and a server polling feeds.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { parseQuery } from '../src/store/index.js';
import { openTestStore, repoRoot, runCli, type TestStore } from './harness.js';

const linesPerFile = 20_000;
const feedCount = 24;
const entriesPerFeed = 40;
/** Each feed answers after this long, so that the poller's checks spread over the time the imports run. */
const feedDelayMs = 600;

function jsonLines(name: string): string {
  const lines: string[] = [];
  for (let n = 0; n < linesPerFile; n++) {
    const day = String((n % 28) + 1).padStart(2, '0');
    const month = String((n % 12) + 1).padStart(2, '0');
    lines.push(
      JSON.stringify({
        headline: `${name} dispatch ${n}`,
        source: `${name} Courier ${n % 7}`,
        publishedAt: `20${10 + (n % 15)}-${month}-${day}`,
        paragraphs: [
          `The ${name} desk filed dispatch number ${n} on the harbour works and the ferry timetable.`,
          `Councillors met on Tuesday to weigh the cost of item ${n} against the budget for the year.`,
        ],
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

function feed(k: number): string {
  const items = Array.from(
    { length: entriesPerFeed },
    (_, i) =>
      `<item><title>Feed ${k} story ${i}</title><link>https://feed${k}.example/${i}</link><guid>f${k}-${i}</guid>` +
      `<pubDate>Fri, 27 Nov 2026 ${String(i % 24).padStart(2, '0')}:00:00 GMT</pubDate><content:encoded><![CDATA[` +
      `<p>Story ${i} of feed ${k}: the harbour board met on Tuesday and set out the new ferry timetable.</p>` +
      `<p>The operators answered at length, and the board will vote on the plan next month.</p>]]></content:encoded></item>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Feed ${k}</title>
<link>https://feed${k}.example/</link>${items}</channel></rss>`;
}

/** `readout serve` as a process; resolves once it listens, with everything it printed so far and after. */
async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli.ts'), 'serve'], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.setEncoding('utf8').on('data', (d) => {
    output += d;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d) => {
      output += d;
      if (/Readout is serving/.test(output)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  return { child, output: () => output };
}

describe('several writers on one SQLite file', () => {
  let store: TestStore;
  let feeds: ReturnType<typeof createServer>;

  before(async () => {
    feeds = createServer((req, res) => {
      const k = Number(/^\/feed\/(\d+)\.xml$/.exec(req.url ?? '')?.[1] ?? Number.NaN);
      setTimeout(() => {
        if (Number.isNaN(k)) {
          res.writeHead(404).end('not here');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(feed(k));
      }, feedDelayMs);
    });
    await new Promise<void>((resolve) => feeds.listen(0, '127.0.0.1', resolve));
    store = await openTestStore();
    const base = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
    for (let k = 0; k < feedCount; k++) {
      await store.ctx.store.addFeed({ url: `${base}/feed/${k}.xml`, title: `Feed ${k}`, siteUrl: null, folder: null });
    }
  });
  after(async () => {
    await store.close();
    feeds.closeAllConnections();
    await new Promise((resolve) => feeds.close(resolve));
  });

  it('two imports of 20,000 articles and a polling server all finish, and every article is stored once', async () => {
    const files = ['North', 'South'].map((name) => {
      const file = join(store.dir, `${name.toLowerCase()}.jsonl`);
      writeFileSync(file, jsonLines(name));
      return file;
    });
    const server = await startServer({
      ...store.env,
      PORT: '0',
      LOG_LEVEL: 'info',
      READOUT_ALLOW_PRIVATE_ADDRESSES: '1',
      READOUT_HOST_DELAY: '0',
      READOUT_HOST_CONCURRENCY: '2',
    });
    const started = new Date().toISOString();
    let imports: Awaited<ReturnType<typeof runCli>>[];
    try {
      imports = await Promise.all(files.map((file) => runCli(['import', '--quiet', file], store.env)));
    } finally {
      server.child.kill('SIGTERM');
    }
    const finished = new Date().toISOString();
    const [code] = await once(server.child, 'exit');
    for (const result of imports) {
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /20000 imported, 0 duplicate, 0 updated, 0 errors/);
    }
    assert.equal(code, 0, server.output());
    assert.doesNotMatch(server.output(), /locked|busy|SQLITE_|"level":(50|60)/i);

    const db = store.ctx.db.kysely;
    for (const name of ['North', 'South']) {
      const { rows } = await sql<{ n: number; distinct: number }>`
        select count(*) as n, count(distinct headline) as "distinct" from articles
        where headline like ${`${name} dispatch %`}`.execute(db);
      assert.deepEqual(rows[0], { n: linesPerFile, distinct: linesPerFile }, name);
    }
    const feedRows = await sql<{ n: number; distinct: number }>`
      select count(*) as n, count(distinct guid) as "distinct" from articles where feed_id is not null`.execute(db);
    assert.equal(feedRows.rows[0]!.n, feedRows.rows[0]!.distinct);
    // The poller wrote while the imports ran: it is what makes this a test of contention.
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from articles where feed_id is not null
      and created_at > ${started} and created_at < ${finished}`.execute(db);
    assert.ok(rows[0]!.n > 0, 'the poller stored no feed entry while the imports ran');
  });
});

describe('an import killed in the middle', () => {
  it('leaves whole batches and nothing half-saved, and the same import run again stores the rest once', async () => {
    const store = await openTestStore();
    try {
      const file = join(store.dir, 'east.jsonl');
      writeFileSync(file, jsonLines('East'));
      const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli.ts'), 'import', file], {
        cwd: repoRoot,
        env: { ...process.env, ...store.env },
        stdio: 'ignore',
      });
      const exited = once(child, 'exit');
      // Killed (SIGKILL: no clean-up of any kind) as soon as its first batch is in, while it writes the next.
      while ((await store.ctx.store.countArticles()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      child.kill('SIGKILL');
      await exited;

      const db = store.ctx.db.kysely;
      const stored = await store.ctx.store.countArticles();
      assert.ok(stored > 0 && stored < linesPerFile, `${stored} stored`);
      assert.equal(stored % 5_000, 0, 'a JSONL batch of 5,000 lines is stored whole or not at all');
      const { rows } = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
      assert.deepEqual(rows, [{ integrity_check: 'ok' }]);
      await sql`INSERT INTO article_search(article_search) VALUES ('integrity-check')`.execute(db);
      const indexed = await store.ctx.store.searchArticles(parseQuery('east dispatch'), { sort: 'date', limit: 1 });
      assert.equal(indexed.total, Math.min(stored, 2_000), 'every stored article is in the search index');

      const again = await runCli(['import', '--quiet', file], store.env);
      assert.equal(again.code, 0, again.stderr);
      assert.match(
        again.stderr,
        new RegExp(`${linesPerFile - stored} imported, ${stored} duplicate, 0 updated, 0 errors`),
      );
      const { rows: counts } = await sql<{ n: number; distinct: number }>`
        select count(*) as n, count(distinct headline) as "distinct" from articles`.execute(db);
      assert.deepEqual(counts[0], { n: linesPerFile, distinct: linesPerFile });
    } finally {
      await store.close();
    }
  });
});
