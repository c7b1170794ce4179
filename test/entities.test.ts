// Entities: the people, places and organisations an article names, each once however it is written.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractEntities, type FoundEntity } from '../src/analysis/entities/index.js';

const entitiesOf = (...paragraphs: string[]) => extractEntities({ headline: '', deck: null, paragraphs });
const byKey = (found: FoundEntity[], key: string) => found.find((entity) => entity.key === key);

describe('entities', () => {
  it('takes titles and honorifics off a name and reads them as a person', () => {
    const found = entitiesOf(
      'Secretary of State John Kerry met Russian President Vladimir Putin in Moscow on Tuesday.',
      'Mr. Obama said he would call both men.',
    );
    assert.deepEqual(byKey(found, 'john kerry'), {
      key: 'john kerry',
      name: 'John Kerry',
      kind: 'person',
      mentions: 1,
      names: ['John Kerry'],
    });
    assert.equal(byKey(found, 'vladimir putin')?.kind, 'person');
    assert.equal(byKey(found, 'obama')?.kind, 'person');
    assert.equal(byKey(found, 'obama')?.name, 'Obama');
    assert.ok(!found.some((entity) => /secretary|president|mr/i.test(entity.key)));
  });

  it('takes off offices that hold an organisation word or a trade: Chief Cabinet Secretary, Harbor Master', () => {
    const found = entitiesOf(
      'Chief Cabinet Secretary Hiroshi Tanabe told reporters in Tokyo that help was on its way.',
      '"That barge was lit and charted," said Harbor Master Renata Osei.',
    );
    assert.equal(byKey(found, 'hiroshi tanabe')?.kind, 'person');
    assert.equal(byKey(found, 'renata osei')?.kind, 'person');
    assert.ok(!found.some((entity) => /cabinet|master/.test(entity.key)), found.map((e) => e.key).join(', '));
  });

  it("reads a possessive as the name it belongs to: Russia's is Russia, Kerry's is Kerry", () => {
    const found = entitiesOf("Russia's foreign ministry said Kerry's proposal was welcome in Moscow.");
    assert.equal(byKey(found, 'russia')?.kind, 'place');
    assert.deepEqual(byKey(found, 'russia')?.names, ['Russia']);
    assert.deepEqual(byKey(found, 'kerry')?.names, ['Kerry']);
    assert.ok(!found.some((entity) => entity.key.includes("'")));
  });

  it('resolves Putin, Mr. Putin and Vladimir Putin in one article to one person named three times', () => {
    const found = entitiesOf(
      'Vladimir Putin arrived in Paris on Monday.',
      'Officials said Putin would stay two days.',
      'Mr. Putin met the French president on Tuesday.',
    );
    const putin = found.filter((entity) => entity.name.includes('Putin'));
    assert.equal(putin.length, 1);
    assert.deepEqual(putin[0], {
      key: 'vladimir putin',
      name: 'Vladimir Putin',
      kind: 'person',
      mentions: 3,
      names: ['Vladimir Putin', 'Putin'],
    });
  });

  it('tells people, places and organisations apart by their cues', () => {
    const found = entitiesOf(
      'The Ministry of Defence and Microsoft Corp. said on Monday that Oxford University would help.',
      'Angela Merkel flew to Chicago, where the Labour Party and the Metropolitan Police met her.',
    );
    const kinds = Object.fromEntries(found.map((entity) => [entity.key, entity.kind]));
    assert.deepEqual(kinds, {
      'ministry of defence': 'organisation',
      microsoft: 'organisation',
      'oxford university': 'organisation',
      'angela merkel': 'person',
      chicago: 'place',
      'labour party': 'organisation',
      'metropolitan police': 'organisation',
    });
  });

  it('does not take sentence openers, weekdays or months for names', () => {
    const found = entitiesOf(
      'Officials said Tuesday that the plan would go ahead.',
      'The company declined to comment. In January, Apple Inc. reported higher sales in China.',
    );
    assert.deepEqual(
      found.map((entity) => entity.key),
      ['apple', 'china'],
    );
  });

  it('keeps accents in the name and folds them in the key', () => {
    const found = entitiesOf(
      'René Préval, the president of Haiti, met officials in São Paulo. Angela Merkel flew to Łódź.',
    );
    assert.equal(byKey(found, 'rene preval')?.name, 'René Préval');
    assert.equal(byKey(found, 'sao paulo')?.name, 'São Paulo');
    assert.equal(byKey(found, 'sao paulo')?.kind, 'place');
    assert.equal(byKey(found, 'angela merkel')?.name, 'Angela Merkel');
    assert.equal(byKey(found, 'łodz')?.name, 'Łódź');
  });

  it('finds the names in a German paragraph without taking its capitalised nouns', () => {
    const found = entitiesOf(
      'Bundeskanzlerin Angela Merkel hat am Dienstag in Berlin mit dem französischen Präsidenten Emmanuel Macron ' +
        'über die Zukunft der Europäischen Union gesprochen. Die Gespräche dauerten mehrere Stunden. Nach Angaben ' +
        'der Regierung ging es auch um die Lage in der Ukraine und um die Preise für Energie. Merkel sagte, die ' +
        'Zusammenarbeit mit Frankreich sei wichtig für Wirtschaft und Sicherheit. Der Vorstand der Deutschen Bank ' +
        'in Frankfurt wollte sich zu den Plänen nicht äußern.',
    );
    const keys = found.map((entity) => entity.key);
    for (const key of ['angela merkel', 'emmanuel macron', 'berlin', 'ukraine', 'frankreich', 'frankfurt'])
      assert.ok(keys.includes(key), `${key} in ${keys.join(', ')}`);
    assert.equal(byKey(found, 'angela merkel')?.mentions, 2);
    for (const noun of [
      'gesprache',
      'angaben',
      'regierung',
      'lage',
      'zusammenarbeit',
      'wirtschaft',
      'vorstand',
      'planen',
    ])
      assert.ok(!keys.includes(noun), `${noun} is a noun, not a name`);
  });

  it('reads Russian, Chinese and Arabic without failing', () => {
    const russian = entitiesOf(
      'Президент России Владимир Путин встретился в Москве с министром иностранных дел. Путин заявил, что переговоры будут продолжены.',
    );
    const putin = russian.find((entity) => entity.name === 'Владимир Путин');
    assert.equal(putin?.mentions, 2);
    assert.ok(Array.isArray(entitiesOf('中国国家主席习近平周二在北京会见了法国总统。')));
    assert.ok(Array.isArray(entitiesOf('قال الرئيس المصري إن المحادثات ستستمر في القاهرة.')));
  });

  it('finds nothing in an article without text', () => {
    assert.deepEqual(extractEntities({ headline: '', deck: null, paragraphs: [] }), []);
    assert.deepEqual(extractEntities({ headline: ' ', deck: '', paragraphs: ['', '  '] }), []);
  });

  it('reads only the opening of a very long article, quickly', () => {
    const paragraph = 'Officials in Geneva said the talks with Iran would resume. ';
    const long = [
      ...Array.from({ length: 20_000 }, () => paragraph),
      'Late in the text, Zurana Horton spoke in Brownsville.',
    ];
    const started = performance.now();
    const found = entitiesOf(...long);
    assert.ok(performance.now() - started < 500, 'bounded time');
    assert.ok(byKey(found, 'geneva'));
    assert.ok(!byKey(found, 'zurana horton'), 'names past the cap are not read');
    assert.ok((byKey(found, 'geneva')?.mentions ?? 0) <= 2_000);
  });
});
