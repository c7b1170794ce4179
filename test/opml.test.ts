// OPML: importing the subscription list any feed reader exports, and exporting Readout's feeds so they import back.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  maxOpmlBytes,
  maxOpmlFeeds,
  OpmlError,
  type OpmlFeed,
  parseOpml,
  writeOpml,
} from '../src/ingest/feeds/opml.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/opml/${name}`, import.meta.url), 'utf8');
const opml = (body: string) => `<?xml version="1.0"?><opml version="2.0"><head/><body>${body}</body></opml>`;

describe('importing OPML', () => {
  it("reads a reader's export: folders, titles, site URLs, any spelling of xmlUrl, entities and a BOM", () => {
    const result = parseOpml(fixture('reader-export.opml'));
    assert.equal(result.title, 'Subscriptions of Ada & co');
    assert.deepEqual(result.feeds, [
      {
        url: 'https://almerpost.example/feed/',
        title: 'Almer Post',
        siteUrl: 'https://almerpost.example/',
        folder: 'News / Local',
      },
      {
        url: 'https://harbour.example/atom.xml?lang=en&full=1',
        title: 'Harbour Notes',
        siteUrl: 'https://harbour.example/',
        folder: 'News / Local',
      },
      { url: 'https://lemonde.example/rss/une.xml', title: 'Le Monde — À la une', siteUrl: null, folder: 'News' },
      { url: 'http://gazette.example/rss', title: 'The Gazette', siteUrl: null, folder: 'Tech' },
      { url: 'http://oldreader.example/rss.xml', title: 'Old reader', siteUrl: null, folder: 'Tech' },
      { url: 'https://top.example/feed', title: 'Top level été', siteUrl: null, folder: null },
    ]);
  });

  it('says which outlines it skipped and why', () => {
    const { skipped } = parseOpml(fixture('reader-export.opml'));
    assert.deepEqual(
      skipped.map((entry) => entry.title),
      ['Dup of Almer Post', 'Relative', 'Mail', 'A page'],
    );
    assert.match(skipped[0]!.reason, /listed more than once; the first is kept/);
    assert.match(skipped[1]!.reason, /"\/feed\.xml" is not an absolute URL/);
    assert.match(skipped[2]!.reason, /not an http or https address/);
    assert.match(skipped[3]!.reason, /type is "link"/);
  });

  it('prefers title to text, and reads a document with no XML declaration', () => {
    const result = parseOpml(
      '<opml version="1.0"><body><outline text="Text" title="Title" xmlUrl="https://a.example/"/>' +
        '<outline text="Only text" type="RSS" xmlUrl="https://b.example/"/><outline xmlUrl="https://c.example/"/></body></opml>',
    );
    assert.deepEqual(
      result.feeds.map((feed) => feed.title),
      ['Title', 'Only text', null],
    );
    assert.equal(result.title, null);
  });

  it('reads folders nested many levels deep', () => {
    const depth = 60;
    const names = Array.from({ length: depth }, (_, i) => `F${i}`);
    const body = `${names.map((name) => `<outline text="${name}">`).join('')}<outline text="Deep" xmlUrl="https://deep.example/"/>${'</outline>'.repeat(depth)}`;
    assert.equal(parseOpml(opml(body)).feeds[0]?.folder, names.join(' / '));
  });

  it('refuses an HTML page with a message saying what to do', () => {
    assert.throws(() => parseOpml(fixture('html-page.opml')), {
      name: 'OpmlError',
      message:
        "not OPML: the document's root element is <html>; export your subscriptions as OPML from your feed reader",
    });
    assert.throws(() => parseOpml('{"feeds": []}'), /not OPML: the file does not start with an XML element/);
    assert.throws(() => parseOpml('  '), /the OPML file is empty/);
    assert.throws(() => parseOpml('<?xml version="1.0"?><rss version="2.0"></rss>'), /root element is <rss>/);
  });

  it('refuses an OPML without feeds', () => {
    assert.throws(() => parseOpml(fixture('no-feeds.opml')), {
      name: 'OpmlError',
      message: 'the OPML has no feeds: no <outline> carries an xmlUrl',
    });
    assert.throws(() => parseOpml(opml('')), /the OPML has no feeds/);
  });

  it('refuses a damaged file and says it may be cut short', () => {
    assert.throws(
      () => parseOpml(fixture('truncated.opml')),
      (error: unknown) => {
        assert.ok(error instanceof OpmlError);
        assert.match(
          error.message,
          /^the OPML is not well-formed XML near character \d+; the file may be cut short or damaged/,
        );
        return true;
      },
    );
  });

  it('refuses folders nested deeper than the XML parser allows with a clear message', () => {
    const body = `${'<outline text="f">'.repeat(200)}<outline xmlUrl="https://deep.example/"/>${'</outline>'.repeat(200)}`;
    assert.throws(() => parseOpml(opml(body)), /nests folders more than \d+ deep/);
  });

  it('refuses a file over 5 MB and a list of more than 10,000 feeds', () => {
    assert.throws(() => parseOpml(opml(' '.repeat(maxOpmlBytes + 1))), /up to 5 MiB/);
    const many = Array.from(
      { length: maxOpmlFeeds + 1 },
      (_, i) => `<outline text="f" xmlUrl="https://f${i}.example/"/>`,
    ).join('');
    assert.throws(() => parseOpml(opml(many)), /more than 10,000 feeds/);
    const enough = Array.from({ length: maxOpmlFeeds }, (_, i) => `<outline xmlUrl="https://f${i}.example/"/>`);
    assert.equal(parseOpml(opml(enough.join(''))).feeds.length, maxOpmlFeeds);
  });

  it('throws only OpmlError on garbage', () => {
    for (const garbage of [
      '<opml',
      '<opml><body><outline xmlUrl="x"',
      '\u0000\u0001',
      '<<<>>>',
      '<opml>&bogus;</opml>',
    ]) {
      assert.throws(() => parseOpml(garbage), OpmlError, garbage);
    }
  });
});

describe('exporting OPML', () => {
  const feeds: OpmlFeed[] = [
    {
      url: 'https://almerpost.example/feed/',
      title: 'Almer Post',
      siteUrl: 'https://almerpost.example/',
      folder: 'News / Local',
    },
    {
      url: 'https://harbour.example/atom.xml?lang=en&full=1',
      title: 'Tom & Jerry <Harbour> "Notes" \'daily\'',
      siteUrl: null,
      folder: 'News / Local',
    },
    { url: 'https://lemonde.example/rss/une.xml', title: 'Le Monde — À la une 🗞', siteUrl: null, folder: 'News' },
    { url: 'https://untitled.example/feed', title: null, siteUrl: null, folder: 'Tech & <Science>' },
    {
      url: 'https://zh.example/rss',
      title: '新闻 · Ελληνικά',
      siteUrl: 'https://zh.example/',
      folder: 'Welt / 東京 / Ünïcode',
    },
    { url: 'https://top.example/feed', title: 'Top', siteUrl: null, folder: null },
  ];

  it('writes OPML 2.0 in UTF-8 with one escaped outline per feed inside nested folder outlines', () => {
    const text = writeOpml(feeds, { title: 'Readout & friends', createdAt: new Date('2026-11-28T10:00:00Z') });
    assert.match(text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<opml version="2\.0">/);
    assert.match(text, /<title>Readout &amp; friends<\/title>/);
    assert.match(text, /<dateCreated>Sat, 28 Nov 2026 10:00:00 GMT<\/dateCreated>/);
    assert.match(
      text,
      /<outline text="News" title="News">\n\s+<outline text="Local" title="Local">\n\s+<outline type="rss" text="Almer Post" title="Almer Post" xmlUrl="https:\/\/almerpost\.example\/feed\/" htmlUrl="https:\/\/almerpost\.example\/"\/>/,
    );
    assert.match(text, /title="Tom &amp; Jerry &lt;Harbour&gt; &quot;Notes&quot; &apos;daily&apos;"/);
    assert.match(text, /xmlUrl="https:\/\/harbour\.example\/atom\.xml\?lang=en&amp;full=1"/);
  });

  it('gives back the same feeds, titles, site URLs and folders when its export is imported', () => {
    const text = writeOpml(feeds, { title: 'Readout', createdAt: new Date() });
    const result = parseOpml(text);
    assert.equal(result.title, 'Readout');
    assert.deepEqual(result.feeds, feeds);
    assert.deepEqual(result.skipped, []);
  });

  it('groups feeds listed out of folder order and still gives each back in its folder', () => {
    const shuffled = [feeds[5]!, feeds[0]!, feeds[3]!, feeds[2]!, feeds[1]!, feeds[4]!];
    const back = parseOpml(writeOpml(shuffled, { title: 'x', createdAt: new Date() })).feeds;
    const byUrl = (a: OpmlFeed, b: OpmlFeed) => a.url.localeCompare(b.url);
    assert.deepEqual([...back].sort(byUrl), [...shuffled].sort(byUrl));
  });

  it('keeps a title with a line break and a tab', () => {
    const feed: OpmlFeed = { url: 'https://a.example/', title: 'Line one\nline\ttwo', siteUrl: null, folder: null };
    assert.deepEqual(parseOpml(writeOpml([feed], { title: 'x', createdAt: new Date() })).feeds, [feed]);
  });

  it('gives back what it read from a reader export', () => {
    const first = parseOpml(fixture('reader-export.opml'));
    const again = parseOpml(writeOpml(first.feeds, { title: first.title ?? '', createdAt: new Date() }));
    assert.deepEqual(again.feeds, first.feeds);
    assert.equal(again.title, first.title);
  });
});
