// Search as readers and programs use it: the API, the results page, Go back, the Atom feed and the CLI, over a
// real SQLite store of planted articles among synthetic filler. Never a 500, whatever the query.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Migrator, sql } from 'kysely';
import { syntheticArticles } from '../bench/synthetic.js';
import type { Article, ArticleDraft } from '../src/model.js';
import { migrate } from '../src/store/db.js';
import { migrations } from '../src/store/migrations/index.js';
import { createSearch } from '../src/store/search/index.js';
import { snippetParts } from '../src/store/search/snippet.js';
import { snippetHtml } from '../src/web/snippet.js';
import { assertCenturies, assertCountCap, json, openTestStore, runCli, type TestStore } from './harness.js';

interface SearchAnswer {
  total: number;
  totalExact: boolean;
  results: { article: Article; snippet: string }[];
  nextCursor: string | null;
}

interface ApiError {
  error: string;
  detail: unknown;
}

function draft(overrides: Partial<ArticleDraft> & { source?: ArticleDraft['source'] }): ArticleDraft {
  return {
    url: null,
    canonicalUrl: null,
    headline: 'Untitled',
    deck: null,
    byline: null,
    publishedAt: '2026-01-15',
    language: 'en',
    source: { name: 'Planted Press', homepage: null, paywalled: false },
    paragraphs: ['Nothing to see.'],
    related: [],
    paywalled: false,
    extraction: { method: 'clipping', version: '1' },
    ...overrides,
  };
}

const planted: Record<string, ArticleDraft> = {
  keeper: draft({
    headline: 'Lighthouse keeper retires after forty years on Gull Rock',
    deck: 'Marta Quintero climbed the tower every night since 1986.',
    byline: 'Tomas Brennan',
    publishedAt: '2014-03-12',
    source: { name: 'Coastal Beacon', homepage: null, paywalled: false },
    paragraphs: [
      'Marta Quintero kept the lighthouse on Gull Rock lit through storms and strikes.',
      'The city council thanked her at a public hearing on Monday.',
    ],
  }),
  mention: draft({
    headline: 'Harbor fees rise again',
    publishedAt: '2026-10-30',
    source: { name: 'Pier Street Post', homepage: null, paywalled: false },
    paragraphs: ['Shipping agents said the fees were set beside the old lighthouse road, as before.'],
  }),
  cafe: draft({
    headline: 'Café owners called for a new ferry schedule',
    publishedAt: '2012-06-02',
    source: { name: 'Pier Street Post', homepage: null, paywalled: false },
    byline: 'Lena Ortiz',
    paragraphs: ['Owners of the café on Pier Street say the ferry calls too early.'],
  }),
  council: draft({
    headline: 'Budget vote delayed',
    publishedAt: '2012-06-03',
    source: { name: 'Cedar Courier', homepage: null, paywalled: false },
    byline: 'Lena Ortiz',
    paragraphs: ['The council of the city met late; the vote on the zeppelin mooring was put off.'],
  }),
  markup: draft({
    headline: 'Script <script>alert(1)</script> found in zeppelin manual',
    publishedAt: '2012-06-04',
    source: { name: 'Cedar Courier', homepage: null, paywalled: false },
    paragraphs: ['The manual read <b>zeppelin</b> & "mooring" \uE001 \uE000 in plain text.'],
  }),
};

const ids: Record<string, string> = {};

async function search(store: TestStore, query: string, params = ''): Promise<SearchAnswer> {
  const response = await store.app.request(`/api/search?q=${encodeURIComponent(query)}${params}`);
  const body = await response.text();
  assert.equal(response.status, 200, `${query}: ${body}`);
  return JSON.parse(body) as SearchAnswer;
}

async function refused(store: TestStore, query: string): Promise<ApiError> {
  const response = await store.app.request(`/api/search?q=${encodeURIComponent(query)}`);
  assert.equal(response.status, 400, `${query} answered ${response.status}`);
  return json<ApiError>(response);
}

const headlines = (answer: SearchAnswer) => answer.results.map((r) => r.article.headline);

describe('search', () => {
  let store: TestStore;
  before(async () => {
    store = await openTestStore();
    for (const result of await store.ctx.store.saveArticles(syntheticArticles(300, 7))) {
      assert.notEqual(result.outcome, 'error');
    }
    for (const [name, article] of Object.entries(planted)) {
      ids[name] = (await store.ctx.store.saveArticle(article)).id;
    }
  });
  after(() => store.close());

  it('finds a planted article first, with a highlighted snippet, its source and date', async () => {
    const answer = await search(store, 'lighthouse');
    assert.equal(answer.total, 2);
    assert.equal(answer.results[0]!.article.id, ids.keeper);
    assert.equal(answer.results[0]!.article.source.name, 'Coastal Beacon');
    assert.equal(answer.results[0]!.article.publishedAt, '2014-03-12');
    assert.match(answer.results[0]!.snippet, /<mark>[Ll]ighthouse<\/mark>/);
  });

  it('ranks a word in the headline above the same word once in the body of a newer article', async () => {
    const answer = await search(store, 'lighthouse');
    assert.deepEqual(
      answer.results.map((r) => r.article.id),
      [ids.keeper, ids.mention],
    );
  });

  it('folds case and accents and matches English word forms', async () => {
    for (const query of ['cafe', 'CAFÉ', 'call', 'calls', 'calling']) {
      assert.ok(headlines(await search(store, query)).includes(planted.cafe!.headline), query);
    }
  });

  it('matches an exact phrase only in that order', async () => {
    const answer = await search(store, '"city council" lighthouse');
    assert.deepEqual(headlines(answer), [planted.keeper!.headline]);
    const loose = await search(store, 'zeppelin city council');
    assert.deepEqual(headlines(loose), [planted.council!.headline]);
    assert.equal((await search(store, '"city council" zeppelin')).total, 0);
  });

  it('excludes words, and joins alternatives with OR', async () => {
    assert.deepEqual(headlines(await search(store, 'zeppelin -mooring')), []);
    assert.deepEqual(headlines(await search(store, 'zeppelin NOT script')), [planted.council!.headline]);
    const either = await search(store, 'lighthouse OR zeppelin');
    assert.equal(either.total, 4);
  });

  it('filters by source name or id, byline, dates and headline', async () => {
    assert.deepEqual(headlines(await search(store, 'ferry source:"pier street"')), [planted.cafe!.headline]);
    assert.deepEqual(headlines(await search(store, 'zeppelin source:cedar-courier', '&sort=date')), [
      planted.markup!.headline,
      planted.council!.headline,
    ]);
    assert.deepEqual(headlines(await search(store, 'byline:ortiz zeppelin')), [planted.council!.headline]);
    assert.deepEqual(headlines(await search(store, 'lighthouse from:2014-03-01 to:2014-03-31')), [
      planted.keeper!.headline,
    ]);
    assert.deepEqual(headlines(await search(store, 'lighthouse from:2014-03-13')), [planted.mention!.headline]);
    assert.deepEqual(headlines(await search(store, 'in:headline lighthouse')), [planted.keeper!.headline]);
    const june = await search(store, 'from:2012-06-02 to:2012-06-04', '&sort=date');
    assert.deepEqual(
      june.results.map((r) => r.article.id),
      [ids.markup, ids.council, ids.cafe],
    );
  });

  it('escapes stored markup in snippets and keeps the marks balanced', async () => {
    const answer = await search(store, 'manual plain');
    const snippet = answer.results[0]!.snippet;
    assert.ok(!snippet.includes('<b>') && !snippet.includes('<script'), snippet);
    assert.match(snippet, /<mark>manual<\/mark> read &lt;b&gt;zeppelin&lt;\/b&gt; &amp; &quot;mooring&quot;/);
    // Private-use characters in stored text are the snippet marks' own; they are not indexed, so cannot mark.
    assert.match(snippet, / in <mark>plain<\/mark> text/);
    assert.equal(snippet.split('<mark>').length, snippet.split('</mark>').length);
  });

  it('turns snippet marks into balanced, escaped HTML', () => {
    assert.equal(snippetHtml(snippetParts('a\uE000<b>\uE001\uE001c\uE000d')), 'a<mark>&lt;b&gt;</mark>c<mark>d</mark>');
    assert.equal(snippetHtml(snippetParts('\uE000\uE000x & y')), '<mark>x &amp; y</mark>');
  });

  it('drops an article from the index and indexes it again', async () => {
    const engine = createSearch(store.ctx.db);
    await engine.remove(ids.keeper!);
    assert.deepEqual(
      (await search(store, 'lighthouse')).results.map((r) => r.article.id),
      [ids.mention],
    );
    await engine.index(ids.keeper!);
    assert.equal((await search(store, 'lighthouse')).results[0]!.article.id, ids.keeper);
  });

  it('pages through every match once, by relevance and by date', async () => {
    for (const sort of ['relevance', 'date']) {
      const total = (await search(store, 'council', `&sort=${sort}`)).total;
      assert.ok(total > 5);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: SearchAnswer = await search(
          store,
          'council',
          `&sort=${sort}&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        seen.push(...page.results.map((r) => r.article.id));
        cursor = page.nextCursor;
      } while (cursor);
      assert.equal(seen.length, total, sort);
      assert.equal(new Set(seen).size, total, sort);
    }
  });

  it('lists by date newest first', async () => {
    const answer = await search(store, 'council', '&sort=date&limit=50');
    const dates = answer.results.map((r) => r.article.publishedAt!);
    assert.deepEqual(dates, [...dates].sort().reverse());
  });

  it('keeps the index in step when an article changes', async () => {
    const saved = await store.ctx.store.saveArticle(
      draft({ headline: 'Tide tables printed', paragraphs: ['The almanac lists the marigold tide.'] }),
    );
    assert.deepEqual(
      (await search(store, 'marigold')).results.map((r) => r.article.id),
      [saved.id],
    );
    const changed = await store.ctx.store.saveArticle(
      draft({ id: saved.id, headline: 'Tide tables printed', paragraphs: ['The almanac lists the quarantine tide.'] }),
    );
    assert.equal(changed.outcome, 'updated');
    assert.equal((await search(store, 'marigold')).total, 0);
    assert.deepEqual(
      (await search(store, 'quarantine')).results.map((r) => r.article.id),
      [saved.id],
    );
  });

  it('indexes the articles a store already held when the search migrations run', async () => {
    const older = await openTestStore();
    try {
      const saved = await older.ctx.store.saveArticle(draft({ headline: 'Pelican census', paragraphs: ['Counted.'] }));
      // Back to the schema before search (through each migration's down), with the article stored, then forward.
      const migrator = new Migrator({ db: older.ctx.db.kysely, provider: { getMigrations: async () => migrations } });
      const back = await migrator.migrateTo('003-feeds-and-jobs');
      assert.equal(back.error, undefined);
      assert.deepEqual(
        back.results?.map((r) => r.migrationName),
        [
          '008-stories-and-entities',
          '007-mend-links-and-dates',
          '006-one-copy-of-the-body',
          '005-search-import',
          '004-search',
        ],
      );
      assert.deepEqual(await migrate(older.ctx.db), [
        '004-search',
        '005-search-import',
        '006-one-copy-of-the-body',
        '007-mend-links-and-dates',
        '008-stories-and-entities',
      ]);
      const answer = await json<SearchAnswer>(await older.app.request('/api/search?q=pelican'));
      assert.deepEqual(
        answer.results.map((r) => r.article.id),
        [saved.id],
      );
      assert.deepEqual(answer.results[0]!.article.paragraphs, ['Counted.']);
    } finally {
      await older.close();
    }
  });

  it('writes a batch of articles in any date order as one search index segment', async () => {
    const fresh = await openTestStore();
    try {
      const drafts = syntheticArticles(400, 11);
      const days = new Set(drafts.map((d) => d.publishedAt));
      assert.ok(days.size > 100, `the batch spans ${days.size} days`);
      for (const result of await fresh.ctx.store.saveArticles(drafts)) assert.equal(result.outcome, 'imported');
      // An FTS5 block's id carries its segment's number above bit 37; every batch written at once is one segment.
      const { rows } = await sql<{ segments: number }>`
        SELECT count(DISTINCT id >> 37) AS segments FROM article_search_data WHERE id >= ${2 ** 37}`.execute(
        fresh.ctx.db.kysely,
      );
      assert.equal(rows[0]!.segments, 1);
      assert.ok((await search(fresh, drafts[123]!.headline)).total > 0);
    } finally {
      await fresh.close();
    }
  });

  it('answers 400 with the reason for queries it cannot run', async () => {
    assert.match((await refused(store, '')).error, /empty/);
    assert.match((await refused(store, 'ferry from:2014-02-30')).error, /days 01 to 28/);
    assert.match((await refused(store, 'ferry from:2026-02-30')).error, /February 2026 has days 01 to 28/);
    assert.match((await refused(store, 'ferry to:0000-01-01')).error, /outside the years 1600 to 2999/);
    assert.match((await refused(store, 'x'.repeat(10_000))).error, /10,000 characters long/);
    assert.match((await refused(store, 'ferry source:nowhere-gazette')).error, /names no outlet/);
    assert.match((await refused(store, '🦀 ^ *')).error, /no words/);
    const cursor = await store.app.request('/api/search?q=ferry&cursor=bogus');
    assert.equal(cursor.status, 400);
    assert.match((await json<ApiError>(cursor)).error, /cursor/);
    const sort = await store.app.request('/api/search?q=ferry&sort=best');
    assert.equal(sort.status, 400);
  });

  it('answers 200 or a clear 400 for 2,000 random strings, never a 500', async () => {
    const pieces = [
      'lighthouse',
      'OR',
      'AND',
      'NOT',
      'NEAR(',
      '*',
      '^',
      '-',
      '"',
      '(',
      ')',
      ':',
      'source:',
      'byline:',
      'from:',
      'to:2014',
      'in:',
      'in:headline',
      "'; DROP TABLE articles; --",
      '🦀',
      'שלום',
      'مرحبا',
      '\u0000',
      '\u202e',
      '\ud800',
      'é',
      '{body}:',
      'rowid',
      '%',
      '&',
      '#',
      '+',
      'council',
      'from:2014-03-01',
    ];
    let state = 42;
    const next = () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state / 4_294_967_296;
    };
    const statuses = new Map<number, number>();
    for (let i = 0; i < 2_000; i++) {
      const parts = Array.from({ length: Math.floor(next() * 6) }, () =>
        next() < 0.2 ? String.fromCharCode(Math.floor(next() * 0xffff)) : pieces[Math.floor(next() * pieces.length)]!,
      );
      // A browser sends a lone surrogate as U+FFFD; raw malformed escapes are tried below.
      const q = parts.join(next() < 0.8 ? ' ' : '').replace(/\p{Cs}/gu, '\uFFFD');
      const sort = next() < 0.5 ? 'date' : 'relevance';
      const response = await store.app.request(`/api/search?sort=${sort}&q=${encodeURIComponent(q)}`);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const body = (await response.json()) as Partial<SearchAnswer & ApiError>;
      if (response.status === 400) assert.ok(body.error && body.error.length > 10, JSON.stringify(q));
      else assert.equal(response.status, 200, `${JSON.stringify(q)} answered ${response.status}: ${body.error}`);
    }
    for (const raw of ['%', '%ZZ', '%ED%A0%80', '%00', '%C0%AF', 'a&q=b']) {
      const response = await store.app.request(`/api/search?q=${raw}`);
      assert.ok([200, 400].includes(response.status), `q=${raw} answered ${response.status}`);
    }
    assert.ok((statuses.get(200) ?? 0) > 500, `only ${statuses.get(200)} of the random queries were answered`);
  });

  it('documents /api/search in the OpenAPI description', async () => {
    const doc = await json<{ paths: Record<string, { get?: { description?: string } }> }>(
      await store.app.request('/api/openapi.json'),
    );
    assert.match(doc.paths['/search']!.get!.description!, /source:<name or id>/);
  });

  it('shows a results page whose links come back to it, and a search box on every page', async () => {
    const home = await (await store.app.request('/')).text();
    assert.match(home, /<form class="site-search" method="get" action="\/search">/);
    const response = await store.app.request('/search?q=lighthouse&sort=date');
    assert.equal(response.status, 200);
    const page = await response.text();
    assert.match(page, /2 articles<\/strong> match/);
    assert.match(page, /<mark>[Ll]ighthouse<\/mark>/);
    assert.match(page, /Coastal Beacon/);
    const back = '/search?q=lighthouse&sort=date';
    const link = `/articles/${ids.keeper}?back=${encodeURIComponent(back)}`;
    assert.ok(page.includes(link.replaceAll('&', '&amp;')), 'the result does not link with its way back');
    const article = await (await store.app.request(link)).text();
    assert.ok(article.includes(`href="${back.replaceAll('&', '&amp;')}"`), 'Go back does not lead to the results');
  });

  it('escapes stored markup on the results page', async () => {
    const page = await (await store.app.request('/search?q=zeppelin+manual')).text();
    assert.ok(!page.includes('<script>alert(1)</script>'));
    assert.ok(page.includes('&lt;script&gt;'));
  });

  it('shows the reason on the page for a query it cannot run', async () => {
    const response = await store.app.request('/search?q=ferry+from%3A2014-13-01');
    assert.equal(response.status, 400);
    assert.match(await response.text(), /has no month 13/);
  });

  it('serves a search as an Atom feed, newest first', async () => {
    const response = await store.app.request('/search.atom?q=zeppelin');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
    const doc = await response.text();
    assert.match(doc, /^<\?xml version="1\.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom">/);
    assert.match(doc, /<id>tag:readout,2026:search\/zeppelin<\/id>/);
    const titles = [...doc.matchAll(/<entry[^>]*>[\s\S]*?<title>([^<]*)<\/title>/g)].map((m) => m[1]);
    assert.deepEqual(titles, [
      'Script &lt;script&gt;alert(1)&lt;/script&gt; found in zeppelin manual',
      'Budget vote delayed',
    ]);
    assert.equal((await store.app.request('/search.atom?q=')).status, 400);
  });

  it('searches from the terminal, as text or JSON', async () => {
    const text = await runCli(['search', 'lighthouse'], store.env);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Lighthouse keeper retires/);
    assert.match(text.stdout, /\[[Ll]ighthouse\]/);
    assert.match(text.stderr, /2 articles match/);
    const answer = JSON.parse((await runCli(['search', '--json', 'cafe'], store.env)).stdout) as SearchAnswer;
    assert.equal(answer.results[0]!.article.id, ids.cafe);
    const bad = await runCli(['search', 'ferry from:tomorrow'], store.env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /not a date/);
  });

  it('counts matches up to 2,000 and says when there are more, for one outlet or several', async () => {
    await assertCountCap(store.ctx.store, draft, (q) => search(store, q));
  });

  it('finds articles dated from 1800 to 2200, in both sorts and in ranges around 1900 and 2100', async () => {
    await assertCenturies(store.ctx.store, draft, (q, params) => search(store, q, params));
  });
});
