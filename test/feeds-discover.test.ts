// Feed discovery: the feeds a page names, the usual paths to try when it names none, and telling a feed from a page.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { candidateFeedUrls, commonFeedPaths, discoverFeedLinks, looksLikeFeed } from '../src/ingest/feeds/discover.js';
import { subscribe } from '../src/pipeline/feeds.js';
import { openTestStore, type TestStore } from './harness.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/discover/${name}`, import.meta.url), 'utf8');
const page = (head: string, body = '') => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
const pageUrl = 'https://almerpost.example/news/story.html';

describe('finding the feeds a page names', () => {
  it('lists the site feed of a WordPress post first, then its same-site feed links, then comment feeds', () => {
    const links = discoverFeedLinks(fixture('wordpress-post.html'), 'https://almerpost.example/2026/11/ferry-fees/');
    assert.deepEqual(links, [
      { url: 'https://almerpost.example/feed/', title: 'Almer Post » Feed', type: 'rss' },
      { url: 'https://www.almerpost.example/podcast.rss', title: 'Podcast', type: 'rss' },
      {
        url: 'https://almerpost.example/2026/11/ferry-fees/feed/',
        title: 'Almer Post » Ferry fees rise again Comments Feed',
        type: 'rss',
      },
      { url: 'https://almerpost.example/comments/feed/', title: 'Almer Post » Comments Feed', type: 'rss' },
    ]);
  });

  it('reads every feed media type and tells RSS, Atom and JSON apart', () => {
    const html = page(`
      <link rel="alternate" type="application/rss+xml" href="/rss.xml">
      <link rel="alternate" type="application/atom+xml" href="/atom.xml">
      <link rel="alternate" type="application/feed+json" href="/feed.json">
      <link rel="alternate" type="application/json" href="/items.json">
      <link rel="alternate" type="application/rdf+xml" href="/index.rdf">
      <link rel="alternate" type="text/xml" href="/backend.xml">
      <link rel="alternate" type="application/xml; charset=utf-8" href="/export.xml">
      <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
      <link rel="alternate" type="application/json+oembed" href="/oembed">`);
    assert.deepEqual(
      discoverFeedLinks(html, pageUrl).map((link) => [new URL(link.url).pathname, link.type]),
      [
        ['/rss.xml', 'rss'],
        ['/atom.xml', 'atom'],
        ['/feed.json', 'json'],
        ['/items.json', 'json'],
        ['/index.rdf', 'rss'],
        ['/backend.xml', 'unknown'],
        ['/export.xml', 'unknown'],
      ],
    );
  });

  it('reads rel with several tokens in any case, and attributes in any case', () => {
    const html = page(`<LINK REL="Home ALTERNATE" TYPE="Application/RSS+XML" HREF="feed.xml" TITLE="  Main
      feed ">`);
    assert.deepEqual(discoverFeedLinks(html, pageUrl), [
      { url: 'https://almerpost.example/news/feed.xml', title: 'Main feed', type: 'rss' },
    ]);
  });

  it('resolves links against <base href>, itself resolved against the page', () => {
    const html = page('<base href="/blog/"><link rel="alternate" type="application/atom+xml" href="atom.xml">');
    assert.equal(discoverFeedLinks(html, pageUrl)[0]?.url, 'https://almerpost.example/blog/atom.xml');
    const absolute = page(
      '<base href="https://cdn.example/site/"><link rel="alternate" type="application/atom+xml" href="a.xml">',
    );
    assert.equal(discoverFeedLinks(absolute, pageUrl)[0]?.url, 'https://cdn.example/site/a.xml');
  });

  it('keeps only http(s) links and lists each feed once, in document order', () => {
    const html = page(
      `
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
      <link rel="alternate" type="application/rss+xml" href="ftp://almerpost.example/rss">
      <link rel="alternate" type="application/rss+xml" href="feed://almerpost.example/rss">
      <link rel="alternate" type="application/rss+xml" href="">
      <link rel="alternate" type="application/rss+xml" href="/b.xml" title="B">
      <link rel="alternate" type="application/rss+xml" href="/a.xml" title="A">
      <link rel="alternate" type="application/rss+xml" href="https://almerpost.example/b.xml#top" title="B again">`,
      '<a href="/a.xml">A in the footer</a>',
    );
    assert.deepEqual(discoverFeedLinks(html, pageUrl), [
      { url: 'https://almerpost.example/b.xml', title: 'B', type: 'rss' },
      { url: 'https://almerpost.example/a.xml', title: 'A', type: 'rss' },
    ]);
  });

  it('does not take a site whose name merely contains "comment" for a comment feed', () => {
    const html = page(`
      <link rel="alternate" type="application/rss+xml" href="https://comments.example/comments/feed" title="Replies">
      <link rel="alternate" type="application/rss+xml" href="https://comments.example/feed" title="The Commentary">`);
    assert.deepEqual(
      discoverFeedLinks(html, 'https://comments.example/').map((link) => link.title),
      ['The Commentary', 'Replies'],
    );
  });

  it('still offers a comment feed when it is the only one', () => {
    const html = page('<link rel="alternate" type="application/rss+xml" href="/comments/feed/" title="Comments">');
    assert.equal(discoverFeedLinks(html, pageUrl).length, 1);
  });

  it('finds same-site links whose path reads like a feed when the head names none', () => {
    const html = page(
      '',
      `<a href="/feed">RSS</a> <a href="/rss/">RSS again</a> <a href="news.rss"></a> <a href="/atom">Atom</a>
       <a href="/feed.json" title="JSON Feed">JSON</a> <a href="/data/export.xml">Export</a>
       <a href="https://other.example/feed">Other site</a> <a href="/sitemap.xml">Sitemap</a>
       <a href="/feedback">Feedback</a> <a href="/rss-help">Help</a>`,
    );
    assert.deepEqual(discoverFeedLinks(html, pageUrl), [
      { url: 'https://almerpost.example/feed', title: 'RSS', type: 'unknown' },
      { url: 'https://almerpost.example/rss/', title: 'RSS again', type: 'rss' },
      { url: 'https://almerpost.example/news/news.rss', title: null, type: 'rss' },
      { url: 'https://almerpost.example/atom', title: 'Atom', type: 'atom' },
      { url: 'https://almerpost.example/feed.json', title: 'JSON Feed', type: 'json' },
      { url: 'https://almerpost.example/data/export.xml', title: 'Export', type: 'unknown' },
    ]);
  });

  it('ignores links inside comments and returns nothing for a page without feeds, garbage or a bad page URL', () => {
    assert.deepEqual(
      discoverFeedLinks(page('<!-- <link rel="alternate" type="application/rss+xml" href="/x"> -->'), pageUrl),
      [],
    );
    assert.deepEqual(discoverFeedLinks('', pageUrl), []);
    assert.deepEqual(discoverFeedLinks('<<<>>> \u0000 not html at all', pageUrl), []);
    assert.deepEqual(discoverFeedLinks(fixture('wordpress-post.html'), 'not a url'), []);
  });

  it('copes with a huge, deeply nested page', () => {
    const html = page('<link rel="alternate" type="application/rss+xml" href="/feed">', '<div>'.repeat(50_000));
    const started = performance.now();
    assert.equal(discoverFeedLinks(html, pageUrl)[0]?.url, 'https://almerpost.example/feed');
    assert.ok(performance.now() - started < 5000);
  });
});

describe('the usual feed paths', () => {
  it('tries the common paths at the root of a site, in order', () => {
    const urls = candidateFeedUrls('https://almerpost.example/');
    assert.equal(urls.length, commonFeedPaths.length);
    assert.deepEqual(urls.slice(0, 4), [
      'https://almerpost.example/feed',
      'https://almerpost.example/rss.xml',
      'https://almerpost.example/atom.xml',
      'https://almerpost.example/index.xml',
    ]);
    assert.ok(urls.includes('https://almerpost.example/?feed=rss2'));
    assert.ok(urls.includes('https://almerpost.example/feeds/posts/default'));
  });

  it("tries the page's directory first, then the root, without duplicates", () => {
    const urls = candidateFeedUrls('https://almerpost.example/blog/2026/post.html?x=1#top');
    assert.equal(urls.length, commonFeedPaths.length * 2);
    assert.equal(urls[0], 'https://almerpost.example/blog/2026/feed');
    assert.ok(urls.includes('https://almerpost.example/blog/2026/?feed=rss2'));
    assert.ok(urls.includes('https://almerpost.example/blog/2026/feed/'));
    assert.equal(urls[commonFeedPaths.length], 'https://almerpost.example/feed');
    assert.equal(new Set(urls).size, urls.length);
  });

  it('reads a path without a trailing slash as a page at the root', () => {
    assert.equal(candidateFeedUrls('https://almerpost.example/blog')[0], 'https://almerpost.example/feed');
    assert.equal(candidateFeedUrls('https://almerpost.example/blog/')[0], 'https://almerpost.example/blog/feed');
  });

  it('gives nothing for an address that is not http(s)', () => {
    assert.deepEqual(candidateFeedUrls('mailto:desk@almerpost.example'), []);
    assert.deepEqual(candidateFeedUrls('almerpost'), []);
  });
});

describe('telling a feed from a page', () => {
  it('recognises RSS, Atom, RDF and JSON Feed by their first element, after a declaration, comments and BOM', () => {
    assert.equal(looksLikeFeed('<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>', null), true);
    assert.equal(
      looksLikeFeed('\ufeff  <!-- generator --><feed xmlns="http://www.w3.org/2005/Atom">', 'text/plain'),
      true,
    );
    assert.equal(
      looksLikeFeed('<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><rdf:RDF xmlns:rdf="x">', null),
      true,
    );
    assert.equal(looksLikeFeed('<!DOCTYPE rss PUBLIC "-//Netscape//DTD RSS 0.91//EN" "x.dtd"><rss>', null), true);
    assert.equal(looksLikeFeed('{ "version": "https://jsonfeed.org/version/1.1", "items": [] }', null), true);
  });

  it('trusts a feed media type unless the body is an HTML page', () => {
    assert.equal(looksLikeFeed('', 'application/rss+xml; charset=utf-8'), true);
    assert.equal(looksLikeFeed('<channel>', 'application/atom+xml'), true);
    assert.equal(looksLikeFeed('{"title":"x"}', 'application/feed+json'), true);
    assert.equal(looksLikeFeed('<!DOCTYPE html><html><body>Not found</body></html>', 'application/rss+xml'), false);
  });

  it('takes a feed served as text/html or text/plain for a feed', () => {
    assert.equal(looksLikeFeed('<rss version="2.0">', 'text/html'), true);
  });

  it('does not take an HTML page, a sitemap or an API answer for a feed', () => {
    assert.equal(looksLikeFeed('<!doctype html><html><head><title>x</title>', 'text/html'), false);
    assert.equal(looksLikeFeed('<html><body>', null), false);
    assert.equal(looksLikeFeed('', 'text/html'), false);
    assert.equal(looksLikeFeed('<?xml version="1.0"?><urlset xmlns="x">', 'application/xml'), false);
    assert.equal(looksLikeFeed('{"error":"not found"}', 'application/json'), false);
    assert.equal(looksLikeFeed('{"version":"1.0","data":[]}', null), false);
    assert.equal(looksLikeFeed('just text', null), false);
    assert.equal(looksLikeFeed('', null), false);
  });

  it('accepts a generic XML or JSON type when the body gives no answer yet, or JSON with items', () => {
    assert.equal(looksLikeFeed('', 'text/xml'), true);
    assert.equal(looksLikeFeed('{"items": [{"id": "1"}], "version": "later"}', 'application/json'), true);
  });
});

describe('following a site whose feeds answer slowly', () => {
  // Each path answers after its delay in ms with an RSS feed, or with nothing at all when the delay is null.
  const delays = new Map<string, number | null>();
  let open = 0;
  let mostAtOnce = 0;
  const server = createServer((req, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    if (path.endsWith('/page/')) {
      const names = [...delays.keys()].filter((p) => p.startsWith(path));
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(
        `<html><head>${names.map((p) => `<link rel="alternate" type="application/rss+xml" href="${p}">`).join('')}</head></html>`,
      );
    }
    if (!delays.has(path)) {
      res.statusCode = 404;
      return res.end();
    }
    open++;
    mostAtOnce = Math.max(mostAtOnce, open);
    const answer = () => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(
        `<rss version="2.0"><channel><title>Feed at ${path}</title><link>https://site.example/</link></channel></rss>`,
      );
    };
    const delay = delays.get(path);
    const timer = delay === null || delay === undefined ? null : setTimeout(answer, delay);
    res.on('close', () => {
      open--;
      if (timer) clearTimeout(timer);
    });
  });
  let base = '';
  let store: TestStore;
  const timeoutSeconds = 1;

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    store = await openTestStore({
      READOUT_ALLOW_PRIVATE_ADDRESSES: '1',
      READOUT_FETCH_TIMEOUT: String(timeoutSeconds),
    });
  });
  after(async () => {
    await store.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Open feed requests, once the server has seen the cancelled ones close (it may take a moment). */
  async function stillOpen(): Promise<number> {
    for (let i = 0; i < 50 && open > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    return open;
  }

  it('gives up on a page naming 20 feeds that never answer within the fetch timeout, naming what it tried', async () => {
    for (let n = 1; n <= 20; n++) delays.set(`/slow/page/f${n}.xml`, 3000);
    mostAtOnce = 0;
    const started = Date.now();
    await assert.rejects(subscribe(store.ctx, `${base}/slow/page/`), (err: Error) => {
      assert.equal(err.name, 'InputError');
      assert.match(err.message, /^no feed found at http:\/\/127\.0\.0\.1:\d+\/slow\/page\/: it names 20 feeds \(/);
      assert.match(err.message, /\/slow\/page\/f1\.xml, .*\/f2\.xml, .*\/f3\.xml and 17 more\)/);
      assert.match(
        err.message,
        /none of the 12 URLs tried answered within 1 s \(READOUT_FETCH_TIMEOUT\); give the feed's own URL$/,
      );
      return true;
    });
    const seconds = (Date.now() - started) / 1000;
    // Asked one after another, the first 12 would take 12 s; the whole search has one deadline instead.
    assert.ok(seconds < timeoutSeconds + 2, `discovery took ${seconds} s`);
    assert.ok(mostAtOnce <= 4, `${mostAtOnce} requests at once to one host`);
    assert.equal(await stillOpen(), 0, 'no feed request is left running');
  });

  it("finds a named feed that answers late but in time, before the site's other feeds and the usual paths", async () => {
    delays.set('/mixed/page/hangs.xml', null);
    delays.set('/mixed/page/late.xml', 400);
    delays.set('/mixed/page/quick.xml', 0);
    delays.set('/mixed/page/feed', 0);
    // The first named feed never answers: the search waits for it until the deadline, then takes the next one.
    const started = Date.now();
    const { feed } = await subscribe(store.ctx, `${base}/mixed/page/`);
    assert.equal(feed.url, `${base}/mixed/page/late.xml`);
    assert.equal(feed.title, 'Feed at /mixed/page/late.xml');
    assert.ok((Date.now() - started) / 1000 < timeoutSeconds + 2);
    assert.equal(await stillOpen(), 0, 'the feed that never answered is cancelled');

    delays.set('/first/page/a.xml', 300);
    delays.set('/first/page/b.xml', 0);
    const first = await subscribe(store.ctx, `${base}/first/page/`);
    assert.equal(first.feed.url, `${base}/first/page/a.xml`, 'the first feed the page names wins when it answers');
  });
});
