// Feeds out: /feeds/latest.atom and /sources/<id>/feed.atom as a feed reader receives them. No XML parser is
// installed (linkedom's text/xml mode forgives broken markup), so a small strict reader below checks the documents.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Article } from '../src/model.js';
import { atomFeed, rfc3339, xml } from '../src/web/pages/feeds-out.js';
import { json, openTestStore, type TestStore } from './harness.js';

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, entities decoded (children's text left out). */
  text: string;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const forbidden = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const name = '[A-Za-z_][A-Za-z0-9._:-]*';

/** Decodes character data, failing on a bare `&` or `<`, an unknown entity or a character XML 1.0 forbids. */
function decode(text: string, where: string): string {
  assert.ok(!forbidden.test(text), `a character XML 1.0 forbids in ${where}: ${JSON.stringify(text.slice(0, 80))}`);
  assert.ok(!text.includes('<'), `an unescaped < in ${where}`);
  return text.replace(/&([^;]*);?/g, (whole, ref: string) => {
    if (whole.endsWith(';')) {
      if (ref in entities) return entities[ref]!;
      const code = /^#x([0-9a-fA-F]+)$/.exec(ref)?.[1] ?? /^#([0-9]+)$/.exec(ref)?.[1];
      if (code !== undefined) return String.fromCodePoint(Number.parseInt(code, ref[1] === 'x' ? 16 : 10));
    }
    assert.fail(`a bare or unknown entity "${whole.slice(0, 20)}" in ${where}`);
  });
}

/** A strict reader for the XML subset Atom feeds use: a declaration, elements, attributes, text. No DTD, CDATA, PIs. */
function parseXml(doc: string): XmlElement {
  const declaration = /^<\?xml version="1\.0" encoding="utf-8"\?>\s*/.exec(doc);
  assert.ok(declaration, 'the document does not open with <?xml version="1.0" encoding="utf-8"?>');
  const token = new RegExp(`<(/?)(${name})((?:\\s+${name}\\s*=\\s*"[^"]*")*)\\s*(/?)>`, 'y');
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const open: XmlElement[] = [root];
  let at = declaration[0].length;
  while (at < doc.length) {
    const lt = doc.indexOf('<', at);
    const text = doc.slice(at, lt === -1 ? doc.length : lt);
    const parent = open.at(-1)!;
    if (parent === root) assert.match(text, /^\s*$/, 'text outside the root element');
    parent.text += decode(text, `<${parent.name}>`);
    if (lt === -1) break;
    token.lastIndex = lt;
    const tag = token.exec(doc);
    assert.ok(tag, `malformed markup at offset ${lt}: ${JSON.stringify(doc.slice(lt, lt + 60))}`);
    const [whole, closing, tagName, attrText, selfClosing] = tag as unknown as [string, string, string, string, string];
    if (closing) {
      assert.ok(!attrText && !selfClosing, `malformed end tag </${tagName}>`);
      const top = open.pop()!;
      assert.equal(top.name, tagName, `</${tagName}> closes <${top.name}>`);
    } else {
      const attrs: Record<string, string> = {};
      for (const [, attr, value] of attrText.matchAll(new RegExp(`(${name})\\s*=\\s*"([^"]*)"`, 'g'))) {
        assert.ok(!(attr! in attrs), `attribute ${attr} twice on <${tagName}>`);
        attrs[attr!] = decode(value!, `${tagName}@${attr}`);
      }
      const element: XmlElement = { name: tagName, attrs, children: [], text: '' };
      if (parent === root) assert.equal(root.children.length, 0, 'more than one root element');
      parent.children.push(element);
      if (!selfClosing) open.push(element);
    }
    at = lt + whole.length;
  }
  assert.equal(open.length, 1, `<${open.at(-1)!.name}> is never closed`);
  assert.equal(root.children.length, 1, 'no root element');
  return root.children[0]!;
}

const children = (element: XmlElement, name: string) => element.children.filter((c) => c.name === name);

function child(element: XmlElement, name: string): XmlElement {
  const found = children(element, name);
  assert.equal(found.length, 1, `<${element.name}> has ${found.length} <${name}>, not one`);
  return found[0]!;
}

const textOf = (element: XmlElement, name: string) => child(element, name).text;

function linkHref(element: XmlElement, rel: string): string | undefined {
  return children(element, 'link').find((l) => (l.attrs.rel ?? 'alternate') === rel)?.attrs.href;
}

const rfc3339Pattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Every element RFC 4287 requires of a feed and its entries, with dates in RFC 3339. */
function assertAtom(feed: XmlElement): XmlElement[] {
  assert.equal(feed.name, 'feed');
  assert.equal(feed.attrs.xmlns, 'http://www.w3.org/2005/Atom');
  assert.ok(textOf(feed, 'id').trim(), 'the feed has an empty id');
  assert.ok(textOf(feed, 'title').trim(), 'the feed has an empty title');
  assert.match(textOf(feed, 'updated'), rfc3339Pattern);
  assert.ok(linkHref(feed, 'self'), 'the feed has no rel="self" link');
  assert.equal(textOf(feed, 'generator'), 'Readout');
  const entries = children(feed, 'entry');
  for (const entry of entries) {
    assert.match(textOf(entry, 'id'), /^tag:readout,2026:articles\/[0-9a-z_-]+$/);
    assert.ok(textOf(entry, 'title').trim(), 'an entry has an empty title');
    assert.match(textOf(entry, 'updated'), rfc3339Pattern);
    assert.ok(textOf(child(entry, 'author'), 'name').trim(), 'an entry has an empty author name');
    assert.match(linkHref(entry, 'alternate') ?? '', /^http:\/\/localhost\/articles\//);
    assert.equal(child(entry, 'content').attrs.type, 'html');
    for (const published of children(entry, 'published')) assert.match(published.text, rfc3339Pattern);
  }
  return entries;
}

interface Served {
  status: number;
  headers: Headers;
  body: string;
}

async function get(store: TestStore, path: string, headers: Record<string, string> = {}): Promise<Served> {
  const response = await store.app.request(path, { headers });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

async function feed(store: TestStore, path: string): Promise<{ served: Served; entries: XmlElement[] }> {
  const served = await get(store, path);
  assert.equal(served.status, 200, `${path} answered ${served.status}`);
  assert.equal(served.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
  return { served, entries: assertAtom(parseXml(served.body)) };
}

async function postArticle(store: TestStore, record: Record<string, unknown>): Promise<Article> {
  const response = await store.app.request('/api/articles', {
    method: 'POST',
    body: JSON.stringify(record),
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(response.status, 201, await response.clone().text());
  return (await json<{ article: Article }>(response)).article;
}

const hostile = 'Tags <script>alert(1)</script> & \u0001 controls';

describe('feeds out', () => {
  let store: TestStore;
  let tide: Article;
  let bridge: Article;
  let ferry: Article;
  let market: Article;

  before(async () => {
    store = await openTestStore();
    tide = await postArticle(store, {
      headline: 'Tide tables revised for the winter',
      source: 'The Harbor Ledger',
      publishedAt: '2026-11-01',
      byline: 'Mara Quill',
      paragraphs: ['The harbour office published new tables.'],
      url: 'https://harbor.example/tide-tables',
    });
    bridge = await postArticle(store, {
      headline: hostile,
      source: 'Valley Courier',
      publishedAt: '2026-11-03T16:15:00-05:00',
      deck: 'A deck with "quotes" & <b>markup</b>',
      paragraphs: [`First paragraph: ${hostile}`, 'Second paragraph.'],
      url: 'https://courier.example/bridge',
    });
    ferry = await postArticle(store, {
      headline: 'Ferry timetable grows a late boat',
      source: 'The Harbor Ledger',
      publishedAt: '2026-11-05',
      paragraphs: ['A 23:40 sailing joins the timetable.'],
    });
    market = await postArticle(store, {
      headline: 'Market hall reopens',
      source: 'Valley Courier',
      publishedAt: '2026-10-20',
      byline: 'Ines Varga',
      paragraphs: ['Stalls return after repairs.'],
      url: 'https://courier.example/market',
    });
  });
  after(() => store.close());

  it('serves the latest articles as well-formed Atom 1.0 with every required element', async () => {
    const { served, entries } = await feed(store, '/feeds/latest.atom');
    const doc = parseXml(served.body);
    assert.equal(textOf(doc, 'id'), 'tag:readout,2026:feeds/latest');
    assert.equal(textOf(doc, 'title'), 'Readout: latest articles');
    assert.equal(linkHref(doc, 'self'), 'http://localhost/feeds/latest.atom');
    assert.equal(linkHref(doc, 'alternate'), 'http://localhost/');
    assert.equal(entries.length, 4);
    const newestUpdate = [tide, bridge, ferry, market].map((a) => a.updatedAt).sort()[3];
    assert.equal(Date.parse(textOf(doc, 'updated')), Date.parse(newestUpdate!));
    assert.equal(served.headers.get('cache-control'), 'public, max-age=300');
  });

  it('lists the newest articles first', async () => {
    const { entries } = await feed(store, '/feeds/latest.atom');
    assert.deepEqual(
      entries.map((e) => textOf(e, 'title')),
      [ferry, bridge, tide, market].map((a) => a.headline),
    );
  });

  it('links each entry to its Readout page and to the original, and names an author', async () => {
    const { entries } = await feed(store, '/feeds/latest.atom');
    const entry = (article: Article) => entries.find((e) => textOf(e, 'id').endsWith(`/${article.id}`))!;
    assert.equal(linkHref(entry(tide), 'alternate'), `http://localhost/articles/${tide.id}`);
    assert.equal(linkHref(entry(tide), 'related'), 'https://harbor.example/tide-tables');
    assert.equal(linkHref(entry(ferry), 'related'), undefined);
    assert.equal(textOf(child(entry(tide), 'author'), 'name'), 'Mara Quill');
    // No byline: the outlet stands in, as Atom requires an author.
    assert.equal(textOf(child(entry(ferry), 'author'), 'name'), 'The Harbor Ledger');
    assert.equal(textOf(entry(bridge), 'summary'), 'A deck with "quotes" & <b>markup</b>');
    assert.equal(children(entry(ferry), 'summary').length, 0);
  });

  it('writes publication dates as RFC 3339, a date alone as its midnight UTC', async () => {
    const { entries } = await feed(store, '/feeds/latest.atom');
    const published = Object.fromEntries(entries.map((e) => [textOf(e, 'title'), textOf(e, 'published')]));
    assert.equal(published[tide.headline], '2026-11-01T00:00:00Z');
    assert.equal(published[bridge.headline], '2026-11-03T16:15:00-05:00');
    assert.equal(rfc3339('2026-11-03T16:15+0100'), '2026-11-03T16:15:00+01:00');
    assert.equal(rfc3339('2026-11-03T16:15:30.5'), '2026-11-03T16:15:30.5Z');
    assert.equal(rfc3339('not a date'), null);
  });

  it('escapes markup and ampersands and drops control characters from headlines and bodies', async () => {
    const { served, entries } = await feed(store, '/feeds/latest.atom');
    assert.ok(!served.body.includes('<script>'), 'a raw <script> tag reached the feed');
    assert.ok(!served.body.includes('\u0001'), 'a control character reached the feed');
    const entry = entries.find((e) => textOf(e, 'title').startsWith('Tags'))!;
    assert.equal(textOf(entry, 'title'), bridge.headline);
    assert.match(textOf(entry, 'title'), /<script>alert\(1\)<\/script> &/);
    const content = textOf(entry, 'content');
    assert.equal(content, bridge.bodyHtml);
    assert.ok(content.includes('&lt;script&gt;'), 'the body HTML, decoded once, still shows the tag as text');
  });

  it('strips characters XML 1.0 forbids even when the store holds them', () => {
    const stored = {
      ...tide,
      headline: 'Null \u0000 bell \u0007 form \u000c lone \ud800 half \ufffe end',
      bodyHtml: '<p>A \u001f b &amp; \udc00 c</p>',
      byline: 'A \u000b B',
    };
    const doc = atomFeed({
      id: 'tag:readout,2026:feeds/test',
      title: 'Test <feed> & "friends"',
      selfUrl: 'http://localhost/feeds/test.atom',
      pageUrl: 'http://localhost/',
      articleUrl: (id) => `http://localhost/articles/${id}`,
      articles: [stored],
      now: new Date(),
    });
    const entry = assertAtom(parseXml(doc))[0]!;
    assert.equal(textOf(entry, 'title'), 'Null  bell  form  lone  half  end');
    assert.equal(textOf(entry, 'content'), '<p>A  b &amp;  c</p>');
    assert.equal(xml(`'"<>&\u{1F600}`), '&apos;&quot;&lt;&gt;&amp;\u{1F600}');
  });

  it("serves a source's feed with only that outlet's articles", async () => {
    const sourceId = tide.source.id;
    const { served, entries } = await feed(store, `/sources/${sourceId}/feed.atom`);
    const doc = parseXml(served.body);
    assert.equal(textOf(doc, 'title'), 'Readout: The Harbor Ledger');
    assert.equal(linkHref(doc, 'self'), `http://localhost/sources/${sourceId}/feed.atom`);
    assert.equal(linkHref(doc, 'alternate'), `http://localhost/sources/${sourceId}`);
    assert.deepEqual(
      entries.map((e) => textOf(e, 'title')),
      [ferry.headline, tide.headline],
    );
  });

  it('answers 404 with the not-found page for an unknown source', async () => {
    const served = await get(store, '/sources/no-such-outlet/feed.atom');
    assert.equal(served.status, 404);
    assert.match(served.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(served.body, /no source with the id “no-such-outlet”/);
  });

  it('answers 304 to a reader that already has the feed, and a new ETag once an article arrives', async () => {
    const other = await openTestStore();
    try {
      await postArticle(other, { headline: 'Old news', source: 'Valley Courier', paragraphs: ['Old.'] });
      const first = await get(other, '/feeds/latest.atom');
      const etag = first.headers.get('etag');
      assert.ok(etag, 'no ETag');
      const again = await get(other, '/feeds/latest.atom', { 'If-None-Match': etag });
      assert.equal(again.status, 304);
      assert.equal(again.body, '');
      assert.equal(again.headers.get('etag'), etag);
      assert.equal((await get(other, '/feeds/latest.atom', { 'If-None-Match': '"stale"' })).status, 200);

      await postArticle(other, { headline: 'Fresh news', source: 'Valley Courier', paragraphs: ['New.'] });
      const changed = await get(other, '/feeds/latest.atom', { 'If-None-Match': etag });
      assert.equal(changed.status, 200);
      assert.notEqual(changed.headers.get('etag'), etag);
      assert.equal(assertAtom(parseXml(changed.body)).length, 2);
    } finally {
      await other.close();
    }
  });

  it('serves a valid feed for an empty store, dated now', async () => {
    const empty = await openTestStore();
    try {
      const { served, entries } = await feed(empty, '/feeds/latest.atom');
      assert.equal(entries.length, 0);
      const updated = Date.parse(textOf(parseXml(served.body), 'updated'));
      assert.ok(Math.abs(Date.now() - updated) < 60_000, 'an empty feed is not dated now');
    } finally {
      await empty.close();
    }
  });

  it('checks feeds strictly: the reader above rejects what a strict XML parser would', () => {
    const wrap = (body: string) => `<?xml version="1.0" encoding="utf-8"?>\n<feed>${body}</feed>`;
    for (const broken of ['<a>x</b>', '<a>', 'a & b', 'a &nbsp; b', 'x \u0001 y', '<a b="<"/>', '<a b="1" b="2"/>']) {
      assert.throws(() => parseXml(wrap(broken)), `accepted ${JSON.stringify(broken)}`);
    }
    assert.throws(() => parseXml('<feed/>'), 'accepted a document without the declaration');
    assert.equal(parseXml(wrap('<a b="&lt;&#38;">x &amp; &#x3c;</a>')).children[0]!.text, 'x & <');
  });

  it('links the Atom feed from the head of the home page', async () => {
    const served = await get(store, '/');
    const head = served.body.slice(0, served.body.indexOf('</head>'));
    assert.match(
      head,
      /<link rel="alternate" type="application\/atom\+xml" title="Readout: latest articles" href="\/feeds\/latest\.atom"\/?>/,
    );
  });
});
