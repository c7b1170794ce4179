// Search on PostgreSQL (the tsvector column of migration 004): the same API answers over a real database that
// the test creates and drops, like test/store.test.ts. Accent folding is SQLite's alone for now.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { type AppContext, createContext } from '../src/context.js';
import type { Article, ArticleDraft } from '../src/model.js';
import { placeSaved } from '../src/pipeline/stories.js';
import { createApp } from '../src/web/app.js';
import { assertCenturies, assertCountCap, createPostgresDatabase } from './harness.js';

interface SearchAnswer {
  total: number;
  totalExact: boolean;
  results: { article: Article; snippet: string }[];
  nextCursor: string | null;
}

function draft(overrides: Partial<ArticleDraft>): ArticleDraft {
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

describe('search on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let ctx: AppContext;
  let app: ReturnType<typeof createApp>;
  const ids: Record<string, string> = {};

  before(async () => {
    database = await createPostgresDatabase('readout_search_test');
    ctx = await createContext(loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent', READOUT_SAMPLES: '0' }), {
      log: pino({ level: 'silent' }),
    });
    app = createApp(ctx);
    const articles: Record<string, ArticleDraft> = {
      keeper: draft({
        headline: 'Lighthouse keeper retires after forty years',
        byline: 'Tomas Brennan',
        publishedAt: '2014-03-12',
        source: { name: 'Coastal Beacon', homepage: null, paywalled: false },
        paragraphs: ['She kept the lighthouse lit.', 'The city council thanked her.'],
      }),
      mention: draft({
        headline: 'Harbor fees rise again',
        publishedAt: '2026-10-30',
        paragraphs: ['The fees were set beside the old lighthouse road.'],
      }),
      calls: draft({
        headline: 'Owners called for a new ferry schedule',
        byline: 'Lena Ortiz',
        publishedAt: '2025-06-02',
        paragraphs: ['The <b>ferry</b> calls too early & too often.'],
      }),
    };
    for (const [key, article] of Object.entries(articles)) ids[key] = (await ctx.store.saveArticle(article)).id;
  });

  after(async () => {
    await ctx?.close();
    await database?.drop();
  });

  async function search(q: string, params = ''): Promise<SearchAnswer> {
    const response = await app.request(`/api/search?q=${encodeURIComponent(q)}${params}`);
    const body = await response.text();
    assert.equal(response.status, 200, `${q}: ${body}`);
    return JSON.parse(body) as SearchAnswer;
  }
  const found = (answer: SearchAnswer) => answer.results.map((r) => r.article.id);

  it('ranks a word in the headline above the same word in a newer body, with a marked, escaped snippet', async () => {
    const answer = await search('lighthouse');
    assert.deepEqual(found(answer), [ids.keeper, ids.mention]);
    assert.match(answer.results[0]!.snippet, /<mark>Lighthouse<\/mark>/);
    const markup = await search('ferry calls');
    // ts_headline drops what looks like a tag; the rest is escaped.
    assert.match(markup.results[0]!.snippet, /<mark>calls<\/mark> too early &amp; too often/);
    assert.ok(!markup.results[0]!.snippet.includes('<b>'));
  });

  it('matches word forms, phrases, exclusions, OR and the filters', async () => {
    assert.deepEqual(found(await search('call')), [ids.calls]);
    assert.deepEqual(found(await search('"city council"')), [ids.keeper]);
    assert.deepEqual(found(await search('"council city"')), []);
    assert.deepEqual(found(await search('lighthouse -keeper')), [ids.mention]);
    assert.equal((await search('keeper OR ferry')).total, 2);
    assert.deepEqual(found(await search('lighthouse source:coastal-beacon')), [ids.keeper]);
    assert.deepEqual(found(await search('byline:ortiz')), [ids.calls]);
    assert.deepEqual(found(await search('lighthouse from:2014-03-01 to:2014-03-31')), [ids.keeper]);
    assert.deepEqual(found(await search('in:headline lighthouse')), [ids.keeper]);
    assert.deepEqual(found(await search('from:2014 to:2014', '&sort=date')), [ids.keeper]);
  });

  it('pages by date through every match once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: SearchAnswer = await search('from:2000', `&sort=date&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...found(page));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, [ids.mention, ids.calls, ids.keeper]);
  });

  it('answers 200 or a clear 400 for 500 random strings, never a 500', async () => {
    const pieces = [
      'lighthouse',
      'OR',
      'NOT',
      '!',
      '&',
      '|',
      '<->',
      ':*',
      "'",
      '\\',
      '"',
      '-',
      '(',
      ')',
      'source:',
      'byline:x',
      'from:2014',
      'in:headline',
      'entity:x',
      'entity:"Tomas Brennan"',
      "'; DROP TABLE articles; --",
      '🦀',
      'שלום',
      'é',
      'the',
      'a',
    ];
    let state = 7;
    const next = () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state / 4_294_967_296;
    };
    for (let i = 0; i < 500; i++) {
      const q = Array.from({ length: Math.floor(next() * 6) }, () =>
        next() < 0.2 ? String.fromCharCode(Math.floor(next() * 0xd7ff)) : pieces[Math.floor(next() * pieces.length)]!,
      ).join(next() < 0.8 ? ' ' : '');
      const response = await app.request(
        `/api/search?q=${encodeURIComponent(q)}&sort=${next() < 0.5 ? 'date' : 'relevance'}`,
      );
      assert.ok(
        [200, 400].includes(response.status),
        `${JSON.stringify(q)} answered ${response.status}: ${await response.text()}`,
      );
    }
  });

  it('counts matches up to 2,000 and says when there are more, for one outlet or several', async () => {
    await assertCountCap(ctx.store, draft, search);
  });

  it('finds articles dated from 1800 to 2200, in both sorts and in ranges around 1900 and 2100', async () => {
    await assertCenturies(ctx.store, draft, search);
  });

  it('finds the articles that name an entity with entity:, by its name or a form it was written under', async () => {
    const wire = [
      'Kestrel Harbour council voted 7 to 2 to close the Marrow Street ferry terminal, Mayor Ingrid Solberg said.',
      'The closure will cost 14.2 million kroner, according to Solberg.',
    ];
    const saved: string[] = [];
    for (const name of ['Harbour Ledger', 'Coastal Wire'])
      saved.push(
        (
          await ctx.store.saveArticle(
            draft({
              headline: 'Kestrel Harbour votes to close ferry terminal',
              publishedAt: '1990-05-02',
              source: { name, homepage: null, paywalled: false },
              paragraphs: wire,
            }),
          )
        ).id,
      );
    await placeSaved(ctx, saved);
    const both = [...saved].sort();
    for (const sort of ['&sort=date', '&sort=relevance']) {
      assert.deepEqual(found(await search('entity:"Ingrid Solberg"', sort)).sort(), both);
      assert.deepEqual(found(await search('entity:"INGRID SOLBERG\'s"', sort)).sort(), both);
      assert.deepEqual(found(await search('entity:Solberg', sort)).sort(), both);
      assert.deepEqual(found(await search('ferry entity:solberg source:coastal-wire', sort)), [saved[1]]);
      assert.deepEqual(found(await search('entity:solberg -kroner', sort)), []);
      assert.deepEqual(found(await search('entity:"Nobody Atall"', sort)), []);
    }
  });
});
