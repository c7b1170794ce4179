// Compare accounts: where the accounts of one event differ, what they agree on, what only one says and who said
// what, over the bundled ferry story (through the store, the API, the page and the CLI) and hand-written pairs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, compareAccounts } from '../src/analysis/compare/index.js';
import { findQuotations } from '../src/analysis/compare/quotes.js';
import { sentencesOf } from '../src/analysis/compare/sentences.js';
import type { StorySummary } from '../src/model.js';
import { loadSamplesIfEmpty } from '../src/pipeline/samples.js';
import { placeAllWaiting } from '../src/pipeline/stories.js';
import { json, openTestStore, runCli, type TestStore } from './harness.js';

interface Comparison {
  accounts: number;
  details: {
    label: string;
    conflict: boolean;
    update: boolean;
    named: boolean;
    values: { value: string; earlier?: boolean; accounts: { source: string; sentence: string }[] }[];
  }[];
  onlyIn: { source: string; sentence: string }[];
  quotes: { speaker: string; text: string; direct: boolean; accounts: { source: string }[] }[];
}

const account = (articleId: string, source: string, publishedAt: string | null, paragraphs: string[]): Account => ({
  articleId,
  source,
  publishedAt,
  headline: paragraphs[0]!.slice(0, 40),
  paragraphs,
});

describe('comparing the accounts of the bundled ferry story', () => {
  let store: TestStore;
  let ferry: StorySummary;
  before(async () => {
    store = await openTestStore({ READOUT_SAMPLES: '1' });
    await loadSamplesIfEmpty(store.ctx);
    await placeAllWaiting(store.ctx);
    const { items } = await store.ctx.store.listStories({ perPage: 10 });
    ferry = items.find((story) => /ferry/i.test(story.headline) && story.articleCount === 3)!;
    assert.ok(ferry, 'the samples hold a three-account ferry story');
  });
  after(() => store.close());

  it('shows 14, 17 and 16 injured as a conflict, with the outlet and sentence of each', async () => {
    const comparison = await json<Comparison>(await store.app.request(`/api/stories/${ferry.id}/compare`));
    assert.equal(comparison.accounts, 3);
    const injured = comparison.details.find((detail) => detail.label === 'injured');
    assert.ok(injured?.conflict, `details: ${comparison.details.map((d) => d.label).join(', ')}`);
    assert.deepEqual(injured.values.map((v) => v.value).sort(), ['14', '16', '17']);
    const fourteen = injured.values.find((v) => v.value === '14')!;
    assert.equal(fourteen.accounts[0]!.source, 'The Quayside Ledger');
    assert.match(fourteen.accounts[0]!.sentence, /injuring 14 people/);
  });

  it('shows the differing times and repair costs, and counts "more than $4 million" as fitting', async () => {
    const comparison = await json<Comparison>(await store.app.request(`/api/stories/${ferry.id}/compare`));
    const time = comparison.details.find((detail) => detail.label === 'time of day');
    assert.ok(time?.conflict);
    assert.deepEqual(time.values.map((v) => v.value).sort(), [
      'about 11:40 p.m.',
      'about 11:55 p.m.',
      'about 12:15 a.m.',
    ]);
    const cost = comparison.details.find((detail) => detail.label === 'amount ($)');
    assert.ok(cost?.conflict);
    const values = cost.values.map((v) => v.value);
    assert.deepEqual(values.sort(), ['$4.2 million', 'about $4.6 million']);
    // "More than $4 million" fits either figure: it sits with one of them, not as a third value.
    assert.equal(values.length, 2);
  });

  it('lists who said what by speaker, resolving a surname to the person the account names', async () => {
    const comparison = await json<Comparison>(await store.app.request(`/api/stories/${ferry.id}/compare`));
    const santhanam = comparison.quotes.filter((quote) => quote.speaker === 'Priya Santhanam');
    assert.ok(santhanam.some((quote) => quote.direct && quote.text === 'Fog is a condition, not a cause.'));
  });

  it('serves the comparison page, conflicts first, and links each sentence to its article', async () => {
    const response = await store.app.request(`/stories/${ferry.id}/compare`);
    assert.equal(response.status, 200);
    const html = await response.text();
    const differ = html.indexOf('Where accounts differ');
    assert.ok(differ > 0 && differ < html.indexOf('Agreed'));
    assert.match(html, /<strong>\d+<\/strong> details differ/);
    assert.match(html, /href="\/articles\/[^"]+#p\d+"/);
    // The places and bodies the accounts share, after what they state, each opening onto its sentences.
    const named = html.indexOf('Named by several accounts');
    assert.ok(named > html.indexOf('Agreed'), 'names come after the agreed details');
    assert.match(
      html.slice(named),
      /<summary><strong>Port Tessaly<\/strong> <span class="count">· \d accounts<\/span><\/summary>/,
    );
    const story = await (await store.app.request(`/stories/${ferry.id}`)).text();
    assert.match(
      story,
      /<a href="\/stories\/[^"]+\/compare">Compare the accounts<\/a>: 4 details are given differently/,
    );
  });

  it('marks the sentences of an account that another account contradicts, with the other values in a note', async () => {
    const story = await store.ctx.store.getStory(ferry.id);
    const ledger = story!.articles.find((article) => article.source.name === 'The Quayside Ledger')!;
    const html = await (await store.app.request(`/articles/${ledger.id}`)).text();
    assert.match(html, /<p id="p0" class="disputed"><mark>A Skerry Island ferry carrying 212 passengers/);
    const note = html.match(/<span class="dispute-note" role="note">(.*?)<\/span>/)?.[1] ?? '';
    assert.match(note, /Other accounts differ on injured: this one gives 14; /);
    assert.match(note, /The Tessaly Lantern gives 17/);
    assert.match(note, /Merrow Sound Public Radio gives 16/);
  });

  it('gives an article record its quotations, each with speaker and sentence', async () => {
    const story = await store.ctx.store.getStory(ferry.id);
    const radio = story!.articles.find((article) => article.source.name === 'Merrow Sound Public Radio')!;
    const record = await json<{ quotes: { speaker: string; text: string; direct: boolean; sentence: string }[] }>(
      await store.app.request(`/api/articles/${radio.id}`),
    );
    const fog = record.quotes.find((quote) => quote.text === 'Fog is a condition, not a cause.');
    assert.equal(fog?.speaker, 'Priya Santhanam');
    assert.equal(fog?.direct, true);
    assert.match(fog!.sentence, /^"We're at the very start of this," said Priya Santhanam|Fog is a condition/);
  });

  it("lists a person's quotations on their entity page", async () => {
    const story = await store.ctx.store.getStory(ferry.id);
    const santhanam = story!.entities.find((entity) => entity.name === 'Priya Santhanam')!;
    const html = await (await store.app.request(`/entities/${santhanam.id}`)).text();
    const said = html.slice(html.indexOf('What Priya Santhanam said'), html.indexOf('Stories naming'));
    assert.match(said, /<q>Fog is a condition, not a cause\.<\/q>/);
    assert.match(said, /href="\/articles\/[^"]+#p\d+">Merrow Sound Public Radio<\/a>/);
  });

  it('prints the comparison in the terminal, and the API JSON with --json', async () => {
    const text = await runCli(['compare', ferry.id], store.env);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Where accounts differ\n[\s\S]*\n {2}injured\n {4}14: The Quayside Ledger/);
    const asJson = await runCli(['compare', ferry.id, '--json'], store.env);
    assert.equal((JSON.parse(asJson.stdout) as Comparison).accounts, 3);
  });

  it('answers bad input with 4xx JSON and a CLI exit code', async () => {
    const unknown = await store.app.request('/api/stories/no-such-story/compare');
    assert.equal(unknown.status, 404);
    const one = await store.app.request('/api/compare', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ articles: ['a', 'a'] }),
    });
    assert.equal(one.status, 400);
    assert.match((await json<{ error: string }>(one)).error, /two or more different articles/);
    const missing = await store.app.request('/api/compare', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ articles: ['nope-1', 'nope-2'] }),
    });
    assert.equal(missing.status, 404);
    const cli = await runCli(['compare', 'no-such-story'], store.env);
    assert.equal(cli.code, 1);
    assert.match(cli.stderr, /no story with id "no-such-story"/);
    assert.equal((await runCli(['compare'], store.env)).code, 2);
  });

  it('says there is nothing to compare for a story of one account', async () => {
    const { items } = await store.ctx.store.listStories({ perPage: 50 });
    const single = items.find((story) => story.articleCount === 1)!;
    const comparison = await json<Comparison>(await store.app.request(`/api/stories/${single.id}/compare`));
    assert.equal(comparison.accounts, 1);
    assert.deepEqual([comparison.details, comparison.onlyIn], [[], []]);
    const page = await (await store.app.request(`/stories/${single.id}/compare`)).text();
    assert.match(page, /nothing to compare it with/);
  });
});

describe('what counts as a difference', () => {
  it('shows a toll that rose in a later account as an update, not a conflict', () => {
    const comparison = compareAccounts([
      account('early', 'Morning Wire', '2026-11-02T06:00:00Z', [
        'The quake killed 12 people in the province, officials said.',
      ]),
      account('late', 'Evening Post', '2026-11-02T20:00:00Z', [
        'The earthquake killed 31 people, the governor said on Monday.',
      ]),
    ]);
    const dead = comparison.details.find((detail) => detail.label === 'dead')!;
    assert.equal(dead.conflict, false);
    assert.equal(dead.update, true);
    assert.deepEqual(
      dead.values.map((v) => [v.value, Boolean(v.earlier)]),
      [
        ['31', false],
        ['12', true],
      ],
    );
  });

  it('takes rounding, units and a lower bound that fits as agreement', () => {
    const comparison = compareAccounts([
      account('a', 'One', null, [
        'About 100 homes were damaged.',
        'The climber fell about 200 feet.',
        'More than 26,000 fans came.',
      ]),
      account('b', 'Two', null, [
        'Some 97 homes were damaged.',
        'The climber fell 60 metres.',
        'The stadium held 31,000 fans.',
      ]),
    ]);
    for (const detail of comparison.details) assert.equal(detail.conflict, false, `${detail.label} should agree`);
    assert.deepEqual(comparison.details.map((d) => d.label).sort(), ['distance', 'fans', 'homes']);
  });

  it("keeps an earlier event's figures, running totals, time stamps and rounds of a fight apart from the event's", () => {
    const comparison = compareAccounts([
      account('a', 'Harbor Ledger', null, [
        'THURSDAY, DECEMBER 3, 2009, 9: 36 AM',
        'The gunman killed one man at the office on Monday.',
        'In February, a gunman killed five people at a mall.',
        'The navy seized 12 magazines from the boats.',
        'Klitschko stopped Rahman in the seventh round.',
        'A magnitude 5. 9 quake shook the coast.',
      ]),
      account('b', 'Valley Courier', null, [
        '7: 15 a. m. Dec. 7, 2009',
        'One man was killed at the office.',
        'So far, the navy has seized 31 magazines from pirates.',
        'Klitschko knocked Rahman down in the sixth round.',
        'A magnitude 6. 4 quake shook the coast.',
      ]),
    ]);
    const labels = comparison.details.map((d) => `${d.label}${d.conflict ? ' (conflict)' : ''}`);
    assert.ok(!labels.includes('time of day'), labels.join(', '));
    assert.ok(!labels.some((label) => /^dead.*conflict/.test(label)), labels.join(', '));
    assert.ok(!labels.some((label) => /^magazines.*conflict/.test(label)), labels.join(', '));
    assert.ok(labels.includes('round'), labels.join(', '));
    const magnitude = comparison.details.find((d) => d.label === 'magnitude');
    assert.ok(magnitude?.conflict, labels.join(', '));
    assert.deepEqual(magnitude.values.map((v) => v.value).sort(), ['5.9', '6.4']);
  });

  it("reads a fighter's record beside the name, and lines up the names several accounts give", () => {
    const comparison = compareAccounts([
      account('a', 'Ring Weekly', null, ['Wladimir Klitschko (52-3, 46 KOs) beat Hasim Rahman in Mannheim.']),
      account('b', 'Fight Desk', null, [
        'Champion Wladimir Klitschko, 53-3, stopped Hasim Rahman at the arena in Mannheim on Saturday.',
      ]),
    ]);
    const record = comparison.details.find((d) => d.label === 'record of Klitschko');
    assert.ok(record?.conflict, comparison.details.map((d) => d.label).join(', '));
    assert.deepEqual(record.values.map((v) => v.value).sort(), ['52-3', '53-3']);
    const names = comparison.details.filter((d) => d.named);
    assert.deepEqual(names.map((d) => d.label).sort(), ['Hasim Rahman', 'Mannheim', 'Wladimir Klitschko']);
    assert.ok(names.every((d) => !d.conflict && d.values.length === 1 && d.values[0]!.accounts.length === 2));
  });

  it('compares accounts without sentences, in other languages, and 500 accounts, within bounds', () => {
    assert.equal(compareAccounts([account('x', 'X', null, ['']), account('y', 'Y', null, [''])]).details.length, 0);
    const german = compareAccounts([
      account('de1', 'Zeitung', null, ['Bei dem Beben wurden 14 Menschen verletzt, sagte die Polizei.']),
      account('de2', 'Blatt', null, ['17 Menschen wurden verletzt.']),
    ]);
    assert.ok(Array.isArray(german.details));
    const many = Array.from({ length: 500 }, (_, i) =>
      account(`w${i}`, `Outlet ${i}`, null, [`The storm injured ${i % 2 ? 40 : 41} people, officials said.`]),
    );
    const started = performance.now();
    const comparison = compareAccounts(many);
    assert.equal(comparison.accounts, 60);
    assert.ok(performance.now() - started < 5000);
  });
});

describe('who said what', () => {
  const quotations = (paragraphs: string[]) => findQuotations(sentencesOf(paragraphs), '');

  it('gives a quotation to the named person, a pronoun to the person it stands for', () => {
    const found = quotations([
      'Heavyweight champion Wladimir Klitschko stopped Hasim Rahman in the seventh round on Saturday.',
      '"Hasim Rahman really took some punishment and I have to pay tribute to him," Klitschko said.',
      'He said he would fight again in the spring.',
    ]);
    assert.deepEqual(
      found.map((q) => [q.speaker, q.direct]),
      [
        ['Wladimir Klitschko', true],
        ['Wladimir Klitschko', false],
      ],
    );
    assert.equal(found[1]!.text, 'he would fight again in the spring');
  });

  it('reads reported speech and bodies as speakers, and a quotation running on into the next paragraph', () => {
    const found = quotations([
      'The inside of the bank suffered extensive damage, police said.',
      'A Surrey Police spokeswoman said: "The fire has progressed rapidly through the store.',
      '"People are asked to avoid the High Street area."',
    ]);
    assert.deepEqual(
      found.map((q) => [q.speaker, q.direct, q.text]),
      [
        ['police', false, 'The inside of the bank suffered extensive damage'],
        ['a Surrey Police spokeswoman', true, 'The fire has progressed rapidly through the store.'],
        ['a Surrey Police spokeswoman', true, 'People are asked to avoid the High Street area.'],
      ],
    );
  });
});
