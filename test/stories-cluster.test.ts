// Stories: articles arriving one at a time are grouped by the event they report, not by their topic.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createStoryClusterer, type StoryArticle } from '../src/analysis/stories/index.js';

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
});
