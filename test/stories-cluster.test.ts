// Stories: articles arriving one at a time are grouped by the event they report, not by their topic.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  articleFeatures,
  chooseCandidates,
  createStoryClusterer,
  decidePlacement,
  decodeStory,
  defaultStorySettings,
  encodeStory,
  type Features,
  joinStory,
  lookupKeys,
  maxStoryFeatures,
  newStory,
  rarityFrom,
  type StoryArticle,
  type StoryState,
} from '../src/analysis/stories/index.js';
import { decideSplit } from '../src/analysis/stories/split.js';
import { bern, mannheim } from './story-fights.js';

function article(id: string, source: string, headline: string, paragraphs: string[]): StoryArticle {
  return { id, headline, deck: null, paragraphs, publishedAt: null, source };
}

const wire = [
  'A magnitude 6.1 earthquake struck Aceh province on the Indonesian island of Sumatra on Tuesday, July 2, 2013.',
  'At least 22 people were killed in the Bener Meriah and Central Aceh districts, Governor Zaini Abdullah said.',
  'The quake damaged mosques and schools near Takengon, and rescuers searched for people buried by landslides.',
];

const haiti = [
  'A magnitude 7.0 earthquake struck Haiti on Tuesday, January 12, 2010, near the capital Port-au-Prince.',
  'President René Préval said thousands of people were killed and the National Palace had collapsed.',
  'Rescuers searched for survivors in the rubble of schools and hospitals across the city.',
];

// The same province, another year and another quake: the kind of pair that only names, numbers and years tell apart.
const aceh2004 = [
  'A magnitude 9.1 earthquake struck off Aceh province on Sunday, December 26, 2004, and sent a tsunami ashore.',
  'More than 100,000 people were killed in Banda Aceh and Meulaboh, officials in Jakarta said.',
  'Rescuers searched the rubble of mosques and schools, and President Susilo Bambang Yudhoyono flew to the province.',
];

const rehab = [
  'Actress Tara Reid has checked herself into the Promises Treatment Center in Malibu, her publicist Jack Ketsoyan said.',
  'The "American Pie" star, 33, did not say what she was being treated for.',
];

const rehabAgain = [
  'Tara Reid entered Promises Treatment Center in Malibu this week, publicist Jack Ketsoyan told People magazine.',
  'Reid, 33, the star of "American Pie", asked for privacy.',
];

const sample: StoryArticle[] = [
  article('aceh-ap', 'Daily Courier', 'Earthquake kills 22 in Indonesia’s Aceh', wire),
  article('aceh-reuters', 'Harbor Bulletin', 'Quake in Aceh kills at least 22', [...wire].reverse()),
  article('haiti-1', 'Evening Ledger', 'Earthquake devastates Haiti', haiti),
  article('haiti-2', 'Morning Tribune', 'Haiti quake: thousands feared dead in Port-au-Prince', haiti.slice(0, 2)),
  article('reid-1', 'Film Gazette', 'Tara Reid checks into rehab', rehab),
  article('reid-2', 'Star Dispatch', "'American Pie' star Tara Reid enters Promises", rehabAgain),
];

/** The grouping as a sorted list of sorted article ids, so that two runs can be compared whatever the ids. */
function grouping(articles: StoryArticle[]): string[][] {
  const clusterer = createStoryClusterer();
  for (const item of articles) clusterer.place(item);
  return clusterer
    .stories()
    .map((story) => [...story.articleIds].sort())
    .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

const features = (entries: Record<string, number>): Features => new Map(Object.entries(entries));
const story = (id: string, articleCount: number, sums: Record<string, number>): StoryState => ({
  id,
  articleCount,
  sums: features(sums),
});
// Every feature equally rare: the decision then rests on the features alone.
const even = () => 1;

describe('story clustering', () => {
  it('puts two outlets’ copies of one wire report in one story', () => {
    const clusterer = createStoryClusterer();
    const first = clusterer.place(sample[0]!);
    const second = clusterer.place(sample[1]!);
    assert.equal(second, first);
    assert.equal(clusterer.stories().length, 1);
  });

  it('keeps two earthquakes in different places and years apart', () => {
    const clusterer = createStoryClusterer();
    clusterer.place(sample[0]!);
    clusterer.place(sample[2]!);
    assert.notEqual(clusterer.storyOf('aceh-ap'), clusterer.storyOf('haiti-1'));
  });

  it('keeps two earthquakes in one province, years apart, in two stories while copies of each join', () => {
    const clusterer = createStoryClusterer();
    clusterer.place(sample[0]!);
    clusterer.place(article('tsunami-1', 'Wire', 'Quake and tsunami kill thousands in Aceh', aceh2004));
    clusterer.place(sample[1]!);
    clusterer.place(article('tsunami-2', 'Gazette', 'Tsunami devastates Aceh', [...aceh2004].reverse()));
    assert.equal(clusterer.storyOf('aceh-reuters'), clusterer.storyOf('aceh-ap'));
    assert.equal(clusterer.storyOf('tsunami-2'), clusterer.storyOf('tsunami-1'));
    assert.notEqual(clusterer.storyOf('aceh-ap'), clusterer.storyOf('tsunami-1'));
  });

  it('groups a small set the same way whatever order it arrives in', () => {
    const expected = [
      ['aceh-ap', 'aceh-reuters'],
      ['haiti-1', 'haiti-2'],
      ['reid-1', 'reid-2'],
    ];
    const orders = [sample, [...sample].reverse(), [...sample.slice(3), ...sample.slice(0, 3)]];
    orders.push([sample[4]!, sample[0]!, sample[2]!, sample[5]!, sample[1]!, sample[3]!]);
    for (const order of orders) assert.deepEqual(grouping(order), expected);
  });

  it('places an article with no body, or in another language, without failing', () => {
    const clusterer = createStoryClusterer();
    for (const item of sample) clusterer.place(item);
    const empty = clusterer.place(article('empty', 'Wire', '', []));
    const greek = clusterer.place(
      article('greek', 'Καθημερινή', 'Σεισμός 6,1 Ρίχτερ στην Ινδονησία', ['Ισχυρός σεισμός έπληξε την Ατσέχ.']),
    );
    const japanese = clusterer.place(
      article('japanese', '朝日新聞', 'インドネシアで地震', ['アチェ州で地震があった。']),
    );
    for (const id of [empty, greek, japanese]) assert.equal(typeof id, 'string');
    assert.notEqual(clusterer.storyOf('greek'), clusterer.storyOf('haiti-1'));
    assert.equal(clusterer.stories().flatMap((story) => story.articleIds).length, sample.length + 3);
  });

  it('merges two stories when a later article shows they are one event', () => {
    const clusterer = createStoryClusterer();
    // Two reports of one quake that share almost nothing start two stories; the full wire report bridges them.
    clusterer.place(article('toll', 'Wire', 'Governor counts the dead', [wire[1]!]));
    clusterer.place(article('damage', 'Wire', 'Mosques damaged near Takengon', [wire[2]!]));
    assert.notEqual(clusterer.storyOf('toll'), clusterer.storyOf('damage'));
    const merged = clusterer.storyOf('damage')!;
    const home = clusterer.place(article('full', 'Wire', 'Earthquake kills 22 in Aceh', wire));
    assert.equal(clusterer.storyOf('toll'), home);
    assert.equal(clusterer.storyOf('damage'), home);
    assert.equal(clusterer.stories().length, 1);
    assert.equal(clusterer.currentId(merged), home);
  });

  it('counts the people and places an article names, not a title-case headline’s capitals or weekdays', () => {
    const names = (item: StoryArticle) =>
      [...articleFeatures(item).keys()].filter((key) => key.startsWith('n:')).sort();
    const obituary = article('larue', 'Wire', 'Fred LaRue, Watergate Figure, Dies at 75', [
      'Fred LaRue, an aide to President Richard Nixon who delivered hush money in the Watergate scandal, died on Saturday in Biloxi.',
      'Mr. LaRue was 75, his son said on Monday.',
    ]);
    const found = names(obituary);
    assert.ok(found.includes('n:richard nixon'), found.join(', '));
    assert.ok(!found.some((key) => /figure|dies|saturday|monday/.test(key)), found.join(', '));
    // "Fred LaRue" and "Mr. LaRue" are one man, one name.
    assert.equal(found.filter((key) => key.includes('larue')).length, 1, found.join(', '));
  });
});

describe('the placement decision', () => {
  const settings = defaultStorySettings;

  it('joins the story an article matches and starts a new one when none does', () => {
    const quake = story('quake', 3, { 'n:aceh': 6, 'w:quake': 3, '#:6.1': 3 });
    const rehabStory = story('rehab', 2, { 'n:tara reid': 4, 'w:rehab': 2 });
    const candidates = [rehabStory, quake];
    const joined = decidePlacement({
      features: features({ 'n:aceh': 2, 'w:quake': 1 }),
      candidates,
      rarity: even,
      settings,
    });
    assert.deepEqual(joined, { join: 'quake', merge: [] });
    const alone = decidePlacement({
      features: features({ 'n:haiti': 2, 'w:palace': 1 }),
      candidates,
      rarity: even,
      settings,
    });
    assert.deepEqual(alone, { join: null, merge: [] });
    assert.deepEqual(decidePlacement({ features: features({ 'n:aceh': 2 }), candidates: [], rarity: even, settings }), {
      join: null,
      merge: [],
    });
  });

  it('merges a second story that the article matches as well', () => {
    const east = story('east', 2, { 'n:aceh': 4, 'w:quake': 2, 'n:takengon': 2 });
    const west = story('west', 2, { 'n:aceh': 4, 'w:quake': 2, 'n:bener meriah': 2 });
    const plan = decidePlacement({
      features: features({ 'n:aceh': 2, 'w:quake': 1, 'n:takengon': 2, 'n:bener meriah': 2 }),
      candidates: [west, east],
      rarity: even,
      settings,
    });
    assert.equal(plan.merge.length, 1);
    assert.deepEqual(new Set([plan.join, ...plan.merge]), new Set(['east', 'west']));
  });

  it('counts conflicting years against a story', () => {
    const quake = story('quake', 2, { 'n:aceh': 4, 'w:quake': 2, 'w:rubbl': 2, 'y:2013': 4 });
    const same = features({ 'n:aceh': 2, 'w:quake': 1, 'w:tsunami': 2, 'y:2013': 2 });
    const other = features({ 'n:aceh': 2, 'w:quake': 1, 'w:tsunami': 2, 'y:2004': 2 });
    // The article naming the story's year scores above one naming another year: a threshold between them tells.
    const strict = { ...settings, threshold: 1.3 };
    assert.equal(
      decidePlacement({ features: same, candidates: [quake], rarity: even, settings: strict }).join,
      'quake',
    );
    assert.equal(decidePlacement({ features: other, candidates: [quake], rarity: even, settings: strict }).join, null);
  });

  it('asks a closer match of a large story than of a one-article story', () => {
    // A large story's centroid has averaged out its accounts' own wording, so an account of its event comes closer.
    const sums = { 'n:aceh': 2, 'w:quake': 1, 'w:rubbl': 1 };
    const input = features({ 'n:aceh': 2, 'w:tsunami': 2 });
    const mid = { ...settings, threshold: 1.5 };
    const join = (count: number) =>
      decidePlacement({ features: input, candidates: [story('s', count, sums)], rarity: even, settings: mid }).join;
    assert.equal(join(1), 's');
    assert.equal(join(8), null);
  });

  it('looks up an article’s rarest features, and skips features too many stories hold', () => {
    const rarity = (key: string) => ({ 'n:aceh': 5, 'w:quake': 2, 'w:said': 0.1 })[key] ?? 1;
    const article = features({ 'w:said': 3, 'w:quake': 1, 'n:aceh': 1 });
    assert.deepEqual(lookupKeys(article, rarity, { ...settings, lookupFeatures: 2 }), ['n:aceh', 'w:quake']);
    const holders = new Map([
      ['n:aceh', ['a']],
      ['w:quake', ['b', 'a']],
      ['w:said', ['c', 'b', 'a']],
    ]);
    assert.deepEqual(chooseCandidates(holders, rarity, { ...settings, maxPostings: 2 }), ['a', 'b']);
    assert.deepEqual(chooseCandidates(holders, rarity, { ...settings, maxPostings: 2, maxCandidates: 1 }), ['a']);
  });

  it('keeps a story row bounded and loadable from its JSON alone', () => {
    const first = articleFeatures(sample[0]!);
    let row = newStory('s', first);
    for (let copy = 0; copy < 200; copy++) {
      const words = Array.from({ length: 50 }, (_, i) => `w:copy${copy}word${i}`);
      row = joinStory(row, new Map(words.map((key) => [key, 1])));
    }
    assert.equal(row.articleCount, 201);
    assert.equal(row.sums.size, maxStoryFeatures);
    const names = [...first.keys()].filter((key) => key.startsWith('n:'));
    assert.ok(names.length > 0);
    for (const name of names)
      assert.ok(row.sums.has(name), 'the features every copy shares outweigh one copy’s stray words');
    assert.deepEqual(decodeStory(encodeStory(row)), row);
  });
});

describe('the second look at a growing story', () => {
  const accounts = [...mannheim, ...bern].map(([headline, ...paragraphs], index) =>
    articleFeatures(article(`fight-${index}`, `Outlet ${index}`, headline!, paragraphs)),
  );
  const frequency = new Map<string, number>();
  for (const vector of accounts) for (const key of vector.keys()) frequency.set(key, (frequency.get(key) ?? 0) + 1);
  const rarity = rarityFrom((key) => frequency.get(key) ?? 0, accounts.length);

  it('finds the two title fights that one story had mixed, and which accounts tell each', () => {
    const split = decideSplit(accounts, rarity, defaultStorySettings.splitThreshold);
    assert.ok(split, 'the story should split');
    const parts = split.map((part) => [...part].sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);
    assert.deepEqual(parts, [
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
  });

  it('leaves a story of one event whole, and never splits off fewer than three accounts', () => {
    assert.equal(decideSplit(accounts.slice(0, 4), rarity, defaultStorySettings.splitThreshold), null);
    assert.equal(decideSplit([...accounts.slice(0, 4), accounts[4]!, accounts[5]!], rarity, 0.5), null);
  });

  it('splits a mixed story as articles arrive, and keeps splitting nothing once the events are apart', () => {
    // A join threshold so low that every fight lands in the first story (merges as strict as ever); the review at
    // six accounts undoes it.
    const clusterer = createStoryClusterer({ ...defaultStorySettings, threshold: 0.01, mergeFactor: 80 });
    const order = [0, 4, 1, 5, 2, 6, 3, 7];
    for (const index of order) {
      const [headline, ...paragraphs] = [...mannheim, ...bern][index]!;
      clusterer.place(article(`fight-${index}`, `Outlet ${index}`, headline!, paragraphs));
    }
    const groups = clusterer
      .stories()
      .map((story) => story.articleIds.map((id) => Number(id.slice(6))).sort((a, b) => a - b))
      .sort((a, b) => a[0]! - b[0]!);
    assert.deepEqual(groups, [
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
  });
});
