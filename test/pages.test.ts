// The reading pages as a browser receives them: lists, the article page in DESIGN.md §1 order, Go back, sources,
// escaping, helpful errors, assets and security headers. Checked on the served HTML, without a DOM.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Article, SourceWithCount } from '../src/model.js';
import { json, openTestStore, runCli, samples, type TestStore } from './harness.js';

interface Served {
  status: number;
  headers: Headers;
  html: string;
}

async function get(store: TestStore, path: string): Promise<Served> {
  const response = await store.app.request(path);
  return { status: response.status, headers: response.headers, html: await response.text() };
}

async function page(store: TestStore, path: string): Promise<string> {
  const served = await get(store, path);
  assert.equal(served.status, 200, `${path} answered ${served.status}`);
  assert.match(served.headers.get('content-type') ?? '', /^text\/html/);
  return served.html;
}

async function allArticles(store: TestStore, query = ''): Promise<Article[]> {
  return (await json<{ items: Article[] }>(await store.app.request(`/api/articles?limit=100${query}`))).items;
}

async function allSources(store: TestStore): Promise<SourceWithCount[]> {
  return (await json<{ items: SourceWithCount[] }>(await store.app.request('/api/sources'))).items;
}

function byHeadline(list: Article[], headline: string): Article {
  const found = list.find((a) => a.headline === headline);
  assert.ok(found, `no article "${headline}"`);
  return found;
}

/** Text as the pages write it (hono/jsx escapes these five characters). */
function escaped(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

interface ListItem {
  id: string;
  html: string;
}

/** The `article.item` entries of a list page, in page order. */
function listItems(html: string): ListItem[] {
  return [...html.matchAll(/<article class="item"[^>]*data-article-id="([^"]+)"[^>]*>([\s\S]*?)<\/article>/g)].map(
    (m) => ({ id: m[1]!, html: m[2]! }),
  );
}

/** The inner HTML of the first element that opens with `openTag` and closes with `closeTag` (no nesting). */
function inner(html: string, openTag: string, closeTag: string): string {
  const start = html.indexOf(openTag);
  assert.ok(start >= 0, `no ${openTag} in the page`);
  const end = html.indexOf(closeTag, start + openTag.length);
  assert.ok(end >= 0, `${openTag} is not closed by ${closeTag}`);
  return html.slice(start + openTag.length, end);
}

/** Asserts each pattern occurs, and after the one before it. */
function assertInOrder(html: string, patterns: [name: string, pattern: RegExp][]): void {
  let from = 0;
  let previous = 'the start of the page';
  for (const [name, pattern] of patterns) {
    const match = new RegExp(pattern.source, 'g');
    match.lastIndex = from;
    const found = match.exec(html);
    assert.ok(found, `${name} is missing, or not after ${previous}`);
    from = found.index + found[0].length;
    previous = name;
  }
}

const pagerHrefs = (html: string) => [
  ...html.matchAll(/<a class="pager-(newer|older)" rel="(?:prev|next)" href="([^"]+)"/g),
];

describe('the reading pages', () => {
  let store: TestStore;
  let articles: Article[];
  let sources: SourceWithCount[];

  before(async () => {
    store = await openTestStore({ READOUT_PAGE_SIZE: '5' });
    const result = await runCli(['import', samples], store.env);
    assert.equal(result.code, 0, result.stderr);
    articles = await allArticles(store);
    sources = await allSources(store);
    assert.equal(articles.length, 17);
  });
  after(() => store.close());

  const source = (name: string) => {
    const found = sources.find((s) => s.name === name);
    assert.ok(found, `no source ${name}`);
    return found;
  };

  it('lists the latest articles with headline link, source link, date and deck', async () => {
    const html = await page(store, '/');
    const items = listItems(html);
    assert.deepEqual(
      items.map((item) => item.id),
      articles.slice(0, 5).map((a) => a.id),
    );
    for (const item of items) {
      const article = articles.find((a) => a.id === item.id)!;
      assert.ok(
        item.html.includes(
          `<a class="headline" href="/articles/${article.id}?back=%2F">${escaped(article.headline)}</a>`,
        ),
        `headline link of ${article.headline}`,
      );
      assert.ok(
        item.html.includes(
          `<a class="source" href="/sources/${article.source.id}">${escaped(article.source.name)}</a>`,
        ),
        `source link of ${article.headline}`,
      );
      const datetime = article.publishedAt ?? article.createdAt;
      assert.match(item.html, new RegExp(`<time datetime="${datetime.replaceAll('.', '\\.')}">[^<]+</time>`));
      if (article.deck) assert.ok(item.html.includes(`<p class="deck">${escaped(article.deck)}</p>`));
    }
    assert.match(html, /Page 1 of 4/);
  });

  it('pages through the list with real links, each page holding other articles', async () => {
    const first = await page(store, '/');
    assert.deepEqual(
      pagerHrefs(first).map((m) => [m[1], m[2]]),
      [['older', '/?page=2']],
    );

    const second = await page(store, '/?page=2');
    const secondIds = listItems(second).map((item) => item.id);
    assert.deepEqual(
      secondIds,
      articles.slice(5, 10).map((a) => a.id),
    );
    const firstIds = new Set(listItems(first).map((item) => item.id));
    assert.ok(secondIds.every((id) => !firstIds.has(id)));
    assert.deepEqual(
      pagerHrefs(second).map((m) => [m[1], m[2]]),
      [
        ['newer', '/'],
        ['older', '/?page=3'],
      ],
    );
    // Articles opened from page 2 know their way back to it.
    for (const item of listItems(second)) assert.ok(item.html.includes(`?back=%2F%3Fpage%3D2"`), item.id);

    const third = await page(store, '/?page=3');
    assert.deepEqual(
      listItems(third).map((item) => item.id),
      articles.slice(10, 15).map((a) => a.id),
    );
    const fourth = await page(store, '/?page=4');
    assert.deepEqual(
      listItems(fourth).map((item) => item.id),
      articles.slice(15).map((a) => a.id),
    );
    assert.deepEqual(
      pagerHrefs(fourth).map((m) => [m[1], m[2]]),
      [['newer', '/?page=3']],
    );
  });

  it('shows an article as headline, Go back, from line, deck, byline and date, body, then More from', async () => {
    const article = byHeadline(articles, 'Skerry Island Ferry Strikes Dredge Barge in Fog; 14 Injured');
    const html = await page(store, `/articles/${article.id}`);
    assertInOrder(html, [
      ['the headline', /<h1 class="headline">Skerry Island Ferry Strikes Dredge Barge in Fog; 14 Injured<\/h1>/],
      ['the Go back link', /<nav class="back"[^>]*><a href="\/"[^>]*data-key="back"[^>]*>Go back<\/a><\/nav>/],
      [
        'the from line',
        /<p class="from">from <a class="source" href="\/sources\/the-quayside-ledger">The Quayside Ledger<\/a>/,
      ],
      ['the deck', /<p class="deck">The county-run Alder Point was carrying 212 passengers[^<]*<\/p>/],
      ['the byline', /<p class="byline"><span class="author">By Miriam Castellane<\/span>/],
      ['the date', /<time class="published" datetime="2026-11-11">November 11, 2026<\/time>/],
      // Each paragraph has an address (#p0, #p1…), so that a comparison of accounts can link to it.
      [
        'the body',
        /<div class="body"><p id="p0"(?: class="disputed")?>(?:<mark>)?A Skerry Island ferry carrying 212 passengers/,
      ],
      ['the related section', /<section class="related"[^>]*><h2[^>]*>More from The Quayside Ledger<\/h2>/],
    ]);
    assert.ok(html.indexOf('<time class="published"') < html.indexOf('<div class="body">'));
    const body = inner(html, '<div class="body">', '</div>');
    assert.equal(body.match(/<p[ >]/g)?.length, article.paragraphs.length);
    assert.equal(article.paragraphs.length, 7);
  });

  it('links a related headline Readout stores to its article and marks every paywalled one', async () => {
    const article = byHeadline(articles, 'Skerry Island Ferry Strikes Dredge Barge in Fog; 14 Injured');
    const kestle = byHeadline(articles, 'Council Votes 6-3 to Close Kestle Street Bridge for Two-Year Rebuild');
    const cannery = byHeadline(articles, 'Brannock Cannery Reopens as Food Hall With 22 Vendors');
    const html = await page(store, `/articles/${article.id}?back=%2F%3Fpage%3D2`);
    const items = [...inner(html, '<section class="related"', '</section>').matchAll(/<li>([\s\S]*?)<\/li>/g)].map(
      (m) => m[1],
    );
    const paywall = ' <span class="paywall">(subscription required)</span>';
    assert.deepEqual(items, [
      `<a class="related-link" href="/articles/${kestle.id}?back=%2F%3Fpage%3D2">${kestle.headline}</a>${paywall}`,
      `<a class="related-link" href="/articles/${cannery.id}?back=%2F%3Fpage%3D2">${cannery.headline}</a>${paywall}`,
      `<span class="related-title">Harbor Master Seeks Fog Radar Upgrade at Chandler Street Terminal</span>${paywall}`,
      `<span class="related-title">Skerry Island Residents Brace for Weeks Without Ferry Service</span>${paywall}`,
    ]);
  });

  it('shows an open outlet’s related headlines without a paywall mark', async () => {
    const article = byHeadline(articles, '17 Hurt as Ferry Hits Barge Near Chandler Street Terminal');
    const transit = byHeadline(articles, 'Transit Board Proposes Cutting Four Bus Routes to Close $3.1 Million Gap');
    const html = await page(store, `/articles/${article.id}`);
    const related = inner(html, '<section class="related"', '</section>');
    assert.match(related, /<h2[^>]*>More from The Tessaly Lantern<\/h2>/);
    assert.ok(related.includes(`<a class="related-link" href="/articles/${transit.id}?back=%2F">`));
    assert.ok(
      related.includes('<span class="related-title">Skerry Islanders Turn to Fishing Boats as Ferry Sits Idle'),
    );
    assert.doesNotMatch(related, /subscription required/);
    assert.doesNotMatch(html, /class="paywall"/);
  });

  it('keeps clipping furniture ("< < Go Back", "More From") out of every article body', async () => {
    for (const article of articles) {
      const html = await page(store, `/articles/${article.id}`);
      const body = inner(html, '<div class="body">', '</div>');
      assert.doesNotMatch(body, /Go Back|&lt; &lt;|More From/i, article.headline);
      assert.equal((html.match(/<div class="body">/g) ?? []).length, 1);
      assert.equal((html.match(/data-key="back"/g) ?? []).length, 1, article.headline);
    }
  });

  it('sends Go back to the list the reader came from', async () => {
    const article = articles[0]!;
    const ledger = source('The Quayside Ledger');
    const backHref = async (back: string) => {
      const html = await page(store, `/articles/${article.id}?back=${encodeURIComponent(back)}`);
      const match = /<a href="([^"]*)" data-key="back"/.exec(html);
      assert.ok(match, 'no Go back link');
      return match[1]!.replaceAll('&amp;', '&');
    };
    assert.equal(await backHref('/?page=2'), '/?page=2');
    assert.equal(await backHref(`/sources/${ledger.id}?page=2`), `/sources/${ledger.id}?page=2`);
    assert.equal(await backHref('/sources'), '/sources');
    // Without ?back= the link still goes somewhere real.
    const plain = await page(store, `/articles/${article.id}`);
    assert.match(plain, /<a href="\/" data-key="back"/);
  });

  it('sends Go back home when ?back= could lead off the site or outside the lists', async () => {
    const article = articles[0]!;
    for (const back of ['//evil.example', 'https://evil.example/', '/\\evil', 'javascript:alert(1)', '/admin']) {
      const html = await page(store, `/articles/${article.id}?back=${encodeURIComponent(back)}`);
      assert.match(html, /<a href="\/" data-key="back"/, back);
      assert.doesNotMatch(html, /evil\.example|javascript:|\/admin/, back);
    }
  });

  it('shows a source page with its name, its paywall note and only its articles', async () => {
    for (const outlet of sources) {
      const html = await page(store, `/sources/${outlet.id}`);
      assert.match(html, new RegExp(`<h1>${escaped(outlet.name)}</h1>`));
      if (outlet.name === 'The Quayside Ledger') {
        assert.equal(outlet.paywalled, true);
        assert.match(html, /<p class="paywall-note">Paywalled outlet/);
      } else {
        assert.equal(outlet.paywalled, false);
        assert.doesNotMatch(html, /paywall-note|subscription required/, outlet.name);
      }
      const own = articles.filter((a) => a.source.id === outlet.id).map((a) => a.id);
      // The Ledger told five of the samples' stories; the Lantern and the radio six each.
      assert.equal(own.length, outlet.name === 'The Quayside Ledger' ? 5 : 6);
      // Five a page here: the first page holds the five newest.
      assert.deepEqual(
        listItems(html).map((item) => item.id),
        own.slice(0, 5),
      );
      assert.match(html, new RegExp(`${own.length} articles in Readout`));
      for (const item of listItems(html)) {
        assert.ok(item.html.includes(`?back=%2Fsources%2F${outlet.id}"`), item.id);
      }
    }
  });

  it('lists all three outlets on /sources, the paywalled one marked', async () => {
    const html = await page(store, '/sources');
    const names = [...html.matchAll(/<a class="source" href="\/sources\/([^"]+)">([^<]+)<\/a>/g)].map((m) => m[2]);
    assert.deepEqual(names.sort(), ['Merrow Sound Public Radio', 'The Quayside Ledger', 'The Tessaly Lantern']);
    const ledger = source('The Quayside Ledger');
    assert.match(
      html,
      new RegExp(
        `href="/sources/${ledger.id}">The Quayside Ledger</a> <span class="paywall">\\(subscription required\\)`,
      ),
    );
    assert.equal((html.match(/class="paywall"/g) ?? []).length, 1);
  });

  it('answers an unknown article with a helpful 404 page', async () => {
    const served = await get(store, '/articles/no-such-article');
    assert.equal(served.status, 404);
    assert.match(served.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(served.html, /<h1>Not found<\/h1>/);
    assert.match(served.html, /no-such-article/);
    assert.match(served.html, /<a href="\/">Latest articles<\/a>/);
    assert.match(served.html, /<a href="\/sources">All sources<\/a>/);
  });

  it('answers an unknown path or source with a 404 page', async () => {
    for (const path of ['/no/such/page', '/sources/no-such-source', '/articles/']) {
      const served = await get(store, path);
      assert.equal(served.status, 404, path);
      assert.match(served.headers.get('content-type') ?? '', /^text\/html/, path);
      assert.match(served.html, /<a href="\/">Latest articles<\/a>/, path);
    }
  });

  it('answers 400 for a page number that is not a whole number of 1 or more', async () => {
    const ledger = source('The Quayside Ledger');
    for (const path of ['/?page=abc', '/?page=0', '/?page=-1', '/?page=1.5', `/sources/${ledger.id}?page=abc`]) {
      const served = await get(store, path);
      assert.equal(served.status, 400, path);
      assert.match(served.html, /page must be a whole number/, path);
      assert.match(served.html, /<a href="\/">Latest articles<\/a>/, path);
    }
  });

  it('answers a page past the last with a 404 naming how many pages there are', async () => {
    const served = await get(store, '/?page=5');
    assert.equal(served.status, 404);
    assert.match(served.html, /There is no page 5 of the latest articles: it has 4 pages\./);
    assert.match(served.html, /<a class="last-page" href="\/\?page=4">/);
    const ledger = source('The Quayside Ledger');
    const sourcePage = await get(store, `/sources/${ledger.id}?page=2`);
    assert.equal(sourcePage.status, 404);
    assert.match(sourcePage.html, /it has 1 page\./);
  });

  it('serves the stylesheet and script the pages name, cached for good', async () => {
    const html = await page(store, '/');
    const css = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
    const js = /<script src="([^"]+)"/.exec(html)?.[1];
    assert.ok(css && js, 'the page names no stylesheet or script');
    for (const [url, type] of [
      [css, /^text\/css/],
      [js, /^text\/javascript/],
    ] as const) {
      const response = await store.app.request(url);
      assert.equal(response.status, 200, url);
      assert.match(response.headers.get('content-type') ?? '', type, url);
      assert.match(response.headers.get('cache-control') ?? '', /immutable/, url);
      assert.match(response.headers.get('cache-control') ?? '', /max-age=\d{7,}/, url);
      assert.ok((await response.text()).length > 100, url);
    }
    const stale = await store.app.request(css.replace(/\.[0-9a-f]+\.css$/, '.0000000000.css'));
    assert.equal(stale.status, 404);
  });

  it('sends a content security policy with every page', async () => {
    const article = articles[0]!;
    for (const path of [
      '/',
      '/?page=2',
      `/articles/${article.id}`,
      '/sources',
      '/help',
      '/no/such/page',
      '/?page=abc',
    ]) {
      const served = await get(store, path);
      const policy = served.headers.get('content-security-policy') ?? '';
      assert.match(policy, /script-src 'self'/, path);
      assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/, path);
      assert.equal(served.headers.get('x-content-type-options'), 'nosniff', path);
    }
  });
});

describe('reading pages for articles posted through the API', () => {
  let store: TestStore;
  before(async () => {
    store = await openTestStore({ READOUT_PAGE_SIZE: '5' });
  });
  after(() => store.close());

  const post = async (body: string, type: string) => {
    const response = await store.app.request('/api/articles', {
      method: 'POST',
      body,
      headers: { 'content-type': type },
    });
    const text = await response.text();
    assert.equal(response.status, 201, text);
    return (JSON.parse(text) as { article: Article }).article;
  };

  it('shows HTML or script in a clipping’s text as text', async () => {
    const hostile = '<script>alert(1)</script> <img src=x onerror=alert(1)> profits > people & Q&A';
    const clipping = [
      `Council Agenda ${hostile}`,
      '',
      '   < < Go Back',
      'from Eastmoor Weekly,',
      '',
      `Deck line ${hostile}.`,
      '',
      `The agenda lists ${hostile} as item four.`,
      '',
      'A second paragraph with nothing odd in it.',
      '',
    ].join('\n');
    const article = await post(clipping, 'text/plain; charset=utf-8');
    assert.match(article.headline, /<script>alert\(1\)<\/script>/);
    assert.match(article.deck ?? '', /<img src=x/);

    const html = await page(store, `/articles/${article.id}`);
    const shown =
      '&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; profits &gt; people &amp; Q&amp;A';
    assert.ok(html.includes(`<h1 class="headline">Council Agenda ${shown}</h1>`), 'headline is not escaped');
    assert.ok(html.includes(`<p class="deck">Deck line ${shown}.</p>`), 'deck is not escaped');
    assert.ok(
      /<p id="p\d+">/.test(html) && html.includes(`">The agenda lists ${shown} as item four.</p>`),
      'body is not escaped',
    );
    assert.ok(html.includes(`<title>Council Agenda ${shown} · Readout</title>`), 'title is not escaped');
    for (const path of [`/articles/${article.id}`, '/', `/sources/${article.source.id}`]) {
      const text = await page(store, path);
      assert.doesNotMatch(text, /<script>alert|<img src=x/i, path);
    }
  });

  it('shows HTML in a record’s source name and related headlines as text', async () => {
    const article = await post(
      JSON.stringify({
        headline: 'Harbor Lights Festival Moves Indoors',
        source: 'The <b>Bold</b> & "Brave" Courier',
        publishedAt: '2026-10-02',
        deck: 'Organizers blamed the forecast.',
        paragraphs: ['The festival will be held at the armory.'],
        related: [
          { title: '<script>alert(1)</script> Boat Parade Cancelled', paywalled: true },
          { title: 'Chowder <img src=x onerror=alert(1)> Contest', url: 'https://courier.example/chowder?a=1&b=<2>' },
        ],
      }),
      'application/json',
    );
    const html = await page(store, `/articles/${article.id}`);
    assert.ok(html.includes('More from The &lt;b&gt;Bold&lt;/b&gt; &amp; &quot;Brave&quot; Courier'));
    assert.ok(
      html.includes(
        '<span class="related-title">&lt;script&gt;alert(1)&lt;/script&gt; Boat Parade Cancelled</span> <span class="paywall">(subscription required)</span>',
      ),
    );
    assert.ok(
      html.includes(
        '<a class="related-link" href="https://courier.example/chowder?a=1&amp;b=%3C2%3E" rel="external noreferrer">Chowder &lt;img src=x onerror=alert(1)&gt; Contest</a>',
      ),
    );
    assert.doesNotMatch(html, /<script>alert|<img src=x|<b>Bold/);
  });

  it('pages through a source with more articles than fit on one page', async () => {
    for (let n = 1; n <= 7; n++) {
      await post(
        JSON.stringify({
          headline: `Tide table for week ${n}`,
          source: 'Harbour Notes',
          publishedAt: `2026-09-${String(n).padStart(2, '0')}`,
          paragraphs: [`Week ${n} tides.`],
        }),
        'application/json',
      );
    }
    const outlet = (await allSources(store)).find((s) => s.name === 'Harbour Notes');
    assert.ok(outlet);
    const own = (await allArticles(store, `&source=${outlet.id}`)).map((a) => a.id);
    assert.equal(own.length, 7);

    const first = await page(store, `/sources/${outlet.id}`);
    assert.deepEqual(
      listItems(first).map((item) => item.id),
      own.slice(0, 5),
    );
    assert.deepEqual(
      pagerHrefs(first).map((m) => [m[1], m[2]]),
      [['older', `/sources/${outlet.id}?page=2`]],
    );
    const second = await page(store, `/sources/${outlet.id}?page=2`);
    assert.deepEqual(
      listItems(second).map((item) => item.id),
      own.slice(5),
    );
    assert.deepEqual(
      pagerHrefs(second).map((m) => [m[1], m[2]]),
      [['newer', `/sources/${outlet.id}`]],
    );
    for (const item of listItems(second)) {
      assert.ok(item.html.includes(`?back=%2Fsources%2F${outlet.id}%3Fpage%3D2"`), item.id);
    }
    const past = await get(store, `/sources/${outlet.id}?page=3`);
    assert.equal(past.status, 404);
    assert.match(past.html, /There is no page 3 of the articles from Harbour Notes: it has 2 pages\./);
  });
});
