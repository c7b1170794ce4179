// The store behind every input and page, run alike on SQLite (a temporary file) and on a real PostgreSQL.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { type AppContext, createContext } from '../src/context.js';
import type { ArticleDraft } from '../src/model.js';
import { newId } from '../src/store/keys.js';
import { createPostgresDatabase, tempDir } from './harness.js';

function draft(overrides: Partial<ArticleDraft> = {}): ArticleDraft {
  return {
    url: null,
    canonicalUrl: null,
    headline: 'Harbor Dredging Starts Monday',
    deck: 'Two channels close in turn.',
    byline: 'Lena Ortiz',
    publishedAt: '2026-11-02',
    language: 'en',
    source: { name: 'Harbor Bulletin', homepage: null, paywalled: false },
    paragraphs: ['Dredging starts Monday.', 'It lasts six weeks.'],
    related: [],
    paywalled: false,
    extraction: { method: 'clipping', version: '1' },
    ...overrides,
  };
}

interface Engine {
  name: string;
  open(): Promise<{ env: Record<string, string>; drop(): Promise<void> }>;
}

const engines: Engine[] = [
  {
    name: 'SQLite',
    async open() {
      return { env: { READOUT_DB: join(tempDir(), 'readout.db') }, drop: async () => {} };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const database = await createPostgresDatabase('readout_test');
      return { env: { DATABASE_URL: database.url }, drop: database.drop };
    },
  },
];

for (const engine of engines) {
  describe(`the store on ${engine.name}`, () => {
    let ctx: AppContext;
    let drop: () => Promise<void>;
    before(async () => {
      const opened = await engine.open();
      drop = opened.drop;
      ctx = await createContext(loadConfig({ ...opened.env, LOG_LEVEL: 'silent' }), { log: pino({ level: 'silent' }) });
    });
    after(async () => {
      await ctx.close();
      await drop();
    });

    it('stores a draft and gives back every field', async () => {
      const result = await ctx.store.saveArticle(draft({ url: 'https://bulletin.example/dredging' }));
      assert.equal(result.outcome, 'imported');
      const article = await ctx.store.getArticle(result.id);
      assert.ok(article);
      assert.equal(article.headline, 'Harbor Dredging Starts Monday');
      assert.equal(article.deck, 'Two channels close in turn.');
      assert.equal(article.byline, 'Lena Ortiz');
      assert.equal(article.publishedAt, '2026-11-02');
      assert.equal(article.language, 'en');
      assert.equal(article.url, 'https://bulletin.example/dredging');
      assert.deepEqual(article.paragraphs, ['Dredging starts Monday.', 'It lasts six weeks.']);
      assert.equal(article.bodyHtml, '<p>Dredging starts Monday.</p>\n<p>It lasts six weeks.</p>');
      assert.deepEqual(article.source, {
        id: 'harbor-bulletin',
        name: 'Harbor Bulletin',
        homepage: null,
        paywalled: false,
      });
    });

    it('stores links in a body as nofollow noopener links, whatever rel or target they came with', async () => {
      const result = await ctx.store.saveArticle(
        draft({
          headline: 'Links In The Body',
          paragraphs: ['See the timetable and write to the desk.'],
          bodyHtml:
            '<p>See <a href="https://port.example/timetable" rel="opener" target="_self">the timetable</a> and <a href="mailto:desk@bulletin.example" target="_blank">write to the desk</a>.</p>',
        }),
      );
      const article = await ctx.store.getArticle(result.id);
      assert.equal(
        article?.bodyHtml,
        '<p>See <a href="https://port.example/timetable" rel="nofollow noopener">the timetable</a> and <a href="mailto:desk@bulletin.example" rel="nofollow noopener">write to the desk</a>.</p>',
      );
    });

    it('calls the same source, headline and body a duplicate, and a changed body a new article', async () => {
      const again = await ctx.store.saveArticle(draft({ headline: '  harbor dredging starts   MONDAY ' }));
      assert.equal(again.outcome, 'duplicate');
      const changed = await ctx.store.saveArticle(draft({ paragraphs: ['Dredging starts Tuesday.'] }));
      assert.equal(changed.outcome, 'imported');
    });

    it('keeps one article when the same draft arrives twice at once', async () => {
      const results = await Promise.all([0, 1, 2].map(() => ctx.store.saveArticle(draft({ headline: 'Raced In' }))));
      assert.deepEqual(results.map((r) => r.outcome).sort(), ['duplicate', 'duplicate', 'imported']);
      assert.equal(new Set(results.map((r) => r.id)).size, 1);
    });

    it('updates the article it already has under the same canonical URL, keeping its id', async () => {
      const first = await ctx.store.saveArticle(
        draft({ headline: 'Ferry Fares Rise', canonicalUrl: 'https://bulletin.example/fares' }),
      );
      const edited = await ctx.store.saveArticle(
        draft({
          headline: 'Ferry Fares Rise 5%',
          canonicalUrl: 'https://bulletin.example/fares',
          paragraphs: ['Edited.'],
        }),
      );
      assert.equal(edited.outcome, 'updated');
      assert.equal(edited.id, first.id);
      const article = await ctx.store.getArticle(first.id);
      assert.equal(article?.headline, 'Ferry Fares Rise 5%');
      assert.deepEqual(article?.paragraphs, ['Edited.']);
    });

    it('marks an outlet paywalled when one clipping says so, and never unmarks it', async () => {
      const name = 'Locked Gazette';
      await ctx.store.saveArticle(draft({ headline: 'Open one', source: { name, homepage: null, paywalled: false } }));
      const locked = await ctx.store.saveArticle(
        draft({ headline: 'Locked one', source: { name, homepage: null, paywalled: true } }),
      );
      await ctx.store.saveArticle(draft({ headline: 'Later one', source: { name, homepage: null, paywalled: false } }));
      const source = await ctx.store.getSource('locked-gazette');
      assert.equal(source?.paywalled, true);
      assert.equal(source?.articleCount, 3);
      assert.equal((await ctx.store.getArticle(locked.id))?.paywalled, true);
    });

    it('links related headlines to the stored articles of the same outlet', async () => {
      const source = { name: 'Related Review', homepage: null, paywalled: true };
      const target = await ctx.store.saveArticle(draft({ headline: 'Pier 6 Reopens', source }));
      await ctx.store.saveArticle(draft({ headline: 'Pier 7 Closes', source: { ...source, name: 'Other Outlet' } }));
      const saved = await ctx.store.saveArticle(
        draft({
          headline: 'Harbor Roundup',
          source,
          related: [
            { title: 'PIER 6 REOPENS', url: null, paywalled: true },
            { title: 'Pier 7 Closes', url: null, paywalled: true },
          ],
        }),
      );
      const article = await ctx.store.getArticle(saved.id);
      assert.ok(article);
      const related = await ctx.store.resolveRelated(article);
      assert.deepEqual(
        related.map((r) => [r.title, r.articleId]),
        [
          ['PIER 6 REOPENS', target.id],
          ['Pier 7 Closes', null],
        ],
      );
    });

    it('refuses an invalid draft and stores nothing of it', async () => {
      const before = await ctx.store.countArticles();
      const sources = (await ctx.store.listSources()).length;
      await assert.rejects(
        ctx.store.saveArticle(
          draft({
            headline: 'Bad link',
            source: { name: 'Never Stored', homepage: null, paywalled: false },
            url: 'ftp://x',
          }),
        ),
        /url must be an http or https URL/,
      );
      await assert.rejects(ctx.store.saveArticle(draft({ headline: '   ' })), /headline is empty/);
      assert.equal(await ctx.store.countArticles(), before);
      assert.equal((await ctx.store.listSources()).length, sources);
    });

    it('lists newest first, by page and by cursor, and exports every article once', async () => {
      for (let day = 10; day < 22; day++) {
        await ctx.store.saveArticle(
          draft({
            headline: `Day ${day}`,
            publishedAt: `2026-10-${day}`,
            source: { name: 'Daily Log', homepage: null, paywalled: false },
          }),
        );
      }
      const page = await ctx.store.listArticles({ perPage: 5, sourceId: 'daily-log' });
      assert.equal(page.total, 12);
      assert.deepEqual(
        page.items.map((a) => a.headline),
        ['Day 21', 'Day 20', 'Day 19', 'Day 18', 'Day 17'],
      );
      const next = await ctx.store.listArticles({ perPage: 5, sourceId: 'daily-log', cursor: page.nextCursor! });
      assert.deepEqual(
        next.items.map((a) => a.headline),
        ['Day 16', 'Day 15', 'Day 14', 'Day 13', 'Day 12'],
      );
      const third = await ctx.store.listArticles({ perPage: 5, sourceId: 'daily-log', page: 3 });
      assert.deepEqual(
        third.items.map((a) => a.headline),
        ['Day 11', 'Day 10'],
      );
      const ids: string[] = [];
      for await (const article of ctx.store.eachArticle()) ids.push(article.id);
      assert.equal(ids.length, await ctx.store.countArticles());
      assert.equal(new Set(ids).size, ids.length);
    });
    it('saves a batch in one go, reporting a refused draft in its place', async () => {
      const results = await ctx.store.saveArticles([
        draft({ headline: 'Batch one', source: { name: 'Batch Desk', homepage: null, paywalled: false } }),
        draft({ headline: '   ' }),
        draft({ headline: 'Batch two', source: { name: 'Batch Desk', homepage: null, paywalled: false } }),
      ]);
      assert.equal(results[0]?.outcome, 'imported');
      assert.equal(results[1]?.outcome, 'error');
      assert.match((results[1] as { message: string }).message, /headline is empty/);
      assert.equal(results[2]?.outcome, 'imported');
      assert.equal((await ctx.store.getSource('batch-desk'))?.articleCount, 2);
    });

    it('stores every article of a large batch under its own id', async () => {
      const source = { name: 'Bulk Desk', homepage: null, paywalled: false };
      const drafts = Array.from({ length: 3_000 }, (_, n) =>
        draft({ headline: `Bulk item ${n}`, source, paragraphs: [`Item ${n} of the bulk batch.`] }),
      );
      const results = await ctx.store.saveArticles(drafts);
      const ids = results.map((r) => (r.outcome === 'imported' ? r.id : r.outcome));
      assert.equal(new Set(ids).size, drafts.length, 'one distinct id for each draft');
      assert.equal((await ctx.store.getSource('bulk-desk'))?.articleCount, drafts.length);
    });

    it('knows a feed entry by its GUID when its text changes, and by its URL when its GUID changes', async () => {
      const { feed } = await ctx.store.addFeed({
        url: 'https://wire.example/feed',
        title: 'Wire',
        siteUrl: null,
        folder: null,
      });
      const entry = (guid: string, text: string) =>
        draft({
          url: 'https://wire.example/story',
          canonicalUrl: 'https://wire.example/story',
          headline: 'Wire story',
          paragraphs: [text],
          source: { name: 'Wire', homepage: null, paywalled: false },
          feedEntry: { feedId: feed.id, guid, entryHash: text },
        });
      const first = await ctx.store.saveArticle(entry('urn:1', 'First text.'));
      const edited = await ctx.store.saveArticle(entry('urn:1', 'Edited text.'));
      assert.deepEqual([first.outcome, edited.outcome], ['imported', 'updated']);
      assert.equal(edited.id, first.id);
      const moved = await ctx.store.saveArticle(entry('urn:2', 'Edited text.'));
      assert.deepEqual([moved.outcome, moved.id], ['duplicate', first.id]);
      const hashes = await ctx.store.feedEntryHashes(feed.id, ['urn:1', 'urn:2']);
      assert.deepEqual([...hashes], [['urn:2', 'Edited text.']]);
      assert.equal(await ctx.store.countFeedArticles(feed.id), 1);
    });

    it('hands each due job to one worker only, and to another once the lease of a dead one runs out', async () => {
      const now = new Date('2026-11-28T12:00:00Z');
      for (let i = 0; i < 6; i++)
        await ctx.store.scheduleJob({ kind: 'fetch-page', key: `page:test-${i}`, payload: { i }, runAt: now });
      await ctx.store.scheduleJob({
        kind: 'fetch-page',
        key: 'page:later',
        payload: {},
        runAt: new Date('2026-11-29T00:00:00Z'),
      });
      const claim = (worker: string, at: Date) =>
        ctx.store.claimJobs({
          worker,
          limit: 4,
          leaseSeconds: 60,
          now: at,
          only: [...Array(6).keys()].map((i) => `page:test-${i}`).concat('page:later'),
        });
      const [a, b] = await Promise.all([claim('a', now), claim('b', now)]);
      const keys = [...a, ...b].map((j) => j.key);
      assert.equal(keys.length, 6, 'all six due jobs are handed out, the later one is not');
      assert.equal(new Set(keys).size, 6, 'no job is handed to two workers');
      assert.deepEqual(await claim('c', new Date(now.getTime() + 30_000)), [], 'leases still run');
      const retaken = await claim('c', new Date(now.getTime() + 61_000));
      assert.equal(retaken.length, 4, 'after the lease, another worker takes the jobs');
      assert.ok(retaken.every((j) => j.attempts === 2));
      for (const job of retaken) await ctx.store.finishJob(job, 'c');
      const [job] = a.length > 0 ? a : b;
      await ctx.store.finishJob(job!, 'someone-else');
      await ctx.store.removeJob('page:later');
      for (const k of keys) await ctx.store.removeJob(k);
      assert.deepEqual(await claim('d', new Date('2026-12-31T00:00:00Z')), [], 'finished and removed jobs are gone');
    });
  });
}

describe('ids', () => {
  it('never repeats within a process, and sorts in the order they were made, in one millisecond or many', () => {
    const now = Date.now();
    const ids = Array.from({ length: 200_000 }, (_, n) => newId(n < 100_000 ? now : now + 1 + (n % 3)));
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual([...ids].sort(), ids);
    assert.ok(ids.every((id) => /^[0-9a-z]{16}$/.test(id)));
  });
});
