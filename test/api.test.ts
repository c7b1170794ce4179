// The JSON API under /api: paging, reading, storing, the OpenAPI document, and 4xx errors for bad input.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Article, SourceWithCount } from '../src/model.js';
import { fixtures, json, openTestStore, type TestStore } from './harness.js';

interface ArticleList {
  items: Article[];
  total: number;
  page: number;
  pageCount: number;
  limit: number;
  nextCursor: string | null;
}

interface ApiError {
  error: string;
  detail: unknown;
}

function post(store: TestStore, body: string, type: string) {
  return store.app.request('/api/articles', { method: 'POST', body, headers: { 'content-type': type } });
}

function record(n: number, source = 'Paging Post') {
  return {
    headline: `Paging article ${String(n).padStart(2, '0')}`,
    source,
    publishedAt: `2026-10-${String(n).padStart(2, '0')}`,
    paragraphs: [`Body of article ${n}.`],
  };
}

describe('the JSON API', () => {
  let store: TestStore;
  before(async () => {
    store = await openTestStore();
    for (let n = 1; n <= 25; n++) {
      const response = await post(
        store,
        JSON.stringify(record(n, n % 5 === 0 ? 'Fifth Estate Times' : 'Paging Post')),
        'application/json',
      );
      assert.equal(response.status, 201, await response.text());
    }
  });
  after(() => store.close());

  it('lists articles newest first with page numbers', async () => {
    const first = await json<ArticleList>(await store.app.request('/api/articles?limit=10'));
    assert.equal(first.total, 25);
    assert.equal(first.pageCount, 3);
    assert.equal(first.items.length, 10);
    assert.equal(first.items[0]!.headline, 'Paging article 25');
    const third = await json<ArticleList>(await store.app.request('/api/articles?limit=10&page=3'));
    assert.deepEqual(
      third.items.map((a) => a.headline),
      ['Paging article 05', 'Paging article 04', 'Paging article 03', 'Paging article 02', 'Paging article 01'],
    );
    assert.equal(third.nextCursor, null);
  });

  it('walks every article exactly once with cursors', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/articles?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: ArticleList = await json<ArticleList>(await store.app.request(url));
      seen.push(...page.items.map((a) => a.headline));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(seen.length, 25);
    assert.equal(new Set(seen).size, 25);
  });

  it('filters by source', async () => {
    const sources = await json<{ items: SourceWithCount[] }>(await store.app.request('/api/sources'));
    const fifth = sources.items.find((s) => s.name === 'Fifth Estate Times');
    assert.ok(fifth);
    assert.equal(fifth.articleCount, 5);
    const list = await json<ArticleList>(await store.app.request(`/api/articles?source=${fifth.id}`));
    assert.equal(list.total, 5);
    assert.ok(list.items.every((a) => a.source.id === fifth.id));
    const one = await json<SourceWithCount>(await store.app.request(`/api/sources/${fifth.id}`));
    assert.equal(one.name, 'Fifth Estate Times');
  });

  it('answers 400 with a reason for malformed query parameters', async () => {
    for (const query of [
      'limit=abc',
      'limit=0',
      'limit=1000',
      'page=0',
      'page=-1',
      'page=1.5',
      'cursor=not-a-cursor',
      'source=nope',
    ]) {
      const response = await store.app.request(`/api/articles?${query}`);
      assert.equal(response.status, 400, query);
      const body = await json<ApiError>(response);
      assert.equal(typeof body.error, 'string');
      assert.ok(body.error.length > 10, body.error);
      assert.ok('detail' in body);
    }
  });

  it('answers 404 as JSON for an unknown article, source or route', async () => {
    for (const path of ['/api/articles/doesnotexist', '/api/sources/nope', '/api/nothing-here']) {
      const response = await store.app.request(path);
      assert.equal(response.status, 404, path);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      assert.ok((await json<ApiError>(response)).error);
    }
  });

  it('stores a text clipping posted as text/plain and returns the record', async () => {
    const text = readFileSync(join(fixtures, 'clippings/paywalled.txt'), 'utf8');
    const response = await post(store, text, 'text/plain; charset=utf-8');
    assert.equal(response.status, 201);
    const body = await json<{ outcome: string; article: Article }>(response);
    assert.equal(body.outcome, 'imported');
    assert.equal(response.headers.get('location'), `/api/articles/${body.article.id}`);
    assert.equal(body.article.source.paywalled, true);
    assert.equal(body.article.related.length, 2);
    const again = await post(store, text, 'text/plain');
    assert.equal(again.status, 200);
    assert.equal((await json<{ outcome: string }>(again)).outcome, 'duplicate');
    // The record read back is the one stored, with who said what in it besides.
    const { quotes, ...read } = await json<Article & { quotes: { speaker: string }[] }>(
      await store.app.request(`/api/articles/${body.article.id}`),
    );
    assert.deepEqual(read, body.article);
    assert.deepEqual(
      quotes.map((quote) => quote.speaker),
      ['Tomas Reyes'],
    );
  });

  it('refuses bad bodies with 4xx and stores nothing', async () => {
    const before = (await json<ArticleList>(await store.app.request('/api/articles'))).total;
    const cases: [string, string, number, RegExp][] = [
      ['{"headline": ', 'application/json', 400, /not valid JSON/],
      ['[]', 'application/json', 400, /expected a JSON object/],
      ['{"source": "X", "paragraphs": ["a"]}', 'application/json', 400, /headline/],
      ['{"headline": "H", "source": "X"}', 'application/json', 400, /no body/],
      [
        '{"headline": "H", "source": "X", "paragraphs": ["a"], "publishedAt": "yesterday"}',
        'application/json',
        400,
        /ISO 8601/,
      ],
      [
        '{"headline": "H", "source": "X", "paragraphs": ["a"], "url": "javascript:alert(1)"}',
        'application/json',
        400,
        /http/,
      ],
      ['', 'text/plain', 400, /empty/],
      ['\n   < < Go Back\nfrom X,\n\nBody.\n', 'text/plain', 400, /line 2: no headline/],
      [readFileSync(join(fixtures, 'clippings/two-in-one.txt'), 'utf8'), 'text/plain', 400, /2 clippings/],
      ['<p>hi</p>', 'text/html', 415, /Content-Type/],
      ['x'.repeat(3 * 1024 * 1024), 'text/plain', 413, /larger than/],
    ];
    for (const [body, type, status, message] of cases) {
      const response = await post(store, body, type);
      assert.equal(response.status, status, `${type} ${body.slice(0, 40)}`);
      assert.match((await json<ApiError>(response)).error, message);
    }
    assert.equal((await json<ArticleList>(await store.app.request('/api/articles'))).total, before);
  });

  it('stores a record whose date is not on the calendar without the date, and says so in warnings', async () => {
    const response = await post(
      store,
      '{"headline": "Dated the thirtieth of February", "source": "Calendar Desk", "paragraphs": ["a"], "publishedAt": "2026-02-30"}',
      'application/json',
    );
    assert.equal(response.status, 201);
    const body = await json<{ article: Article; warnings?: string[] }>(response);
    assert.equal(body.article.publishedAt, null);
    assert.deepEqual(body.warnings, [
      'publishedAt "2026-02-30" is not a date: February 2026 has days 01 to 28; the article is stored without a date',
    ]);
    const plain = await post(store, readFileSync(join(fixtures, 'clippings/open-outlet.txt'), 'utf8'), 'text/plain');
    assert.equal((await json<{ warnings?: string[] }>(plain)).warnings, undefined);
  });

  it('sanitises HTML in a posted record and keeps text as text', async () => {
    const response = await post(
      store,
      JSON.stringify({
        headline: 'Sanitised <b>body</b>',
        source: 'Markup Monthly',
        bodyHtml:
          '<p onclick="x()">Safe <a href="javascript:evil()">link</a> <script>alert(1)</script>text</p><iframe src="https://x"></iframe>',
      }),
      'application/json',
    );
    assert.equal(response.status, 201);
    const { article } = await json<{ article: Article }>(response);
    assert.equal(article.headline, 'Sanitised <b>body</b>');
    assert.doesNotMatch(article.bodyHtml, /script|onclick|iframe|javascript/);
    assert.deepEqual(article.paragraphs, ['Safe link text']);
  });

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const doc = await json<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    }>(await store.app.request('/api/openapi.json'));
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/articles']?.get);
    assert.ok(doc.paths['/articles']?.post);
    assert.ok(doc.paths['/articles/{id}']?.get);
    assert.ok(doc.paths['/sources']?.get);
    assert.ok(doc.paths['/sources/{id}']?.get);
    assert.ok(doc.components.schemas.Article);
    assert.ok(doc.components.schemas.Error);
  });
});
