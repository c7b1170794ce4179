// Searching in a real browser: Chromium types into the header's search box, opens a result and comes back to the
// same results page with Go back, with and without JavaScript.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openTestStore, runCli, samples, type TestStore } from '../harness.js';

function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} for ${response.url()}`);
  });
  return problems;
}

describe('searching in Chromium', () => {
  let store: TestStore;
  let server: Server;
  let browser: Browser;
  let origin: string;

  before(async () => {
    // Five results a page (the least Readout allows): "said" is in all 17 samples, so that the second page of results exists and Go back must find it.
    store = await openTestStore({ READOUT_PAGE_SIZE: '5' });
    const result = await runCli(['import', samples], store.env);
    assert.equal(result.code, 0, result.stderr);
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

  for (const javaScriptEnabled of [true, false]) {
    it(`searches, opens a result on page 2 and goes back to it (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const problems = watch(page);
      await page.goto(`${origin}/sources`);
      await page.locator('.site-search input[name="q"]').fill('said');
      await page.locator('.site-search button').click();
      await page.waitForURL((url) => url.pathname === '/search');
      assert.match((await page.locator('.search-count').textContent()) ?? '', /\d+ articles match/);
      assert.ok((await page.locator('.snippet mark').count()) > 0, 'no highlighted words');

      await page.locator('a.pager-older').click();
      await page.waitForURL((url) => url.searchParams.has('cursor'));
      const resultsPage = page.url();
      const first = page.locator('.search-results a.headline').first();
      const headline = (await first.textContent()) ?? '';
      await first.click();
      await page.waitForURL((url) => url.pathname.startsWith('/articles/'));
      assert.equal(await page.locator('article.story h1.headline').textContent(), headline);

      await page.locator('nav.back a[data-key="back"]').click();
      await page.waitForURL((url) => url.pathname === '/search');
      assert.equal(page.url(), resultsPage);
      assert.equal(await page.locator('.search-results a.headline').first().textContent(), headline);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
