// The Feeds page in a real browser: Debian's Chromium against the real app and its poller, a feed site on loopback.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve } from '@hono/node-server';
import type { Browser, Locator, Page } from 'playwright-core';
import { startPoller } from '../../src/jobs/scheduler.js';
import type { Feed } from '../../src/model.js';
import { launchChromium, openTestStore, type TestStore } from '../harness.js';

const screenshotPath = '/tmp/feeds-page.png';
const narrowScreenshotPath = '/tmp/feeds-page-narrow.png';

const paragraphs = Array.from(
  { length: 6 },
  (_, i) => `<p>Paragraph ${i + 1} of the harbour report: the ferry ran late again as the tide turned early.</p>`,
).join('');

const rss = (title: string, slug: string) => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
  <title>${title}</title><link>/</link><description>${title}</description>
  ${[1, 2, 3]
    .map(
      (n) => `<item><title>${title} story ${n}</title><link>/${slug}/${n}</link><guid>${slug}-${n}</guid>
      <pubDate>Fri, 27 Nov 2026 0${n}:00:00 GMT</pubDate>
      <content:encoded><![CDATA[${paragraphs}]]></content:encoded></item>`,
    )
    .join('')}
</channel></rss>`;

/** A harbour town's news site naming its feed, and a tide table feed whose server breaks when told to. */
async function startSite() {
  const state = { tidesBroken: false };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head>
        <title>Gullhaven Gazette</title>
        <link rel="alternate" type="application/rss+xml" href="/news.rss"></head><body>News</body></html>`);
    } else if (path === '/news.rss') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Gullhaven Gazette', 'news'));
    } else if (path === '/tides.rss' && !state.tidesBroken) {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Tide Tables', 'tides'));
    } else if (path === '/tides.rss') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('database down');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, state, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const textOf = async (locator: Locator) => (await locator.textContent()) ?? '';

/** Console errors, CSP violations, uncaught exceptions and failed requests seen by one page. */
async function watch(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return problems;
}

describe('the Feeds page in Chromium', () => {
  let site: Awaited<ReturnType<typeof startSite>>;
  let store: TestStore;
  let server: Server;
  let browser: Browser;
  let origin: string;

  /** Waits until the running poller has checked the feed since `since`. */
  async function checkedAfter(feedId: string, since: string): Promise<Feed> {
    for (let i = 0; i < 100; i++) {
      const feed = await store.ctx.store.getFeed(feedId);
      if (feed?.lastFetchedAt && feed.lastFetchedAt > since) return feed;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the poller did not check ${feedId} within 10 s`);
  }

  before(async () => {
    site = await startSite();
    store = await openTestStore({ READOUT_ALLOW_PRIVATE_ADDRESSES: '1', READOUT_HOST_DELAY: '0' });
    // As `readout serve` does: the poller runs in the process, and the pages wake it.
    store.ctx.poller = startPoller(store.ctx);
    server = serve({ fetch: store.app.fetch, hostname: '127.0.0.1', port: 0 }) as Server;
    if (!server.listening) await once(server, 'listening');
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await (store?.ctx.poller as { stop(): Promise<void> } | undefined)?.stop();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    site?.server.close();
    await store?.close();
  });

  it('adds a feed with the form, lists it checked, shows a broken one’s reason, without console errors', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = await watch(page);
    try {
      await page.setViewportSize({ width: 1000, height: 900 });
      await page.goto(`${origin}/feeds`);
      assert.match(await textOf(page.locator('main')), /A feed is the list of new articles/);

      const start = new Date().toISOString();
      await page.getByLabel('Feed or site address').fill(`${site.base}/`);
      await page.getByLabel('Folder (optional)').fill('Local news');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.waitForURL(/\/feeds\?added=/);
      assert.match(await textOf(page.locator('.feeds-notice')), /Now following Gullhaven Gazette/);
      const row = page.locator('tr.feed-marked');
      assert.match(await textOf(row), /Gullhaven Gazette/);
      assert.equal(await textOf(page.locator('.feed-folder h2').first()), 'Local news');

      // The form woke the poller: the feed is checked within seconds and its three stories stored.
      const gazette = await checkedAfter((await row.getAttribute('data-feed-id'))!, start);
      assert.equal(gazette.lastError, null);

      // A second feed that breaks after it is added: Refresh makes the poller check it, and the reason shows.
      await page.getByLabel('Feed or site address').fill(`${site.base}/tides.rss`);
      await page.getByLabel('Folder (optional)').fill('');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.waitForURL(/\/feeds\?added=tide/);
      const tidesId = (await page.locator('tr.feed-marked').getAttribute('data-feed-id'))!;
      const firstCheck = await checkedAfter(tidesId, start);
      site.state.tidesBroken = true;
      await page.getByRole('button', { name: 'Refresh Tide Tables' }).click();
      await page.waitForURL(/\/feeds\?refreshed=/);
      await checkedAfter(tidesId, firstCheck.lastFetchedAt!);

      await page.goto(`${origin}/feeds`);
      const gazetteRow = page.locator(`tr[data-feed-id="${gazette.id}"]`);
      assert.equal(await textOf(gazetteRow.locator('.feed-status')), 'OK');
      assert.equal(await textOf(gazetteRow.locator('.feed-articles')), '3');
      assert.match(await textOf(gazetteRow.locator('.feed-times')), /Last: just now/);
      const tidesRow = page.locator(`tr[data-feed-id="${tidesId}"]`);
      assert.equal(await textOf(tidesRow.locator('.feed-status')), 'Error');
      const reason = tidesRow.locator('.feed-error');
      assert.ok(await reason.isVisible(), 'the reason of a broken feed is visible');
      assert.match(await textOf(reason), /500/);

      await page.screenshot({ path: screenshotPath, fullPage: true });
      // On a phone the rows stack; nothing may stick out sideways.
      await page.setViewportSize({ width: 360, height: 800 });
      await page.screenshot({ path: narrowScreenshotPath, fullPage: true });
      assert.ok(
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
        'no sideways scroll',
      );
      // The stylesheet applied: the add form lays out its fields in a row.
      assert.equal(await page.locator('.add-feed .form-row').evaluate((el) => getComputedStyle(el).display), 'flex');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
