// Links from feeds and subscription lists are kept only when they are web (http or https) links: a feed's site link,
// its entries' links, an OPML list's htmlUrl. A `javascript:` "site" must never be stored, shown or exported.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HostLimiter } from '../src/jobs/hosts.js';
import { pollFeed } from '../src/jobs/poll-feed.js';
import { subscribe } from '../src/pipeline/feeds.js';
import { openTestStore, runCli, type TestStore } from './harness.js';

const hostileLinks = ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)'];

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

function rssWithLinks(name: string, link: string): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${name}</title><link>${escapeXml(link)}</link>
<item><title>Story with a hostile link</title><link>${escapeXml(link)}</link><guid isPermaLink="false">${name}-1</guid>
<description>The ferry timetable changes on Monday.</description></item></channel></rss>`;
}

function atomWithLink(name: string, link: string): string {
  return `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>${name}</title><id>urn:${name}</id>
<link rel="alternate" href="${escapeXml(link)}"/><updated>2026-11-27T09:00:00Z</updated></feed>`;
}

describe('links from feeds and subscription lists', () => {
  const documents = new Map<string, string>();
  const server = createServer((req, res) => {
    const body = documents.get(req.url ?? '');
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/xml' });
    res.end(body ?? 'not here');
  });
  let base = '';
  let store: TestStore;

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    store = await openTestStore({ READOUT_ALLOW_PRIVATE_ADDRESSES: '1', READOUT_HOST_DELAY: '0' });
  });
  after(async () => {
    await store.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('stores no site link for a feed whose <link> is javascript:, data: or vbscript:, and exports no such htmlUrl', async () => {
    const limiter = new HostLimiter({ concurrency: 2, delayMs: 0 });
    for (const [i, link] of hostileLinks.entries()) {
      documents.set(`/rss-${i}.xml`, rssWithLinks(`Hostile RSS ${i}`, link));
      documents.set(`/atom-${i}.xml`, atomWithLink(`Hostile Atom ${i}`, link));
    }
    for (const path of documents.keys()) {
      const { feed } = await subscribe(store.ctx, `${base}${path}`);
      assert.equal(feed.siteUrl, null, `${path} when followed`);
      const polled = await pollFeed(store.ctx, feed, limiter);
      assert.equal(polled.outcome, 'fetched', `${path}: ${polled.error}`);
      assert.equal((await store.ctx.store.getFeed(feed.id))?.siteUrl, null, `${path} after a poll`);
    }
    for await (const article of store.ctx.store.eachArticle()) {
      assert.equal(article.url, null, `the entry link of "${article.headline}" is not kept`);
      assert.doesNotMatch(article.source.homepage ?? '', /^(javascript|data|vbscript):/);
    }

    const exported = await runCli(['opml', 'export'], store.env);
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal((exported.stdout.match(/<outline type="rss"/g) ?? []).length, documents.size);
    assert.doesNotMatch(exported.stdout, /htmlUrl=/);
    assert.doesNotMatch(exported.stdout, /javascript:|data:|vbscript:/);
  });

  it('stores no site link from an OPML list whose htmlUrl is javascript:, data: or vbscript:', async () => {
    const outlines = hostileLinks.map(
      (link, i) =>
        `<outline type="rss" text="Listed ${i}" xmlUrl="https://listed.example/${i}.xml" htmlUrl="${escapeXml(link)}"/>`,
    );
    const file = join(store.dir, 'hostile.opml');
    writeFileSync(file, `<?xml version="1.0"?><opml version="2.0"><body>${outlines.join('')}</body></opml>`);
    const imported = await runCli(['opml', 'import', file, '--no-check'], store.env);
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    assert.match(imported.stdout, /^3 added/);
    const listed = (await store.ctx.store.listFeeds()).filter((feed) => feed.url.startsWith('https://listed.example/'));
    assert.deepEqual(
      listed.map((feed) => feed.siteUrl),
      [null, null, null],
    );
  });

  it('keeps no hostile site link even when one reaches the store directly', async () => {
    for (const [i, link] of hostileLinks.entries()) {
      const { feed } = await store.ctx.store.addFeed({
        url: `https://direct.example/${i}.xml`,
        title: null,
        siteUrl: link,
        folder: null,
      });
      assert.equal(feed.siteUrl, null, link);
    }
  });
});
