// The search syntax parser: what each piece of syntax means, clear errors, and no string that can break FTS5.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { dateBound, parseQuery, QueryError, queryLimits } from '../src/store/index.js';
import { planQuery } from '../src/store/search/sqlite.js';

/** mulberry32, seeded: the same thousands of strings on every run. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pieces = [
  'ferry',
  'Café',
  'calls',
  'AND',
  'OR',
  'NOT',
  'NEAR(',
  'NEAR(a b, 2)',
  '*',
  '^',
  '-',
  '--',
  '"',
  '""',
  '(',
  ')',
  ':',
  '{',
  '}',
  '+',
  'source:',
  'byline:',
  'from:',
  'to:',
  'in:',
  'in:headline',
  'in:body',
  'from:2014-03-01',
  'to:2014-03-31',
  'from:2014-13-01',
  'from:2014-02-30',
  'to:1999',
  'source:"Harbor Ledger"',
  "'; DROP TABLE articles; --",
  '1=1',
  'OR 1=1',
  'rowid',
  'article_search',
  '{headline}:',
  'headline:',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u200f',
  '\u202e',
  '🦀',
  '👩‍👩‍👧',
  'مرحبا بالعالم',
  'שלום',
  '中文新闻',
  'e\u0301',
  '\ud800',
  '\udfff',
  '²',
  '½',
  'ﬁ',
  '\t',
  '\n',
  ' ',
  '   ',
  '\\',
  '/',
  '%',
  '_',
  '?',
  '$1',
  'x68617262',
  '-"',
  '"unclosed',
  'a"b',
  '-source:x',
  'OR OR',
  'NOT NOT',
  'entity:',
  'entity:Putin',
  'entity:"Vladimir Putin"',
  '-entity:x',
];

function randomQuery(next: () => number): string {
  if (next() < 0.02) return 'x'.repeat(Math.floor(next() * 12_000));
  const parts: string[] = [];
  const length = Math.floor(next() * 8);
  for (let i = 0; i < length; i++) {
    if (next() < 0.15) {
      // Random code points from the whole range, surrogates included.
      parts.push(String.fromCharCode(Math.floor(next() * 0x10000)));
    } else parts.push(pieces[Math.floor(next() * pieces.length)]!);
    parts.push(next() < 0.7 ? ' ' : '');
  }
  return parts.join('');
}

describe('the search syntax', () => {
  it('reads words, phrases, exclusions, OR and the filters', () => {
    const query = parseQuery(
      'harbor "city council" -strike ferry OR bridge source:"Harbor Ledger" byline:ortiz from:2014-03-01 to:2014-03-31 in:headline',
    );
    assert.deepEqual(query.groups, [
      [{ tokens: ['harbor'], phrase: false }],
      [{ tokens: ['city', 'council'], phrase: true }],
      [
        { tokens: ['ferry'], phrase: false },
        { tokens: ['bridge'], phrase: false },
      ],
    ]);
    assert.deepEqual(query.excluded, [{ tokens: ['strike'], phrase: false }]);
    assert.deepEqual(query.sources, ['Harbor Ledger']);
    assert.deepEqual(query.bylines, [{ tokens: ['ortiz'], phrase: false }]);
    assert.equal(query.from, '2014-03-01T00:00:00.000Z');
    assert.equal(query.to, '2014-04-01T00:00:00.000Z');
    assert.equal(query.inHeadline, true);
  });

  it('treats NOT as a minus, AND as implied, and ignores bare operators', () => {
    assert.deepEqual(parseQuery('ferry NOT strike').excluded, [{ tokens: ['strike'], phrase: false }]);
    assert.deepEqual(parseQuery('ferry AND bridge').groups.length, 2);
    const bare = parseQuery('OR ferry - * ^ NEAR( OR');
    assert.deepEqual(bare.groups, [[{ tokens: ['ferry'], phrase: false }], [{ tokens: ['near'], phrase: false }]]);
  });

  it('closes an unclosed quote at the end', () => {
    assert.deepEqual(parseQuery('"harbor ferry').groups, [[{ tokens: ['harbor', 'ferry'], phrase: true }]]);
  });

  it('splits words at punctuation, as the index does', () => {
    assert.deepEqual(parseQuery("covid-19 don't").groups, [
      [{ tokens: ['covid', '19'], phrase: true }],
      [{ tokens: ['don', 't'], phrase: true }],
    ]);
  });

  it('reads a year or a month as the whole period', () => {
    assert.equal(dateBound('from', '2014'), '2014-01-01T00:00:00.000Z');
    assert.equal(dateBound('to', '2014'), '2015-01-01T00:00:00.000Z');
    assert.equal(dateBound('to', '2014-02'), '2014-03-01T00:00:00.000Z');
    assert.equal(dateBound('to', '2016-02-29'), '2016-03-01T00:00:00.000Z');
  });

  for (const [text, reason] of [
    ['', /empty/],
    ['   ', /empty/],
    ['🦀 ** ^', /no words/],
    ['-ferry', /only excludes/],
    ['ferry from:2014-13-01', /no month 13/],
    ['ferry from:2015-02-29', /days 01 to 28/],
    ['ferry from:yesterday', /not a date; write from:YYYY-MM-DD/],
    ['ferry from:2014-03-31 to:2014-03-01', /after to:/],
    ['ferry in:body', /in:headline/],
    ['ferry source:""', /needs a value/],
    ['ferry -source:x', /cannot be excluded/],
    ['x'.repeat(10_000), /10,000 characters long; the most is 1,000/],
    [Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '), /more than 32 words/],
  ] as const) {
    it(`refuses ${JSON.stringify(text.slice(0, 30))} with a reason`, () => {
      assert.throws(
        () => parseQuery(text),
        (err: unknown) => err instanceof QueryError && reason.test(err.message),
      );
    });
  }

  it('accepts filters alone', () => {
    assert.equal(parseQuery('from:2014').groups.length, 0);
    assert.deepEqual(parseQuery('source:guardian').sources, ['guardian']);
    assert.equal(parseQuery('entity:Putin').entities.length, 1);
  });

  it('reads entity: names folded as entity keys are, and as written', () => {
    const read = (text: string) => parseQuery(text).entities;
    assert.deepEqual(read('entity:"Vladimir Putin"'), [{ key: 'vladimir putin', written: 'vladimir putin' }]);
    assert.deepEqual(read("entity:Putin's"), [{ key: 'putin', written: 'putin' }]);
    assert.deepEqual(read('entity:"São  Paulo"'), [{ key: 'sao paulo', written: 'são paulo' }]);
    assert.deepEqual(read('entity:"U. S. Steel"')[0]!.key, 'us steel');
    assert.deepEqual(read('entity:"U.S. Steel"')[0]!.key, 'us steel');
    assert.deepEqual(
      read('entity:Putin entity:"Angela Merkel"').map((e) => e.key),
      ['putin', 'angela merkel'],
    );
    assert.throws(() => parseQuery('entity:""'), /entity: needs a value, as in entity:"Vladimir Putin"/);
    assert.throws(() => parseQuery('entity:"..."'), /entity:\.\.\. holds no name to look for/);
    assert.throws(() => parseQuery('ferry -entity:Putin'), /-entity: cannot be excluded/);
  });

  it('plans entity: as a filter beside the match, and takes excluded words out without one', () => {
    const withWords = planQuery(parseQuery('ferry entity:Putin -strike'), [], [['per-1']]);
    assert.equal(withWords.match, '("ferry") NOT ("strike")');
    assert.deepEqual([withWords.entities, withWords.exclude], [[['per-1']], null]);
    const alone = planQuery(parseQuery('entity:Putin -strike'), [], [['per-1', 'per-2']]);
    assert.deepEqual([alone.match, alone.exclude], [null, '"strike"']);
  });

  it('turns 5,000 random strings into a QueryError or a match expression FTS5 accepts', () => {
    const db = new SQLite(':memory:');
    db.exec(`CREATE VIRTUAL TABLE article_search USING fts5(headline, deck, byline, body, source_name, source_key,
      article_id UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2');
      INSERT INTO article_search(rowid, headline, body, article_id) VALUES (1, 'Harbor ferry', 'The city council', 'a')`);
    const match = db.prepare('SELECT count(*) AS n FROM article_search WHERE article_search MATCH ?');
    const next = random(20261128);
    let accepted = 0;
    for (let i = 0; i < 5_000; i++) {
      const text = randomQuery(next);
      let query: ReturnType<typeof parseQuery>;
      try {
        query = parseQuery(text);
      } catch (err) {
        assert.ok(err instanceof QueryError, `${JSON.stringify(text)} threw ${(err as Error).stack}`);
        assert.ok((err as Error).message.length > 10);
        continue;
      }
      assert.ok(text.length <= queryLimits.characters);
      const plan = planQuery(
        query,
        query.sources.map(() => 'the-harbor-ledger'),
      );
      if (plan.match === null) continue;
      assert.doesNotThrow(() => match.get(plan.match), `${JSON.stringify(text)} → ${plan.match}`);
      accepted++;
    }
    assert.ok(accepted > 1_000, `only ${accepted} of the random strings were searchable`);
    db.close();
  });
});
