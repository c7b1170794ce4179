// Feed parsing: every format Readout reads, as entries with absolute links, plain-text titles and ISO dates.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { feedsDir, runFeedCorpus } from '../bench/feeds.js';
import { FeedError, maxFeedBytes, type ParsedFeed, parseFeed, parseFeedDate } from '../src/ingest/feeds/index.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/feeds/${name}`, import.meta.url));
const feedUrl = 'https://almerpost.example/feeds/main.xml';

function parse(name: string, contentType?: string): ParsedFeed {
  return parseFeed(fixture(name), { url: feedUrl, contentType: contentType ?? null });
}

describe('parsing feeds', () => {
  it('reads an RSS 2.0 feed, resolving relative links against the feed URL and keeping its ttl', () => {
    const feed = parse('rss2-relative.xml');
    assert.equal(feed.format, 'rss');
    assert.equal(feed.parser, 'feedsmith');
    assert.equal(feed.title, 'Almer Post & Harbour');
    assert.equal(feed.link, 'https://almerpost.example/');
    assert.equal(feed.language, 'en-gb');
    assert.equal(feed.ttlMinutes, 45);
    const [newer, older] = feed.entries;
    assert.equal(newer?.title, 'Newer: ferry late', 'entries come newest first');
    assert.equal(newer?.link, 'https://almerpost.example/feeds/news/ferry-late?utm_source=rss');
    assert.equal(newer?.author, 'News Desk');
    assert.equal(older?.link, 'https://almerpost.example/news/fees-rise');
    assert.equal(older?.guid, 'almer-1');
    assert.deepEqual(older?.categories, ['Harbour']);
    assert.equal(older?.summary, 'The commission voted 4-1.');
    assert.equal(older?.contentHtml, '<p>The commission voted <em>4-1</em>.</p>');
  });

  it('turns HTML in titles into text', () => {
    assert.equal(parse('rss2-relative.xml').entries[1]?.title, 'Older: fees rise');
    assert.equal(parse('atom-xml-base.xml').title, 'Harbour Notes');
  });

  it('keeps an entry with no link and no guid, and one with no date', () => {
    const note = parse('rss2-relative.xml').entries[2];
    assert.equal(note?.guid, null);
    assert.equal(note?.link, null);
    assert.equal(note?.publishedAt, null);
    assert.equal(note?.summary, 'A note with no title, no link and no guid.');
  });

  it('reads RFC 822 dates with their offset, ISO 8601 dates, and no date as null', () => {
    assert.equal(parse('rss2-relative.xml').entries[1]?.publishedAt, '2026-03-03T09:15:00-05:00');
    assert.equal(parseFeedDate('Wed, 04 Mar 2026 18:00:00 GMT'), '2026-03-04T18:00:00+00:00');
    assert.equal(parseFeedDate('Sun, 5 Apr 26 07:05 EDT'), '2026-04-05T07:05:00-04:00');
    assert.equal(parseFeedDate('2026-03-05T10:00:00.250+0100'), '2026-03-05T10:00:00+01:00');
    assert.equal(parseFeedDate('2026-03-05'), '2026-03-05T00:00:00+00:00');
    assert.equal(parseFeedDate('sometime last week'), null);
    assert.equal(parseFeedDate(undefined), null);
  });

  it('resolves Atom links against xml:base and keeps type="text" titles as written', () => {
    const feed = parse('atom-xml-base.xml');
    assert.equal(feed.format, 'atom');
    assert.equal(feed.link, 'https://news.example/blog/');
    assert.equal(feed.description, 'Short notes');
    assert.equal(feed.language, 'en-GB');
    const [entry] = feed.entries;
    assert.equal(entry?.link, 'https://news.example/blog/2026/03/blink');
    assert.equal(entry?.title, 'Why <blink> is gone');
    assert.equal(entry?.summary, 'A short history.');
    assert.equal(entry?.contentHtml, '<p>Full text.</p>');
    assert.equal(entry?.author, 'Ana de la Cruz');
    assert.equal(entry?.publishedAt, '2026-03-05T10:00:00+01:00');
    assert.equal(entry?.updatedAt, '2026-03-05T11:30:00+01:00');
    assert.deepEqual(entry?.categories, ['web']);
  });

  it('reads an RSS 1.0 (RDF) feed with Dublin Core dates and authors', () => {
    const feed = parse('rdf.xml');
    assert.equal(feed.format, 'rdf');
    assert.equal(feed.title, 'RDF Gazette');
    assert.equal(feed.entries[0]?.link, 'https://rdf.example/one');
    assert.equal(feed.entries[0]?.author, 'J. Doe');
    assert.equal(feed.entries[0]?.publishedAt, '2026-03-01T08:00:00+00:00');
  });

  it('reads a JSON Feed 1.1', () => {
    const feed = parse('json-feed-1.1.json', 'application/feed+json');
    assert.equal(feed.format, 'json');
    assert.equal(feed.link, 'https://json.example/');
    assert.equal(feed.language, 'en');
    assert.deepEqual(feed.entries[0], {
      guid: 'j-1',
      link: 'https://json.example/a',
      title: 'Tide & time',
      summary: null,
      contentHtml: '<p>High tide at noon.</p>',
      author: 'Tide Desk',
      publishedAt: '2026-03-02T12:00:00-08:00',
      updatedAt: null,
      categories: ['tides'],
    });
  });

  it('decodes a Windows-1252 feed from its XML declaration, even when the HTTP header says UTF-8', () => {
    const feed = parse('windows-1252.xml', 'application/rss+xml; charset=utf-8');
    assert.equal(feed.title, 'Café “news” €');
    assert.equal(feed.entries[0]?.title, 'Crème brûlée');
  });

  it('uses the HTTP charset when the document declares none', () => {
    const bytes = new Uint8Array([
      ...Buffer.from('<rss version="2.0"><channel><title>Gr'),
      0xfc,
      ...Buffer.from('n</title></channel></rss>'),
    ]);
    assert.equal(parseFeed(bytes, { contentType: 'text/xml; charset=iso-8859-1' }).title, 'Grün');
  });

  it('refuses an HTML page with a message that says so', () => {
    assert.throws(() => parse('html-page.html'), {
      name: 'FeedError',
      message: 'not a feed: the document is an HTML page',
    });
  });

  it('recovers a truncated feed with the fallback parser', () => {
    const feed = parse('truncated.xml');
    assert.equal(feed.parser, 'fallback');
    assert.equal(feed.title, 'Cut short');
    assert.equal(feed.entries[0]?.link, 'https://cut.example/1');
  });

  it('reads a feed with mismatched tags or refuses it with a FeedError, never another exception', () => {
    try {
      assert.equal(parse('broken.xml').title, 'Broken');
    } catch (error) {
      assert.ok(error instanceof FeedError, String(error));
    }
  });

  it('refuses documents that are not feeds, are empty or are too big', () => {
    assert.throws(() => parseFeed('<?xml version="1.0"?><opml version="2.0"><body/></opml>'), {
      name: 'FeedError',
      message: 'not a feed: the document is <opml>, not RSS, Atom, RDF or JSON Feed',
    });
    assert.throws(() => parseFeed('   '), { name: 'FeedError', message: 'not a feed: the document is empty' });
    assert.throws(() => parseFeed('{"title": "not a feed"}'), { name: 'FeedError' });
    assert.throws(() => parseFeed(new Uint8Array(maxFeedBytes + 1)), {
      name: 'FeedError',
      message: 'the feed is 20.1 MiB, more than 20 MiB',
    });
  });

  it('accepts a well-formed feed that has no items yet', () => {
    const feed = parseFeed('<?xml version="1.0"?>\n<rss version="2.0"></rss>');
    assert.equal(feed.format, 'rss');
    assert.deepEqual(feed.entries, []);
  });

  it('returns at most 10,000 entries of a huge feed', () => {
    const items = Array.from({ length: 12_000 }, (_, i) => `<item><title>n${i}</title><guid>g${i}</guid></item>`);
    const feed = parseFeed(`<rss version="2.0"><channel><title>Big</title>${items.join('')}</channel></rss>`);
    assert.equal(feed.entries.length, 10_000);
    assert.equal(feed.entries[0]?.guid, 'g0');
  });
});

describe('the shared feed corpus', () => {
  it('parses at least 1,720 of the wellformed feeds and holds at least 70 of the 79 core checks, without crashing', () => {
    assert.ok(existsSync(feedsDir), `the feed corpus is missing: expected it at ${feedsDir}`);
    const result = runFeedCorpus();
    assert.deepEqual(result.crashes, [], 'no file may throw anything but a FeedError');
    assert.deepEqual(result.slow, [], 'no file may take a second');
    assert.ok(
      result.wellformed.parsed >= 1720,
      `wellformed parsed: ${result.wellformed.parsed} of ${result.wellformed.files}`,
    );
    assert.equal(result.coreChecks.total, 79);
    assert.ok(
      result.coreChecks.heldAsText >= 70,
      `core checks held (titles as text): ${result.coreChecks.heldAsText} of 79`,
    );
    // Exact equality with feedparser's HTML titles cannot reach 70 while Readout's titles are text; keep today's count.
    assert.ok(result.coreChecks.held >= 64, `core checks held exactly: ${result.coreChecks.held} of 79`);
  });
});
