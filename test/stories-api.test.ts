// Stories over the JSON API: the list (paging, since), one story, entities, article records with their story,
// a reader's corrections (merge, move, split), entity: search, and 4xx JSON for bad input.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Article, EntityDetail, StoryDetail, StorySummary } from '../src/model.js';
import { placeAllWaiting } from '../src/pipeline/stories.js';
import { json, openTestStore, type TestStore } from './harness.js';
import { day, draft, singles, wire } from './story-drafts.js';

interface StoryList {
  items: StorySummary[];
  total: number;
  limit: number;
  nextCursor: string | null;
}

interface ApiError {
  error: string;
  detail: unknown;
}

/** A draft with an address of its own, made from its outlet, headline and length. */
const draftAt = (source: string, headline: string, paragraphs: string[], publishedAt: string) =>
  draft(
    source,
    headline,
    paragraphs,
    publishedAt,
    `https://${source.toLowerCase().replaceAll(' ', '')}.example/${headline.length}-${paragraphs.length}`,
  );

async function fill(store: TestStore): Promise<{ wireIds: string[]; singleIds: string[] }> {
  const wireIds = [
    (
      await store.ctx.store.saveArticle(
        draftAt('Harbour Ledger', 'Kestrel Harbour votes to close ferry terminal', wire, day(1)),
      )
    ).id,
    (
      await store.ctx.store.saveArticle(
        draftAt('Coastal Wire', 'Kestrel Harbour council votes to close ferry terminal', wire, day(1)),
      )
    ).id,
  ];
  const singleIds: string[] = [];
  for (const [i, [source, headline, text]] of singles.entries()) {
    singleIds.push((await store.ctx.store.saveArticle(draftAt(source, headline, [text], day(20 + i * 15)))).id);
  }
  await placeAllWaiting(store.ctx);
  return { wireIds, singleIds };
}

function post(store: TestStore, path: string, body: unknown) {
  return store.app.request(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
}

describe('stories in the JSON API', () => {
  let store: TestStore;
  let wireIds: string[];
  let singleIds: string[];
  before(async () => {
    store = await openTestStore();
    ({ wireIds, singleIds } = await fill(store));
  });
  after(() => store.close());

  const list = async (query: string) => {
    const response = await store.app.request(`/api/stories${query}`);
    assert.equal(response.status, 200, await response.clone().text());
    return json<StoryList>(response);
  };

  it('lists the story of several accounts first, then the rest, and pages through each once', async () => {
    const all = await list('');
    assert.equal(all.total, 6);
    assert.equal(all.limit, 30);
    assert.equal(all.items[0]!.articleCount, 2);
    assert.equal(all.items[0]!.sourceCount, 2);
    assert.ok(all.items.slice(1).every((story) => story.articleCount === 1));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: StoryList = await list(`?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.ok(page.items.length <= 4);
      seen.push(...page.items.map((story) => story.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(
      seen,
      all.items.map((story) => story.id),
    );
  });

  it('lists only the stories with an account since a date or a span back from now', async () => {
    assert.equal((await list('?since=7d')).total, 1);
    assert.equal((await list('?since=168h')).total, 1);
    assert.equal((await list(`?since=${day(40)}`)).total, 3);
    assert.equal((await list('?since=2000-01-01T00:00Z')).total, 6);
    assert.equal((await list('?singletons=none')).total, 1);
  });

  it('answers bad input with a 400 and the reason in JSON', async () => {
    for (const [query, reason] of [
      ['?since=yesterday', /since: "yesterday" is neither an ISO 8601 date or time .* nor a span back from now/],
      ['?since=2026-02-30', /since: "2026-02-30" is not a date: February 2026 has days 01 to 28/],
      ['?limit=0', /limit must be at least 1/],
      ['?limit=201', /limit must be at most 200/],
      ['?limit=ten', /limit must be a whole number/],
      ['?cursor=not-a-cursor', /cursor/],
      ['?singletons=maybe', /singletons/],
    ] as const) {
      const response = await store.app.request(`/api/stories${query}`);
      assert.equal(response.status, 400, query);
      const body = await json<ApiError>(response);
      assert.match(body.error, reason, query);
    }
  });

  it('shows one story with its accounts, outlets and the entities they name', async () => {
    const [top] = (await list('')).items;
    const response = await store.app.request(`/api/stories/${top!.id}`);
    assert.equal(response.status, 200);
    const story = await json<StoryDetail>(response);
    assert.deepEqual(story.articles.map((a) => a.id).sort(), [...wireIds].sort());
    assert.deepEqual(story.sources.map((s) => s.source.name).sort(), ['Coastal Wire', 'Harbour Ledger']);
    const solberg = story.entities.find((e) => e.name === 'Ingrid Solberg');
    assert.equal(solberg?.kind, 'person');
    assert.equal(story.byHand, false);

    const entity = await json<EntityDetail>(await store.app.request(`/api/entities/${solberg!.id}`));
    assert.equal(entity.name, 'Ingrid Solberg');
    assert.deepEqual(entity.articles.map((a) => a.id).sort(), [...wireIds].sort());
    assert.deepEqual(
      entity.stories.map((s) => s.id),
      [story.id],
    );
  });

  it('gives every article record its story and entities', async () => {
    const article = await json<Article>(await store.app.request(`/api/articles/${wireIds[0]}`));
    const twin = await json<Article>(await store.app.request(`/api/articles/${wireIds[1]}`));
    assert.ok(article.storyId);
    assert.equal(article.storyId, twin.storyId);
    assert.ok(article.entities.some((e) => e.name === 'Ingrid Solberg' && e.kind === 'person' && e.mentions >= 1));
    const page = await json<{ items: Article[] }>(await store.app.request('/api/articles?limit=100'));
    assert.ok(page.items.every((a) => typeof a.storyId === 'string' && Array.isArray(a.entities)));
  });

  it('answers 404 in JSON for a story or entity it never had', async () => {
    for (const path of ['/api/stories/no-such-story', '/api/entities/per-nobody']) {
      const response = await store.app.request(path);
      assert.equal(response.status, 404, path);
      assert.match((await json<ApiError>(response)).error, /^no (story|entity) with id/);
    }
  });

  it('finds the articles that name an entity with entity:', async () => {
    const search = async (q: string) => {
      const response = await store.app.request(`/api/search?q=${encodeURIComponent(q)}`);
      assert.equal(response.status, 200, `${q}: ${await response.clone().text()}`);
      return (await json<{ results: { article: Article }[] }>(response)).results.map((r) => r.article.id).sort();
    };
    const both = [...wireIds].sort();
    assert.deepEqual(await search('entity:"Ingrid Solberg"'), both);
    assert.deepEqual(await search('entity:"ingrid SOLBERG\'s"'), both);
    // A form an article wrote the name under finds the entity too.
    assert.deepEqual(await search('entity:Solberg'), both);
    assert.deepEqual(await search('entity:solberg source:coastal-wire'), [wireIds[1]]);
    assert.deepEqual(await search('entity:"Amadou Keïta" glassworks'), [singleIds[0]]);
    assert.deepEqual(await search('entity:solberg -sailings'), []);
    assert.deepEqual(await search('entity:"Nobody Atall"'), []);
    const empty = await store.app.request(`/api/search?q=${encodeURIComponent('entity:""')}`);
    assert.equal(empty.status, 400);
    assert.match((await json<ApiError>(empty)).error, /entity: needs a value/);
  });

  it('documents the story and entity routes in openapi.json', async () => {
    const doc = await json<{
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    }>(await store.app.request('/api/openapi.json'));
    for (const [path, method] of [
      ['/stories', 'get'],
      ['/stories/{id}', 'get'],
      ['/stories/{id}/merge', 'post'],
      ['/articles/{id}/story', 'post'],
      ['/entities/{id}', 'get'],
    ] as const) {
      assert.ok(doc.paths[path]?.[method], `${method} ${path}`);
    }
    assert.ok(doc.components.schemas.Article!.properties.storyId);
    assert.ok(doc.components.schemas.Article!.properties.entities);
  });
});

describe("a reader's corrections over the JSON API", () => {
  let store: TestStore;
  let wireIds: string[];
  let singleIds: string[];
  before(async () => {
    store = await openTestStore();
    ({ wireIds, singleIds } = await fill(store));
  });
  after(() => store.close());

  const storyOf = async (articleId: string) =>
    (await json<Article>(await store.app.request(`/api/articles/${articleId}`))).storyId!;

  it('splits an article into a story of its own and moves it back', async () => {
    const together = await storyOf(wireIds[0]!);
    const split = await post(store, `/api/articles/${wireIds[1]}/story`, { split: true });
    assert.equal(split.status, 200);
    const alone = await json<StoryDetail>(split);
    assert.deepEqual(
      alone.articles.map((a) => a.id),
      [wireIds[1]],
    );
    assert.equal(alone.byHand, true);
    assert.notEqual(alone.id, together);

    const moved = await json<StoryDetail>(
      await post(store, `/api/articles/${wireIds[1]}/story`, { storyId: together }),
    );
    assert.equal(moved.id, together);
    assert.equal(moved.articleCount, 2);
  });

  it('merges one story into another; the old address answers 308 to the new one', async () => {
    const into = await storyOf(wireIds[0]!);
    const from = await storyOf(singleIds[0]!);
    const merged = await post(store, `/api/stories/${from}/merge`, { into });
    assert.equal(merged.status, 200);
    assert.equal((await json<StoryDetail>(merged)).articleCount, 3);
    const old = await store.app.request(`/api/stories/${from}`);
    assert.equal(old.status, 308);
    assert.equal(old.headers.get('location'), `/api/stories/${into}`);
    assert.equal(await storyOf(singleIds[0]!), into);
  });

  it('refuses a correction it cannot make with the reason in JSON', async () => {
    const story = await storyOf(wireIds[0]!);
    for (const [path, body, status, reason] of [
      [`/api/articles/${wireIds[0]}/story`, {}, 400, /either "storyId" .* or "split": true/],
      [`/api/articles/${wireIds[0]}/story`, { storyId: story, split: true }, 400, /either "storyId"/],
      [`/api/articles/${wireIds[0]}/story`, { split: false }, 400, /split/],
      ['/api/articles/no-such-article/story', { split: true }, 404, /no article has the id no-such-article/],
      [`/api/articles/${wireIds[0]}/story`, { storyId: 'no-such-story' }, 404, /no story has the id no-such-story/],
      [`/api/stories/${story}/merge`, { into: story }, 400, /cannot be merged into itself/],
      [`/api/stories/${story}/merge`, {}, 400, /into/],
      ['/api/stories/no-such-story/merge', { into: story }, 404, /no story has the id no-such-story/],
    ] as const) {
      const response = await post(store, path, body);
      assert.equal(response.status, status, `${path} ${JSON.stringify(body)}`);
      assert.match((await json<ApiError>(response)).error, reason, `${path} ${JSON.stringify(body)}`);
    }
  });
});
