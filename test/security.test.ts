// Hostile requests, as an attack-minded audit sent them: writes from other websites, other host names (DNS
// rebinding), oversized and malformed bodies, NUL bytes in addresses. Each gets a 4xx that says why, over real HTTP
// on loopback, on SQLite and on PostgreSQL; none gets a 5xx.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve } from '@hono/node-server';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { type AppContext, createContext } from '../src/context.js';
import { createApp } from '../src/web/app.js';
import { createPostgresDatabase, tempDir } from './harness.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface Sent {
  method?: string;
  headers?: Record<string, string>;
  /** A body, or chunks sent one after another with chunked transfer encoding (no Content-Length). */
  body?: string | Buffer | Buffer[];
}

interface Served {
  ctx: AppContext;
  port: number;
  send(path: string, sent?: Sent): Promise<Answer>;
  close(): Promise<void>;
}

/** Readout's app on a real loopback socket; requests are sent byte for byte as given (Host header included). */
async function serveReadout(env: Record<string, string>): Promise<Served> {
  const ctx = await createContext(loadConfig({ LOG_LEVEL: 'silent', READOUT_SAMPLES: '0', ...env }), {
    log: pino({ level: 'silent' }),
  });
  const app = createApp(ctx);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const send = (path: string, sent: Sent = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...sent.headers };
      if (sent.body !== undefined && !Array.isArray(sent.body))
        headers['content-length'] = String(Buffer.byteLength(sent.body));
      let answered = false;
      // A connection each: a server that refused a body closes its connection, which a kept-alive one would race.
      const options = { host: '127.0.0.1', port, path, method: sent.method ?? 'GET', headers, agent: false };
      const req = request(options, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      // A server that refuses a large body answers before it has read it all, and closes the connection.
      req.on('error', (err) => (answered ? undefined : reject(err)));
      (async () => {
        const body = sent.body === undefined ? [] : Array.isArray(sent.body) ? sent.body : [Buffer.from(sent.body)];
        for (const chunk of body) {
          for (let at = 0; at < chunk.length && !answered && !req.destroyed; at += 64 * 1024) {
            if (!req.write(chunk.subarray(at, at + 64 * 1024))) await new Promise((r) => req.once('drain', r));
          }
        }
        req.end();
      })().catch(reject);
    });
  return {
    ctx,
    port,
    send,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ctx.close();
    },
  };
}

const clipping = 'Harbor ferry resumes\n\nfrom The Gull Gazette,\n\nThe ferry sails again.\n';
const textPlain = { 'content-type': 'text/plain' };

describe('writes from other websites', () => {
  let readout: Served;
  before(async () => {
    readout = await serveReadout({ READOUT_DB: `${tempDir()}/readout.db` });
  });
  after(() => readout.close());

  it('refuses a text/plain POST /api/articles sent from another site, and stores nothing', async () => {
    const answer = await readout.send('/api/articles', {
      method: 'POST',
      headers: { ...textPlain, origin: 'http://evil.example' },
      body: clipping,
    });
    assert.equal(answer.status, 403);
    assert.match(JSON.parse(answer.body).error, /refused a POST from http:\/\/evil\.example/);
    assert.equal(await readout.ctx.store.countArticles(), 0);
  });

  it('refuses what the browser marks cross-site or same-site, whatever the Origin says', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const answer = await readout.send('/api/opml', {
        method: 'POST',
        headers: { ...textPlain, 'sec-fetch-site': site, origin: `http://127.0.0.1:${readout.port}` },
        body: '<opml version="2.0"><body><outline xmlUrl="https://a.example/feed"/></body></opml>',
      });
      assert.equal(answer.status, 403, site);
    }
    assert.equal((await readout.ctx.store.listFeeds()).length, 0);
  });

  it('refuses a form posted to /clip from another site, with a page that says why', async () => {
    const answer = await readout.send('/clip', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null' },
      body: 'url=https%3A%2F%2Fexample.com%2F',
    });
    assert.equal(answer.status, 403);
    assert.match(answer.headers['content-type'] as string, /text\/html/);
    assert.match(answer.body, /takes changes only from its own pages/);
  });

  it('refuses a feed refresh from another site and takes it from Readout’s own page', async () => {
    const { feed } = await readout.ctx.store.addFeed({
      url: 'https://a.example/feed',
      title: null,
      siteUrl: null,
      folder: null,
    });
    const path = `/api/feeds/${feed.id}/refresh`;
    const refused = await readout.send(path, { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(refused.status, 403);
    const own = await readout.send(path, { method: 'POST', headers: { 'sec-fetch-site': 'same-origin' } });
    assert.equal(own.status, 202);
  });

  it('takes writes from its own pages (Origin or Sec-Fetch-Site) and from programs that send neither', async () => {
    const own = { origin: `http://127.0.0.1:${readout.port}` };
    const senders: Record<string, string>[] = [own, { 'sec-fetch-site': 'same-origin' }, {}];
    for (const [n, headers] of senders.entries()) {
      const answer = await readout.send('/api/articles', {
        method: 'POST',
        headers: { ...textPlain, ...headers },
        body: clipping.replace('resumes', `resumes ${n}`),
      });
      assert.equal(answer.status, 201, JSON.stringify(headers));
    }
  });
});

describe('host names (DNS rebinding)', () => {
  let readout: Served;
  before(async () => {
    readout = await serveReadout({
      READOUT_DB: `${tempDir()}/readout.db`,
      READOUT_BASE_URL: 'https://news.example.org',
    });
  });
  after(() => readout.close());

  it('answers a host name other than its own with a 403, even for a request the same "origin" sent', async () => {
    const { feed } = await readout.ctx.store.addFeed({
      url: 'https://b.example/feed',
      title: null,
      siteUrl: null,
      folder: null,
    });
    const rebound = { host: `r.evil:${readout.port}`, origin: `http://r.evil:${readout.port}` };
    const removed = await readout.send(`/api/feeds/${feed.id}`, { method: 'DELETE', headers: rebound });
    assert.equal(removed.status, 403);
    assert.match(JSON.parse(removed.body).error, /does not answer to the host name "r\.evil"/);
    assert.ok(await readout.ctx.store.getFeed(feed.id), 'the feed is still followed');
    const read = await readout.send('/api/feeds', { headers: { host: `r.evil:${readout.port}` } });
    assert.equal(read.status, 403);
    assert.doesNotMatch(read.body, /b\.example/);
    const page = await readout.send('/', { headers: { host: 'r.evil' } });
    assert.equal(page.status, 403);
    assert.match(page.body, /READOUT_BASE_URL/);
  });

  it('answers the loopback names, IP addresses and READOUT_BASE_URL’s host', async () => {
    for (const host of [
      `localhost:${readout.port}`,
      'app.localhost',
      `127.0.0.1:${readout.port}`,
      '[::1]:3000',
      '192.168.1.20',
      'news.example.org',
    ]) {
      assert.equal((await readout.send('/api/sources', { headers: { host } })).status, 200, host);
    }
  });

  it('builds the absolute links of its Atom feeds from READOUT_BASE_URL, never from the Host header', async () => {
    const atom = await readout.send('/feeds/latest.atom', { headers: { host: `localhost:${readout.port}` } });
    assert.equal(atom.status, 200);
    assert.match(atom.body, /<link rel="self" [^>]*href="https:\/\/news\.example\.org\/feeds\/latest\.atom"/);
    assert.doesNotMatch(atom.body, /localhost/);
  });

  it('takes a change posted from a page of READOUT_BASE_URL (a proxy that ends TLS in front)', async () => {
    const answer = await readout.send('/api/articles', {
      method: 'POST',
      headers: { ...textPlain, host: '127.0.0.1:3000', origin: 'https://news.example.org' },
      body: clipping,
    });
    assert.equal(answer.status, 201);
  });
});

describe('body limits', () => {
  let readout: Served;
  before(async () => {
    readout = await serveReadout({ READOUT_DB: `${tempDir()}/readout.db` });
  });
  after(() => readout.close());

  const megabytes = (n: number) => Buffer.alloc(n * 1024 * 1024, 'a');
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  it('answers a large form with a 413 that says why, before reading it all, with or without Content-Length', async () => {
    const sized = await readout.send('/clip', { method: 'POST', headers: form, body: megabytes(3) });
    assert.equal(sized.status, 413);
    assert.match(sized.body, /larger than 64 KiB, the most Readout takes for a form/);
    const chunked = await readout.send('/feeds', {
      method: 'POST',
      headers: form,
      body: Array.from({ length: 64 }, () => megabytes(1)),
    });
    assert.equal(chunked.status, 413);
  });

  it('gives each API route the limit it needs, in JSON', async () => {
    const cases: Array<[string, string, Buffer, RegExp]> = [
      ['/api/articles', 'text/plain', megabytes(3), /larger than 2 MiB, the most Readout takes for one article/],
      ['/api/opml', 'text/x-opml', megabytes(6), /larger than 5 MiB, the most .* OPML subscription list/],
      ['/api/feeds', 'application/json', megabytes(1), /larger than 64 KiB/],
      ['/api/clip', 'application/json', megabytes(1), /larger than 64 KiB/],
    ];
    for (const [path, type, body, message] of cases) {
      const answer = await readout.send(path, { method: 'POST', headers: { 'content-type': type }, body });
      assert.equal(answer.status, 413, path);
      assert.match(JSON.parse(answer.body).error, message);
    }
  });

  it('takes an OPML upload up to the OPML limit on the Feeds page', async () => {
    const boundary = 'readout-boundary';
    const outlines = Array.from({ length: 3 }, (_, i) => `<outline xmlUrl="https://f${i}.example/feed"/>`).join('');
    const file = `<opml version="2.0"><body>${outlines}</body></opml>`.padEnd(600 * 1024, ' ');
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="opml"; filename="list.opml"\r\n` +
      `Content-Type: text/x-opml\r\n\r\n${file}\r\n--${boundary}--\r\n`;
    const answer = await readout.send('/feeds/opml', {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    assert.equal(answer.status, 200);
    assert.equal((await readout.ctx.store.listFeeds()).length, 3);
  });
});

/** Values for a route's `:id`: NUL bytes, bad escapes, path tricks, a very long one. */
const hostileIds = [
  '%00',
  'a%00',
  '%ff',
  '%E0%A4%A',
  '..%2F..%2Fetc',
  `${'x'.repeat(3000)}`,
  '%E2%80%AE',
  "'%20OR%201",
];
const hostileQueries = [
  '?page=-1',
  '?page=abc',
  '?page=99999999999999999999',
  '?page=1e400',
  '?limit=0',
  '?limit=1e9',
  '?cursor=%00',
  '?cursor=garbage',
  '?cursor=eyJ4IjoxfQ',
  '?q=%00',
  '?q=%',
  '?q=%ZZ',
  `?q=${'ferry%20'.repeat(400)}`,
  '?q=from%3A2026-02-30',
  '?q=source%3Aa%00',
  '?source=a%00',
  '?added=a%00',
  '?refreshed=%ff',
  '?back=javascript%3Aalert(1)',
  '?back=%00',
  '?sort=%00',
  '?q=a&q=b&page=1&page=2',
];
const multipart = 'multipart/form-data; boundary=b';
const hostileBodies: Array<{ type: string | null; body: string | Buffer }> = [
  { type: multipart, body: '--b\r\nContent-Disposition: form-data; name="url"\r\n\r\nhttp://a' },
  { type: multipart, body: '--other\r\n\r\n--other--\r\n' },
  { type: 'multipart/form-data', body: '--b\r\nContent-Disposition: form-data; name="opml"\r\n\r\nx\r\n--b--\r\n' },
  {
    type: `${multipart}`,
    body: '--b\r\nContent-Disposition: form-data; name="opml"; filename="\u0000"\r\n\r\n\u0000\r\n--b--\r\n',
  },
  { type: 'application/x-www-form-urlencoded', body: 'url=%E0%A4%A&folder=%' },
  { type: 'application/x-www-form-urlencoded', body: 'url=http%3A%2F%2F127.0.0.1%00%2F&folder=%00' },
  { type: 'application/json', body: '{' },
  { type: 'application/json', body: 'null' },
  { type: 'application/json', body: '[1,2]' },
  { type: 'application/json', body: '{"url":"http://127.0.0.1\\u0000/","folder":"\\u0000","headline":"\\u0000"}' },
  {
    type: 'application/json',
    body: '{"headline":"A","source":{"name":"\\u0000B"},"paragraphs":["\\u0000"],"id":"a\\u0000"}',
  },
  { type: 'text/plain', body: Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x00, 0x00, 0xc3]) },
  { type: 'text/x-opml', body: '<opml><body><outline xmlUrl="http://a.example/&#0;" text="\u0000"/></body></opml>' },
  {
    type: 'text/x-opml',
    body: '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><opml>&b;</opml>',
  },
  { type: 'application/xml; charset=bogus', body: '<opml/>' },
  { type: null, body: '' },
];

async function assertNoServerErrors(readout: Served): Promise<number> {
  // Real rows too, so that routes reach the store with a body or query after finding what the address names.
  const { feed } = await readout.ctx.store.addFeed({
    url: 'https://c.example/feed',
    title: null,
    siteUrl: null,
    folder: null,
  });
  const stored = await readout.send('/api/articles', { method: 'POST', headers: textPlain, body: clipping });
  const article = JSON.parse(stored.body).article as { id: string; source: { id: string } };
  const ids = [...hostileIds, feed.id, article.id, article.source.id];
  const app = createApp(readout.ctx);
  const routes = [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
  const failures: string[] = [];
  let sent = 0;
  const check = async (method: string, path: string, body?: { type: string | null; body: string | Buffer }) => {
    // As Readout's own page would send them, so that they reach the routes behind the cross-site guard.
    const headers: Record<string, string> = { origin: `http://127.0.0.1:${readout.port}` };
    if (body?.type) headers['content-type'] = body.type;
    const answer = await readout.send(path, { method, headers, body: body?.body });
    sent++;
    if (answer.status >= 500) failures.push(`${method} ${path.slice(0, 80)} ${body?.type ?? ''} → ${answer.status}`);
    else if (path.startsWith('/api') && answer.status >= 400 && !/"error"/.test(answer.body))
      failures.push(`${method} ${path.slice(0, 80)} → ${answer.status} without a JSON error`);
  };
  for (const route of routes) {
    const [method, pattern] = route.split(' ') as [string, string];
    const paths = pattern.includes(':id') ? ids.map((id) => pattern.replace(':id', id)) : [pattern];
    for (const path of paths) {
      await check(method, path);
      for (const query of hostileQueries) await check(method, `${path}${query}`);
      if (method !== 'GET') for (const body of hostileBodies) await check(method, path, body);
    }
  }
  assert.deepEqual(failures, []);
  return sent;
}

describe('malformed requests to every route', () => {
  it('never get a 5xx on SQLite', async () => {
    const readout = await serveReadout({ READOUT_DB: `${tempDir()}/readout.db` });
    try {
      assert.ok((await assertNoServerErrors(readout)) > 1_000);
    } finally {
      await readout.close();
    }
  });

  it('never get a 5xx on PostgreSQL', async () => {
    const database = await createPostgresDatabase('readout_security_test');
    const readout = await serveReadout({ DATABASE_URL: database.url });
    try {
      assert.ok((await assertNoServerErrors(readout)) > 1_000);
    } finally {
      await readout.close();
      await database.drop();
    }
  });
});
