// robots.txt for article-page fetches: which pages Readout may fetch and how long it waits between them.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { crawlDelaySeconds, maxRobotsChars, robotsAllows } from '../src/ingest/robots.js';
import { fetchArticlePage, RobotsCache } from '../src/jobs/fetch-page.js';
import { HostLimiter } from '../src/jobs/hosts.js';
import { openTestStore, type TestStore } from './harness.js';

const ua = 'Readout/0.1 (+https://readout.example/about)';
const page = (path: string) => `https://news.example${path}`;

describe('robots.txt for article pages', () => {
  it('allows everything when robots.txt is empty or has no group for anyone', () => {
    assert.equal(robotsAllows('', page('/a'), ua), true);
    assert.equal(robotsAllows('# nothing here\n', page('/a'), ua), true);
    assert.equal(robotsAllows('User-agent: OtherBot\nDisallow: /\n', page('/a'), ua), true);
  });

  it('follows the * group when there is no group for Readout', () => {
    const robots = 'User-agent: *\nDisallow: /private/\n';
    assert.equal(robotsAllows(robots, page('/private/x'), ua), false);
    assert.equal(robotsAllows(robots, page('/public/x'), ua), true);
  });

  it("uses Readout's own group, matched on the product token in any case, instead of *", () => {
    const robots = 'User-agent: *\nDisallow: /\n\nUser-agent: readout\nDisallow: /drafts/\n';
    assert.equal(robotsAllows(robots, page('/news/1'), ua), true);
    assert.equal(robotsAllows(robots, page('/drafts/1'), ua), false);
    assert.equal(robotsAllows(robots, page('/news/1'), 'OtherBot/2.0'), false);
    assert.equal(robotsAllows('User-agent: READOUT/9\nDisallow: /x\n', page('/x'), ua), false);
  });

  it('does not take another product whose name starts with Readout for Readout', () => {
    const robots = 'User-agent: ReadoutPlus\nDisallow: /\n';
    assert.equal(robotsAllows(robots, page('/a'), ua), true);
  });

  it('reads several user-agent lines as one group and merges groups naming the same agent', () => {
    const robots = [
      'User-agent: SomeBot',
      'User-agent: Readout',
      'Disallow: /a/',
      '',
      'User-agent: Readout',
      'Disallow: /b/',
    ].join('\n');
    assert.equal(robotsAllows(robots, page('/a/1'), ua), false);
    assert.equal(robotsAllows(robots, page('/b/1'), ua), false);
    assert.equal(robotsAllows(robots, page('/c/1'), ua), true);
  });

  it('lets the longest matching rule win, and Allow win a tie', () => {
    const robots = 'User-agent: *\nDisallow: /news/\nAllow: /news/public/\nDisallow: /tie\nAllow: /tie\n';
    assert.equal(robotsAllows(robots, page('/news/secret'), ua), false);
    assert.equal(robotsAllows(robots, page('/news/public/story'), ua), true);
    assert.equal(robotsAllows(robots, page('/tie'), ua), true);
  });

  it('matches * and $ wildcards', () => {
    const robots = 'User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?print=\nAllow: /$\nDisallow: /\n';
    assert.equal(robotsAllows(robots, page('/'), ua), true, '/$ allows the home page only');
    assert.equal(robotsAllows(robots, page('/story'), ua), false);
    const files = 'User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?print=\n';
    assert.equal(robotsAllows(files, page('/docs/report.pdf'), ua), false);
    assert.equal(robotsAllows(files, page('/docs/report.pdf.html'), ua), true);
    assert.equal(robotsAllows(files, page('/story?print=1'), ua), false);
    assert.equal(robotsAllows(files, page('/story?page=2'), ua), true);
  });

  it('reads an empty Disallow as allowing everything', () => {
    assert.equal(robotsAllows('User-agent: *\nDisallow:\n', page('/anything'), ua), true);
  });

  it('ignores rules that come before any user-agent line, comments and unknown lines', () => {
    const robots = 'Disallow: /\n# User-agent: *\nNonsense line\nUser-agent: * # everyone\nDisallow: /x # not x\n';
    assert.equal(robotsAllows(robots, page('/a'), ua), true);
    assert.equal(robotsAllows(robots, page('/x'), ua), false);
  });

  it('reads CRLF line endings and a byte-order mark', () => {
    assert.equal(robotsAllows('\ufeffUser-agent: *\r\nDisallow: /x\r\n', page('/x/1'), ua), false);
  });

  it('compares percent-encoded and non-ASCII paths in one form', () => {
    const robots = 'User-agent: *\nDisallow: /caf%C3%A9/\n';
    assert.equal(robotsAllows(robots, page('/café/menu'), ua), false);
    assert.equal(robotsAllows(robots, page('/caf%c3%a9/menu'), ua), false);
  });

  it('refuses an address that is not http(s) and never throws on garbage', () => {
    assert.equal(robotsAllows('', 'not a url', ua), false);
    assert.equal(robotsAllows('', 'ftp://news.example/a', ua), false);
    const garbage = '\u0000\uffff<html><body>User-agent: *</body>\n:::\nDisallow\n*$*$**\n'.repeat(50);
    assert.doesNotThrow(() => robotsAllows(garbage, page('/a'), ua));
    assert.doesNotThrow(() => robotsAllows(undefined as unknown as string, page('/a'), ''));
    assert.equal(crawlDelaySeconds(null as unknown as string, ua), null);
  });

  it('reads only the first 500 KiB of a huge robots.txt', () => {
    const filler = `# ${'x'.repeat(1000)}\n`.repeat(Math.ceil(maxRobotsChars / 1000));
    const robots = `User-agent: *\nDisallow: /early/\n${filler}Disallow: /late/\n`;
    assert.ok(robots.length > maxRobotsChars);
    assert.equal(robotsAllows(robots, page('/early/1'), ua), false);
    assert.equal(robotsAllows(robots, page('/late/1'), ua), true, 'rules past the cap are ignored');
  });

  it('answers quickly on a pathological wildcard pattern', () => {
    const robots = `User-agent: *\nDisallow: /${'*a'.repeat(200)}$\n`;
    const started = performance.now();
    robotsAllows(robots, page(`/${'a'.repeat(2000)}b`), ua);
    assert.ok(performance.now() - started < 1000);
  });
});

describe('Crawl-delay', () => {
  it("gives Readout's own delay, else the * delay, else null", () => {
    const robots = 'User-agent: *\nCrawl-delay: 10\n\nUser-agent: Readout\nCrawl-delay: 2.5\n';
    assert.equal(crawlDelaySeconds(robots, ua), 2.5);
    assert.equal(crawlDelaySeconds(robots, 'OtherBot/1'), 10);
    assert.equal(crawlDelaySeconds('User-agent: *\nDisallow: /x\n', ua), null);
  });

  it('ignores a delay that is not a positive number', () => {
    assert.equal(crawlDelaySeconds('User-agent: *\nCrawl-delay: soon\n', ua), null);
    assert.equal(crawlDelaySeconds('User-agent: *\nCrawl-delay: -3\n', ua), null);
    assert.equal(crawlDelaySeconds('User-agent: *\nCrawl-delay:\n', ua), null);
  });
});

describe('robots.txt the address guard refuses', () => {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.end('User-agent: *\nAllow: /\n');
  });
  let base = '';
  let store: TestStore;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    store = await openTestStore(); // the address guard on, as it is by default
  });
  after(async () => {
    await store.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('says the robots.txt fetch was refused and why, not that it could not be read', async () => {
    const saved = await store.ctx.store.saveArticle({
      url: `${base}/story`,
      canonicalUrl: null,
      headline: 'A story on a private address',
      deck: null,
      byline: null,
      publishedAt: null,
      language: 'en',
      source: { name: 'Loopback News', homepage: null, paywalled: false },
      paragraphs: ['Only a summary.'],
      related: [],
      paywalled: false,
      extraction: { method: 'feed', version: '1' },
    });
    const limiter = new HostLimiter({ concurrency: 1, delayMs: 0 });
    const robots = new RobotsCache(store.ctx, limiter);
    for (const attempt of ['first', 'cached']) {
      await assert.rejects(fetchArticlePage(store.ctx, saved.id, limiter, robots), (err: Error) => {
        assert.equal(err.name, 'FetchRefused', attempt);
        assert.match(
          err.message,
          /^http:\/\/127\.0\.0\.1:\d+\/robots\.txt was refused: 127\.0\.0\.1 is a loopback address; set READOUT_ALLOW_PRIVATE_ADDRESSES=1/,
        );
        assert.doesNotMatch(err.message, /could not be read/);
        return true;
      });
    }
    assert.equal(hits, 0, 'nothing reached the private address');
  });
});
