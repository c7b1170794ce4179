// Following feeds from the web: the /api/feeds and /api/opml API and the Feeds page, against a feed site on loopback.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FeedWithCount } from '../src/model.js';
import { json, openTestStore, type TestStore } from './harness.js';

const rss = (title: string) => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
  <title>${title}</title>
  <link>/</link>
  <description>Harbour news</description>
  <item><title>Ferry timetable changes</title><link>/news/ferry</link><guid>ferry-1</guid></item>
</channel></rss>`;

interface Site {
  server: Server;
  base: string;
}

/** A small site: a home page naming its feed, the feed, a second feed, and a page that names none. */
async function startSite(): Promise<Site> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head>
        <title>Gullhaven Gazette</title>
        <link rel="alternate" type="application/rss+xml" title="News" href="/news.rss">
      </head><body><h1>Gullhaven Gazette</h1></body></html>`);
    } else if (path === '/news.rss') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Gullhaven Gazette'));
    } else if (path === '/tides.rss') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Tide Tables'));
    } else if (path === '/about') {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><title>About</title><p>No feed here.</p>');
    } else {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const settings = { READOUT_ALLOW_PRIVATE_ADDRESSES: '1', READOUT_HOST_DELAY: '0' };

function postJson(store: TestStore, path: string, body: unknown) {
  return store.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** A form post from Readout's own page: its Origin is the request's own (security.ts refuses other sites'). */
function postForm(store: TestStore, path: string, fields: Record<string, string>, origin = 'http://localhost') {
  return store.app.request(`http://localhost${path}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
  });
}

async function feedList(store: TestStore): Promise<FeedWithCount[]> {
  return (await json<{ feeds: FeedWithCount[] }>(await store.app.request('/api/feeds'))).feeds;
}

describe('following feeds through the API', () => {
  let site: Site;
  let store: TestStore;
  before(async () => {
    site = await startSite();
    store = await openTestStore(settings);
  });
  after(async () => {
    site.server.close();
    await store.close();
  });

  it('follows the feed a site names (201), and answers 200 for it a second time', async () => {
    const first = await postJson(store, '/api/feeds', { url: `${site.base}/`, folder: 'Local' });
    assert.equal(first.status, 201, await first.clone().text());
    const { feed } = await json<{ feed: FeedWithCount }>(first);
    assert.equal(feed.url, `${site.base}/news.rss`);
    assert.equal(feed.title, 'Gullhaven Gazette');
    assert.equal(feed.folder, 'Local');
    assert.equal(feed.articleCount, 0);
    assert.equal(first.headers.get('location'), `/api/feeds/${feed.id}`);

    const again = await postJson(store, '/api/feeds', { url: `${site.base}/news.rss` });
    assert.equal(again.status, 200);
    assert.equal((await json<{ feed: FeedWithCount }>(again)).feed.id, feed.id);
    assert.equal((await feedList(store)).length, 1);
  });

  it('refuses something that is not a URL with 400 and the reason', async () => {
    const response = await postJson(store, '/api/feeds', { url: 'not a link at all' });
    assert.equal(response.status, 400);
    const body = await json<{ error: string }>(response);
    assert.match(body.error, /not a URL/);
    const ftp = await postJson(store, '/api/feeds', { url: 'ftp://example.com/feed' });
    assert.equal(ftp.status, 400);
    assert.match((await json<{ error: string }>(ftp)).error, /followed/);
    const empty = await postJson(store, '/api/feeds', {});
    assert.equal(empty.status, 400);
  });

  it('refuses a loopback address with 400 when private addresses are not allowed', async () => {
    const guarded = await openTestStore({ READOUT_HOST_DELAY: '0' });
    try {
      const response = await postJson(guarded, '/api/feeds', { url: `${site.base}/news.rss` });
      assert.equal(response.status, 400);
      assert.match((await json<{ error: string }>(response)).error, /127\.0\.0\.1/);
    } finally {
      await guarded.close();
    }
  });

  it('answers 422 with the reason for a page that names no feed', async () => {
    const response = await postJson(store, '/api/feeds', { url: `${site.base}/about` });
    assert.equal(response.status, 422);
    const body = await json<{ error: string; detail: { url: string } }>(response);
    assert.match(body.error, /^no feed found at .*\/about: it names no feed/);
    assert.equal(body.detail.url, `${site.base}/about`);
  });

  it('answers 502 when the site cannot be fetched', async () => {
    const response = await postJson(store, '/api/feeds', { url: `${site.base}/gone.rss` });
    assert.equal(response.status, 502);
    assert.match((await json<{ error: string }>(response)).error, /404/);
  });

  it('lists, reads, refreshes and removes a feed', async () => {
    const [feed] = await feedList(store);
    assert.ok(feed);
    assert.equal(feed.status, 'active');

    const read = await store.app.request(`/api/feeds/${feed.id}`);
    assert.equal(read.status, 200);
    assert.equal((await json<{ feed: FeedWithCount }>(read)).feed.url, feed.url);

    await store.ctx.store.updateFeed(feed.id, { status: 'paused', errorCount: 10, lastError: 'the server said 500' });
    const refreshed = await store.app.request(`/api/feeds/${feed.id}/refresh`, { method: 'POST' });
    assert.equal(refreshed.status, 202);
    const after = (await json<{ feed: FeedWithCount }>(refreshed)).feed;
    assert.equal(after.status, 'active');
    assert.equal(after.errorCount, 0);
    assert.ok(Date.parse(after.nextCheckAt!) <= Date.now(), 'a refreshed feed is due now');

    const removed = await store.app.request(`/api/feeds/${feed.id}`, { method: 'DELETE' });
    assert.equal(removed.status, 204);
    assert.equal((await store.app.request(`/api/feeds/${feed.id}`)).status, 404);
    assert.equal((await store.app.request(`/api/feeds/${feed.id}`, { method: 'DELETE' })).status, 404);
    const missing = await store.app.request(`/api/feeds/${feed.id}/refresh`, { method: 'POST' });
    assert.equal(missing.status, 404);
    assert.match((await json<{ error: string }>(missing)).error, /no feed with id/);
  });

  it('documents the feed routes in /api/openapi.json', async () => {
    const doc = await json<{ paths: Record<string, Record<string, unknown>> }>(
      await store.app.request('/api/openapi.json'),
    );
    assert.deepEqual(Object.keys(doc.paths['/feeds'] ?? {}).sort(), ['get', 'post']);
    assert.deepEqual(Object.keys(doc.paths['/feeds/{id}'] ?? {}).sort(), ['delete', 'get']);
    assert.ok(doc.paths['/feeds/{id}/refresh']?.post);
    assert.deepEqual(Object.keys(doc.paths['/opml'] ?? {}).sort(), ['get', 'post']);
  });
});

describe('moving feeds with OPML', () => {
  let site: Site;
  let store: TestStore;
  let fresh: TestStore;
  before(async () => {
    site = await startSite();
    store = await openTestStore(settings);
    fresh = await openTestStore(settings);
  });
  after(async () => {
    site.server.close();
    await store.close();
    await fresh.close();
  });

  it('exports the feeds and imports them into another store with the same URLs and folders', async () => {
    assert.equal((await postJson(store, '/api/feeds', { url: `${site.base}/`, folder: 'Local news' })).status, 201);
    assert.equal((await postJson(store, '/api/feeds', { url: `${site.base}/tides.rss` })).status, 201);

    const exported = await store.app.request('/api/opml');
    assert.equal(exported.status, 200);
    assert.equal(exported.headers.get('content-type'), 'text/x-opml; charset=utf-8');
    assert.equal(exported.headers.get('content-disposition'), 'attachment; filename="readout-feeds.opml"');
    const opml = await exported.text();
    assert.match(opml, /<opml version="2\.0">/);
    assert.equal(await (await store.app.request('/feeds.opml')).text(), opml, 'the page link gives the same document');

    const imported = await fresh.app.request('/api/opml', {
      method: 'POST',
      headers: { 'content-type': 'text/x-opml' },
      body: opml,
    });
    assert.equal(imported.status, 200, await imported.clone().text());
    const report = await json<{ counts: Record<string, number>; added: { url: string }[] }>(imported);
    assert.deepEqual(report.counts, { added: 2, existing: 0, failed: 0 });

    const pairs = (feeds: FeedWithCount[]) => feeds.map((f) => `${f.folder ?? ''} ${f.url}`).sort();
    assert.deepEqual(pairs(await feedList(fresh)), pairs(await feedList(store)));
    assert.deepEqual(pairs(await feedList(fresh)), [` ${site.base}/tides.rss`, `Local news ${site.base}/news.rss`]);

    const twice = await fresh.app.request('/api/opml', {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: opml,
    });
    assert.deepEqual((await json<{ counts: Record<string, number> }>(twice)).counts, {
      added: 0,
      existing: 2,
      failed: 0,
    });
  });

  it('refuses an HTML document with 400 and the reason', async () => {
    const response = await fresh.app.request('/api/opml', {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: '<!doctype html><html><head><title>Subscriptions</title></head><body><p>Hi</p></body></html>',
    });
    assert.equal(response.status, 400);
    const body = await json<{ error: string }>(response);
    assert.match(body.error, /^not OPML: the document's root element is <html>/);
  });
});

describe('the Feeds page', () => {
  let site: Site;
  let store: TestStore;
  before(async () => {
    site = await startSite();
    store = await openTestStore(settings);
  });
  after(async () => {
    site.server.close();
    await store.close();
  });

  it('explains feeds and offers the add form when none are followed', async () => {
    const response = await store.app.request('/feeds');
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /A feed is the list of new articles a site publishes/);
    assert.match(html, /<form class="add-feed" method="post" action="\/feeds"/);
    assert.match(html, /<a href="\/feeds" aria-current="page">Feeds<\/a>/);
  });

  it('adds a feed from the form and lists it, marked, after the redirect', async () => {
    const response = await postForm(store, '/feeds', { url: `${site.base}/`, folder: 'Local news' });
    assert.equal(response.status, 303);
    const location = response.headers.get('location') ?? '';
    assert.match(location, /^\/feeds\?added=[\w-]+#feed-[\w-]+$/);
    const html = await (await store.app.request(location)).text();
    assert.match(html, /Now following Gullhaven Gazette/);
    assert.match(html, /<h2 id="folder-0">Local news<\/h2>/);
    assert.match(html, /<tr id="feed-[\w-]+" class="feed-marked"/);
    assert.match(html, /Not checked yet/);
    assert.ok(html.includes(`${site.base}/news.rss`));

    const again = await postForm(store, '/feeds', { url: `${site.base}/news.rss` });
    assert.match(again.headers.get('location') ?? '', /^\/feeds\?already=/);
  });

  it('shows the form again, filled in, with the reason when a page names no feed', async () => {
    const response = await postForm(store, '/feeds', { url: `${site.base}/about`, folder: 'Misc' });
    assert.equal(response.status, 422);
    const html = await response.text();
    assert.match(html, /<p id="add-feed-error" class="form-error" role="alert">no feed found at /);
    assert.ok(html.includes(`value="${site.base}/about"`));
    assert.ok(html.includes('value="Misc"'));
    assert.equal((await postForm(store, '/feeds', { url: 'ftp://x' })).status, 400);
  });

  it('shows a broken feed’s reason in words and a paused feed as Paused', async () => {
    const tides = await postJson(store, '/api/feeds', { url: `${site.base}/tides.rss` });
    const broken = (await json<{ feed: FeedWithCount }>(tides)).feed;
    const reason = 'the server answered 503 Service Unavailable: it looks like bot protection';
    await store.ctx.store.updateFeed(broken.id, { lastError: reason, errorCount: 3 });
    const [gazette] = (await feedList(store)).filter((f) => f.id !== broken.id);
    await store.ctx.store.updateFeed(gazette!.id, {
      status: 'paused',
      lastError: 'the feed failed 10 times in a row',
      errorCount: 10,
      lastFetchedAt: new Date(Date.now() - 12 * 60_000).toISOString(),
    });

    const html = await (await store.app.request('/feeds')).text();
    const row = (id: string) =>
      html.slice(html.indexOf(`<tr id="feed-${id}"`), html.indexOf('</tr>', html.indexOf(`<tr id="feed-${id}"`)));
    assert.match(row(broken.id), /Failed 3 times in a row: the server answered 503 Service Unavailable/);
    assert.match(row(broken.id), /class="feed-status feed-status-error">Error</);
    assert.match(row(gazette!.id), />Paused</);
    assert.match(row(gazette!.id), /12 minutes ago/);
    assert.match(row(gazette!.id), /Next: when refreshed/);
    assert.match(html, /2 feeds, 2 with errors/);
  });

  it('refreshes and removes a feed with its buttons', async () => {
    const [feed] = await feedList(store);
    const refreshed = await postForm(store, `/feeds/${feed!.id}/refresh`, {});
    assert.equal(refreshed.status, 303);
    assert.equal(refreshed.headers.get('location'), `/feeds?refreshed=${feed!.id}#feed-${feed!.id}`);
    assert.equal((await store.ctx.store.getFeed(feed!.id))?.status, 'active');

    const removed = await postForm(store, `/feeds/${feed!.id}/remove`, {});
    assert.equal(removed.status, 303);
    assert.equal(await store.ctx.store.getFeed(feed!.id), null);
    const html = await (await store.app.request(removed.headers.get('location')!)).text();
    assert.match(html, /No longer following .*Its articles stay in Readout\./);
    assert.equal((await postForm(store, `/feeds/${feed!.id}/remove`, {})).status, 404);
  });

  it('imports an OPML file and sums up what was added, already followed and failed', async () => {
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>My reader</title></head><body>
      <outline text="Weather"><outline type="rss" text="Tides" xmlUrl="${site.base}/tides.rss"/>
      <outline type="rss" text="Winds" xmlUrl="${site.base}/winds.rss"/></outline>
      <outline type="rss" text="Broken" xmlUrl="javascript:alert(1)"/>
    </body></opml>`;
    const form = new FormData();
    form.append('opml', new File([opml], 'reader.opml', { type: 'text/x-opml' }));
    const response = await store.app.request('http://localhost/feeds/opml', {
      method: 'POST',
      body: form,
      headers: { origin: 'http://localhost' },
    });
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /1 added, 1 already followed, 1 failed\./);
    assert.match(html, /<ul class="import-failures"><li>Broken: /);

    const bad = new FormData();
    bad.append('opml', new File(['<html><body>hello</body></html>'], 'page.html', { type: 'text/html' }));
    const refused = await store.app.request('http://localhost/feeds/opml', {
      method: 'POST',
      body: bad,
      headers: { origin: 'http://localhost' },
    });
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /<p id="opml-error" class="form-error" role="alert">page\.html: /);
  });

  it('refuses a form posted from another site', async () => {
    const before = (await feedList(store)).length;
    const add = await postForm(store, '/feeds', { url: `${site.base}/news.rss` }, 'https://evil.example');
    assert.equal(add.status, 403);
    const [feed] = await feedList(store);
    const remove = await postForm(store, `/feeds/${feed!.id}/remove`, {}, 'https://evil.example');
    assert.equal(remove.status, 403);
    assert.equal((await feedList(store)).length, before);
  });
});
