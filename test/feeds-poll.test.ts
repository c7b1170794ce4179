// Following feeds end to end: discovery, polling with ETag/304, deduplication and edits, summaries filled from
// their pages, politeness, and every kind of bad feed, against real feed servers on loopback.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { type AppContext, createContext } from '../src/context.js';
import { HostLimiter } from '../src/jobs/hosts.js';
import { pollFeed } from '../src/jobs/poll-feed.js';
import { type PollerEvent, startPoller } from '../src/jobs/scheduler.js';
import type { Feed } from '../src/model.js';
import { subscribe } from '../src/pipeline/feeds.js';
import { createPostgresDatabase, fixtures, openTestStore, runCli, type TestStore } from './harness.js';

type Route = (req: IncomingMessage, res: ServerResponse) => void;

/** A feed server on loopback whose routes each test sets; it counts every request by path. */
class FeedServer {
  readonly routes = new Map<string, Route>();
  readonly hits = new Map<string, number>();
  readonly requests: IncomingMessage[] = [];
  #server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
    this.requests.push(req);
    const route = this.routes.get(path);
    if (route) return route(req, res);
    res.statusCode = 404;
    res.end('not here');
  });
  base = '';

  /** Another loopback address is another host to the politeness limits. */
  async start(host = '127.0.0.1'): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, host, resolve));
    this.base = `http://${host}:${(this.#server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  serve(path: string, body: string | Buffer, headers: Record<string, string> = {}, status = 200): void {
    this.routes.set(path, (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/rss+xml; charset=utf-8', ...headers });
      res.end(body);
    });
  }
}

interface Item {
  title?: string;
  link?: string;
  guid?: string;
  date?: string;
  text?: string;
  content?: string;
}

function rss(title: string, items: Item[], extra = ''): string {
  const entries = items
    .map(
      (i) =>
        `<item>${i.title ? `<title>${i.title}</title>` : ''}${i.link ? `<link>${i.link}</link>` : ''}${i.guid ? `<guid isPermaLink="false">${i.guid}</guid>` : ''}${i.date ? `<pubDate>${i.date}</pubDate>` : ''}${i.text ? `<description>${i.text}</description>` : ''}${i.content ? `<content:encoded><![CDATA[${i.content}]]></content:encoded>` : ''}</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${title}</title><link>https://harbour.example/</link>${extra}
${entries}
</channel></rss>`;
}

const fullText = (n: number) =>
  Array.from(
    { length: 10 },
    (_, i) =>
      `<p>Paragraph ${i + 1} of story ${n}: the harbour board met on Tuesday and the ferry operators set out their case for the new timetable at length.</p>`,
  ).join('');

function articlePage(headline: string): string {
  const paragraphs = Array.from(
    { length: 10 },
    (_, i) =>
      `<p>Paragraph ${i + 1}. ${headline} is reported in full here, with the quotes, the figures and the background the feed summary left out of its two lines.</p>`,
  ).join('');
  return `<!doctype html><html lang="en"><head><title>${headline}</title></head><body><article><h1>${headline}</h1>${paragraphs}</article></body></html>`;
}

describe('following feeds', () => {
  let server: FeedServer;
  let store: TestStore;
  let limiter: HostLimiter;

  before(async () => {
    server = new FeedServer();
    await server.start();
    store = await openTestStore({
      READOUT_ALLOW_PRIVATE_ADDRESSES: '1',
      READOUT_HOST_DELAY: '0',
      READOUT_FETCH_TIMEOUT: '2',
    });
    limiter = new HostLimiter({ concurrency: 2, delayMs: 0 });
  });
  after(async () => {
    await store.close();
    await server.stop();
  });

  const poll = async (feed: Feed) => pollFeed(store.ctx, (await store.ctx.store.getFeed(feed.id)) as Feed, limiter);
  const follow = async (path: string, body?: string) => {
    if (body !== undefined) server.serve(path, body);
    return (await store.ctx.store.addFeed({ url: `${server.base}${path}`, title: null, siteUrl: null, folder: null }))
      .feed;
  };

  it('finds the feed a site page names, stores its entries at once, and asks again with its ETag (304 parses nothing)', async () => {
    server.routes.set('/site/', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        '<html><head><link rel="alternate" type="application/rss+xml" title="News" href="news.xml"></head><body>Home</body></html>',
      );
    });
    server.routes.set('/site/news.xml', (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' });
      res.end(
        rss('Harbour News', [
          {
            title: 'Ferry timetable changes',
            link: 'https://harbour.example/1',
            guid: 'n1',
            date: 'Fri, 27 Nov 2026 09:00:00 GMT',
            content: fullText(1),
          },
          {
            title: 'Dredging begins',
            link: 'https://harbour.example/2',
            guid: 'n2',
            date: '2026-11-26T08:00:00Z',
            content: fullText(2),
          },
        ]),
      );
    });
    const { feed, added } = await subscribe(store.ctx, `${server.base}/site/`);
    assert.equal(added, true);
    assert.equal(feed.url, `${server.base}/site/news.xml`);
    assert.equal(feed.title, 'Harbour News');
    const first = await poll(feed);
    assert.deepEqual([first.outcome, first.added, first.pagesQueued], ['fetched', 2, 0]);
    const second = await poll(feed);
    assert.equal(second.outcome, 'not-modified');
    const last = server.requests.at(-1) as IncomingMessage;
    assert.equal(last.headers['if-none-match'], '"v1"');
    assert.match(String(last.headers['user-agent']), /^Readout\//);
    const stored = (await store.ctx.store.getFeed(feed.id)) as Feed;
    assert.equal(stored.lastStatus, 304);
    assert.equal(await store.ctx.store.countFeedArticles(feed.id), 2);
    const again = await subscribe(store.ctx, `${server.base}/site/news.xml`);
    assert.equal(again.added, false, 'the same feed URL is followed once');
  });

  it('tries the usual paths when a site page names no feed, and says so when none answers', async () => {
    server.routes.set('/blog/', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><head><title>A blog</title></head><body>No feed links here</body></html>');
    });
    server.serve('/blog/feed', rss('The Blog', [{ title: 'Hello', link: 'https://blog.example/1', text: 'Hi' }]));
    const found = await subscribe(store.ctx, `${server.base}/blog/`);
    assert.equal(found.feed.url, `${server.base}/blog/feed`);
    server.routes.set('/bare/', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Nothing</body></html>');
    });
    await assert.rejects(subscribe(store.ctx, `${server.base}/bare/`), (err: Error) => {
      assert.equal(err.name, 'InputError');
      assert.match(err.message, /no feed found at .*\/bare\/: it names no feed, and none of \/feed, \/rss\.xml/);
      return true;
    });
  });

  it('updates an edited entry, keeps an unchanged one without a write, and knows an entry whose GUID changed by its URL', async () => {
    const items = [
      {
        title: 'Council votes on the pier',
        link: 'https://harbour.example/pier',
        guid: 'p1',
        date: '2026-11-20T10:00:00Z',
        content: fullText(3),
      },
      {
        title: 'Storm warning',
        link: 'https://harbour.example/storm',
        guid: 's1',
        date: '2026-11-21T10:00:00Z',
        content: fullText(4),
      },
    ];
    const feed = await follow('/edits.xml', rss('Edits', items));
    assert.equal((await poll(feed)).added, 2);
    const pier = await store.ctx.store.findArticleByUrl('https://harbour.example/pier');
    server.serve(
      '/edits.xml',
      rss('Edits', [
        { ...items[0], title: 'Council approves the pier', content: `${fullText(3)}<p>Update: approved 7 to 2.</p>` },
        { ...items[1], guid: 's1-renamed' },
      ]),
    );
    const result = await poll(feed);
    assert.deepEqual([result.added, result.updated, result.unchanged], [0, 1, 1]);
    const updated = await store.ctx.store.findArticleByUrl('https://harbour.example/pier');
    assert.equal(updated?.id, pier?.id);
    assert.equal(updated?.headline, 'Council approves the pier');
    assert.equal(await store.ctx.store.countFeedArticles(feed.id), 2);
    const third = await poll(feed);
    assert.deepEqual([third.added, third.updated, third.unchanged], [0, 0, 2], 'nothing changed, nothing written');
  });

  it('fetches the page of an entry that gives only a summary and keeps the fuller text, obeying robots.txt', async () => {
    server.routes.set('/robots.txt', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('User-agent: *\nDisallow: /private/\n');
    });
    server.routes.set('/story/full', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(articlePage('Pilots strike over night shifts'));
    });
    server.routes.set('/private/story', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(articlePage('Hidden story'));
    });
    const feed = await follow(
      '/summaries.xml',
      rss('Summaries', [
        {
          title: 'Pilots strike over night shifts',
          link: `${server.base}/story/full`,
          guid: 'x1',
          text: 'Pilots walked out.',
        },
        { title: 'A private story', link: `${server.base}/private/story`, guid: 'x2', text: 'Only the summary.' },
      ]),
    );
    const result = await poll(feed);
    assert.equal(result.pagesQueued, 2);
    const summary = await store.ctx.store.findArticleByUrl(`${server.base}/story/full`);
    assert.deepEqual(summary?.paragraphs, ['Pilots walked out.'], 'saved at once from the feed');
    const poller = startPoller(store.ctx, { once: true });
    await poller.done;
    const full = await store.ctx.store.getArticle(summary!.id);
    assert.equal(full?.paragraphs.length, 10);
    assert.equal(full?.headline, 'Pilots strike over night shifts');
    assert.equal(full?.source.name, 'Summaries', 'the outlet stays the feed’s');
    const hidden = await store.ctx.store.findArticleByUrl(`${server.base}/private/story`);
    assert.deepEqual(hidden?.paragraphs, ['Only the summary.']);
    assert.equal(server.hits.get('/private/story') ?? 0, 0, 'a page robots.txt disallows is never fetched');
    assert.equal(server.hits.get('/robots.txt'), 1, 'robots.txt is read once per site');
  });

  it('follows a page that redirects to another site only where that site’s robots.txt allows it', async () => {
    const other = new FeedServer();
    await other.start('127.0.0.2');
    try {
      other.routes.set('/robots.txt', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('User-agent: *\nDisallow: /closed/\n');
      });
      for (const path of ['/open/story', '/closed/story'])
        other.routes.set(path, (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end(articlePage(path === '/open/story' ? 'Dredging resumes at dawn' : 'Closed story'));
        });
      for (const name of ['open', 'closed'])
        server.routes.set(`/moved/${name}`, (_req, res) => {
          res.writeHead(302, { location: `${other.base}/${name}/story` });
          res.end();
        });
      const feed = await follow(
        '/redirects.xml',
        rss('Redirects', [
          { title: 'Dredging resumes at dawn', link: `${server.base}/moved/open`, guid: 'r1', text: 'Dredging.' },
          { title: 'Closed story', link: `${server.base}/moved/closed`, guid: 'r2', text: 'Only the summary here.' },
        ]),
      );
      assert.equal((await poll(feed)).pagesQueued, 2);
      const poller = startPoller(store.ctx, { once: true });
      await poller.done;
      const open = await store.ctx.store.findArticleByUrl(`${server.base}/moved/open`);
      assert.equal(open?.paragraphs.length, 10, 'an allowed redirect target is fetched');
      const closed = await store.ctx.store.findArticleByUrl(`${server.base}/moved/closed`);
      assert.deepEqual(closed?.paragraphs, ['Only the summary here.']);
      assert.equal(other.hits.get('/closed/story') ?? 0, 0, 'a redirect target robots.txt disallows is never fetched');
      assert.equal(other.hits.get('/robots.txt'), 1, 'the other site’s robots.txt is read once');
      assert.equal(server.hits.get('/moved/closed'), 1, 'the disallowed redirect is not retried');
    } finally {
      await other.stop();
    }
  });

  it('records every kind of bad feed on the feed with a reason a person understands, and goes on', async () => {
    const cases: Array<[string, (path: string) => void, RegExp]> = [
      [
        '/other.xml',
        (p) => server.serve(p, '<?xml version="1.0"?><sitemap><url>x</url></sitemap>'),
        /not a feed: the document is <sitemap>, not RSS, Atom, RDF or JSON Feed/,
      ],
      ['/binary.xml', (p) => server.serve(p, Buffer.from([0, 1, 2, 255, 254, 0, 7])), /not a feed/],
      [
        '/page.html',
        (p) => server.serve(p, '<!doctype html><html><body>Not a feed</body></html>', { 'content-type': 'text/html' }),
        /not a feed: the document is an HTML page/,
      ],
      ['/empty.xml', (p) => server.serve(p, ''), /not a feed: the document is empty/],
      [
        '/loop.xml',
        (p) =>
          server.routes.set(p, (_req, res) => {
            res.writeHead(302, { location: p });
            res.end();
          }),
        /redirected more than 5 times/,
      ],
      [
        '/huge.xml',
        (p) =>
          server.routes.set(p, (_req, res) => {
            res.writeHead(200, { 'content-type': 'application/rss+xml' });
            const chunk = Buffer.alloc(1024 * 1024, 'a');
            for (let i = 0; i < 21; i++) res.write(chunk);
            res.end();
          }),
        /larger than 20 MiB, the most Readout downloads for one feed/,
      ],
      [
        '/slow.xml',
        (p) =>
          server.routes.set(p, (_req, res) => {
            res.writeHead(200, { 'content-type': 'application/rss+xml' });
            res.write('<rss>');
            setTimeout(() => res.end('</rss>'), 5_000).unref();
          }),
        /did not finish within 2 s/,
      ],
      ['/silent.xml', (p) => server.routes.set(p, () => {}), /did not finish within 2 s/],
      ['/gone.xml', (p) => server.serve(p, 'Gone', {}, 410), /answered 410/],
      [
        '/wall.xml',
        (p) =>
          server.serve(
            p,
            '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><div id="cf-chl-widget"></div></body></html>',
            { 'content-type': 'text/html', server: 'cloudflare', 'cf-ray': '8a1b2c3d4e5f' },
            403,
          ),
        /answered 403.*bot protection turned Readout away/,
      ],
    ];
    const feeds: Feed[] = [];
    for (const [path, setUp] of cases) {
      setUp(path);
      feeds.push(await follow(path));
    }
    // On another host: the slow feeds hold this host's two slots, and must not hold up other sites.
    const other = new FeedServer();
    await other.start('127.0.0.2');
    other.serve('/good.xml', rss('Good', [{ title: 'Fine', link: 'https://harbour.example/fine', text: 'All well.' }]));
    const good = (
      await store.ctx.store.addFeed({ url: `${other.base}/good.xml`, title: null, siteUrl: null, folder: null })
    ).feed;
    const order: string[] = [];
    const poller = startPoller(store.ctx, {
      once: true,
      only: [...feeds, good].map((f) => `poll:${f.id}`),
      onEvent: (e) => {
        if (e.kind === 'poll') order.push(e.result.feedId);
      },
    });
    await poller.done;
    await other.stop();
    assert.ok(order.indexOf(good.id) < order.indexOf(feeds[5]!.id), 'a slow feed does not hold up the others');
    for (const [i, [path, , reason]] of cases.entries()) {
      const feed = (await store.ctx.store.getFeed(feeds[i]!.id)) as Feed;
      assert.equal(feed.errorCount, 1, `${path} counts one error`);
      assert.match(feed.lastError ?? '', reason, `${path}: ${feed.lastError}`);
      assert.ok(Date.parse(feed.nextCheckAt!) > Date.now(), `${path} is checked again later`);
    }
    assert.equal((await store.ctx.store.getFeed(good.id))?.lastError, null);
  });

  it('recovers what it can from a truncated feed', async () => {
    const feed = await follow(
      '/truncated.xml',
      '<rss><channel><title>Cut short</title><item><title>Whole entry</title><link>https://harbour.example/w</link><description>Kept.</description></item><item><title>Half an entr',
    );
    const result = await poll(feed);
    assert.deepEqual([result.outcome, result.error], ['fetched', null]);
    assert.ok(await store.ctx.store.findArticleByUrl('https://harbour.example/w'));
  });

  it('waits as long as a 429 asks, backs off after errors, and pauses a feed after 10 failures in a row', async () => {
    const feed = await follow('/busy.xml');
    server.serve('/busy.xml', 'Slow down', { 'retry-after': '7200', 'content-type': 'text/plain' }, 429);
    const result = await poll(feed);
    assert.match(result.error ?? '', /answered 429.*asks too often; it asked to wait 7200 s/);
    const waited = (Date.parse((await store.ctx.store.getFeed(feed.id))!.nextCheckAt!) - Date.now()) / 1000;
    assert.ok(waited > 7200 * 0.89 && waited <= 7200, `next check in ${waited} s`);

    server.serve('/busy.xml', 'Broken', {}, 500);
    await store.ctx.store.updateFeed(feed.id, { errorCount: 8 });
    const ninth = await poll(feed);
    assert.equal(ninth.outcome, 'failed');
    const tenth = await poll(feed);
    assert.equal(tenth.outcome, 'paused');
    const paused = (await store.ctx.store.getFeed(feed.id)) as Feed;
    assert.equal(paused.status, 'paused');
    assert.match(
      paused.lastError ?? '',
      /answered 500.*Paused after 10 failed checks in a row; refresh the feed to try again/,
    );
  });

  it('keeps entries with no link and no GUID, and reads the dates feeds write in any format, or none', async () => {
    const feed = await follow(
      '/dates.xml',
      rss('Dates', [
        {
          title: 'RFC 822 date',
          link: 'https://harbour.example/d1',
          date: 'Thu, 26 Nov 2026 14:05:00 +0100',
          text: 'One.',
        },
        { title: 'ISO date', link: 'https://harbour.example/d2', date: '2026-11-25T09:30:00-05:00', text: 'Two.' },
        { title: 'Loose date', link: 'https://harbour.example/d3', date: 'November 24, 2026', text: 'Three.' },
        { title: 'Nonsense date', link: 'https://harbour.example/d4', date: 'sometime soon', text: 'Four.' },
        { title: 'No link, no GUID', text: 'Five, with nothing to point at.' },
      ]),
    );
    const first = await poll(feed);
    assert.equal(first.added, 5);
    const dated = await store.ctx.store.findArticleByUrl('https://harbour.example/d1');
    assert.equal(new Date(dated!.publishedAt!).toISOString(), '2026-11-26T13:05:00.000Z');
    const nonsense = await store.ctx.store.findArticleByUrl('https://harbour.example/d4');
    assert.equal(nonsense?.publishedAt, null);
    server.serve('/dates.xml', rss('Dates', [{ title: 'No link, no GUID', text: 'Five, with nothing to point at.' }]));
    const second = await poll(feed);
    assert.deepEqual([second.added, second.unchanged], [0, 1], 'the same linkless entry is not stored twice');
  });

  it('reads a feed of 100,000 items in bounded time, keeping the newest 10,000', async () => {
    const items = Array.from(
      { length: 100_000 },
      (_, i) =>
        `<item><title>Item ${i}</title><link>https://bulk.example/${i}</link><guid>b${i}</guid><description>Entry ${i}.</description></item>`,
    ).join('');
    const feed = await follow('/bulk.xml', `<rss version="2.0"><channel><title>Bulk</title>${items}</channel></rss>`);
    const result = await poll(feed);
    assert.equal(result.outcome, 'fetched');
    assert.equal(result.added, 10_000);
    assert.ok(await store.ctx.store.findArticleByUrl('https://bulk.example/0'));
    assert.equal(await store.ctx.store.findArticleByUrl('https://bulk.example/99999'), null);
  });
});

describe('feeds on the command line', () => {
  let server: FeedServer;
  let store: TestStore;
  before(async () => {
    server = new FeedServer();
    await server.start();
    store = await openTestStore();
    await store.ctx.close();
  });
  after(async () => server.stop());
  const env = () => ({ ...store.env, READOUT_ALLOW_PRIVATE_ADDRESSES: '1', READOUT_HOST_DELAY: '0' });

  it('adds, lists, refreshes and removes a feed, and exports what it follows as OPML', async () => {
    server.serve(
      '/cli.xml',
      rss('Quayside Wire', [
        { title: 'Tide tables', link: 'https://harbour.example/t', guid: 't', content: fullText(9) },
      ]),
    );
    const added = await runCli(['feeds', 'add', `${server.base}/cli.xml`, '--folder', 'Local / Harbour'], env());
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /^quayside-wire {2}1 new/m);
    assert.match(added.stdout, /added {2}quayside-wire {2}Quayside Wire .* {2}1 articles/);
    const listed = await runCli(['feeds', 'list'], env());
    assert.match(
      listed.stdout,
      /quayside-wire {2}Quayside Wire {2}\[Local \/ Harbour\]\n {2}http:\/\/127\.0\.0\.1:\d+\/cli\.xml\n {2}ok, 1 articles/,
    );
    const refreshed = await runCli(['feeds', 'refresh', 'quayside-wire'], env());
    assert.match(refreshed.stdout, /quayside-wire {2}0 new, 0 updated, 1 unchanged/);
    const exported = await runCli(['opml', 'export'], env());
    assert.match(
      exported.stdout,
      /<outline text="Local" title="Local">\s*<outline text="Harbour" title="Harbour">\s*<outline type="rss" text="Quayside Wire"/,
    );
    const removed = await runCli(['feeds', 'remove', `${server.base}/cli.xml`], env());
    assert.match(removed.stdout, /removed {2}quayside-wire .*\(its articles stay\)/);
    assert.match((await runCli(['feeds', 'list'], env())).stdout, /No feeds followed yet/);
  });

  it('imports an OPML list with its folders and exports the same feeds and folder names', async () => {
    const list = join(fixtures, 'opml/reader-export.opml');
    const imported = await runCli(['opml', 'import', list, '--no-check'], env());
    assert.equal(imported.code, 1, 'some outlines cannot be followed');
    assert.match(imported.stdout, /^6 added, 0 already followed, 4 failed \(from "Subscriptions of Ada & co"\)/);
    assert.match(imported.stdout, /failed: Relative: .*/);
    const again = await runCli(['opml', 'import', list, '--no-check'], env());
    assert.match(again.stdout, /^0 added, 6 already followed/);
    const exported = await runCli(['opml', 'export'], env());
    const { parseOpml } = await import('../src/ingest/feeds/opml.js');
    const before = parseOpml(readFileSync(list, 'utf8')).feeds;
    const after = parseOpml(exported.stdout).feeds;
    const key = (f: { url: string; title: string | null; folder: string | null }) =>
      `${f.folder} | ${f.title} | ${f.url}`;
    assert.deepEqual(after.map(key).sort(), before.map(key).sort());
    for (const feed of before) await runCli(['feeds', 'remove', feed.url], env());
  });

  it('says what was wrong, with a non-zero exit code, for bad arguments and unreachable feeds', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['feeds'], 2, /say what to do: add, list, remove, refresh/],
      [['feeds', 'subscribe', 'x'], 2, /unknown action "subscribe"/],
      [['feeds', 'add'], 2, /give one feed or site URL/],
      [['feeds', 'add', 'ftp://example.com/feed'], 1, /cannot follow .*only http and https links can be followed/],
      [['feeds', 'add', `${server.base}/missing.xml`], 1, /cannot follow .*no feed found|answered 404/],
      [['feeds', 'remove', 'nope'], 1, /no feed "nope"; see "readout feeds list"/],
      [['feeds', 'refresh'], 2, /or --all/],
      [['opml', 'import', '/no/such/file.opml'], 1, /no such file/],
      [['opml'], 2, /say "import <file\|url>" or "export"/],
      [['poll', 'now'], 2, /unexpected argument "now"/],
    ];
    for (const [args, code, message] of cases) {
      const result = await runCli(args, env());
      assert.equal(result.code, code, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message, args.join(' '));
    }
    assert.equal((await runCli(['feeds', 'add', 'https://127.0.0.1/feed'], { ...store.env })).code, 1);
  });
});

describe('several pollers on one PostgreSQL database', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let server: FeedServer;
  const contexts: AppContext[] = [];

  before(async () => {
    database = await createPostgresDatabase('readout_poll');
    server = new FeedServer();
    await server.start();
  });
  after(async () => {
    for (const ctx of contexts) await ctx.close();
    await server.stop();
    await database?.drop();
  });

  it('checks each feed once between them and stores each entry once', async () => {
    const env = {
      DATABASE_URL: database.url,
      READOUT_ALLOW_PRIVATE_ADDRESSES: '1',
      READOUT_HOST_DELAY: '0',
      READOUT_HOST_CONCURRENCY: '8',
      LOG_LEVEL: 'silent',
    };
    for (let i = 0; i < 2; i++) contexts.push(await createContext(loadConfig(env), { log: pino({ level: 'silent' }) }));
    const [first, second] = contexts as [AppContext, AppContext];
    for (let f = 0; f < 20; f++) {
      server.serve(
        `/pg/${f}.xml`,
        rss(
          `Wire ${f}`,
          Array.from({ length: 5 }, (_, i) => ({
            title: `Wire ${f} item ${i}`,
            link: `https://wire${f}.example/${i}`,
            guid: `w${f}-${i}`,
            content: fullText(i),
          })),
        ),
      );
      await first.store.addFeed({ url: `${server.base}/pg/${f}.xml`, title: null, siteUrl: null, folder: null });
    }
    const checked: string[] = [];
    const onEvent = (event: PollerEvent) => {
      if (event.kind === 'poll') checked.push(event.result.feedId);
    };
    await Promise.all([
      startPoller(first, { once: true, onEvent }).done,
      startPoller(second, { once: true, onEvent }).done,
    ]);
    assert.equal(checked.length, 20);
    assert.equal(new Set(checked).size, 20, 'no feed was checked by both pollers');
    assert.equal(await second.store.countArticles(), 100);
    const feeds = await second.store.listFeeds();
    assert.ok(feeds.every((f) => f.articleCount === 5 && f.lastStatus === 200 && f.nextCheckAt !== null));
  });
});
