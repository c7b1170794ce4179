// Stories through the real store: articles saved, placed in their stories, mended by hand, regrouped; on SQLite
// and on PostgreSQL, where several workers place at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { defaultStorySettings } from '../src/analysis/stories/index.js';
import { placeArticles } from '../src/analysis/stories/place.js';
import { loadConfig } from '../src/config.js';
import { type AppContext, createContext } from '../src/context.js';
import type { ArticleDraft } from '../src/model.js';
import { loadSamplesIfEmpty } from '../src/pipeline/samples.js';
import {
  mergeStories,
  moveArticle,
  placeAllWaiting,
  placeSaved,
  rebuildStories,
  splitArticle,
} from '../src/pipeline/stories.js';
import { createPostgresDatabase, openTestStore, type TestStore } from './harness.js';
import { bern, mannheim } from './story-fights.js';

function draft(
  source: string,
  headline: string,
  paragraphs: string[],
  extra: Partial<ArticleDraft> = {},
): ArticleDraft {
  return {
    url: null,
    canonicalUrl: null,
    headline,
    deck: null,
    byline: null,
    publishedAt: '2026-11-24T09:00:00Z',
    language: null,
    source: { name: source, homepage: null, paywalled: false },
    paragraphs,
    related: [],
    paywalled: false,
    extraction: { method: 'test', version: '1' },
    ...extra,
  };
}

const quake = [
  'A magnitude 6.4 earthquake struck off the coast of Hokkaido early Tuesday, the Japan Meteorological Agency said.',
  'The quake hit at 4:12 a.m. at a depth of 38 kilometres about 60 kilometres east of Kushiro, the agency said.',
  'Officials in Kushiro reported 23 people hurt by falling furniture and broken glass; no deaths were reported.',
  'Chief Cabinet Secretary Hiroshi Tanabe told reporters the government had set up a task force in Tokyo.',
];

const budget = [
  'The Lindenfield city council approved a $412 million budget on Monday after a six-hour meeting.',
  'Mayor Odile Brandvold said the plan adds 40 police officers and freezes water rates for a year.',
  'Council member Petra Ilves voted against it, saying the library cuts went too far.',
];

const marathon = [
  'Kenyan runner Faith Chepkoech won the Valdora marathon on Sunday in 2 hours 19 minutes 44 seconds.',
  'She pulled away from Ethiopia’s Alem Tesfaye at the 35th kilometre and finished 41 seconds ahead.',
];

/** A wire story as an outlet runs it: the same text under its own headline. */
const wireCopy = (source: string, n: number) =>
  draft(source, `Magnitude 6.4 quake off Hokkaido hurts 23 (${source} ${n})`, quake);

async function save(ctx: AppContext, drafts: ArticleDraft[]): Promise<string[]> {
  const ids: string[] = [];
  for (const d of drafts) ids.push((await ctx.store.saveArticle(d)).id);
  return ids;
}

async function storyOf(ctx: AppContext, id: string): Promise<string | null> {
  return (await ctx.store.getArticle(id))?.storyId ?? null;
}

describe('stories in the store (SQLite)', () => {
  let store: TestStore;
  before(async () => {
    store = await openTestStore();
  });
  after(() => store.close());

  it('places wire copies from several outlets in one story and other events in their own', async () => {
    const { ctx } = store;
    const copies = await save(ctx, [
      wireCopy('Kyodo Daily', 1),
      wireCopy('Harbour Times', 2),
      wireCopy('Valley Post', 3),
    ]);
    const others = await save(ctx, [draft('Harbour Times', 'Lindenfield passes budget', budget)]);
    assert.equal(await ctx.store.countUnplaced(), 4);
    const outcome = await placeAllWaiting(ctx);
    assert.equal(outcome.placed, 4);
    assert.equal(await ctx.store.countUnplaced(), 0);

    const quakeStory = await storyOf(ctx, copies[0]!);
    assert.ok(quakeStory);
    for (const id of copies) assert.equal(await storyOf(ctx, id), quakeStory);
    assert.notEqual(await storyOf(ctx, others[0]!), quakeStory);

    const story = (await ctx.store.getStory(quakeStory))!;
    assert.equal(story.articleCount, 3);
    assert.equal(story.sourceCount, 3);
    assert.deepEqual(
      story.articles.map((a) => a.id),
      copies,
    );
    const names = story.entities.map((e) => e.name);
    assert.ok(names.includes('Hokkaido'), `entities: ${names.join(', ')}`);
    assert.ok(names.includes('Hiroshi Tanabe'), `entities: ${names.join(', ')}`);

    const article = (await ctx.store.getArticle(copies[0]!))!;
    assert.ok(article.entities.some((e) => e.name === 'Kushiro' && e.mentions === 2));
    const others2 = await ctx.store.otherAccounts(copies[0]!);
    assert.equal(others2?.total, 2);
  });

  it('places a just-saved article at once, and a second placement of it changes nothing', async () => {
    const { ctx } = store;
    const [id] = await save(ctx, [wireCopy('Coast Courier', 4)]);
    await placeSaved(ctx, [id!]);
    const storyId = await storyOf(ctx, id!);
    assert.equal(storyId, await storyOf(ctx, (await ctx.store.listStories({ perPage: 1 })).items[0]!.leadArticleId!));
    const before = (await ctx.store.getStory(storyId!))!.articleCount;
    await placeSaved(ctx, [id!]);
    assert.equal((await ctx.store.getStory(storyId!))!.articleCount, before);
  });

  it('keeps articles with no body, very long articles and other languages from breaking placement', async () => {
    const { ctx } = store;
    const long = Array.from(
      { length: 3000 },
      (_, i) => `Paragraph ${i} of the inquiry report mentions clause ${i * 7} and Commissioner Alva Rusk.`,
    );
    const ids = await save(ctx, [
      draft('Harbour Times', 'Storm warning lifted', []),
      draft('Valley Post', 'Inquiry report published in full', long),
      draft('Berliner Blatt', 'Erdbeben der Stärke 6,4 vor Hokkaido', [
        'Ein Erdbeben der Stärke 6,4 hat am Dienstag die Küste vor Hokkaido erschüttert, wie die japanische Wetterbehörde mitteilte.',
        'In Kushiro wurden nach Angaben der Behörden 23 Menschen durch umstürzende Möbel und zerbrochenes Glas verletzt.',
        'Regierungssprecher Hiroshi Tanabe sagte, die Regierung habe in Tokio einen Krisenstab eingerichtet.',
      ]),
      draft('Pravda Severa', 'Землетрясение у Хоккайдо', [
        'Землетрясение магнитудой 6,4 произошло у побережья Хоккайдо во вторник.',
      ]),
    ]);
    await placeAllWaiting(ctx);
    const quakeStory = await storyOf(ctx, (await ctx.store.listStories({ perPage: 1 })).items[0]!.leadArticleId!);
    for (const id of ids) assert.ok(await storyOf(ctx, id), 'every article is placed');
    // The German and Russian accounts are stories of their own, not accounts of the English one.
    assert.notEqual(await storyOf(ctx, ids[2]!), quakeStory);
    assert.notEqual(await storyOf(ctx, ids[3]!), quakeStory);
    const longStory = (await ctx.store.getStory((await storyOf(ctx, ids[1]!))!))!;
    assert.equal(longStory.articleCount, 1);
  });

  it('lets a reader move, split and merge, keeps old addresses, and a rebuild keeps those decisions', async () => {
    const { ctx } = store;
    const [run1, run2] = await save(ctx, [
      draft('Valley Post', 'Chepkoech wins Valdora marathon', marathon),
      draft('Harbour Times', 'Kenyan Chepkoech takes Valdora title', marathon),
    ]);
    await placeAllWaiting(ctx);
    const marathonStory = (await storyOf(ctx, run1!))!;
    assert.equal(await storyOf(ctx, run2!), marathonStory);

    const split = await splitArticle(ctx, run2!);
    assert.notEqual(split, marathonStory);
    assert.equal(await storyOf(ctx, run2!), split);
    assert.equal((await ctx.store.getStory(marathonStory))!.articleCount, 1);

    const budgetId = (await ctx.store.listStories({ perPage: 100 })).items.find((s) => /budget/i.test(s.headline))!.id;
    const [budgetArticle] = (await ctx.store.getStory(budgetId))!.articles;
    await moveArticle(ctx, budgetArticle!.id, marathonStory);
    assert.equal(await storyOf(ctx, budgetArticle!.id), marathonStory);
    // The budget story lost its only account: its address now leads to where the account went.
    assert.equal(await ctx.store.getStory(budgetId), null);
    assert.equal(await ctx.store.storyRedirect(budgetId), marathonStory);

    const into = await mergeStories(ctx, split, marathonStory);
    assert.equal(into, marathonStory);
    assert.equal(await ctx.store.storyRedirect(split), marathonStory);
    assert.equal((await ctx.store.getStory(marathonStory))!.articleCount, 3);

    await assert.rejects(mergeStories(ctx, marathonStory, marathonStory), /itself/);
    await assert.rejects(moveArticle(ctx, run1!, 'no-such-story'), /no story has the id/);

    await rebuildStories(ctx);
    assert.equal(await ctx.store.countUnplaced(), 0);
    // What the reader put together stays together after a rebuild.
    const after = await storyOf(ctx, run1!);
    assert.equal(await storyOf(ctx, run2!), after);
    assert.equal(await storyOf(ctx, budgetArticle!.id), after);
  });

  it('splits off a second event that a loose join had mixed into a story, and keeps the story’s address', async () => {
    const own = await openTestStore();
    try {
      const { ctx } = own;
      const fights = [...mannheim, ...bern];
      const order = [0, 4, 1, 5, 2, 6, 3, 7];
      const ids = await save(
        ctx,
        order.map((index) => {
          const [headline, ...paragraphs] = fights[index]!;
          return draft(`Outlet ${index}`, headline!, paragraphs);
        }),
      );
      const event = new Map(order.map((index, at) => [ids[at]!, index < 4 ? 'mannheim' : 'bern']));
      // A join threshold so low that every fight lands in the first story (merges as strict as ever): the second
      // look must undo it, over accounts placed in an earlier transaction and in this one.
      const loose = { ...defaultStorySettings, threshold: 0.01, mergeFactor: 80 };
      await placeArticles(ctx.store, ids.slice(0, 3), loose);
      const first = (await storyOf(ctx, ids[0]!))!;
      await placeArticles(ctx.store, ids.slice(3), loose);

      const groups = new Map<string, string[]>();
      for (const id of ids) {
        const storyId = (await storyOf(ctx, id))!;
        groups.set(storyId, [...(groups.get(storyId) ?? []), event.get(id)!]);
      }
      assert.deepEqual([...groups.values()].map((events) => [...new Set(events)]).sort(), [['bern'], ['mannheim']]);
      assert.ok(groups.has(first), 'one of the two parts keeps the first story’s id');
      const { items, total } = await ctx.store.listStories({ perPage: 10 });
      assert.equal(total, 2);
      for (const story of items) {
        assert.equal(story.articleCount, 4);
        assert.equal(story.sourceCount, 4);
      }
    } finally {
      await own.close();
    }
  });

  it('groups 10,000 near-identical copies into one story whose row stays small', async () => {
    const local = await openTestStore();
    try {
      const { ctx } = local;
      const drafts = Array.from({ length: 10_000 }, (_, i) =>
        draft(`Outlet ${i % 200}`, `Magnitude 6.4 quake off Hokkaido hurts 23 (${i})`, [...quake, `Update ${i}.`]),
      );
      for (let i = 0; i < drafts.length; i += 1000) await ctx.store.saveArticles(drafts.slice(i, i + 1000));
      await placeAllWaiting(ctx);
      const page = await ctx.store.listStories({ perPage: 5 });
      assert.equal(page.total, 1);
      const story = page.items[0]!;
      assert.equal(story.articleCount, 10_000);
      assert.equal(story.sourceCount, 200);
      const row = ctx.db.kysely.selectFrom('stories').select('state').where('id', '=', story.id);
      const { state } = await row.executeTakeFirstOrThrow();
      assert.ok(state.length < 40_000, `the story's row is ${state.length} characters`);
    } finally {
      await local.close();
    }
  });
});

describe('the bundled samples', () => {
  it('group the three accounts of the ferry collision, and the three of the bridge vote, with nothing else', async () => {
    const local = await openTestStore({ READOUT_SAMPLES: '1' });
    try {
      const { ctx } = local;
      await loadSamplesIfEmpty(ctx);
      const stories = (await ctx.store.listStories({ perPage: 50 })).items;
      const several = stories.filter((story) => story.articleCount > 1);
      const headlines = async (id: string) => (await ctx.store.getStory(id))!.articles.map((a) => a.headline).sort();
      assert.equal(several.length, 2, `stories of several accounts: ${several.map((s) => s.headline).join(' | ')}`);
      const grouped = await Promise.all(several.map((story) => headlines(story.id)));
      assert.deepEqual(
        grouped.sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
        [
          [
            '17 Hurt as Ferry Hits Barge Near Chandler Street Terminal',
            'Investigators Board Damaged Ferry as Skerry Island Service Stays Suspended',
            'Skerry Island Ferry Strikes Dredge Barge in Fog; 14 Injured',
          ],
          [
            'Council Votes 6-3 to Close Kestle Street Bridge for Two-Year Rebuild',
            'Kestle Street Bridge Will Close in March After Split Council Vote',
            'Port Tessaly Council Approves Kestle Street Bridge Closure',
          ],
        ],
      );
      assert.equal(stories.length, 17 - 4);
      // The harbor master quoted in the Ledger's account is found by her surname.
      const found = await local.app.request('/api/search?q=entity:Osei');
      const { results } = (await found.json()) as { results: { article: { headline: string } }[] };
      assert.deepEqual(
        results.map((r) => r.article.headline),
        ['Skerry Island Ferry Strikes Dredge Barge in Fog; 14 Injured'],
      );
    } finally {
      await local.close();
    }
  });
});

describe('stories on PostgreSQL, placed by several workers at once', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  const workers: AppContext[] = [];
  before(async () => {
    database = await createPostgresDatabase('readout_stories');
    for (let i = 0; i < 4; i++) {
      const config = loadConfig({ DATABASE_URL: database.url, READOUT_SAMPLES: '0' });
      workers.push(await createContext(config, { log: pino({ level: 'silent' }) }));
    }
  });
  after(async () => {
    for (const ctx of workers) await ctx.close();
    await database.drop();
  });

  it('never splits or doubles a story when workers save and place the same event at the same moment', async () => {
    const events = [
      (i: number) => wireCopy(`Wire ${i}`, i),
      (i: number) => draft(`Wire ${i}`, `Lindenfield budget passes (${i})`, budget),
      (i: number) => draft(`Wire ${i}`, `Chepkoech wins in Valdora (${i})`, marathon),
    ];
    // Each worker saves its share of every event's copies and places them, all four at once.
    await Promise.all(
      workers.map(async (ctx, w) => {
        for (let round = 0; round < 4; round++) {
          const drafts = events.map((event) => event(w * 4 + round));
          const ids: string[] = [];
          for (const d of drafts) ids.push((await ctx.store.saveArticle(d)).id);
          await placeSaved(ctx, ids);
        }
      }),
    );
    const ctx = workers[0]!;
    assert.equal(await ctx.store.countUnplaced(), 0);
    const page = await ctx.store.listStories({ perPage: 10 });
    assert.deepEqual(
      page.items.map((s) => s.articleCount),
      [16, 16, 16],
    );
    const grouping = [];
    for await (const story of ctx.store.eachStoryGrouping()) grouping.push(story);
    assert.equal(grouping.flatMap((s) => s.articles).length, 48);
    const totals = await ctx.db.kysely.selectFrom('story_totals').selectAll().orderBy('name').execute();
    assert.deepEqual(totals, [
      { name: 'articles', value: 48 },
      { name: 'stories', value: 3 },
    ]);
  });
});
