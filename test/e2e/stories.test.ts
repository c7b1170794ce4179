// Stories in a real browser: Debian's Chromium against the real app over HTTP on loopback. A reader goes from the
// home page to a story, reads an account, comes back to the story with its key, and mends the grouping by hand.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { serve } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ArticleDraft } from '../../src/model.js';
import { mergeStories, placeAllWaiting, splitArticle } from '../../src/pipeline/stories.js';
import { launchChromium, openTestStore, repoRoot, type TestStore } from '../harness.js';

const screenshots = join(repoRoot, '.scratch', 'stories-e2e');

function draft(overrides: Partial<ArticleDraft>): ArticleDraft {
  return {
    url: null,
    canonicalUrl: null,
    headline: 'Untitled',
    deck: null,
    byline: null,
    publishedAt: '2026-03-02',
    language: 'en',
    source: { name: 'Kettle Harbor Ledger', homepage: null, paywalled: false },
    paragraphs: [],
    related: [],
    paywalled: false,
    extraction: { method: 'clipping', version: '1' },
    ...overrides,
  };
}

const outlet = (name: string) => ({ name, homepage: null, paywalled: false });

const ferryParagraphs = [
  'The Marrow Ferry Company vessel Tarn Bluff ran aground on Gullet Reef outside Kettle Harbor with 212 passengers aboard, Captain Ines Moravec said.',
  'Harbor Master Oskar Brandvold said the Tarn Bluff struck Gullet Reef at 6:10 a.m. and that the Marrow Ferry Company would inspect the hull in Kettle Harbor.',
  'The Coast Guard at Kettle Harbor said 212 passengers were taken off the Tarn Bluff by launch; Captain Ines Moravec stayed aboard.',
];

const accounts = [
  draft({
    headline: 'Ferry Tarn Bluff Runs Aground on Gullet Reef With 212 Aboard',
    deck: 'Captain Ines Moravec kept the vessel upright as passengers were taken off by launch.',
    publishedAt: '2026-03-02T07:30:00Z',
    url: 'https://ledger.example/tarn-bluff',
    paragraphs: ferryParagraphs,
    related: [{ title: 'Kettle Harbor Budget Passes', url: 'https://ledger.example/budget', paywalled: false }],
  }),
  draft({
    headline: 'Tarn Bluff Aground: 212 Taken Off by Launch Near Kettle Harbor',
    deck: 'The Coast Guard says no one was hurt.',
    source: outlet('Bay Courier'),
    publishedAt: '2026-03-02T12:00:00Z',
    url: 'https://courier.example/aground',
    paragraphs: ferryParagraphs,
    related: [{ title: 'Wexley Library Opens Its New Reading Wing', url: null, paywalled: false }],
  }),
  draft({
    headline: 'Marrow Ferry Company Pulls Tarn Bluff From Service After Gullet Reef Grounding',
    source: outlet('Coast Radio Sound and Shoreline News Service'),
    publishedAt: '2026-03-05T09:00:00Z',
    url: 'https://radio.example/pulled',
    paragraphs: ferryParagraphs,
  }),
];
const alone = draft({
  headline: 'Wexley Library Opens Its New Reading Wing',
  source: outlet('Bay Courier'),
  publishedAt: '2026-03-04',
  url: 'https://courier.example/library',
  paragraphs: [
    'The Wexley Public Library opened a reading wing with 40,000 books on Saturday, director Hana Oyelaran said.',
  ],
});

/** Console errors, uncaught exceptions, CSP violations and failed requests seen by one page. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} for ${response.url()}`);
  });
  return problems;
}

describe('stories in Chromium', () => {
  let store: TestStore;
  let server: Server;
  let browser: Browser;
  let origin: string;
  let ids: string[];
  let storyId: string;

  before(async () => {
    store = await openTestStore();
    ids = [];
    for (const account of accounts) ids.push((await store.ctx.store.saveArticle(account)).id);
    const aloneId = (await store.ctx.store.saveArticle(alone)).id;
    await placeAllWaiting(store.ctx);
    // The grouping made certain by hand: these tests are about the pages, not the clusterer.
    const storyOf = async (id: string) => (await store.ctx.store.getArticle(id))!.storyId!;
    storyId = await storyOf(ids[0]!);
    for (const id of ids.slice(1)) {
      const other = await storyOf(id);
      if (other !== storyId) await mergeStories(store.ctx, other, storyId);
    }
    if ((await storyOf(aloneId)) === storyId) await splitArticle(store.ctx, aloneId);

    server = serve({ fetch: store.app.fetch, hostname: '127.0.0.1', port: 0 }) as Server;
    if (!server.listening) await once(server, 'listening');
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    mkdirSync(screenshots, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await store?.close();
  });

  async function newPage(
    options: { width?: number; javaScriptEnabled?: boolean } = {},
  ): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({
      viewport: { width: options.width ?? 1200, height: 900 },
      javaScriptEnabled: options.javaScriptEnabled ?? true,
    });
    const page = await context.newPage();
    return { context, page, problems: watch(page) };
  }

  it('goes home → Stories → a story → an account, and back to the story with the t key', async () => {
    const { context, page, problems } = await newPage();
    try {
      await page.goto(`${origin}/`);
      await page.locator('nav.site-nav a', { hasText: 'Stories' }).click();
      await page.waitForURL((url) => url.pathname === '/stories');
      const first = page.locator('.story-list [data-key="item"]').first();
      assert.equal(await first.locator('a.headline').textContent(), accounts[0]!.headline);
      assert.match((await first.locator('.story-counts').textContent()) ?? '', /^3 accounts from 3 outlets$/);
      assert.ok(await first.locator('svg.sparkline').isVisible());

      await first.locator('a.headline').click();
      await page.waitForURL((url) => url.pathname === `/stories/${storyId}`);
      assert.equal(await page.locator('h1.headline').textContent(), accounts[0]!.headline);
      assert.ok(await page.locator('table.coverage').isVisible());
      assert.deepEqual(
        await page.locator('ol.accounts a.headline').allTextContents(),
        accounts.map((a) => a.headline),
      );

      await page.locator('ol.accounts a.headline').nth(1).click();
      await page.waitForURL((url) => url.pathname === `/articles/${ids[1]}`);
      const others = page.locator('section.other-accounts');
      assert.equal(await others.locator('h2').textContent(), 'Other accounts of this story (2)');
      const othersBox = (await others.boundingBox())!;
      const relatedBox = (await page.locator('section.related').boundingBox())!;
      assert.ok(othersBox.y + othersBox.height <= relatedBox.y, 'the other accounts are not above More from');

      await page.keyboard.press('t');
      await page.waitForURL((url) => url.pathname === `/stories/${storyId}`);
      assert.equal(await page.locator('h1.headline').textContent(), accounts[0]!.headline);

      // The account's Go back led to the story, and the story's Go back leads to the stories list.
      await page.keyboard.press('u');
      await page.waitForURL((url) => url.pathname === '/stories');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('lists the story key in the ? overlay', async () => {
    const { context, page, problems } = await newPage();
    try {
      await page.goto(`${origin}/articles/${ids[0]}`);
      await page.keyboard.press('?');
      const dialog = page.locator('dialog.keys-help');
      await dialog.waitFor({ state: 'visible' });
      assert.match((await dialog.textContent()) ?? '', /on an article, open its story/);
      await page.keyboard.press('Escape');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it("serves a story's feed as well-formed Atom", async () => {
    const { context, page, problems } = await newPage();
    try {
      await page.goto(`${origin}/stories/${storyId}`);
      const feed = await page.evaluate(async (path) => {
        const text = await (await fetch(path)).text();
        const doc = new DOMParser().parseFromString(text, 'application/xml');
        return {
          error: doc.querySelector('parsererror')?.textContent ?? null,
          titles: [...doc.querySelectorAll('entry > title')].map((t) => t.textContent),
        };
      }, `/stories/${storyId}/feed.atom`);
      assert.equal(feed.error, null);
      assert.deepEqual(feed.titles, accounts.map((a) => a.headline).reverse());
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('splits an account off and merges it back with the forms, JavaScript off', async () => {
    const { context, page, problems } = await newPage({ javaScriptEnabled: false });
    try {
      await page.goto(`${origin}/stories/${storyId}`);
      const last = page.locator('ol.accounts [data-key="item"]').nth(2);
      await last.locator('details.mend summary').click();
      await last.getByRole('button', { name: 'Split into a new story' }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/stories/') && !url.pathname.endsWith(storyId));
      assert.equal(await page.locator('ol.accounts [data-key="item"]').count(), 1);
      assert.equal(await page.locator('h1.headline').textContent(), accounts[2]!.headline);

      await page.getByLabel(/Merge this story into/).fill(`${origin}/stories/${storyId}`);
      await page.getByRole('button', { name: 'Merge' }).click();
      await page.waitForURL((url) => url.pathname === `/stories/${storyId}`);
      assert.equal(await page.locator('ol.accounts [data-key="item"]').count(), 3);

      await page.getByLabel(/Merge this story into/).fill(storyId);
      await page.getByRole('button', { name: 'Merge' }).click();
      assert.equal(await page.locator('h1').textContent(), 'Could not do that');
      assert.match((await page.locator('.error-message').textContent()) ?? '', /cannot be merged into itself/);
      // The refused merge is the one expected 400 (Chromium logs it too).
      assert.deepEqual(
        problems.filter((p) => !/^400 for |status of 400/.test(p)),
        [],
      );
    } finally {
      await context.close();
    }
  });

  for (const [name, width] of [
    ['desktop', 1200],
    ['phone', 390],
  ] as const) {
    it(`fits the story pages in a ${width} px window (screenshots in .scratch/stories-e2e)`, async () => {
      const { context, page, problems } = await newPage({ width });
      try {
        const entity = (await store.ctx.store.getStory(storyId))!.entities[0]!;
        const pages: [string, string][] = [
          ['stories', '/stories'],
          ['story', `/stories/${storyId}`],
          ['article', `/articles/${ids[0]}`],
          ['entity', `/entities/${entity.id}`],
        ];
        for (const [label, path] of pages) {
          await page.goto(`${origin}${path}`);
          if (label === 'story') await page.locator('details.mend summary').first().click();
          await page.screenshot({ path: join(screenshots, `${name}-${label}.png`), fullPage: true });
          const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(wide <= 0, `${path} is ${wide} px wider than a ${width} px window`);
        }
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});
