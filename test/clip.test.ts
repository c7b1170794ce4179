// Clipping a link (CLI, API, the home page's form) and reading saved pages (extract, import of .html files).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Article } from '../src/model.js';
import { fixtures, json, openTestStore, runCli, type TestStore } from './harness.js';

const page = (name: string) => readFileSync(join(fixtures, 'pages', name));

interface Site {
  server: Server;
  base: string;
  requests: string[];
}

async function startSite(): Promise<Site> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/news/2026/11/tugboat-rescue') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('harbor-article.html'));
    } else if (path === '/short') {
      res.writeHead(301, { location: '/news/2026/11/tugboat-rescue?utm_source=newsletter' }).end();
    } else if (path === '/empty') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page('no-article.html'));
    } else if (path === '/report.pdf') {
      res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.7');
    } else {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

function postJson(store: TestStore, path: string, body: unknown) {
  return store.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('clipping a link', () => {
  let site: Site;
  let store: TestStore;
  before(async () => {
    site = await startSite();
    store = await openTestStore({ READOUT_ALLOW_PRIVATE_ADDRESSES: '1' });
  });
  after(async () => {
    site.server.close();
    await store.close();
  });

  it('fetches, extracts and stores an article with POST /api/clip', async () => {
    const response = await postJson(store, '/api/clip', {
      url: `${site.base}/news/2026/11/tugboat-rescue?utm_source=x&fbclid=y`,
    });
    assert.equal(response.status, 201, await response.clone().text());
    const { outcome, article } = await json<{ outcome: string; article: Article }>(response);
    assert.equal(outcome, 'imported');
    assert.equal(article.headline, 'Tugboat Crews Rescue Stranded Kayakers Near Breakwater');
    assert.equal(article.source.name, 'The Gullhaven Gazette');
    assert.equal(article.byline, 'Ines Marlow');
    assert.equal(article.publishedAt, '2026-11-21T08:15:00-05:00');
    assert.equal(article.canonicalUrl, `${site.base}/news/2026/11/tugboat-rescue`);
    assert.equal(article.extraction.method, 'html');
    assert.ok(article.paragraphs.some((p) => p.startsWith('Two kayakers were pulled from the water')));
    assert.ok(!article.paragraphs.some((p) => /All rights reserved|^Share/.test(p)));
  });

  it('gives back the stored article for the same link with other tracking parameters, without fetching', async () => {
    const before = site.requests.length;
    const response = await postJson(store, '/api/clip', {
      url: `${site.base}/news/2026/11/tugboat-rescue?utm_campaign=z#top`,
    });
    assert.equal(response.status, 200);
    assert.equal((await json<{ outcome: string }>(response)).outcome, 'duplicate');
    assert.equal(site.requests.length, before);
  });

  it('follows a short link to an article it already has and stores nothing new', async () => {
    const response = await postJson(store, '/api/clip', { url: `${site.base}/short` });
    assert.equal(response.status, 200);
    assert.equal((await json<{ outcome: string }>(response)).outcome, 'duplicate');
    const list = await json<{ total: number }>(await store.app.request('/api/articles'));
    assert.equal(list.total, 1);
  });

  it('answers 4xx or 502 with a reason for links it cannot clip', async () => {
    const cases: [string, number, RegExp][] = [
      ['not a link at all', 400, /not a URL/],
      ['ftp://example.com/file', 400, /only http and https/],
      [`${site.base}/empty`, 422, /./],
      [`${site.base}/report.pdf`, 502, /pdf/i],
      [`${site.base}/gone`, 502, /404/],
    ];
    for (const [url, status, message] of cases) {
      const response = await postJson(store, '/api/clip', { url });
      assert.equal(response.status, status, url);
      assert.match((await json<{ error: string }>(response)).error, message, url);
    }
    const missing = await postJson(store, '/api/clip', {});
    assert.equal(missing.status, 400);
  });

  it('clips from the home page form and shows the article', async () => {
    const home = await (await store.app.request('/')).text();
    assert.match(home, /<form class="clip-form" method="post" action="\/clip">/);
    const form = new URLSearchParams({ url: `${site.base}/news/2026/11/tugboat-rescue` });
    const response = await store.app.request('/clip', {
      method: 'POST',
      body: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    });
    assert.equal(response.status, 303);
    assert.match(response.headers.get('location') ?? '', /^\/articles\/[0-9a-z]+\?back=%2F$/);
    const failed = await store.app.request('/clip', {
      method: 'POST',
      body: new URLSearchParams({ url: `${site.base}/gone` }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    });
    assert.equal(failed.status, 502);
    assert.match(await failed.text(), /class="clip-error"/);
  });

  it('refuses a form posted from another site', async () => {
    const response = await store.app.request('http://localhost/clip', {
      method: 'POST',
      body: new URLSearchParams({ url: `${site.base}/news/2026/11/tugboat-rescue` }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    });
    assert.equal(response.status, 403);
  });

  it('clips with the CLI and exits 1 with the reason for a bad link', async () => {
    const fresh = await openTestStore({ READOUT_ALLOW_PRIVATE_ADDRESSES: '1' });
    try {
      const ok = await runCli(['clip', `${site.base}/news/2026/11/tugboat-rescue`], fresh.env);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /^imported\s+Tugboat Crews Rescue Stranded Kayakers Near Breakwater\s+\(\w+\)/);
      const bad = await runCli(['clip', `${site.base}/gone`], fresh.env);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /^readout clip: http:\/\/127\.0\.0\.1:\d+\/gone: .*404/);
    } finally {
      await fresh.close();
    }
  });
});

describe('clipping with the address guard on', () => {
  let site: Site;
  let store: TestStore;
  before(async () => {
    site = await startSite();
    store = await openTestStore();
  });
  after(async () => {
    site.server.close();
    await store.close();
  });

  it('refuses loopback and private addresses with 400 and never connects', async () => {
    for (const url of [
      `${site.base}/news/2026/11/tugboat-rescue`,
      'http://localhost:1/',
      'http://10.0.0.1/',
      'http://[::1]/',
    ]) {
      const response = await postJson(store, '/api/clip', { url });
      assert.equal(response.status, 400, url);
      assert.match((await json<{ error: string }>(response)).error, /address/, url);
    }
    assert.equal(site.requests.length, 0);
  });
});

describe('saved pages', () => {
  let store: TestStore;
  before(async () => {
    store = await openTestStore();
  });
  after(() => store.close());

  it('prints the article record of a saved page with readout extract', async () => {
    const result = await runCli([
      'extract',
      '--url',
      'https://gazette.example/news/2026/11/tugboat-rescue',
      join(fixtures, 'pages/harbor-article.html'),
    ]);
    assert.equal(result.code, 0, result.stderr);
    const record = JSON.parse(result.stdout) as Article;
    assert.equal(record.id, undefined);
    assert.equal(record.headline, 'Tugboat Crews Rescue Stranded Kayakers Near Breakwater');
    assert.equal(record.canonicalUrl, 'https://gazette.example/news/2026/11/tugboat-rescue');
  });

  it('prints JSONL with a file field for several pages, and an error line for a page without an article', async () => {
    const result = await runCli(['extract', join(fixtures, 'pages')]);
    assert.equal(result.code, 1);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; headline?: string; error?: string });
    assert.equal(lines.length, 2);
    assert.ok(lines.some((l) => l.file.endsWith('harbor-article.html') && l.headline));
    assert.ok(lines.some((l) => l.file.endsWith('no-article.html') && l.error));
    const badFormat = await runCli(['extract', '--format', 'xml', join(fixtures, 'pages')]);
    assert.equal(badFormat.code, 2);
  });

  it('imports .html and .html.gz pages', async () => {
    const gz = join(store.dir, 'saved.html.gz');
    writeFileSync(
      gz,
      gzipSync(
        page('harbor-article.html')
          .toString()
          .replace(/Tugboat Crews/g, 'Harbor Tug Crews'),
      ),
    );
    const result = await runCli(['import', join(fixtures, 'pages/harbor-article.html'), gz], store.env);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stderr, /2 imported/);
  });
});
