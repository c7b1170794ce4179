// What another website can make a reader's browser do to Readout: Debian's Chromium visits a hostile page on
// another origin that tries to store an article and follow feeds, and a page under a rebound host name.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { launchChromium, openTestStore, type TestStore } from '../harness.js';

/** A page that, once opened, posts to Readout every way a page can without Readout's consent. */
const hostilePage = (readout: string) => `<!doctype html><html><body>
<form id="clip" method="post" action="${readout}/api/articles" enctype="text/plain" target="sink">
  <input name="Stolen headline&#10;&#10;from The Forger,&#10;&#10;Planted body.&#10;x" value="">
</form>
<iframe name="sink"></iframe>
<script>
  const clipping = 'Planted by fetch\\n\\nfrom The Forger,\\n\\nA body nobody asked for.\\n';
  Promise.allSettled([
    fetch('${readout}/api/articles', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: clipping }),
    fetch('${readout}/api/opml', { method: 'POST', mode: 'no-cors', body: '<opml version="2.0"><body><outline xmlUrl="https://planted.example/feed"/></body></opml>' }),
  ]).then(() => { document.getElementById('clip').submit(); document.title = 'sent'; });
</script></body></html>`;

describe('hostile pages in Chromium', () => {
  let store: TestStore;
  let readout: ReturnType<typeof serve>;
  let hostile: Server;
  let browser: Browser;
  let readoutPort: number;
  let hostileOrigin: string;

  before(async () => {
    store = await openTestStore();
    readout = await new Promise((resolve) => {
      const s = serve({ fetch: store.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    readoutPort = (readout.address() as AddressInfo).port;
    hostile = createServer((_, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(hostilePage(`http://localhost:${readoutPort}`)),
    );
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    hostileOrigin = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
    // r.evil stands for a name whose owner points it at the reader's own machine (DNS rebinding).
    browser = await launchChromium(['--host-resolver-rules=MAP r.evil 127.0.0.1']);
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => hostile?.close(resolve));
    await new Promise((resolve) => readout?.close(resolve));
    await store?.close();
  });

  it('stores nothing and follows nothing that a page on another site posts', async () => {
    const page = await browser.newPage();
    const refused: number[] = [];
    page.on('response', (response) => {
      if (response.url().startsWith(`http://localhost:${readoutPort}`)) refused.push(response.status());
    });
    const formAnswered = page.waitForResponse(
      (response) => response.url().endsWith('/api/articles') && response.request().resourceType() === 'document',
    );
    await page.goto(hostileOrigin);
    await page.waitForFunction(() => document.title === 'sent');
    await formAnswered;
    assert.ok(refused.length >= 1 && refused.every((status) => status === 403), `Readout answered ${refused}`);
    assert.equal(await store.ctx.store.countArticles(), 0);
    assert.equal((await store.ctx.store.listFeeds()).length, 0);
    await page.close();
  });

  it('answers a page under a rebound host name with a 403, so it can neither read nor change anything', async () => {
    await store.ctx.store.addFeed({ url: 'https://kept.example/feed', title: 'Kept', siteUrl: null, folder: null });
    const page = await browser.newPage();
    const opened = await page.goto(`http://r.evil:${readoutPort}/feeds`);
    assert.equal(opened?.status(), 403);
    assert.match(
      (await page.locator('.error-message').textContent()) ?? '',
      /does not answer to the host name "r\.evil"/,
    );
    // A script on that page reaches Readout as its own origin (Sec-Fetch-Site: same-origin).
    const [read, removed] = await page.evaluate(async () => [
      (await fetch('/api/feeds')).status,
      (await fetch('/api/feeds/kept', { method: 'DELETE' })).status,
    ]);
    assert.deepEqual([read, removed], [403, 403]);
    assert.ok(await store.ctx.store.getFeed('kept'));
    await page.close();
  });
});
