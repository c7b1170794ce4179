// Importing clippings and records with `readout import`: every field in its place, every bad input named.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Article } from '../src/model.js';
import { fixtures, json, openTestStore, runCli, type TestStore } from './harness.js';

async function articles(store: TestStore): Promise<Article[]> {
  const body = await json<{ items: Article[] }>(await store.app.request('/api/articles?limit=100'));
  return body.items;
}

function byHeadline(list: Article[], headline: string): Article {
  const found = list.find((a) => a.headline === headline);
  assert.ok(found, `no article "${headline}" among: ${list.map((a) => a.headline).join(' / ')}`);
  return found;
}

describe('readout import', () => {
  let store: TestStore;
  before(async () => {
    store = await openTestStore();
  });
  after(() => store.close());

  it('imports a text clipping with headline, source, deck, byline, date, body and paywalled related headlines', async () => {
    const result = await runCli(['import', join(fixtures, 'clippings/paywalled.txt')], store.env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^imported\s+\S*paywalled\.txt:1\s+Harbor Pilots Agree to Three-Year Contract/m);
    assert.match(result.stderr, /1 imported, 0 duplicate, 0 updated, 0 errors in 1 file/);

    const article = byHeadline(await articles(store), 'Harbor Pilots Agree to Three-Year Contract');
    assert.equal(article.source.name, 'The Gullhaven Gazette');
    assert.equal(article.source.paywalled, true);
    assert.equal(article.paywalled, true);
    assert.equal(article.deck, 'The deal ends a month of slow-walked sailings at the port.');
    assert.equal(article.byline, 'Ines Marlow');
    assert.equal(article.publishedAt, '2026-11-03');
    assert.deepEqual(article.paragraphs, [
      'Harbor pilots and the port authority signed a three-year contract on Monday, ending a dispute that had slowed ship traffic since early October.',
      'The agreement raises pay by 4 percent a year and adds a second pilot on night transits of the outer channel.',
      '"Nobody wanted this to drag on," said Tomas Reyes, who leads the pilots\' association.',
    ]);
    assert.deepEqual(article.related, [
      { title: 'Port Authority Budget Hearing Set for December', url: null, paywalled: true },
      { title: 'Harbor Pilots Agree to Three-Year Contract, Part Two', url: null, paywalled: true },
    ]);
    assert.equal(article.extraction.method, 'clipping');
    const text = JSON.stringify(article);
    assert.doesNotMatch(text, /Go Back/);
    assert.doesNotMatch(article.paragraphs.join(' '), /More From/);
  });

  it('imports an outlet without a paywall mark as not paywalled', async () => {
    const result = await runCli(['import', join(fixtures, 'clippings/open-outlet.txt')], store.env);
    assert.equal(result.code, 0, result.stderr);
    const article = byHeadline(await articles(store), 'Library Extends Weekend Hours at Two Branches');
    assert.equal(article.source.paywalled, false);
    assert.equal(article.byline, null);
    assert.equal(article.publishedAt, null);
    assert.deepEqual(article.related, [
      { title: 'Eastmoor Weekly Wins Regional Award for Local Coverage', url: null, paywalled: false },
    ]);
  });

  it('reports duplicates on a second import and stores nothing new', async () => {
    const before = (await articles(store)).length;
    const result = await runCli(['import', join(fixtures, 'clippings/paywalled.txt')], store.env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^duplicate\s+\S*paywalled\.txt:1\s+Harbor Pilots/m);
    assert.match(result.stderr, /0 imported, 1 duplicate/);
    assert.equal((await articles(store)).length, before);
  });

  it('splits a file that holds two clippings', async () => {
    const result = await runCli(['import', join(fixtures, 'clippings/two-in-one.txt')], store.env);
    assert.equal(result.code, 0, result.stderr);
    const list = await articles(store);
    const first = byHeadline(list, 'Ferry Schedule Changes for Winter');
    const second = byHeadline(list, 'Snow Plow Routes Published Ahead of First Storm');
    assert.equal(first.paragraphs.length, 2);
    assert.deepEqual(
      first.related.map((r) => r.title),
      ['Library Extends Weekend Hours at Two Branches'],
    );
    assert.equal(second.deck, 'Residents can check a map to see when their street will be cleared.');
    assert.equal(second.paragraphs.length, 2);
  });

  it('takes the outlet from --source when a clipping has no "from" line', async () => {
    const dir = join(store.dir, 'nosource');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'a.txt'),
      "Tide Tables Printed Early\n\nThe harbor office printed next year's tide tables a month early.\n",
    );
    const refused = await runCli(['import', dir], store.env);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /error\s+\S*a\.txt:\d+\s+no "from <Source>," line/);
    const result = await runCli(['import', '--source', 'Harbor Office Notes', dir], store.env);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(byHeadline(await articles(store), 'Tide Tables Printed Early').source.name, 'Harbor Office Notes');
  });
});

describe('readout import with text encodings', () => {
  let store: TestStore;
  before(async () => {
    store = await openTestStore();
  });
  after(() => store.close());

  const clipping = (headline: string, body: string) =>
    `${headline}\n\n   < < Go Back\nfrom Café Gazette,\n\nA deck line.\n\n${body}\n\nSecond paragraph.\n`;

  /** Windows-1252 bytes for the characters this test uses. */
  function cp1252(text: string): Buffer {
    const special: Record<string, number> = { '“': 0x93, '”': 0x94, '—': 0x97, '€': 0x80, '’': 0x92 };
    return Buffer.from([...text].map((ch) => special[ch] ?? ch.charCodeAt(0)));
  }

  const cases: [string, string, (text: string) => Buffer][] = [
    ['latin-1', 'Crème brûlée à São Tomé', (t) => Buffer.from(t, 'latin1')],
    ['windows-1252', 'A “quoted” price — 5 € and it’s fine', cp1252],
    ['utf-8', 'Zoë and José in Kraków', (t) => Buffer.from(t, 'utf8')],
    [
      'utf-8 with BOM',
      'Ærøskøbing ferry ☂ on time',
      (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)]),
    ],
    [
      'utf-16le with BOM',
      'Ελληνικά and 日本語 headlines',
      (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
    ],
    [
      'utf-16be with BOM',
      'Große Straße reopens',
      (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()]),
    ],
  ];

  const variants = cases.flatMap(([name, body, encode]) =>
    ['\n', '\r\n'].map((ending) => {
      const label = `${name} with ${ending === '\n' ? 'LF' : 'CRLF'}`;
      return { label, body, bytes: encode(clipping(`Encoding test ${label}`, body).replace(/\n/g, ending)) };
    }),
  );

  it('imports a folder of clippings in every encoding in one run', async () => {
    const dir = join(store.dir, 'encodings');
    mkdirSync(dir);
    for (const v of variants) writeFileSync(join(dir, `${v.label.replace(/\W+/g, '-')}.txt`), v.bytes);
    const result = await runCli(['import', dir], store.env);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stderr, new RegExp(`${variants.length} imported, 0 duplicate, 0 updated, 0 errors`));
  });

  for (const v of variants) {
    it(`decodes ${v.label}`, async () => {
      const article = byHeadline(await articles(store), `Encoding test ${v.label}`);
      assert.equal(article.source.name, 'Café Gazette');
      assert.deepEqual(article.paragraphs, [v.body, 'Second paragraph.']);
      assert.equal(article.deck, 'A deck line.');
    });
  }
});

describe('readout import with bad input', () => {
  let store: TestStore;
  before(async () => {
    store = await openTestStore();
  });
  after(() => store.close());

  it('names each bad file and line, imports the good ones, and exits 1', async () => {
    const dir = join(store.dir, 'mixed');
    mkdirSync(dir);
    copyFileSync(join(fixtures, 'clippings/no-headline.txt'), join(dir, 'no-headline.txt'));
    copyFileSync(join(fixtures, 'clippings/open-outlet.txt'), join(dir, 'open-outlet.txt'));
    writeFileSync(
      join(dir, 'binary.txt'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    );
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'huge.txt'), '');
    truncateSync(join(dir, 'huge.txt'), 50 * 1024 * 1024);
    writeFileSync(
      join(dir, 'records.jsonl'),
      [
        JSON.stringify({ headline: 'Valid record one', source: 'Records Desk', paragraphs: ['Body one.'] }),
        '{"headline": "broken',
        JSON.stringify({ source: 'Records Desk', paragraphs: ['No headline here.'] }),
        JSON.stringify({ headline: 'No source', paragraphs: ['Body.'] }),
        '',
        JSON.stringify({ headline: 'Valid record two', source: { name: 'Records Desk' }, paragraphs: ['Body two.'] }),
      ].join('\n'),
    );

    const result = await runCli(['import', dir], store.env);
    assert.equal(result.code, 1);
    const out = result.stdout;
    assert.match(out, /error\s+\S*binary\.txt\s+the file looks binary/);
    assert.match(out, /error\s+\S*empty\.txt\s+the file is empty/);
    assert.match(out, /error\s+\S*huge\.txt\s+the file is 50 MiB, more than the 2 MiB a clipping may be/);
    assert.match(out, /error\s+\S*no-headline\.txt:2\s+no headline before "< < Go Back"/);
    assert.match(out, /error\s+\S*records\.jsonl:2\s+not JSON/);
    assert.match(out, /error\s+\S*records\.jsonl:3\s+headline: is required/);
    assert.match(out, /error\s+\S*records\.jsonl:4\s+source: /);
    assert.match(out, /imported\s+\S*open-outlet\.txt:1\s+Library Extends Weekend Hours/);
    assert.match(out, /imported\s+\S*records\.jsonl\s+2 imported/);
    assert.match(result.stderr, /3 imported, 0 duplicate, 0 updated, 7 errors in 6 files/);

    const list = await articles(store);
    assert.deepEqual(list.map((a) => a.headline).sort(), [
      'Library Extends Weekend Hours at Two Branches',
      'Valid record one',
      'Valid record two',
    ]);
  });

  it('refuses a path that does not exist', async () => {
    const result = await runCli(['import', join(store.dir, 'missing.txt')], store.env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /missing\.txt: no such file or folder/);
  });

  it('refuses a file of a kind it does not read', async () => {
    const file = join(store.dir, 'notes.md');
    writeFileSync(file, '# Notes\n\nNot a clipping.\n');
    const result = await runCli(['import', file], store.env);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /error\s+\S*notes\.md\s+Readout does not import \.md files; it reads text clippings/);
  });

  it('asks for a file when given none', async () => {
    const result = await runCli(['import'], store.env);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /name at least one file or folder/);
  });
});

describe('readout import with dates not on the calendar', () => {
  let store: TestStore;
  before(async () => {
    store = await openTestStore();
  });
  after(() => store.close());

  const clipping = (headline: string, dateLine: string) =>
    `${headline}\n\n   < < Go Back\nfrom Calendar Desk,\n\n${dateLine}\n\nThe first paragraph of the story.\n\nThe second paragraph.\n`;
  const record = (headline: string, dates: { publishedAt?: string; createdAt?: string }) =>
    JSON.stringify({ headline, source: 'Calendar Desk', paragraphs: [`${headline}, in full.`], ...dates });

  it('imports records and clippings with impossible dates without the date, and warns for each with its line', async () => {
    const dir = join(store.dir, 'impossible');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'records.jsonl'),
      [
        record('Leap day that never was', { publishedAt: '2026-02-30' }),
        record('Year zero', { publishedAt: '0000-01-01' }),
        record('A real leap day', { publishedAt: '2028-02-29' }),
        record('April has thirty days', { publishedAt: '2026-04-31T10:00:00Z', createdAt: '2026-13-01' }),
      ].join('\n'),
    );
    writeFileSync(join(dir, 'iso.txt'), clipping('Clipping dated the thirtieth', 'Published: 2026-02-30'));
    writeFileSync(join(dir, 'words.txt'), clipping('Clipping dated in words', 'February 30, 2026'));

    const result = await runCli(['import', dir], store.env);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const out = result.stdout;
    const leftOut = 'the article is stored without a date';
    assert.match(
      out,
      /warning\s+\S*iso\.txt:1\s+publishedAt "2026-02-30" is not a date: February 2026 has days 01 to 28/,
    );
    assert.match(out, /warning\s+\S*words\.txt:1\s+publishedAt "2026-02-30" is not a date/);
    assert.match(out, new RegExp(`warning\\s+\\S*records\\.jsonl:1\\s+publishedAt "2026-02-30" .*; ${leftOut}`));
    assert.match(out, /warning\s+\S*records\.jsonl:2\s+publishedAt "0000-01-01" is outside the years 1600 to 2999/);
    assert.match(
      out,
      /warning\s+\S*records\.jsonl:4\s+publishedAt "2026-04-31T10:00:00Z" .* April 2026 has days 01 to 30/,
    );
    assert.match(out, /warning\s+\S*records\.jsonl:4\s+createdAt "2026-13-01" has no month 13/);
    assert.doesNotMatch(out, /records\.jsonl:3/);
    assert.match(result.stderr, /6 imported, 0 duplicate, 0 updated, 0 errors, 6 warnings in 3 files/);

    const list = await articles(store);
    for (const headline of [
      'Leap day that never was',
      'Year zero',
      'April has thirty days',
      'Clipping dated the thirtieth',
      'Clipping dated in words',
    ]) {
      assert.equal(byHeadline(list, headline).publishedAt, null, headline);
    }
    assert.equal(byHeadline(list, 'A real leap day').publishedAt, '2028-02-29');
    // A date line is a date line, possible or not: it does not become the deck.
    assert.equal(byHeadline(list, 'Clipping dated in words').deck, null);
  });

  it('carries the warnings in --json reports', async () => {
    const file = join(store.dir, 'json-report.jsonl');
    writeFileSync(file, `${record('Thirty-first of June', { publishedAt: '2026-06-31' })}\n`);
    const result = await runCli(['import', '--json', file], store.env);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { counts: { imported: number }; warnings: unknown };
    assert.equal(report.counts.imported, 1);
    assert.deepEqual(report.warnings, [
      {
        line: 1,
        message:
          'publishedAt "2026-06-31" is not a date: June 2026 has days 01 to 30; the article is stored without a date',
      },
    ]);
  });
});
