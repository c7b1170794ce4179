// Migrations that mend what earlier versions stored, run on SQLite and on a real PostgreSQL: bad rows are written
// straight into the tables (as an older Readout let them in), then the migration runs again over them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { parseQuery } from '../src/store/index.js';
import * as mendLinksAndDates from '../src/store/migrations/007-mend-links-and-dates.js';
import { createPostgresDatabase, tempDir } from './harness.js';

const engines = [
  { name: 'SQLite', open: async () => ({ env: { READOUT_DB: join(tempDir(), 'readout.db') }, drop: async () => {} }) },
  {
    name: 'PostgreSQL',
    open: async () => {
      const database = await createPostgresDatabase('readout_migration_test');
      return { env: { DATABASE_URL: database.url }, drop: database.drop };
    },
  },
];

for (const engine of engines) {
  describe(`007 on ${engine.name}`, () => {
    it('drops feed site links that are not http(s) and dates that are not on the calendar', async () => {
      const opened = await engine.open();
      const ctx = await createContext(loadConfig({ ...opened.env, LOG_LEVEL: 'silent', READOUT_SAMPLES: '0' }), {
        log: pino({ level: 'silent' }),
      });
      try {
        const k = ctx.db.kysely;
        for (const [n, site] of ['javascript:alert(1)', 'https://gazette.example/', null].entries()) {
          const { feed } = await ctx.store.addFeed({
            url: `https://f${n}.example/feed`,
            title: null,
            siteUrl: null,
            folder: null,
          });
          await k.updateTable('feeds').set({ site_url: site }).where('id', '=', feed.id).execute();
        }
        const dates = ['2026-02-30', '0000-01-01', '2026-13-01', '2024-02-29', '2026-11-30T10:00:00Z'];
        const saved = await ctx.store.saveArticles(
          dates.map((_, n) => ({
            url: null,
            canonicalUrl: null,
            headline: `Quayside notice ${n}`,
            deck: null,
            byline: null,
            publishedAt: '2020-01-01',
            language: null,
            source: { name: 'Quay Ledger', homepage: null, paywalled: false },
            paragraphs: [`Quayside notice number ${n}.`],
            related: [],
            paywalled: false,
            extraction: { method: 'clipping', version: '1' },
          })),
        );
        const ids = saved.map((result) => (result.outcome === 'error' ? '' : result.id));
        for (const [n, date] of dates.entries()) {
          // What an older Readout stored: the date as given, and the list order JavaScript made of it.
          const sortAt = new Date(`${date.length === 10 ? `${date}T00:00:00Z` : date}`);
          await k
            .updateTable('articles')
            .set({
              published_at: date,
              sort_at: Number.isNaN(sortAt.getTime()) ? '2026-03-02T00:00:00.000Z' : sortAt.toISOString(),
            })
            .where('id', '=', ids[n]!)
            .execute();
        }

        await mendLinksAndDates.up(k as never);

        const sites = await k.selectFrom('feeds').select('site_url').orderBy('url').execute();
        assert.deepEqual(
          sites.map((row) => row.site_url),
          [null, 'https://gazette.example/', null],
        );
        const rows = await k
          .selectFrom('articles')
          .select(['id', 'published_at', 'sort_at', 'created_at'])
          .where('id', 'in', ids)
          .execute();
        const byId = new Map(rows.map((row) => [row.id, row]));
        const kept = ids.map((id) => byId.get(id)!.published_at);
        assert.deepEqual(kept, [null, null, null, '2024-02-29', '2026-11-30T10:00:00Z']);
        for (const id of ids.slice(0, 3)) {
          const row = byId.get(id)!;
          assert.equal(
            row.sort_at,
            new Date(row.created_at).toISOString(),
            'an undated article sorts by when it was stored',
          );
        }
        // The search index follows the new order: today's date range finds the three articles now undated.
        const today = new Date().toISOString().slice(0, 10);
        const found = await ctx.store.searchArticles(parseQuery(`quayside from:${today}`), { sort: 'date', limit: 20 });
        assert.equal(found.total, 3);
      } finally {
        await ctx.close();
        await opened.drop();
      }
    });
  });
}
