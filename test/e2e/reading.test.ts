// Reading in a real browser: Debian's Chromium against the real app over HTTP on loopback, with the bundled samples.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { serve } from '@hono/node-server';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Article } from '../../src/model.js';
import { json, launchChromium, openTestStore, runCli, samples, type TestStore } from '../harness.js';

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

/** Asserts the elements are visible and stacked top to bottom, each wholly above the next. */
async function assertStackedInOrder(parts: [name: string, locator: Locator][]): Promise<void> {
  let previous: { name: string; bottom: number } | null = null;
  for (const [name, locator] of parts) {
    assert.ok(await locator.isVisible(), `${name} is not visible`);
    const box = await locator.boundingBox();
    assert.ok(box, `${name} has no box`);
    assert.ok(box.height > 0, `${name} has no height`);
    if (previous) {
      assert.ok(
        box.y >= previous.bottom - 0.5,
        `${name} (top ${box.y}) is not below ${previous.name} (bottom ${previous.bottom})`,
      );
    }
    previous = { name, bottom: box.y + box.height };
  }
}

const headlines = (page: Page) => page.locator('.article-list a.headline').allTextContents();

describe('reading in Chromium', () => {
  let store: TestStore;
  let server: Server;
  let browser: Browser;
  let origin: string;
  let articles: Article[];

  before(async () => {
    store = await openTestStore({ READOUT_PAGE_SIZE: '5' });
    const result = await runCli(['import', samples], store.env);
    assert.equal(result.code, 0, result.stderr);
    articles = (await json<{ items: Article[] }>(await store.app.request('/api/articles?limit=100'))).items;

    server = serve({ fetch: store.app.fetch, hostname: '127.0.0.1', port: 0 }) as Server;
    if (!server.listening) await once(server, 'listening');
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await store?.close();
  });

  async function newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<{
    context: BrowserContext;
    page: Page;
    problems: string[];
  }> {
    const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true });
    const page = await context.newPage();
    return { context, page, problems: watch(page) };
  }

  const byHeadline = (headline: string) => {
    const found = articles.find((a) => a.headline === headline);
    assert.ok(found, `no article "${headline}"`);
    return found;
  };

  const articleById = (id: string) => {
    const found = articles.find((a) => a.id === id);
    assert.ok(found, `no article ${id}`);
    return found;
  };

  /** Opens the item at `index` on /?page=2, checks the article page's layout, and comes back with Go back. */
  async function readFromPageTwoAndGoBack(page: Page, index: number): Promise<void> {
    if (page.url() !== `${origin}/?page=2`) await page.goto(`${origin}/?page=2`);
    const list = await headlines(page);
    assert.equal(list.length, 5);
    const headline = list[index]!;
    const article = byHeadline(headline);

    await page.locator('.article-list a.headline').nth(index).click();
    await page.waitForURL((url) => url.pathname === `/articles/${article.id}`);

    const story = page.locator('article.story');
    assert.equal(await story.locator('h1.headline').textContent(), headline);
    const from = story.locator('p.from');
    assert.match((await from.textContent()) ?? '', new RegExp(`^from ${article.source.name}`));
    const parts: [string, Locator][] = [
      ['the headline', story.locator('h1.headline')],
      ['Go back', story.locator('nav.back a[data-key="back"]')],
      ['the from line', from],
    ];
    if (article.deck) {
      assert.equal(await story.locator('p.deck').textContent(), article.deck);
      parts.push(['the deck', story.locator('p.deck')]);
    }
    const paragraphs = story.locator('div.body > p');
    assert.equal(await paragraphs.count(), article.paragraphs.length);
    parts.push(['the first paragraph', paragraphs.first()], ['the last paragraph', paragraphs.last()]);
    if (article.related.length > 0) {
      const heading = story.locator('section.related h2');
      assert.equal(await heading.textContent(), `More from ${article.source.name}`);
      parts.push(['More from', story.locator('section.related')]);
    } else {
      assert.equal(await story.locator('section.related').count(), 0);
    }
    await assertStackedInOrder(parts);

    await story.locator('nav.back a[data-key="back"]').click();
    await page.waitForURL((url) => url.pathname === '/' && url.search === '?page=2');
    assert.deepEqual(await headlines(page), list);
  }

  /** The first item on /?page=2 with a "More from" list, so that every part of the page is checked at least once. */
  function firstOnPageTwoWithRelated(): number {
    const index = articles.slice(5, 10).findIndex((article) => article.related.length > 0);
    assert.ok(index >= 0, 'no article on page 2 has a More from list');
    return index;
  }

  it('opens an article from page 2 in reading order and goes back to page 2', async () => {
    const { context, page, problems } = await newPage();
    try {
      await readFromPageTwoAndGoBack(page, 0);
      await readFromPageTwoAndGoBack(page, firstOnPageTwoWithRelated());
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('goes back to page 2 with JavaScript turned off', async () => {
    const { context, page, problems } = await newPage({ javaScriptEnabled: false });
    try {
      await readFromPageTwoAndGoBack(page, 0);
      await readFromPageTwoAndGoBack(page, firstOnPageTwoWithRelated());
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('reads with the keyboard: j, Enter, u, ? and Escape', async () => {
    const { context, page, problems } = await newPage();
    try {
      await page.goto(`${origin}/`);
      const items = page.locator('[data-key="item"]');
      const second = await items.nth(1).getAttribute('data-article-id');
      assert.ok(second);

      await page.keyboard.press('j');
      await page.keyboard.press('j');
      assert.deepEqual(await page.locator('[data-key="item"].selected').count(), 1);
      assert.equal(await items.nth(1).getAttribute('class'), 'item selected');
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname === `/articles/${second}`);
      assert.equal(await page.locator('h1.headline').textContent(), articleById(second).headline);

      await page.keyboard.press('u');
      await page.waitForURL((url) => url.pathname === '/' && url.search === '');
      assert.equal(await page.locator('h1').first().textContent(), 'Latest');

      const dialog = page.locator('dialog.keys-help');
      await page.keyboard.press('?');
      await dialog.waitFor({ state: 'visible' });
      assert.equal(await dialog.evaluate((d: HTMLDialogElement) => d.open), true);
      assert.match((await dialog.textContent()) ?? '', /Keyboard shortcuts/);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      assert.equal(await dialog.evaluate((d: HTMLDialogElement) => d.open), false);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('links a stored related headline to its article and marks the paywalled outlet’s links', async () => {
    const { context, page, problems } = await newPage();
    try {
      const ferry = byHeadline('Skerry Island Ferry Strikes Dredge Barge in Fog; 14 Injured');
      const kestle = byHeadline('Council Votes 6-3 to Close Kestle Street Bridge for Two-Year Rebuild');
      await page.goto(`${origin}/articles/${ferry.id}`);
      const rows = page.locator('section.related li');
      assert.equal(await rows.count(), 4);
      const marks = await rows.evaluateAll((lis) =>
        lis.map((li) => {
          const title = li.querySelector('.related-link, .related-title');
          const next = title?.nextElementSibling;
          return {
            linked: title?.tagName === 'A',
            mark: next?.matches('span.paywall') ? next.textContent : null,
          };
        }),
      );
      assert.deepEqual(marks, [
        { linked: true, mark: '(subscription required)' },
        { linked: true, mark: '(subscription required)' },
        { linked: false, mark: '(subscription required)' },
        { linked: false, mark: '(subscription required)' },
      ]);
      assert.ok(await page.locator('section.related span.paywall').first().isVisible());

      await page.locator('section.related a.related-link', { hasText: kestle.headline }).click();
      await page.waitForURL((url) => url.pathname === `/articles/${kestle.id}`);
      assert.equal(await page.locator('h1.headline').textContent(), kestle.headline);

      // An open outlet's related links carry no mark.
      const lantern = byHeadline('17 Hurt as Ferry Hits Barge Near Chandler Street Terminal');
      await page.goto(`${origin}/articles/${lantern.id}`);
      assert.equal(await page.locator('section.related li').count(), 3);
      assert.equal(await page.locator('section.related span.paywall').count(), 0);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('shows every page without console errors or content security policy violations', async () => {
    const { context, page, problems } = await newPage();
    try {
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
        });
      });
      const ledger = articles.find((a) => a.source.paywalled)!.source;
      const paths = [
        '/',
        '/?page=2',
        '/?page=3',
        `/articles/${articles[0]!.id}`,
        '/sources',
        `/sources/${ledger.id}`,
        '/help',
      ];
      for (const path of paths) {
        await page.goto(`${origin}${path}`);
        await page.waitForLoadState('load');
        // The stylesheet applied: the site header is laid out as a row.
        assert.equal(await page.locator('.site-header').evaluate((el) => getComputedStyle(el).display), 'flex', path);
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('renders an article page to a screenshot', async () => {
    const { context, page, problems } = await newPage();
    try {
      await page.setViewportSize({ width: 1000, height: 900 });
      const ferry = byHeadline('Skerry Island Ferry Strikes Dredge Barge in Fog; 14 Injured');
      await page.goto(`${origin}/articles/${ferry.id}?back=${encodeURIComponent('/?page=3')}`);
      const file = join(tmpdir(), 'readout-article.png');
      await page.screenshot({ path: file, fullPage: true });
      assert.ok(statSync(file).size > 10_000, `${file} is too small to hold the page`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
