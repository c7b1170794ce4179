// The story pages as a browser receives them: the stories list, a story with its accounts, chart, names and
// outlets, its feed, the other accounts on an article page, an entity's page, and mending a story by hand.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ArticleDraft, StoryDetail } from '../src/model.js';
import { mergeStories, placeAllWaiting, splitArticle } from '../src/pipeline/stories.js';
import { storyIdFrom } from '../src/web/pages/story-mend.js';
import { openTestStore, type TestStore } from './harness.js';

function draft(overrides: Partial<ArticleDraft>): ArticleDraft {
  return {
    url: null,
    canonicalUrl: null,
    headline: 'Untitled',
    deck: null,
    byline: null,
    publishedAt: '2026-03-02',
    language: 'en',
    source: { name: 'Kettle Harbor Ledger', homepage: null, paywalled: false },
    paragraphs: [],
    related: [],
    paywalled: false,
    extraction: { method: 'clipping', version: '1' },
    ...overrides,
  };
}

const outlet = (name: string) => ({ name, homepage: null, paywalled: false });

// Three outlets tell one grounding with the same names and numbers; two other events stand alone.
const ferryParagraphs = [
  'The Marrow Ferry Company vessel Tarn Bluff ran aground on Gullet Reef outside Kettle Harbor with 212 passengers aboard, Captain Ines Moravec said.',
  'Harbor Master Oskar Brandvold said the Tarn Bluff struck Gullet Reef at 6:10 a.m. and that the Marrow Ferry Company would inspect the hull in Kettle Harbor.',
  'The Coast Guard at Kettle Harbor said 212 passengers were taken off the Tarn Bluff by launch; Captain Ines Moravec stayed aboard.',
];
const ferry = {
  ledger: draft({
    headline: 'Ferry Tarn Bluff Runs Aground on Gullet Reef With 212 Aboard',
    deck: 'Captain Ines Moravec kept the vessel upright.',
    publishedAt: '2026-03-02T07:30:00Z',
    url: 'https://ledger.example/tarn-bluff',
    paragraphs: ferryParagraphs,
    related: [{ title: 'Kettle Harbor Budget Passes', url: 'https://ledger.example/budget', paywalled: false }],
  }),
  courier: draft({
    headline: 'Tarn Bluff Aground: 212 Taken Off by Launch Near Kettle Harbor',
    source: outlet('Bay Courier'),
    publishedAt: '2026-03-02T12:00:00Z',
    url: 'https://courier.example/aground',
    paragraphs: ferryParagraphs,
  }),
  radio: draft({
    headline: 'Marrow Ferry Company Pulls Tarn Bluff From Service After Gullet Reef Grounding',
    source: outlet('Coast Radio'),
    publishedAt: '2026-03-05T09:00:00Z',
    url: 'https://radio.example/pulled',
    paragraphs: ferryParagraphs,
  }),
};
const library = draft({
  headline: 'Wexley Library Opens Its New Reading Wing',
  source: outlet('Bay Courier'),
  publishedAt: '2026-03-04',
  url: 'https://courier.example/library',
  paragraphs: [
    'The Wexley Public Library opened a reading wing with 40,000 books on Saturday, director Hana Oyelaran said.',
  ],
});
const marathon = draft({
  headline: 'Spring Marathon Moves Its Route Inland',
  source: outlet('Coast Radio'),
  publishedAt: '2026-02-20',
  url: 'https://radio.example/marathon',
  paragraphs: [
    'Organisers of the Dunmore Spring Marathon moved the route inland to Fallow Park, director Theo Quist said.',
  ],
});

// Events with nothing in common, to fill more than one page of stories.
const fillers = [
  [
    'Quarry Pond Reopens for Swimming',
    'Bellwether Quarry pond reopened to swimmers after lifeguard Maren Tolk finished training.',
  ],
  ['Orchard Co-op Elects New Chair', 'The Saltmarsh Orchard Cooperative elected Dov Ferrante its chair by 58 votes.'],
  ['Night Market Adds Winter Dates', 'Lantern Row night market adds nine winter Fridays, organiser Priya Venn said.'],
  ['Glassworks Museum Gets a Kiln', 'The Ostrava Glassworks Museum installed a 1920s kiln donated by Ilse Marchetti.'],
].map(([headline, paragraph], n) =>
  draft({
    headline,
    source: outlet('Inland Weekly'),
    publishedAt: `2026-01-1${n}`,
    url: `https://inland.example/${n}`,
    paragraphs: [paragraph!],
  }),
);

interface Library {
  store: TestStore;
  ids: { ledger: string; courier: string; radio: string; library: string; marathon: string };
  /** The ferry story's id. */
  ferryStory: string;
}

/**
 * Saves the five articles and places them. The grouping is then made certain by hand (merge, split), so that these
 * tests check the pages, not the clusterer, whose tuning is another file's business.
 */
async function openLibrary(settings: Record<string, string> = {}, extra: ArticleDraft[] = []): Promise<Library> {
  const store = await openTestStore(settings);
  const save = async (d: ArticleDraft) => (await store.ctx.store.saveArticle(d)).id;
  const extraIds = [];
  for (const d of extra) extraIds.push(await save(d));
  const ids = {
    marathon: await save(marathon),
    ledger: await save(ferry.ledger),
    courier: await save(ferry.courier),
    library: await save(library),
    radio: await save(ferry.radio),
  };
  await placeAllWaiting(store.ctx);
  const storyOf = async (id: string) => (await store.ctx.store.getArticle(id))!.storyId!;
  const ferryStory = await storyOf(ids.ledger);
  for (const id of [ids.courier, ids.radio]) {
    const story = await storyOf(id);
    if (story !== ferryStory) await mergeStories(store.ctx, story, ferryStory);
  }
  for (const id of [ids.library, ids.marathon, ...extraIds]) {
    const story = await store.ctx.store.getStory(await storyOf(id));
    if (story!.articleCount > 1) await splitArticle(store.ctx, id);
  }
  return { store, ids, ferryStory };
}

interface Served {
  status: number;
  headers: Headers;
  body: string;
}

async function get(store: TestStore, path: string): Promise<Served> {
  const response = await store.app.request(path);
  return { status: response.status, headers: response.headers, body: await response.text() };
}

async function page(store: TestStore, path: string): Promise<string> {
  const served = await get(store, path);
  assert.equal(served.status, 200, `${path} answered ${served.status}`);
  return served.body;
}

async function post(store: TestStore, path: string, fields: Record<string, string>): Promise<Served> {
  const response = await store.app.request(path, { method: 'POST', body: new URLSearchParams(fields) });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** The inner HTML of the first element that opens with `openTag` and closes with `closeTag` (no nesting). */
function inner(html: string, openTag: string, closeTag: string): string {
  const start = html.indexOf(openTag);
  assert.ok(start >= 0, `no ${openTag} in the page`);
  const end = html.indexOf(closeTag, start + openTag.length);
  assert.ok(end >= 0, `${openTag} is not closed by ${closeTag}`);
  return html.slice(start + openTag.length, end);
}

const storyIdsOn = (html: string) => [...html.matchAll(/data-story-id="([^"]+)"/g)].map((m) => m[1]!);
const articleIdsOn = (html: string) => [...html.matchAll(/data-article-id="([^"]+)"/g)].map((m) => m[1]!);

describe('story pages', () => {
  let lib: Library;
  let story: StoryDetail;

  before(async () => {
    lib = await openLibrary({ READOUT_PAGE_SIZE: '5' }, fillers);
    story = (await lib.store.ctx.store.getStory(lib.ferryStory))!;
  });
  after(async () => lib?.store.close());

  it('links the stories list from every page header', async () => {
    for (const path of ['/', '/sources', '/help', `/articles/${lib.ids.library}`]) {
      assert.match(inner(await page(lib.store, path), '<nav class="site-nav"', '</nav>'), /<a href="\/stories"/);
    }
  });

  it('lists the stories told by several accounts first, with their counts, dates and a sparkline', async () => {
    const html = await page(lib.store, '/stories');
    assert.match(html, /<a href="\/stories" aria-current="page">Stories<\/a>/);
    const ids = storyIdsOn(html);
    assert.equal(ids.length, 5, 'the page size is 5');
    assert.equal(ids[0], lib.ferryStory);
    const first = inner(html, `data-story-id="${lib.ferryStory}"`, '</article>');
    assert.match(first, /Ferry Tarn Bluff Runs Aground on Gullet Reef With 212 Aboard<\/a>/);
    assert.match(first, new RegExp(`href="/stories/${lib.ferryStory}\\?back=%2Fstories"`));
    assert.match(first, />3 accounts from 3 outlets</);
    assert.match(first, /<time datetime="[^"]+">March 2, 2026<\/time> to <time datetime="[^"]+">March 5, 2026<\/time>/);
    assert.match(first, /<svg class="sparkline" role="img" aria-label="Accounts over time, first to latest: [\d, ]+"/);
    assert.equal((first.match(/<rect /g) ?? []).length, 2, 'two slices of the story have accounts');
  });

  it('pages through the stories with a cursor, and a story opened there goes back to that page', async () => {
    const html = await page(lib.store, '/stories');
    const next = /<a class="pager-older" rel="next" href="(\/stories\?cursor=[^"]+)"/.exec(html)?.[1];
    assert.ok(next, 'no Next page link');
    const second = await page(lib.store, next.replaceAll('&amp;', '&'));
    const ids = storyIdsOn(second);
    assert.equal(ids.length, 2);
    assert.ok(!storyIdsOn(html).some((id) => ids.includes(id)), 'the second page repeats a story');
    assert.match(second, /<a class="pager-newer" href="\/stories">/);
    assert.doesNotMatch(second, /rel="next"/);
    const link = new RegExp(`href="(/stories/${ids[0]}\\?back=[^"]+)"`).exec(second)?.[1];
    assert.ok(link);
    const storyPage = await page(lib.store, link.replaceAll('&amp;', '&'));
    assert.match(storyPage, new RegExp(`<a href="${next.replaceAll('?', '\\?')}" data-key="back" rel="up">`));

    const bad = await get(lib.store, '/stories?cursor=nonsense');
    assert.equal(bad.status, 400);
    assert.match(bad.body, /cursor is not one Readout gave out/);
  });

  it("shows a story's accounts in time order, who covered it when, and whom it names", async () => {
    const html = await page(lib.store, `/stories/${lib.ferryStory}`);
    assert.match(html, /<h1 class="headline">Ferry Tarn Bluff Runs Aground on Gullet Reef With 212 Aboard<\/h1>/);
    assert.match(html, /<a href="\/stories" data-key="back" rel="up">Go back<\/a>/);
    assert.match(html, />3 accounts from 3 outlets · /);
    const accounts = inner(html, '<ol class="article-list accounts">', '</ol>');
    assert.deepEqual(articleIdsOn(accounts), [lib.ids.ledger, lib.ids.courier, lib.ids.radio]);
    const back = encodeURIComponent(`/stories/${lib.ferryStory}`);
    assert.match(accounts, new RegExp(`href="/articles/${lib.ids.courier}\\?back=${back}">Tarn Bluff Aground`));
    assert.match(accounts, /<a class="source" href="\/sources\/bay-courier">Bay Courier<\/a>/);
    assert.match(accounts, /<p class="deck">Captain Ines Moravec kept the vessel upright.<\/p>/);

    const chart = inner(html, '<table class="coverage">', '</table>');
    const rows = [
      ...chart.matchAll(
        /<tr><th scope="row"><a class="source" href="[^"]+">([^<]+)<\/a><\/th><td class="coverage-count">(\d+)<\/td>/g,
      ),
    ];
    assert.deepEqual(
      rows.map((r) => [r[1], r[2]]),
      [
        ['Kettle Harbor Ledger', '1'],
        ['Bay Courier', '1'],
        ['Coast Radio', '1'],
      ],
    );
    assert.equal((chart.match(/<circle /g) ?? []).length, 3);
    assert.match(chart, /<span class="visually-hidden">March 5, 2026<\/span>/);

    const named = inner(html, '<section class="named"', '</section>');
    assert.ok(story.entities.length > 0, 'the store found nobody named in the story');
    for (const entity of story.entities) {
      assert.ok(named.includes(`href="/entities/${entity.id}?back=${back}"`), `${entity.name} is not linked`);
    }
    assert.match(named, /<h3>(People|Places|Organisations)<\/h3>/);
    assert.match(html, new RegExp(`href="/stories/${lib.ferryStory}/feed.atom"`));
  });

  it("serves a story's accounts as an Atom feed, newest first", async () => {
    const served = await get(lib.store, `/stories/${lib.ferryStory}/feed.atom`);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
    assert.match(
      served.body,
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/,
    );
    assert.match(
      served.body,
      new RegExp(
        `<link rel="self" type="application/atom\\+xml" href="http://localhost/stories/${lib.ferryStory}/feed.atom"/>`,
      ),
    );
    assert.match(
      served.body,
      new RegExp(`<link rel="alternate" type="text/html" href="http://localhost/stories/${lib.ferryStory}"/>`),
    );
    const titles = [...served.body.matchAll(/<entry[^>]*>\n<id>[^<]+<\/id>\n<title>([^<]+)<\/title>/g)].map(
      (m) => m[1],
    );
    assert.deepEqual(titles, [ferry.radio.headline, ferry.courier.headline, ferry.ledger.headline]);
    assert.equal((await get(lib.store, '/stories/nothing-here/feed.atom')).status, 404);
  });

  it('answers an unknown story or entity with the 404 page', async () => {
    for (const path of ['/stories/nothing-here', '/entities/per-nobody']) {
      const served = await get(lib.store, path);
      assert.equal(served.status, 404, path);
      assert.match(served.body, /<h1>Not found<\/h1>/);
      assert.match(served.body, /<a href="\/stories">All stories<\/a>/);
    }
  });

  it('lists the other accounts of the story on an article page, before More from, with a way to the story', async () => {
    const html = await page(lib.store, `/articles/${lib.ids.ledger}?back=%2Fstories`);
    const body = html.indexOf('<div class="body">');
    const others = html.indexOf('<h2 id="other-accounts-heading">Other accounts of this story (2)</h2>');
    const more = html.indexOf('<h2 id="related-heading">More from Kettle Harbor Ledger</h2>');
    assert.ok(body > 0 && others > body && more > others, 'not body, then other accounts, then More from');
    const section = inner(html, '<section class="other-accounts"', '</section>');
    assert.deepEqual(
      [...section.matchAll(/href="\/articles\/([^?"]+)\?back=%2Fstories"/g)].map((m) => m[1]),
      [lib.ids.courier, lib.ids.radio],
    );
    assert.match(section, /<span class="account-source">Bay Courier<\/span>/);
    assert.match(section, /<time datetime="2026-03-05T09:00:00Z">March 5, 2026<\/time>/);
    assert.match(section, new RegExp(`<a href="/stories/${lib.ferryStory}" data-key="story">`));

    const alone = await page(lib.store, `/articles/${lib.ids.library}`);
    assert.doesNotMatch(alone, /Other accounts of this story|data-key="story"/);
  });

  it('names the story key on the help page and in the shortcuts overlay', async () => {
    assert.match(await page(lib.store, '/help'), /<kbd>t<\/kbd><\/dt><dd>on an article, open its story/);
    const keys = /src="(\/assets\/keys\.[^"]+\.js)"/.exec(await page(lib.store, '/help'))![1]!;
    const script = await page(lib.store, keys);
    assert.match(script, /\[\['t'\], 'on an article, open its story'\]/);
  });

  it("shows an entity's names, kind, weekly mentions, stories and latest articles", async () => {
    const entity = story.entities.find((e) => e.name === 'Kettle Harbor') ?? story.entities[0]!;
    const html = await page(
      lib.store,
      `/entities/${entity.id}?back=${encodeURIComponent(`/stories/${lib.ferryStory}`)}`,
    );
    assert.match(html, new RegExp(`<h1 class="headline">${entity.name}</h1>`));
    assert.match(html, new RegExp(`<a href="/stories/${lib.ferryStory}" data-key="back" rel="up">Go back</a>`));
    assert.match(
      html,
      /<span class="entity-kind entity-kind-(person|place|organisation)">(Person|Place|Organisation)<\/span>/,
    );
    assert.match(html, /<svg class="weekly-bars"/);
    assert.match(html, /<td>March 2, 2026<\/td><td>\d+<\/td>/);
    const stories = inner(html, '<ol class="story-list">', '</ol>');
    assert.deepEqual(storyIdsOn(stories), [lib.ferryStory]);
    assert.deepEqual(
      new Set(articleIdsOn(inner(html, '<ol class="article-list">', '</ol>'))),
      new Set([lib.ids.ledger, lib.ids.courier, lib.ids.radio]),
    );
  });
});

describe('mending a story by hand', () => {
  let lib: Library;

  before(async () => {
    lib = await openLibrary();
  });
  after(async () => lib?.store.close());

  const storyOf = async (id: string) => (await lib.store.ctx.store.getArticle(id))!.storyId!;

  it('reads a story id or a pasted story address', () => {
    assert.equal(storyIdFrom(' 01abc '), '01abc');
    assert.equal(storyIdFrom('http://readout.local:8080/stories/01abc?back=%2Fstories#top'), '01abc');
    assert.equal(storyIdFrom('https://news.example/stories/01abc/feed.atom'), '01abc');
    assert.equal(storyIdFrom('/stories/01abc'), '01abc');
    assert.equal(storyIdFrom('http://host/articles/01abc'), null);
    assert.equal(storyIdFrom('not a story'), null);
  });

  it('marks every mending form, so that an admin check can be put in front of them', async () => {
    const html = await page(lib.store, `/stories/${lib.ferryStory}`);
    assert.equal((html.match(/data-mend="move"/g) ?? []).length, 3);
    assert.equal((html.match(/data-mend="split"/g) ?? []).length, 3);
    assert.equal((html.match(/data-mend="merge"/g) ?? []).length, 1);
    assert.match(
      html,
      new RegExp(`<form class="mend-form" method="post" action="/stories/${lib.ferryStory}/mend/merge"`),
    );
  });

  it('moves an account to the story named by a pasted address, and answers with that story', async () => {
    const target = await storyOf(lib.ids.library);
    const served = await post(lib.store, `/stories/${lib.ferryStory}/mend/move`, {
      article: lib.ids.radio,
      to: `http://localhost/stories/${target}`,
    });
    assert.equal(served.status, 303);
    assert.equal(served.headers.get('location'), `/stories/${target}`);
    assert.equal(await storyOf(lib.ids.radio), target);
    assert.match(await page(lib.store, `/stories/${target}`), />2 accounts from 2 outlets · /);
  });

  it('splits an account into a new story of its own', async () => {
    const served = await post(lib.store, `/stories/${lib.ferryStory}/mend/split`, { article: lib.ids.courier });
    assert.equal(served.status, 303);
    const fresh = await storyOf(lib.ids.courier);
    assert.notEqual(fresh, lib.ferryStory);
    assert.equal(served.headers.get('location'), `/stories/${fresh}`);
    assert.match(await page(lib.store, `/stories/${fresh}`), />1 account from 1 outlet · [^<]*<time/);
  });

  it('merges a story into another by its id, and its old address then leads there', async () => {
    const into = await storyOf(lib.ids.courier);
    const served = await post(lib.store, `/stories/${lib.ferryStory}/mend/merge`, { into });
    assert.equal(served.status, 303);
    assert.equal(served.headers.get('location'), `/stories/${into}`);
    assert.equal(await storyOf(lib.ids.ledger), into);

    const old = await get(lib.store, `/stories/${lib.ferryStory}?back=%2Fstories`);
    assert.equal(old.status, 301);
    assert.equal(old.headers.get('location'), `/stories/${into}?back=%2Fstories`);
    const feed = await get(lib.store, `/stories/${lib.ferryStory}/feed.atom`);
    assert.equal(feed.status, 301);
    assert.equal(feed.headers.get('location'), `/stories/${into}/feed.atom`);
  });

  it('answers bad input with a problem page that says what to do', async () => {
    const into = await storyOf(lib.ids.courier);
    const cases: [path: string, fields: Record<string, string>, status: number, message: RegExp][] = [
      [`/stories/${into}/mend/merge`, { into: '' }, 400, /Give the story to merge this one into/],
      [`/stories/${into}/mend/merge`, { into }, 400, /cannot be merged into itself/],
      [
        `/stories/${into}/mend/merge`,
        { into: `http://localhost/stories/${into}` },
        400,
        /cannot be merged into itself/,
      ],
      [`/stories/${into}/mend/merge`, { into: 'no-such-story' }, 404, /no story with the id “no-such-story”/],
      [`/stories/${into}/mend/move`, { article: lib.ids.ledger, to: 'http://x/articles/1' }, 400, /neither a story/],
      [`/stories/${into}/mend/move`, { article: lib.ids.ledger, to: '   ' }, 400, /Give the story to move/],
      [`/stories/${into}/mend/move`, { article: 'nobody', to: into }, 404, /no article has the id nobody/],
      [`/stories/${into}/mend/split`, {}, 400, /did not say which account/],
    ];
    for (const [path, fields, status, message] of cases) {
      const served = await post(lib.store, path, fields);
      assert.equal(served.status, status, `${JSON.stringify(fields)} answered ${served.status}`);
      assert.match(served.body, /<h1>Could not do that<\/h1>/);
      assert.match(served.body, message);
    }
    assert.equal(await storyOf(lib.ids.ledger), into, 'a refused change changed the story');
  });
});
